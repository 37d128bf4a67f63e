# tests/lib/e2e.sh
#	Sourced helper: the shared start and end of the shell wrappers of the
#	Python-driven end-to-end tests (sources cluster.sh too).  Callers run
#	under set -euo pipefail.
#
#	e2e_begin <label> <work prefix> [server log lines shown on failure]
#		Fails unless /usr/bin/python3 can import psycopg2.extras; makes the
#		work directory $work (under /tmp, writable by postgres) and an EXIT
#		trap that, on failure, shows the server log's tail and "FAIL: e2e
#		<label>", then stops the cluster in $work/cluster (cluster_stop: a
#		no-op if already stopped, else it checks the log, and an unclean log
#		fails the test) and removes $work.
#	e2e_end <status> [pass message]
#		When <status> is 0, stops the cluster and checks its server log
#		(an unclean log fails the test), then prints "PASS: <message>" if
#		one is given; exits with the resulting status.

source "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"

# Called by the EXIT trap e2e_begin sets.
_e2e_cleanup()
{
    local rc=$?
    if [[ $rc != 0 ]]; then
        echo "--- server.log (last $_e2e_log_lines lines)"
        tail -n "$_e2e_log_lines" "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e $_e2e_label (exit status $rc)"
    fi
    if ! cluster_stop "$work/cluster"; then
        echo "FAIL: the server log is not clean (lines above)"
        [[ $rc != 0 ]] || rc=1
    fi
    rm -rf "$work"
    exit "$rc"
}

# Checks the Python driver's needs and sets up $work and the cleanup.
e2e_begin()
{
    _e2e_label=${1:?e2e_begin: <label> missing}
    local prefix=${2:?e2e_begin: <work prefix> missing}
    _e2e_log_lines=${3:-30}

    if ! /usr/bin/python3 -c 'import psycopg2.extras' 2>/dev/null; then
        echo "FAIL: e2e $_e2e_label: /usr/bin/python3 cannot import psycopg2 (bash scripts/deps.sh installs python3-psycopg2)"
        exit 1
    fi
    work=$(mktemp -d "/tmp/$prefix.XXXXXX")
    chmod 755 "$work"
    if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi
    trap _e2e_cleanup EXIT
    trap 'exit 130' INT TERM
}

# Ends a test whose driver returned <status>: the server log decides too.
e2e_end()
{
    local rc=${1:?e2e_end: <status> missing} message=${2:-}

    # On failure the trap stops the cluster, after showing the log's tail.
    if [[ $rc == 0 ]] && ! cluster_stop "$work/cluster"; then
        echo "FAIL: the server log is not clean (lines above)"
        rc=1
    fi
    if [[ $rc == 0 && -n $message ]]; then echo "PASS: $message"; fi
    exit "$rc"
}
