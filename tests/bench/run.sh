#!/usr/bin/env bash
# tests/bench/run.sh [--scale F] [--repeats N] [--methods peek,stream,instructions]
#                    [--plugins a,b] [--workloads W1,W2] [--profile PLUGIN:WORKLOAD[:METHOD]]
#                    [--bridge | --bridge-only]
#	The decoding benchmark in one command (see tests/bench/README.md).
#	--bridge also runs cdc_stream's benchmark afterwards (stream_bench.sh:
#	commit to JetStream ack on W1 and W2, the bridge's CPU and memory; table
#	in results/bridge.md); --bridge-only runs just that one.
#	Installs its Debian extras when missing (wal2json, decoderbufs, perf),
#	builds cdc_plugin and the do-nothing floor plugin, starts a throwaway
#	cluster on 127.0.0.1:${BENCH_PORT:-55460} (fsync=off), runs bench.py
#	against it and removes everything afterwards (also on Ctrl-C).
#	Results: tests/bench/results/latest.md and latest.json (not in profile
#	mode, which writes results/profile-<plugin>-<workload>.txt instead).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

bridge=none
args=()
for arg in "$@"; do
    case $arg in
        --bridge) bridge=after ;;
        --bridge-only) bridge=only ;;
        *) args+=("$arg") ;;
    esac
done
set -- "${args[@]+"${args[@]}"}"

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=${BENCH_PORT:-55460}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# --- Debian packages: the project's own (scripts/deps.sh) and the benchmark's extras.
bash "$repo/scripts/deps.sh"
extras=(postgresql-15-wal2json postgresql-15-decoderbufs linux-perf valgrind python3-psycopg2 gcc make)
missing=()
for p in "${extras[@]}"; do
    [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) == ii* ]] || missing+=("$p")
done
if [[ ${#missing[@]} != 0 ]]; then
    if [[ $(id -u) != 0 ]]; then
        echo "bench: missing packages: ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "bench: installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- Builds: the plugin (PGXS) and the floor plugin in a temporary directory.
make -s -C "$repo" >/dev/null
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$repo/cdc_plugin.so
export CDC_PLUGIN_SO

work=$(mktemp -d /tmp/cdc_bench.XXXXXX)
chmod 755 "$work"
cleanup()
{
    cluster_stop "$work/cluster" || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp -r "$here/floor_plugin" "$work/floor"
make -s -C "$work/floor" >/dev/null

# --- The cluster.  Every plugin the benchmark uses must be allowed as an output plugin.
conf=(
    "fsync = off"                       # throwaway cluster: durability is not measured
    "synchronous_commit = off"
    "full_page_writes = off"
    "shared_buffers = 512MB"
    "max_wal_size = 8GB"
    "min_wal_size = 1GB"
    "checkpoint_timeout = 30min"
    "autovacuum = off"                  # no background writes between the workloads' WAL
    "jit = off"
    "wal_sender_timeout = 0"
    "max_replication_slots = 32"
    "logical_decoding_work_mem = 64MB"  # the default, stated: large transactions spill
)
describe=$(as_pg "$PG_BIN/postgres" --describe-config)
if grep -q '^output_plugin_libraries' <<<"$describe"; then
    conf+=("output_plugin_libraries = 'pgoutput, test_decoding, cdc_plugin, wal2json, decoderbufs, floor'")
fi
cluster_start "$work/cluster" "$port" "${conf[@]}"
# cluster.sh set dynamic_library_path to $work/cluster/lib (for cdc_plugin.so); the floor goes there too.
cp "$work/floor/floor.so" "$work/cluster/lib/floor.so"
chmod a+r "$work/cluster/lib/floor.so"

if [[ $bridge != only ]]; then
    /usr/bin/python3 "$here/bench.py" --port "$port" --cluster-dir "$work/cluster" \
        --results-dir "$here/results" --pg-bin "$PG_BIN" "$@"
fi
cluster_stop "$work/cluster"

# --- cdc_stream's benchmark, on its own cluster and nats-server, after the decoding one.
if [[ $bridge != none ]]; then
    cmake -S "$repo" -B "$repo/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$repo/build" -j "$(nproc)" --target cdc_plugin cdc_stream >/dev/null
    bash "$here/stream_bench.sh" "$repo/build/cdc_plugin.so" "$repo/build/stream/cdc_stream" \
        | tee "$here/results/bridge.md"
fi
