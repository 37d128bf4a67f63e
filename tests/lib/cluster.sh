# tests/lib/cluster.sh
#	Sourced helper: start, query and stop throwaway PostgreSQL 15 clusters
#	for tests (as the postgres OS user, on 127.0.0.1 and a port of their own),
#	and check each server's log when it stops.  Callers run under
#	set -euo pipefail; the functions return non-zero with a message on stderr
#	when something is wrong.
#
#	cluster_start <dir> <port> [extra postgresql.conf lines...]
#	cluster_psql  <dir> <port> [psql args...]
#	cluster_load_extension_script <dir> <port> <db>	the extension's
#			SQL functions in <db> without CREATE EXTENSION (below)
#	cluster_stop  <dir>	stop, check the log (cluster_check_log), remove;
#			non-zero when the log is not clean (the directory is
#			removed all the same)
#	cluster_check_log <dir> [allowed ERE...]	see below
#	cluster_allow_log <dir> <ERE...>	declare expected log lines (below)
#	as_pg <command...>	run a command as the postgres user (absolute paths!)
#	copy_for_pg <dir> <files...>	copy test files where postgres can read them
#
#	<dir> holds everything: data/ (PGDATA), lib/ (a copy of $CDC_PLUGIN_SO,
#	when set, named cdc_plugin.so: the server finds output plugins by file
#	name), server.log and the unix socket.  A marker file lets cluster_start
#	and cluster_stop recognise (and only then stop and remove) clusters made
#	here, including a stale one left on the port by an earlier run.
#	CLUSTER_ENV (words NAME=value) is extra environment for the server, e.g.
#	LD_PRELOAD of a sanitizer runtime (tests/regress/asan.sh).
#
#	The log check: every test's server.log must show no process terminated
#	by a signal, no PANIC, no crash restart (reinitializing, "database system
#	was interrupted"), no sanitizer report and no WARNING.  A test that
#	expects some of these lines declares them, after cluster_start, with
#	cluster_allow_log <dir> <ERE...> (appended to <dir>/allowed_log_patterns,
#	one extended regex a line; a flagged line matching one is accepted).  A
#	test that kills server processes on purpose, e.g. kill -9 of a walsender:
#	    cluster_allow_log "$dir" 'was terminated by signal 9: Killed' \
#	        'terminating any other active server processes' \
#	        'all server processes terminated; reinitializing' \
#	        'database system was (interrupted|not properly shut down)'
#	(kill -9 of the postmaster itself leaves only the last of these).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
CLUSTER_MARKER=.cdc_test_cluster

# Run a command as postgres: directly if we are postgres, via runuser if root.
# It runs from / so that an unreadable current directory does not matter.
as_pg()
{
    if [[ $(id -un) == postgres ]]; then
        (cd / && exec "$@")
    elif [[ $(id -u) == 0 ]]; then
        (cd / && exec runuser -u postgres -- "$@")
    else
        echo "cluster.sh: run as root or as the postgres user, not $(id -un)" >&2
        return 1
    fi
}

# Copy test files into <dir> (which postgres can reach) and make them
# readable, so programs run by as_pg work even from a checkout postgres
# cannot read (a clone under /root or in a mode 700 temporary directory).
copy_for_pg()
{
    local dir=${1:?copy_for_pg: <dir> missing}
    shift
    cp -r -- "$@" "$dir/"
    chmod -R a+rX -- "$dir"
}

_cluster_err()
{
    echo "cluster.sh: $*" >&2
}

# Whether <dir> is a cluster directory made by cluster_start (else say so).
_cluster_owned()
{
    [[ -f $1/$CLUSTER_MARKER ]] && return 0
    _cluster_err "$1 was not made by cluster_start; not removing it"
    return 1
}

# Shut down the server of <dir> if it runs: fast, or immediate (and return
# 1) when a fast shutdown has not finished within 60 s.
_cluster_shutdown()
{
    local dir=$1
    [[ -f $dir/data/postmaster.pid ]] || return 0
    as_pg "$PG_BIN/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null 2>&1 && return 0
    _cluster_err "the server in $dir did not stop within 60 s of a fast shutdown"
    as_pg "$PG_BIN/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >/dev/null 2>&1 || true
    return 1
}

# Stop and remove a cluster directory made by cluster_start (no-op if
# absent) without looking at its log: for stale clusters of earlier runs.
_cluster_remove()
{
    local dir=$1
    [[ -e $dir ]] || return 0
    _cluster_owned "$dir" || return 1
    _cluster_shutdown "$dir" || true
    rm -rf -- "$dir"
}

# Declare log lines a test expects (see the header): each argument, an
# extended regex, is appended to <dir>/allowed_log_patterns.
cluster_allow_log()
{
    local dir=${1:?cluster_allow_log: <dir> missing}
    shift
    printf '%s\n' "$@" >>"$dir/allowed_log_patterns"
}

# Check <dir>/server.log for what no test should leave there (see the
# header): print the offending lines, return 1 if there is any.  Lines that
# match an [allowed ERE] argument or a line of <dir>/allowed_log_patterns
# are accepted.
cluster_check_log()
{
    local dir=${1:?cluster_check_log: <dir> missing}
    shift
    local log=$dir/server.log allowed bad re
    bad='terminated by (signal|exception)|PANIC:|server process .* was terminated'
    bad+='|terminating any other active server processes|all server processes terminated; reinitializing'
    bad+='|database system was (interrupted|not properly shut down)|WARNING:'
    bad+='|Sanitizer|runtime error:'
    [[ -f $log ]] || return 0
    allowed=$(
        for re in "$@"; do printf '%s\n' "$re"; done
        [[ ! -f $dir/allowed_log_patterns ]] || grep -vE '^(#|$)' "$dir/allowed_log_patterns" || true
    )
    if [[ -n $allowed ]]; then
        bad=$(grep -aE -- "$bad" "$log" | grep -avE -f <(printf '%s\n' "$allowed")) || true
    else
        bad=$(grep -aE -- "$bad" "$log") || true
    fi
    [[ -n $bad ]] || return 0
    _cluster_err "the server log of $dir shows $(wc -l <<<"$bad") unexpected line(s) (crash, restart, sanitizer report or WARNING; a test that expects them declares them with cluster_allow_log):"
    head -n 40 <<<"$bad" >&2
    if grep -qaE 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$log"; then
        echo "cluster.sh: the first sanitizer report:" >&2
        grep -aE -m 1 -A 60 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$log" >&2
    fi
    return 1
}

# Stop and remove a cluster directory made by cluster_start (no-op if
# absent), checking its log before removing it: non-zero if the server did
# not stop in time or the log is not clean.
cluster_stop()
{
    local dir=${1:?cluster_stop: <dir> missing} rc=0
    [[ -e $dir ]] || return 0
    _cluster_owned "$dir" || return 1
    _cluster_shutdown "$dir" || rc=1
    cluster_check_log "$dir" || rc=1
    rm -rf -- "$dir"
    return "$rc"
}

# A server already answering on the port: stop it if it is a stale test
# cluster of ours (its data directory sits next to our marker), else fail.
_cluster_clear_port()
{
    local port=$1 datadir rc=0
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 3 || rc=$?
    if [[ $rc == 1 ]]; then                    # starting or stopping: give it a moment
        sleep 3
        rc=0
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 3 || rc=$?
    fi
    [[ $rc == 2 || $rc == 3 ]] && return 0     # nobody answers there
    datadir=$(as_pg "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c 'SHOW data_directory' 2>/dev/null) || datadir=
    if [[ -n $datadir && -f $(dirname "$datadir")/$CLUSTER_MARKER ]]; then
        echo "cluster.sh: stopping stale test cluster $(dirname "$datadir") on port $port" >&2
        _cluster_remove "$(dirname "$datadir")"
    else
        _cluster_err "port $port is taken by a server that is not a test cluster (data directory: ${datadir:-unknown}); stop it or pick another port"
        return 1
    fi
}

# Create and start a throwaway cluster in <dir> on 127.0.0.1:<port>.
cluster_start()
{
    local dir=${1:?cluster_start: <dir> missing} port=${2:?cluster_start: <port> missing}
    shift 2
    local initdb_out describe line

    _cluster_clear_port "$port" || return 1
    if [[ -e $dir ]]; then
        if [[ ! -f $dir/$CLUSTER_MARKER && -n $(ls -A "$dir") ]]; then
            _cluster_err "$dir exists and is not a test cluster; not touching it"
            return 1
        fi
        touch "$dir/$CLUSTER_MARKER"
        _cluster_remove "$dir" || return 1
    fi
    mkdir -p "$dir/lib" || return 1
    touch "$dir/$CLUSTER_MARKER"
    if [[ -n ${CDC_PLUGIN_SO:-} ]]; then
        if [[ ! -r $CDC_PLUGIN_SO ]]; then
            _cluster_err "CDC_PLUGIN_SO=$CDC_PLUGIN_SO is not readable"
            return 1
        fi
        cp "$CDC_PLUGIN_SO" "$dir/lib/cdc_plugin.so" || return 1
        chmod -R a+rX "$dir/lib"
    fi
    if [[ $(id -u) == 0 ]]; then
        chown -R postgres: "$dir"
    fi
    if ! as_pg test -w "$dir"; then
        _cluster_err "the postgres user cannot write $dir (check the modes of its parent directories)"
        return 1
    fi

    if ! initdb_out=$(as_pg "$PG_BIN/initdb" -D "$dir/data" -A trust -E UTF8 --locale=C -U postgres 2>&1); then
        printf '%s\n' "$initdb_out" >&2
        _cluster_err "initdb failed in $dir/data"
        return 1
    fi

    describe=$(as_pg "$PG_BIN/postgres" --describe-config) || return 1
    {
        echo "# added by tests/lib/cluster.sh"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$dir'"
        echo "wal_level = logical"
        echo "max_replication_slots = 20"
        echo "max_wal_senders = 20"
        if grep -q '^output_plugin_libraries' <<<"$describe"; then
            echo "output_plugin_libraries = 'pgoutput, test_decoding, cdc_plugin'"
        fi
        [[ -n ${CDC_PLUGIN_SO:-} ]] && echo "dynamic_library_path = '$dir/lib:\$libdir'"
        for line in "$@"; do echo "$line"; done
    } | as_pg tee -a "$dir/data/postgresql.conf" >/dev/null

    # shellcheck disable=SC2086  # CLUSTER_ENV is a list of words
    if ! as_pg env ${CLUSTER_ENV:-} "$PG_BIN/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 >/dev/null; then
        tail -n 30 "$dir/server.log" >&2 || true
        _cluster_err "the server in $dir did not start on port $port"
        return 1
    fi
}

# psql as postgres against the cluster (database postgres unless -d is given).
cluster_psql()
{
    local dir=${1:?cluster_psql: <dir> missing} port=${2:?cluster_psql: <port> missing}
    shift 2
    as_pg env PGDATABASE=postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

# Load the extension's script (cdc_plugin--<default_version>.sql) into <db>
# as CREATE EXTENSION would, for a cluster that loads the plugin through
# dynamic_library_path without installing it: the script's \echo guard is
# dropped and MODULE_PATHNAME becomes cdc_plugin, found on that path.
cluster_load_extension_script()
{
    local dir=${1:?cluster_load_extension_script: <dir> missing}
    local port=${2:?cluster_load_extension_script: <port> missing}
    local db=${3:?cluster_load_extension_script: <db> missing}
    local repo version
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$repo/cdc_plugin.control")
    sed -e '/^\\echo/d' -e "s/MODULE_PATHNAME/cdc_plugin/g" "$repo/cdc_plugin--$version.sql" |
        cluster_psql "$dir" "$port" -d "$db"
}
