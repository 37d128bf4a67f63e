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
source "$repo/tests/lib/e2e.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

e2e_begin "odd values" cdc_odd

copy_for_pg "$work" "$repo/tests/e2e/odd_values_test.py" "$repo/tests/e2e/bigodd_lib.py" "$repo/tests/e2e/procfs.py"
cluster_start "$work/cluster" "$port" "wal_sender_timeout = 0"

rc=0
as_pg env PYTHONUNBUFFERED=1 /usr/bin/python3 "$work/odd_values_test.py" 127.0.0.1 "$port" "$big_mb" || rc=$?
e2e_end "$rc" "e2e odd values"
