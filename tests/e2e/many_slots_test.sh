#!/usr/bin/env bash
# tests/e2e/many_slots_test.sh <plugin.so>
#	Ten cdc_plugin slots with different options streamed at once while
#	several writer processes commit; a slot dropped under its streaming
#	client; a client gone in the middle of a large message
#	(tests/e2e/many_slots_test.py does the checks and says how), on a
#	throwaway cluster at 127.0.0.1:55492.  WRITERS (default 4) and TXNS
#	(transactions per writer, default 300) set the load; CDC_LONG=1 makes it
#	8 writers x 2,000 transactions.  BIG_MB (default 20) passes through.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55492
if [[ ${CDC_LONG:-0} == 1 ]]; then writers=${WRITERS:-8} txns=${TXNS:-2000}; else writers=${WRITERS:-4} txns=${TXNS:-300}; fi
source "$repo/tests/lib/e2e.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

e2e_begin "many slots" cdc_slots

copy_for_pg "$work" "$repo/tests/e2e/many_slots_test.py" "$repo/tests/e2e/bigodd_lib.py" "$repo/tests/e2e/procfs.py"
cluster_start "$work/cluster" "$port" "wal_sender_timeout = 0"

rc=0
as_pg env PYTHONUNBUFFERED=1 ${BIG_MB:+BIG_MB=$BIG_MB} \
    /usr/bin/python3 "$work/many_slots_test.py" 127.0.0.1 "$port" "$writers" "$txns" || rc=$?
if [[ $rc == 0 ]]; then
    echo "--- server.log: errors (the expected ones: the drop refused, the terminated walsender, the dropped slot, the vanished client)"
    grep -E 'ERROR|FATAL|could not|unexpected EOF' "$work/cluster/server.log" | sed 's/^/    /' || true
fi
e2e_end "$rc" "e2e many slots"
