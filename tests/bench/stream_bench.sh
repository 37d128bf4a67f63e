#!/usr/bin/env bash
# tests/bench/stream_bench.sh <plugin.so> <cdc_stream> [scale]
#	Runs the cdc_stream benchmark (tests/bench/stream_bench.py) on a
#	throwaway cluster (127.0.0.1:55513, the decoding benchmark's settings:
#	fsync and synchronous_commit off) and a nats-server with JetStream
#	(127.0.0.1:55526, file store); scale 1 = W1 250,000 and W2 50,000 rows.
#	Not a test: it asserts nothing and CI does not run it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so> <cdc_stream> [scale]}")
export CDC_PLUGIN_SO
bridge=$(realpath -e "${2:?cdc_stream missing}")
scale=${3:-1}
work=$(mktemp -d /tmp/cdc_stream_bench.XXXXXX)
chmod 755 "$work"

cleanup()
{
    local pidfile
    for pidfile in "$work"/*.pid; do
        [[ -f $pidfile ]] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    done
    cluster_stop "$work/cluster" || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cluster_start "$work/cluster" 55513 "fsync = off" "synchronous_commit = off" "full_page_writes = off" \
    "shared_buffers = 512MB" "autovacuum = off"
cd "$repo/tests/bench"
PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 /usr/bin/python3 stream_bench.py 55513 55526 "$bridge" "$work" "$scale"
