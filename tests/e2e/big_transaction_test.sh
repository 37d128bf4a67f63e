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
source "$repo/tests/lib/e2e.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

e2e_begin "big transaction" cdc_big

copy_for_pg "$work" "$repo/tests/e2e/big_transaction_test.py" "$repo/tests/e2e/bigodd_lib.py" "$repo/tests/e2e/procfs.py"
cluster_start "$work/cluster" "$port" "logical_decoding_work_mem = '64kB'" "max_wal_size = '4GB'"

rc=0
as_pg env PYTHONUNBUFFERED=1 /usr/bin/python3 "$work/big_transaction_test.py" 127.0.0.1 "$port" "$rows" || rc=$?
e2e_end "$rc" "e2e big transaction ($rows rows)"
