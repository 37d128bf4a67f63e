#!/usr/bin/env bash
# tests/e2e/psycopg2_test.sh <plugin.so>
#	End-to-end with psycopg2's replication connection (Debian's
#	python3-psycopg2, run with /usr/bin/python3) on a throwaway cluster
#	(127.0.0.1:55435): tests/e2e/psycopg2_test.py creates a cdc_plugin slot,
#	streams the workload of tests/e2e/client_workload.json, confirms, restarts
#	and checks exactly the expected events.  TIMEOUT (seconds per wait, default
#	60) passes through.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55435
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

if ! /usr/bin/python3 -c 'import psycopg2.extras' 2>/dev/null; then
    echo "FAIL: e2e psycopg2: /usr/bin/python3 cannot import psycopg2 (bash scripts/deps.sh installs python3-psycopg2)"
    exit 1
fi

work=$(mktemp -d /tmp/cdc_psycopg2.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi

cleanup()
{
    local rc=$?
    if [[ $rc != 0 ]]; then
        echo "--- events received (last 10, cut)"; tail -n 10 "$work/psycopg2_events.jsonl" 2>/dev/null | cut -c1-300 || true
        echo "--- server.log (last 30 lines)"; tail -n 30 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e psycopg2 (exit status $rc)"
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

copy_for_pg "$work" "$repo/tests/e2e/psycopg2_test.py" "$repo/tests/e2e/client_workload.json"
cluster_start "$work/cluster" "$port"

# The client runs as postgres (like every client here) and writes only $work.
rc=0
as_pg env ${TIMEOUT:+TIMEOUT=$TIMEOUT} PYTHONUNBUFFERED=1 \
    /usr/bin/python3 "$work/psycopg2_test.py" 127.0.0.1 "$port" "$work" || rc=$?
# Stop the server and check its log (on failure the trap does it, after
# showing the log's tail).
if [[ $rc == 0 ]] && ! cluster_stop "$work/cluster"; then
    echo "FAIL: the server log is not clean (lines above)"
    rc=1
fi
if [[ $rc == 0 ]]; then echo "PASS: e2e psycopg2"; fi
exit "$rc"
