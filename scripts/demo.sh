#!/usr/bin/env bash
# scripts/demo.sh [--keep]
#	The main job, end to end: build cdc_plugin (make, PGXS), start a
#	throwaway cluster on 127.0.0.1:55431, stream a slot with pg_recvlogical to
#	this terminal and make a few typed changes, so their Debezium JSON shows.
#	--keep: stream on until Ctrl-C (make more changes with the psql line
#	printed).  Everything is stopped and removed on exit, Ctrl-C included.
#	PLUGIN_NAME=test_decoding shows the server's test_decoding instead
#	(no build), to check the script alone.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
case ${1:-} in
    --keep) keep=true ;;
    "") ;;
    *) echo "usage: $0 [--keep]" >&2; exit 2 ;;
esac
plugin=${PLUGIN_NAME:-cdc_plugin}
port=55431
source tests/lib/cluster.sh

bash scripts/deps.sh
if [[ $plugin == cdc_plugin ]]; then
    make -s
    export CDC_PLUGIN_SO=$PWD/cdc_plugin.so
fi

work=$(mktemp -d /tmp/cdc_demo.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi
runner=
cleanup()
{
    local pid
    trap - INT TERM EXIT
    if [[ -n $runner ]]; then
        pid=$(cat "$work/recv.pid" 2>/dev/null) || pid=$runner
        kill -INT "$pid" 2>/dev/null || true
        wait "$runner" 2>/dev/null || true
    fi
    cluster_stop "$work/cluster" || true
    rm -rf "$work"
    echo "demo: cluster stopped and removed"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cluster_start "$work/cluster" "$port"
sql() { cluster_psql "$work/cluster" "$port" -c "$1"; }
sql "CREATE TABLE demo_items (id int PRIMARY KEY, name text, price numeric(10,2),
     added timestamptz, in_stock bool, attrs jsonb)"
as_pg "$PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -S demo -P "$plugin" --create-slot

echo "demo: streaming slot 'demo' ($plugin) with pg_recvlogical -f -"
# shellcheck disable=SC2016  # $$ and $@ belong to the inner bash
as_pg bash -c 'echo $$ > "$0" && exec "$@"' "$work/recv.pid" \
    "$PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -S demo --start -f - 2> >(grep -v 'unexpected termination of replication stream: *$' >&2) &
runner=$!   # (on SIGINT, PG 15's pg_recvlogical prints that message but exits 0)

sql "INSERT INTO demo_items VALUES
     (1, 'widget', 9.99, '2024-01-02 03:04:05.678+00', true, '{\"color\": \"red\"}'),
     (2, 'gadget', 1234.50, now(), false, NULL)"
sql "UPDATE demo_items SET price = 8.49, in_stock = false WHERE id = 1"
sql "DELETE FROM demo_items WHERE id = 2"

if $keep; then
    echo "demo: streaming until Ctrl-C; make changes with:"
    echo "  $PG_BIN/psql -h 127.0.0.1 -p $port -U postgres postgres"
    wait "$runner"
else
    sleep 3
fi
