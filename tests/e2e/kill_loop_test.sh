#!/usr/bin/env bash
# tests/e2e/kill_loop_test.sh <plugin.so>
#	No loss, in order, across failures: on a throwaway cluster
#	(127.0.0.1:55480), tests/e2e/kill_loop_test.py streams a writer's
#	numbered transactions through a cdc_plugin slot to a consumer that
#	persists and confirms, kills the consumer, the walsender or the whole
#	server with SIGKILL at random moments, then drains the slot and checks
#	the persisted events against the committed transactions: each once, in
#	commit order, duplicates only as a replay of what followed the confirmed
#	position, nothing rolled back.
#
#	Default (CI): 18 rounds (6 kills of each kind), about 1 minute.
#	CDC_LONG=1: 300 rounds (about 30 minutes with the check).  KILL_SEED=<n>
#	repeats a run (the seed is printed); KILL_ROUNDS=<n> sets the rounds; TIMEOUT
#	(seconds per wait, default 90) passes through.
#
#	The server log (written by the driver's server too) is checked when the
#	cluster stops (cluster_stop): the lines the kills cause are declared
#	with cluster_allow_log below; any other signal, a PANIC, a sanitizer
#	report or another WARNING fails the test.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55480
source "$repo/tests/lib/e2e.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

e2e_begin "kill loop" cdc_kill_loop 40

copy_for_pg "$work" "$repo/tests/e2e/kill_loop_test.py"
# 64kB of decoding memory: the writer's bulk transactions spill to disk.
cluster_start "$work/cluster" "$port" "logical_decoding_work_mem = 64kB" "recovery_init_sync_method = syncfs"
# What the SIGKILLs cause, and only that: a killed walsender makes the
# postmaster log its exit and restart every backend (crash recovery); a
# killed postmaster leaves a data directory the next start recovers.
# Signal 9 only: any other signal, or a PANIC, is a real crash.  (The
# backends' "terminating connection because of crash of another server
# process" WARNING goes to their clients only since PostgreSQL 14, so it is
# not allowed here.)
cluster_allow_log "$work/cluster" \
    'LOG:  server process \(PID [0-9]+\) was terminated by signal 9: Killed$' \
    'LOG:  terminating any other active server processes$' \
    'LOG:  all server processes terminated; reinitializing$' \
    'LOG:  database system was interrupted; last known up at ' \
    'LOG:  database system was not properly shut down; automatic recovery in progress$'
# The driver runs the server itself (so that it can kill and reap it).
as_pg "$PG_BIN/pg_ctl" stop -D "$work/cluster/data" -m fast -w >/dev/null

rc=0
as_pg env ${KILL_SEED:+KILL_SEED=$KILL_SEED} ${KILL_ROUNDS:+KILL_ROUNDS=$KILL_ROUNDS} \
    ${CDC_LONG:+CDC_LONG=$CDC_LONG} ${TIMEOUT:+TIMEOUT=$TIMEOUT} PYTHONUNBUFFERED=1 \
    /usr/bin/python3 "$work/kill_loop_test.py" run "$PG_BIN" "$work/cluster/data" \
    "$work/cluster/server.log" "$port" "$work" || rc=$?
# The driver has stopped its server: e2e_end only checks the log.
e2e_end "$rc" "e2e kill loop"
