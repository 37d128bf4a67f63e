#!/usr/bin/env bash
# tests/e2e/stream_test.sh <plugin.so> <cdc_stream> <e2e|chaos|backpressure|snapshot>
#	Runs one cdc_stream test (tests/e2e/stream_<name>_test.py) against a
#	throwaway PostgreSQL cluster and a nats-server with JetStream, both on
#	127.0.0.1 (e2e: PostgreSQL 55510, NATS 55520; chaos: 55511, 55522;
#	backpressure: 55512, 55524; snapshot: 55515, 55530).
#	Everything started is stopped and removed, also on failure.  TIMEOUT
#	(seconds per wait) and CDC_LONG=1 (chaos: many more rounds) pass through.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so> <cdc_stream> <e2e|chaos|backpressure|snapshot>}")
export CDC_PLUGIN_SO
bridge=$(realpath -e "${2:?cdc_stream missing}")
name=${3:?test name missing}
case $name in
    e2e) pg_port=55510 nats_port=55520 ;;
    chaos) pg_port=55511 nats_port=55522 ;;
    backpressure) pg_port=55512 nats_port=55524 ;;
    snapshot) pg_port=55515 nats_port=55530 ;;
    *) echo "unknown test $name" >&2; exit 2 ;;
esac

for tool in nats-server /usr/bin/python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "FAIL: stream $name: $tool missing (bash scripts/deps.sh installs it)"
        exit 1
    fi
done

work=$(mktemp -d /tmp/cdc_stream_$name.XXXXXX)
chmod 755 "$work"

cleanup()
{
    local rc=$? pidfile
    for pidfile in "$work"/*.pid; do
        [[ -f $pidfile ]] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    done
    if [[ $rc != 0 ]]; then
        for log in "$work"/bridge*.log "$work"/nats.log; do
            [[ -f $log ]] && { echo "--- $log (last 15 lines)"; tail -n 15 "$log"; }
        done
        echo "--- server.log (last 20 lines)"; tail -n 20 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: stream $name (exit status $rc)"
    fi
    # cluster_stop also checks the server log: no crash, restart or WARNING
    if ! cluster_stop "$work/cluster"; then
        echo "FAIL: stream $name: the server log is not clean (lines above)"
        [[ $rc != 0 ]] || rc=1
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# backpressure: a short wal_sender_timeout, so late status updates would show
extra=()
[[ $name == backpressure ]] && extra=("wal_sender_timeout = 3s")
cluster_start "$work/cluster" "$pg_port" "${extra[@]}"
# snapshot: the plugin's SQL functions, as CREATE EXTENSION cdc_plugin makes them
[[ $name != snapshot ]] || cluster_load_extension_script "$work/cluster" "$pg_port" postgres
cd "$repo/tests/e2e"
PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 /usr/bin/python3 "stream_${name}_test.py" "$pg_port" "$nats_port" "$bridge" "$work"
