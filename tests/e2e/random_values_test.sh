#!/usr/bin/env bash
# tests/e2e/random_values_test.sh <plugin.so>
#	Randomized end-to-end check of the value encoders on a throwaway cluster
#	(127.0.0.1:55434, TimeZone UTC): tests/e2e/random_values_test.py inserts
#	random numerics, timestamps, timestamptz and intervals, decodes them with
#	pg_logical_slot_peek_changes() once per handling mode and compares every
#	value with PostgreSQL's own text.  RANDOM_SEED, RANDOM_ROWS,
#	RANDOM_TEMPORAL_ROWS and RANDOM_PEEK_SESSION pass through (see the .py).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55434
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

work=$(mktemp -d /tmp/cdc_random.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi

cleanup()
{
    local rc=$?
    if [[ $rc != 0 ]]; then
        echo "--- server.log (last 30 lines)"; tail -n 30 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e random values (exit status $rc)"
    fi
    # a no-op when the test stopped the cluster itself; else it checks the log too
    if ! cluster_stop "$work/cluster"; then
        echo "FAIL: the server log is not clean (lines above)"
        [[ $rc != 0 ]] || rc=1
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

copy_for_pg "$work" "$repo/tests/e2e/random_values_test.py"
cluster_start "$work/cluster" "$port" "TimeZone = 'UTC'"

# The test reads only the repository and writes nothing outside the server;
# it runs as postgres (like every client here), so an unreadable checkout
# shows up as a clear error rather than a half-run.
rc=0
as_pg env ${RANDOM_SEED:+RANDOM_SEED=$RANDOM_SEED} ${RANDOM_ROWS:+RANDOM_ROWS=$RANDOM_ROWS} \
    ${RANDOM_TEMPORAL_ROWS:+RANDOM_TEMPORAL_ROWS=$RANDOM_TEMPORAL_ROWS} \
    ${RANDOM_PEEK_SESSION:+RANDOM_PEEK_SESSION=$RANDOM_PEEK_SESSION} \
    /usr/bin/python3 "$work/random_values_test.py" 127.0.0.1 "$port" || rc=$?
# Stop the server and check its log (on failure the trap does it, after
# showing the log's tail).
if [[ $rc == 0 ]] && ! cluster_stop "$work/cluster"; then
    echo "FAIL: the server log is not clean (lines above)"
    rc=1
fi
if [[ $rc == 0 ]]; then echo "PASS: e2e random values"; fi
exit "$rc"
