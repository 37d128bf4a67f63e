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
source "$repo/tests/lib/e2e.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

e2e_begin "filtered progress" cdc_filtered

copy_for_pg "$work" "$repo/tests/e2e/filtered_progress_test.py"
cluster_start "$work/cluster" "$port"

rc=0
as_pg env ${TIMEOUT:+TIMEOUT=$TIMEOUT} PYTHONUNBUFFERED=1 \
    /usr/bin/python3 "$work/filtered_progress_test.py" 127.0.0.1 "$port" || rc=$?
e2e_end "$rc"
