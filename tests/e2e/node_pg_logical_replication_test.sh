#!/usr/bin/env bash
# tests/e2e/node_pg_logical_replication_test.sh <plugin.so>
#	End-to-end with Node and the npm package pg-logical-replication on a
#	throwaway cluster (127.0.0.1:55436): tests/e2e/node/cdc_stream_test.js
#	creates a cdc_plugin slot, streams the workload of
#	tests/e2e/client_workload.json with manual acknowledgements, restarts and
#	checks exactly the expected events.
#
#	The packages come from tests/e2e/node/package-lock.json (npm ci, into
#	tests/e2e/node/node_modules).  Exit status 77 (ctest: skipped) when node or
#	npm is missing or the npm registry cannot be reached; anything else that
#	goes wrong fails.  TIMEOUT (seconds per wait, default 60) passes through.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55436
node_dir=$repo/tests/e2e/node
source "$repo/tests/lib/cluster.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

for tool in node npm; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: e2e node pg-logical-replication: $tool is not installed (bash scripts/deps.sh installs nodejs and npm)"
        exit 77
    fi
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 18 )); then
    echo "FAIL: e2e node pg-logical-replication: node $(node --version) is too old (18 or later needed)"
    exit 1
fi

work=$(mktemp -d /tmp/cdc_node.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi

cleanup()
{
    local rc=$?
    if [[ $rc != 0 && $rc != 77 ]]; then
        echo "--- events received (last 10, cut)"; tail -n 10 "$work/node_events.jsonl" 2>/dev/null | cut -c1-300 || true
        echo "--- server.log (last 30 lines)"; tail -n 30 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e node pg-logical-replication (exit status $rc)"
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

# npm ci: exactly the locked versions (from npm's cache when it has them).
echo "node $(node --version), npm $(npm --version)"
rc=0
(cd "$node_dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1 || rc=$?
if [[ $rc != 0 ]]; then
    cat "$work/npm.log"
    if grep -qE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up|proxy' "$work/npm.log"; then
        echo "SKIP: e2e node pg-logical-replication: npm ci cannot reach the registry ($(npm config get registry 2>/dev/null))"
        exit 77
    fi
    echo "FAIL: e2e node pg-logical-replication: npm ci failed (exit status $rc)"
    exit 1
fi

# the test reads ../client_workload.json from its own directory
copy_for_pg "$work" "$node_dir" "$repo/tests/e2e/client_workload.json"
cluster_start "$work/cluster" "$port"

rc=0
as_pg env ${TIMEOUT:+TIMEOUT=$TIMEOUT} "$(command -v node)" "$work/node/cdc_stream_test.js" 127.0.0.1 "$port" "$work" || rc=$?
# Stop the server and check its log (on failure the trap does it, after
# showing the log's tail).
if [[ $rc == 0 ]] && ! cluster_stop "$work/cluster"; then
    echo "FAIL: the server log is not clean (lines above)"
    rc=1
fi
if [[ $rc == 0 ]]; then echo "PASS: e2e node pg-logical-replication"; fi
exit "$rc"
