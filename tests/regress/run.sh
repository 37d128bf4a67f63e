#!/usr/bin/env bash
# tests/regress/run.sh <plugin.so>
#	Runs the pg_regress suite (the Makefile's REGRESS list, sql/*.sql
#	against expected/*.out) on a throwaway cluster of its own on 127.0.0.1
#	(port 55432, or $REGRESS_PORT) that loads <plugin.so> without installing
#	it.  Exit status: pg_regress's, or 1 if the server log is not clean
#	(cluster_stop's check: crash, restart, WARNING, sanitizer report); 77
#	(skip) when sql/ holds no test yet.
set -euo pipefail

so=${1:?usage: $0 <plugin.so>}
so=$(realpath -e "$so")
repo=$(cd "$(dirname "$0")/../.." && pwd)
port=${REGRESS_PORT:-55432}
pg_regress=/usr/lib/postgresql/15/lib/pgxs/src/test/regress/pg_regress
source "$repo/tests/lib/cluster.sh"

# The schedule is the Makefile's REGRESS list (setup first).
read -r -a tests < <(make -s -C "$repo" --no-print-directory print-regress)
if [[ ${#tests[@]} == 0 ]]; then
    echo "SKIP: no tests in $repo/sql"
    exit 77
fi

work=$(mktemp -d /tmp/cdc_regress.XXXXXX)
chmod 755 "$work"
# KEEP_RESULTS=<dir> keeps pg_regress's output (results/, diffs) for review.
# The cluster is normally stopped (and its log checked) below; this stops it
# when the run ends early, and turns an unclean log into a failure there too.
cleanup()
{
    local rc=$?
    if ! cluster_stop "$work/cluster"; then
        echo "FAIL: the server log is not clean (lines above)"
        [[ $rc != 0 ]] || rc=1
    fi
    [[ -z ${KEEP_RESULTS:-} ]] || cp -r "$work/output" "$KEEP_RESULTS"
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# pg_regress runs as postgres: give it copies it can read and a place to write.
mkdir -p "$work/input/expected" "$work/output"
cp -r "$repo/sql" "$work/input/"
if [[ -d $repo/expected ]]; then cp -r "$repo/expected/." "$work/input/expected/"; fi
if [[ $(id -u) == 0 ]]; then chown -R postgres: "$work/input" "$work/output"; fi

CDC_PLUGIN_SO=$so cluster_start "$work/cluster" "$port" "TimeZone = 'UTC'" "max_prepared_transactions = 10"
cluster_psql "$work/cluster" "$port" -c 'CREATE DATABASE contrib_regression'
# --use-existing skips pg_regress's CREATE EXTENSION: load the script instead.
cluster_load_extension_script "$work/cluster" "$port" contrib_regression

rc=0
as_pg "$pg_regress" --use-existing --bindir=/usr/lib/postgresql/15/bin \
    --host=127.0.0.1 --port="$port" --dbname=contrib_regression \
    --inputdir="$work/input" --outputdir="$work/output" "${tests[@]}" || rc=$?
if [[ $rc != 0 && -f $work/output/regression.diffs ]]; then
    echo "=== regression.diffs ==="
    cat "$work/output/regression.diffs"
fi

if ! cluster_stop "$work/cluster"; then
    echo "FAIL: the server log is not clean (lines above)"
    [[ $rc != 0 ]] || rc=1
fi
exit "$rc"
