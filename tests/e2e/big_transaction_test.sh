#!/usr/bin/env bash
# tests/e2e/big_transaction_test.sh <plugin.so>
#	One very large transaction through a tiny logical_decoding_work_mem
#	(64kB), streamed by pg_recvlogical from two slots, one where the server
#	spills it to disk and one with stream.in.progress: every event arrives in
#	order and the walsenders' private memory stays flat
#	(tests/e2e/big_transaction_test.py does the checks), on a throwaway
#	cluster at 127.0.0.1:55490.
#	Rows: 1,000,000 by default (about a minute here: CI); CDC_LONG=1 runs the
#	full 5,000,000 (2.5 GB of JSON, 3 to 4 minutes on 2 busy cores);
#	BIG_ROWS=<n> sets any other number.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55490
if [[ ${CDC_LONG:-0} == 1 ]]; then rows=${BIG_ROWS:-5000000}; else rows=${BIG_ROWS:-1000000}; fi
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

if ! /usr/bin/python3 -c 'import psycopg2' 2>/dev/null; then
    echo "FAIL: e2e big transaction: /usr/bin/python3 cannot import psycopg2 (bash scripts/deps.sh installs python3-psycopg2)"
    exit 1
fi

work=$(mktemp -d /tmp/cdc_big.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi

cleanup()
{
    local rc=$?
    if [[ $rc != 0 ]]; then
        echo "--- server.log (last 30 lines)"; tail -n 30 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e big transaction (exit status $rc)"
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

copy_for_pg "$work" "$repo/tests/e2e/big_transaction_test.py" "$repo/tests/e2e/bigodd_lib.py"
cluster_start "$work/cluster" "$port" "logical_decoding_work_mem = '64kB'" "max_wal_size = '4GB'"

rc=0
as_pg env PYTHONUNBUFFERED=1 /usr/bin/python3 "$work/big_transaction_test.py" 127.0.0.1 "$port" "$rows" || rc=$?
# Stop the server and check its log (on failure the trap does it, after
# showing the log's tail).
if [[ $rc == 0 ]] && ! cluster_stop "$work/cluster"; then
    echo "FAIL: the server log is not clean (lines above)"
    rc=1
fi
if [[ $rc == 0 ]]; then echo "PASS: e2e big transaction ($rows rows)"; fi
exit "$rc"
