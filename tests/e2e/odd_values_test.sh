#!/usr/bin/env bash
# tests/e2e/odd_values_test.sh <plugin.so>
#	Odd values and names through a cdc_plugin slot, read with psycopg2's
#	replication connection and compared with what was written
#	(tests/e2e/odd_values_test.py does the checks): escapes of every control
#	character and every Unicode plane, empty strings, quoted, dotted,
#	non-ASCII and 63-byte identifiers, 1,600 columns, a 100 MB text and a
#	100 MB bytea with the walsender's memory watched; on a throwaway cluster
#	at 127.0.0.1:55491.  BIG_MB sets the size of the big values (default 100).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55491
big_mb=${BIG_MB:-100}
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

if ! /usr/bin/python3 -c 'import psycopg2.extras' 2>/dev/null; then
    echo "FAIL: e2e odd values: /usr/bin/python3 cannot import psycopg2 (bash scripts/deps.sh installs python3-psycopg2)"
    exit 1
fi

work=$(mktemp -d /tmp/cdc_odd.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi

cleanup()
{
    local rc=$?
    if [[ $rc != 0 ]]; then
        echo "--- server.log (last 30 lines)"; tail -n 30 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e odd values (exit status $rc)"
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

copy_for_pg "$work" "$repo/tests/e2e/odd_values_test.py" "$repo/tests/e2e/bigodd_lib.py"
cluster_start "$work/cluster" "$port" "wal_sender_timeout = 0"

rc=0
as_pg env PYTHONUNBUFFERED=1 /usr/bin/python3 "$work/odd_values_test.py" 127.0.0.1 "$port" "$big_mb" || rc=$?
# Stop the server and check its log (on failure the trap does it, after
# showing the log's tail).
if [[ $rc == 0 ]] && ! cluster_stop "$work/cluster"; then
    echo "FAIL: the server log is not clean (lines above)"
    rc=1
fi
if [[ $rc == 0 ]]; then echo "PASS: e2e odd values"; fi
exit "$rc"
