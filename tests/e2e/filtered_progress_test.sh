#!/usr/bin/env bash
# tests/e2e/filtered_progress_test.sh <plugin.so>
#	A slot whose table filter excludes everything still advances while a
#	consumer streams it, so it does not hold WAL forever: runs
#	tests/e2e/filtered_progress_test.py (psycopg2, /usr/bin/python3) on a
#	throwaway cluster (127.0.0.1:55481).  About 20 seconds.  TIMEOUT
#	(seconds per wait, default 90) passes through.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55481
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

if ! /usr/bin/python3 -c 'import psycopg2.extras' 2>/dev/null; then
    echo "FAIL: e2e filtered progress: /usr/bin/python3 cannot import psycopg2 (bash scripts/deps.sh installs python3-psycopg2)"
    exit 1
fi

work=$(mktemp -d /tmp/cdc_filtered.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi

cleanup()
{
    local rc=$?
    if [[ $rc != 0 ]]; then
        echo "--- server.log (last 30 lines)"; tail -n 30 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e filtered progress (exit status $rc)"
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

copy_for_pg "$work" "$repo/tests/e2e/filtered_progress_test.py"
cluster_start "$work/cluster" "$port"

rc=0
as_pg env ${TIMEOUT:+TIMEOUT=$TIMEOUT} PYTHONUNBUFFERED=1 \
    /usr/bin/python3 "$work/filtered_progress_test.py" 127.0.0.1 "$port" || rc=$?
# Stop the server and check its log (on failure the trap does it, after
# showing the log's tail).
if [[ $rc == 0 ]] && ! cluster_stop "$work/cluster"; then
    echo "FAIL: the server log is not clean (lines above)"
    rc=1
fi
exit "$rc"
