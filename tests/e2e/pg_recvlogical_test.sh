#!/usr/bin/env bash
# tests/e2e/pg_recvlogical_test.sh <plugin.so>
#	End-to-end with pg_recvlogical on a throwaway cluster (127.0.0.1:55433):
#	the stream is JSON lines in commit order; after a confirmed stop nothing
#	comes twice and new changes arrive; changes received but never confirmed
#	(client killed with -9) are delivered again.
#	PLUGIN_NAME=test_decoding runs the same steps with the server's
#	test_decoding (no .so needed): a check of this script alone.
#
#	Confirmation is made deterministic: pg_recvlogical confirms only in status
#	packets (-s), not when it stops, so the confirmed runs use -s 1 -F 1 and
#	wait for the slot's confirmed_flush_lsn; the unconfirmed run uses -s 0 and
#	the cluster has wal_sender_timeout = 0, so the server never asks for one.
set -euo pipefail

plugin=${PLUGIN_NAME:-cdc_plugin}
repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55433
table=e2e_items
source "$repo/tests/lib/cluster.sh"
source "$repo/tests/lib/checks.sh"
if [[ $plugin == cdc_plugin ]]; then
    CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
    export CDC_PLUGIN_SO
else
    unset CDC_PLUGIN_SO
fi

work=$(mktemp -d /tmp/cdc_e2e.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi
runner=             # our background job (runuser or pg_recvlogical itself)
recv_pid=           # pg_recvlogical's own pid, while it runs
recv_rc=            # its exit status, once stopped

cleanup()
{
    local rc=$?
    if [[ -n $recv_pid ]]; then kill -INT "$recv_pid" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; fi
    if [[ $rc != 0 ]]; then
        echo "--- pg_recvlogical stderr"; cat "$work/recv.log" 2>/dev/null || true
        echo "--- server.log (last 30 lines)"; tail -n 30 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e pg_recvlogical ($plugin) after $checks checks passed"
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

# wait_until <command...>: retry for up to 30 s.
wait_until()
{
    local _
    for _ in $(seq 150); do
        if "$@"; then return 0; fi
        sleep 0.2
    done
    return 1
}

sql() { cluster_psql "$work/cluster" "$port" -At "$@"; }
events() { /usr/bin/python3 "$repo/tests/e2e/check_events.py" "$@"; }
has_events() { [[ -f $1 && $(events count "$1") == "$2" ]]; }
confirmed() { sql -c "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'e2e'"; }
confirmed_past() { [[ $(sql -c "SELECT confirmed_flush_lsn >= '$1' FROM pg_replication_slots WHERE slot_name = 'e2e'") == t ]]; }
slot_idle() { [[ $(sql -c "SELECT NOT active FROM pg_replication_slots WHERE slot_name = 'e2e'") == t ]]; }

# start_recv <file> [pg_recvlogical options...]: stream the slot into <file>.
start_recv()
{
    local file=$1
    shift
    rm -f "$work/recv.pid"
    # shellcheck disable=SC2016  # $$ and $@ belong to the inner bash
    as_pg bash -c 'echo $$ > "$0" && exec "$@"' "$work/recv.pid" \
        "$PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -S e2e --start --no-loop -f "$file" "$@" 2>>"$work/recv.log" &
    runner=$!
    wait_until test -s "$work/recv.pid" || fail "pg_recvlogical did not start"
    recv_pid=$(cat "$work/recv.pid")
}

# stop_recv <signal>: stop pg_recvlogical; its exit status goes to recv_rc.
stop_recv()
{
    recv_rc=0
    kill "-$1" "$recv_pid"
    wait "$runner" || recv_rc=$?
    recv_pid=
}

# Commit the changes of each argument in a transaction of its own, then wait
# (up to 30 s) until <file> holds <n> events.
change_and_wait()
{
    local file=$1 n=$2 stmt
    shift 2
    for stmt in "$@"; do sql -c "$stmt"; done
    wait_until has_events "$file" "$n" || fail "$n events did not arrive in $(basename "$file")"
}

cluster_start "$work/cluster" "$port" "wal_sender_timeout = 0"
sql -c "CREATE TABLE $table (id int PRIMARY KEY, name text)"
check "create slot e2e with -P $plugin" \
    as_pg "$PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -S e2e -P "$plugin" --create-slot

# 1. Three inserts, an update and a delete arrive in order, each line JSON.
start_recv "$work/part1.jsonl" -s 1 -F 1
change_and_wait "$work/part1.jsonl" 5 \
    "INSERT INTO $table VALUES (1, 'one')" "INSERT INTO $table VALUES (2, 'two')" \
    "INSERT INTO $table VALUES (3, 'three')" "UPDATE $table SET name = 'TWO' WHERE id = 2" \
    "DELETE FROM $table WHERE id = 3"
check "part 1: events c1 c2 c3 u2 d3, JSON lines" events expect "$work/part1.jsonl" "$table" "c1 c2 c3 u2 d3"
lsn=$(sql -c "SELECT pg_current_wal_lsn()")
check "part 1: the slot confirms up to $lsn" wait_until confirmed_past "$lsn"
stop_recv INT
check "part 1: pg_recvlogical exits 0 on SIGINT" test "$recv_rc" == 0

# 2. After the confirmed stop: only the new changes come.
sql -c "INSERT INTO $table VALUES (4, 'four')" -c "INSERT INTO $table VALUES (5, 'five')"
start_recv "$work/part2.jsonl" -s 1 -F 1
wait_until has_events "$work/part2.jsonl" 2 || fail "2 events did not arrive in part2.jsonl"
sleep 1  # room for anything that should not come
check "part 2: events c4 c5 only" events expect "$work/part2.jsonl" "$table" "c4 c5"
check "part 2: nothing from part 1 again" events disjoint "$work/part1.jsonl" "$work/part2.jsonl"
lsn=$(sql -c "SELECT pg_current_wal_lsn()")
check "part 2: the slot confirms up to $lsn" wait_until confirmed_past "$lsn"
stop_recv INT
check "part 2: pg_recvlogical exits 0 on SIGINT" test "$recv_rc" == 0

# 3. Received but unconfirmed (no status packets, then kill -9): delivered again.
before=$(confirmed)
start_recv "$work/part3.jsonl" -s 0
change_and_wait "$work/part3.jsonl" 2 \
    "INSERT INTO $table VALUES (6, 'six')" "UPDATE $table SET name = 'SIX' WHERE id = 6"
check "part 3: events c6 u6" events expect "$work/part3.jsonl" "$table" "c6 u6"
check "part 3: nothing confirmed while streaming with -s 0" test "$(confirmed)" == "$before"
stop_recv KILL
check "part 3: the slot is released after kill -9" wait_until slot_idle
sql -c "SELECT data FROM pg_logical_slot_peek_changes('e2e', NULL, NULL)" >"$work/peek.txt"
check "part 3: peek shows the unconfirmed events still in the slot" events same "$work/part3.jsonl" "$work/peek.txt"
start_recv "$work/part4.jsonl" -s 1 -F 1
wait_until has_events "$work/part4.jsonl" 2 || fail "2 events did not arrive in part4.jsonl"
sleep 1
check "part 4: the unconfirmed events come again, same order and LSNs" events same "$work/part3.jsonl" "$work/part4.jsonl"
check "part 4: nothing confirmed earlier comes again" events disjoint "$work/part2.jsonl" "$work/part4.jsonl"
lsn=$(sql -c "SELECT pg_current_wal_lsn()")
check "part 4: the slot confirms up to $lsn" wait_until confirmed_past "$lsn"
stop_recv INT
check "part 4: pg_recvlogical exits 0 on SIGINT" test "$recv_rc" == 0
check "the slot holds no change left" test "$(sql -c "SELECT count(*) FROM pg_logical_slot_peek_changes('e2e', NULL, NULL)")" == 0
check "the server log is clean: no crash, restart or WARNING (cluster_stop)" cluster_stop "$work/cluster"

echo "PASS: e2e pg_recvlogical ($plugin), $checks checks"
