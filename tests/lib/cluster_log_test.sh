#!/usr/bin/env bash
# tests/lib/cluster_log_test.sh
#	Checks the server log check of tests/lib/cluster.sh, so that it can be
#	trusted to fail the other tests: cluster_check_log on made-up logs (each
#	kind of line it must flag, a clean log, lines declared as expected), then
#	cluster_stop on a real throwaway cluster (127.0.0.1:55471, or
#	$CLUSTER_LOG_TEST_PORT): a WARNING and a backend killed with -9 make it
#	fail, and the same kill passes once declared with the patterns the
#	header of cluster.sh gives for it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=${CLUSTER_LOG_TEST_PORT:-55471}
source "$repo/tests/lib/cluster.sh"
source "$repo/tests/lib/checks.sh"

work=$(mktemp -d /tmp/cdc_logcheck.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi

cleanup()
{
    local rc=$?
    cluster_stop "$work/cluster" 2>/dev/null || true  # this test makes unclean logs on purpose
    rm -rf "$work"
    if [[ $rc != 0 ]]; then echo "FAIL: cluster log check after $checks checks passed"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# fails <command...>: the command fails, and says why on stderr (kept in
# $work/stderr for the caller).
fails()
{
    ! "$@" 2>"$work/stderr" && [[ -s $work/stderr ]]
}

# said <ERE> / not_said <ERE>: the last failing command's stderr matches, or not.
said() { grep -qE -- "$1" "$work/stderr"; }
not_said() { ! said "$1"; }

# fake_log <line...>: a made-up cluster directory whose server.log is the
# lines of a clean start and stop around the given ones.
fake_log()
{
    rm -rf "$work/fake"
    mkdir "$work/fake"
    {
        echo "2026-01-01 00:00:00.000 UTC [100] LOG:  database system is ready to accept connections"
        printf '%s\n' "$@"
        echo "2026-01-01 00:00:09.000 UTC [100] LOG:  database system is shut down"
    } >"$work/fake/server.log"
}

# 1. Made-up logs: every kind of line the check must flag.
fake_log
check "a clean log passes" cluster_check_log "$work/fake"
bad_lines=(
    "2026-01-01 00:00:01.000 UTC [100] LOG:  server process (PID 123) was terminated by signal 11: Segmentation fault"
    "2026-01-01 00:00:01.000 UTC [100] LOG:  background worker \"x\" (PID 124) was terminated by signal 6: Aborted"
    "2026-01-01 00:00:01.000 UTC [123] PANIC:  could not write to file"
    "2026-01-01 00:00:01.000 UTC [100] LOG:  terminating any other active server processes"
    "2026-01-01 00:00:01.000 UTC [100] LOG:  all server processes terminated; reinitializing"
    "2026-01-01 00:00:01.000 UTC [125] LOG:  database system was interrupted; last known up at 2026-01-01 00:00:00 UTC"
    "2026-01-01 00:00:01.000 UTC [125] LOG:  database system was not properly shut down; automatic recovery in progress"
    "2026-01-01 00:00:01.000 UTC [126] WARNING:  out of background worker slots"
    "==127==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011"
    "plugin/encoders.cpp:58:12: runtime error: shift exponent 70 is too large for 64-bit type"
)
for line in "${bad_lines[@]}"; do
    fake_log "$line"
    check "flagged: ${line#*] }" fails cluster_check_log "$work/fake"
    check "  ... the line is printed" grep -qF -- "$line" "$work/stderr"
done
fake_log "${bad_lines[8]}" "    #0 0x7f in put_padded plugin/encoders.cpp:61"
check "a sanitizer report is printed whole" fails cluster_check_log "$work/fake"
check "  ... with its stack" said 'put_padded plugin/encoders.cpp:61'
fake_log "2026-01-01 00:00:01.000 UTC [126] ERROR:  relation \"x\" does not exist" \
    "2026-01-01 00:00:01.000 UTC [126] FATAL:  terminating connection due to administrator command"
check "ERROR and FATAL lines pass (tests provoke them on purpose)" cluster_check_log "$work/fake"

# 2. Declared lines: as arguments, or in allowed_log_patterns (cluster_allow_log).
fake_log "${bad_lines[7]}" "${bad_lines[0]}"
check "an allowed pattern as argument accepts its line only" fails cluster_check_log "$work/fake" 'WARNING:  out of'
check "  ... the other is still flagged" said 'terminated by signal 11'
check "  ... the accepted one is not printed" not_said 'out of background'
check "both allowed as arguments: passes" cluster_check_log "$work/fake" 'WARNING:  out of' 'signal 11: Segm'
cluster_allow_log "$work/fake" 'WARNING:  out of background worker slots'
check "allowed with cluster_allow_log: that line is accepted, the other still fails" fails cluster_check_log "$work/fake"
cluster_allow_log "$work/fake" 'was terminated by signal 11'
check "both allowed with cluster_allow_log: passes" cluster_check_log "$work/fake"

# 3. A real cluster: cluster_stop fails on a WARNING and on a backend killed
# with -9, removes the directory all the same, and passes once the kill is
# declared with the patterns of cluster.sh's header.
sql() { cluster_psql "$work/cluster" "$port" -At "$@"; }

# kill_backend: kill -9 a backend (a session sleeping in pg_sleep) and wait
# for the server to have restarted after it.
kill_backend()
{
    local pid _
    as_pg "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'SELECT pg_sleep(60)' \
        >/dev/null 2>&1 &
    for _ in $(seq 100); do
        pid=$(sql -c "SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'")
        [[ -z $pid ]] || break
        sleep 0.1
    done
    [[ -n $pid ]] || fail "the sleeping session did not show up"
    kill -9 "$pid"
    wait || true
    for _ in $(seq 100); do
        grep -q 'all server processes terminated; reinitializing' "$work/cluster/server.log" &&
            sql -c 'SELECT 1' >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    fail "the server did not come back after kill -9 of a backend"
}

cluster_start "$work/cluster" "$port"
sql -c "DO \$\$ BEGIN RAISE WARNING 'cluster_log_test warning'; END \$\$" 2>/dev/null
check "cluster_stop fails after a WARNING" fails cluster_stop "$work/cluster"
check "  ... and prints it" said 'WARNING:  cluster_log_test warning'
check "  ... and removes the cluster all the same" test ! -e "$work/cluster"

cluster_start "$work/cluster" "$port"
kill_backend
check "cluster_stop fails after kill -9 of a backend" fails cluster_stop "$work/cluster"
check "  ... and prints the crash" said 'terminated by signal 9: Killed'
check "  ... and the restart" said 'reinitializing'

cluster_start "$work/cluster" "$port"
cluster_allow_log "$work/cluster" 'was terminated by signal 9: Killed' \
    'terminating any other active server processes' \
    'all server processes terminated; reinitializing' \
    'database system was (interrupted|not properly shut down)'
kill_backend
check "cluster_stop passes after the same kill, declared as expected" cluster_stop "$work/cluster"

echo "PASS: cluster log check, $checks checks"
