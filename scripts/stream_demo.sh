#!/usr/bin/env bash
# scripts/stream_demo.sh [--keep]
#	The whole path: build cdc_plugin and cdc_stream (CMake), start a
#	throwaway PostgreSQL (127.0.0.1:55514) and nats-server with JetStream
#	(127.0.0.1:55528), stream a cdc_plugin slot to the JetStream stream DEMO
#	with cdc_stream (initial snapshot of the rows already there, then the
#	changes), make a few changes and print the events as they arrive from
#	NATS (subject, Nats-Msg-Id, key, body).  --keep: stream on until
#	Ctrl-C.  Everything is stopped and removed on exit, Ctrl-C included.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
case ${1:-} in
    --keep) keep=true ;;
    "") ;;
    *) echo "usage: $0 [--keep]" >&2; exit 2 ;;
esac
pg_port=55514
nats_port=55528
source tests/lib/cluster.sh

bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" >/dev/null
cmake --build build -j "$(nproc)" --target cdc_plugin cdc_stream >/dev/null
export CDC_PLUGIN_SO=$PWD/build/cdc_plugin.so

work=$(mktemp -d /tmp/cdc_stream_demo.XXXXXX)
chmod 755 "$work"
pids=()
cleanup()
{
    local pid
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    cluster_stop "$work/cluster" || true
    rm -rf "$work"
    echo "demo: PostgreSQL and nats-server stopped and removed"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cluster_start "$work/cluster" "$pg_port"
nats-server -a 127.0.0.1 -p "$nats_port" -js -sd "$work/nats" >"$work/nats.log" 2>&1 &
pids+=($!)
export PYTHONPATH=$PWD/tests/e2e PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the checkout
for _ in $(seq 50); do
    /usr/bin/python3 -c "import stream_nats; stream_nats.Nats($nats_port).close()" 2>/dev/null && break
    sleep 0.1
done
/usr/bin/python3 -c "import stream_nats
stream_nats.Nats($nats_port).create_stream('DEMO', ['demo.>'])"

sql() { cluster_psql "$work/cluster" "$pg_port" -c "$1"; }
sql "CREATE TABLE demo_items (id int PRIMARY KEY, name text, price numeric(10,2), in_stock bool)"
sql "INSERT INTO demo_items VALUES (1, 'widget', 9.99, true)"
# the snapshot's SQL functions (CREATE EXTENSION cdc_plugin, where it is installed)
cluster_load_extension_script "$work/cluster" "$pg_port" postgres

# Print what arrives on demo.> (a plain NATS subscription sees JetStream's messages).
/usr/bin/python3 -u -c "import json, stream_nats
for subject, headers, body in stream_nats.Nats($nats_port).watch('demo.>'):
    print('%s  id=%s  key=%s' % (subject, headers.get('Nats-Msg-Id'), headers.get('Cdc-Key')))
    print('  ' + body)" &
pids+=($!)

echo "demo: cdc_stream, slot 'demo' -> JetStream stream DEMO (subjects demo.>): snapshot, then changes"
build/stream/cdc_stream --pg="host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" \
    --slot=demo --nats="nats://127.0.0.1:$nats_port" --plugin.topic.prefix=demo \
    --snapshot.mode=initial --snapshot.state.file="$work/snapshot.state" --log.interval.ms=0 &
pids+=($!)
sleep 2

sql "INSERT INTO demo_items VALUES (2, 'gadget', 1234.50, false)"
sql "UPDATE demo_items SET price = 8.49, in_stock = false WHERE id = 1"
sql "DELETE FROM demo_items WHERE id = 2"

if $keep; then
    echo "demo: streaming until Ctrl-C; make changes with:"
    echo "  $PG_BIN/psql -h 127.0.0.1 -p $pg_port -U postgres postgres"
    wait "${pids[-1]}"
else
    sleep 3
fi
