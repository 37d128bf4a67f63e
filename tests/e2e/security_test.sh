#!/usr/bin/env bash
# tests/e2e/security_test.sh <plugin.so>
#	End-to-end security checks on a throwaway cluster (127.0.0.1:55501):
#	what a cdc_plugin stream may carry and who may read one.
#
#	1. Bad options over START_REPLICATION (pg_recvlogical -o) fail with the
#	   option's name, value and what is allowed (also an option without a
#	   value), and consume nothing: the same slot then streams every event.
#	2. Secrets never leave the server: distinctive markers are written into
#	   columns removed by column.exclude.list / column.include.list and into
#	   columns masked by column.mask.with.<N>.chars, column.mask.hash[.v2].*
#	   and column.truncate.to.<N>.chars, under REPLICA IDENTITY FULL (full
#	   before images of updates and deletes) and DEFAULT, with TOAST-ed
#	   (out of line) values changed and unchanged, and a key change.  Two
#	   filtered streams (record mode with schemas.enable, and value mode with
#	   hex bytes, transaction metadata and pretty printing) are received with
#	   pg_recvlogical into files and the raw bytes searched for each marker,
#	   raw, hex, Base64 and Base64url (secret_scan.py); the kept and masked
#	   values must come out.  Two unfiltered control streams must show the
#	   markers (raw, and the bytea one as Base64 and as hex), so the search
#	   can fail.  Not covered because not protected, as in Debezium: key
#	   columns (the key keeps columns the value leaves out), and a masked or
#	   truncated column's DEFAULT, which the value schema carries as is and
#	   the JSON converter writes in place of a null (replace.null.with.default).
#	3. Roles: a LOGIN REPLICATION role that is not a superuser creates a
#	   cdc_plugin slot and streams it over a replication connection
#	   (pg_recvlogical) and reads one with pg_logical_slot_get_changes; it
#	   receives the changes of a table it may not SELECT (REPLICATION is the
#	   privilege that matters).  A role without REPLICATION gets PostgreSQL's
#	   own errors.  Where the server has output_plugin_libraries (since
#	   PostgreSQL 15.19, CVE-2026-6471), a server whose list leaves out
#	   cdc_plugin refuses it to that role and to a superuser, for new slots and
#	   existing ones; listed again, it works; the role cannot change the list
#	   for its session (a superuser could).  Without that setting (older
#	   minor releases) any REPLICATION role may use any output plugin found in
#	   $libdir or dynamic_library_path, and this part is skipped.
#	4. The plugin reads no user table: the pg_stat_user_tables scan counters
#	   of the tables streamed are the same before and after all the streaming
#	   above (a control SELECT shows the counters move), and the plugin's
#	   decoding sources call none of the server's table scan or SQL entry
#	   points: SPI_*, table_open/heap_open/relation_open (and *_openrv,
#	   try_*), table/heap/index scans, systable_beginscan, index_open,
#	   executor and parser entry points.  (The initial snapshot's SQL
#	   functions, plugin/snapshot.*, read tables by design, in the session
#	   of the client that calls them and with its privileges; only the SQL
#	   entry points in cdc_plugin.cpp reach them.)  What the decoding path
#	   does call reads catalogs only:
#	   RelationIdGetRelation / RelationGetIndexList / RelationGetReplicaIndex
#	   (the relation cache entry of the changed table and its index list, for
#	   columns and key), SearchSysCache* and lsyscache get_* (types, domains,
#	   enums, namespaces), stringToNode on pg_attrdef's expression (column
#	   defaults, from the relation cache), and type output functions on the
#	   change's own values.
#
#	Runs in about 35 s (2 shared cores); nothing to scale, no long mode.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=55501
source "$repo/tests/lib/cluster.sh"
source "$repo/tests/lib/checks.sh"
CDC_PLUGIN_SO=$(realpath -e "${1:?usage: $0 <plugin.so>}")
export CDC_PLUGIN_SO

work=$(mktemp -d /tmp/cdc_security.XXXXXX)
chmod 755 "$work"
if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi
copy_for_pg "$work" "$repo/tests/e2e/secret_scan.py"

cleanup()
{
    local rc=$?
    if [[ $rc != 0 ]]; then
        echo "--- last command output"; cat "$work/out.txt" 2>/dev/null || true
        echo "--- server.log (last 30 lines)"; tail -n 30 "$work/cluster/server.log" 2>/dev/null || true
        echo "FAIL: e2e security after $checks checks passed"
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

sql() { cluster_psql "$work/cluster" "$port" -At "$@"; }
scan() { as_pg /usr/bin/python3 "$work/secret_scan.py" "$@"; }
lsn_now() { sql -c "SELECT pg_current_wal_lsn()"; }

# recv <role> <slot> <file> [pg_recvlogical options...]: stream the slot up
# to the current WAL position into <file>; stderr goes to $work/out.txt.
recv()
{
    local role=$1 slot=$2 file=$3
    shift 3
    as_pg timeout 60 "$PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$port" -U "$role" -d postgres \
        -S "$slot" --start --no-loop --endpos="$(lsn_now)" -f "$file" "$@" 2>"$work/out.txt"
}

# server_error <file>: pg_recvlogical's stderr without its own words around
# the server's message.
server_error()
{
    grep -v '^pg_recvlogical: error: disconnected' "$1" |
        sed -E 's/^pg_recvlogical: error: could not send replication command .*": (ERROR:)/\1/'
}

# recv_fails <role> <slot> <expected server message> [pg_recvlogical options...]:
# a stream that must fail at its start with exactly that message.
recv_fails()
{
    local role=$1 slot=$2 expected=$3
    shift 3
    if recv "$role" "$slot" "$work/refused.jsonl" "$@"; then return 1; fi
    [[ $(server_error "$work/out.txt") == "$expected" ]]
}

# wait_until <command...>: retry for up to 30 s.
wait_until()
{
    local _
    for _ in $(seq 150); do
        if "$@"; then return 0; fi
        sleep 0.2
    done
    return 1
}

# stderr_is <file> <text>: the command's stderr, without client prefixes, is <text>.
stderr_is() { [[ $(sed 's/^pg_recvlogical: error: //; s/^psql:[^:]*:[0-9]*: //' "$1") == "$2" ]]; }

# expect_error <role> <expected psql error text> <sql>: the statement fails so.
expect_error()
{
    local role=$1 expected=$2
    if as_pg env PGDATABASE=postgres "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=terse \
        -h 127.0.0.1 -p "$port" -U "$role" -c "$3" >"$work/out.txt" 2>&1; then
        return 1
    fi
    [[ $(sed 's/^psql:[^E]*ERROR/ERROR/' "$work/out.txt") == "$expected" ]]
}

# scan_counts: seq_scan + idx_scan of the streamed tables (a fresh session).
scan_counts()
{
    sql -c "SELECT string_agg(relname || ':' || seq_scan || '/' || coalesce(idx_scan, 0), ' ' ORDER BY relname)
            FROM pg_stat_user_tables WHERE relname LIKE 'sec\_%'"
}

cluster_start "$work/cluster" "$port" "wal_sender_timeout = 0"
has_allowlist=$(sql -c "SELECT count(*) FROM pg_settings WHERE name = 'output_plugin_libraries'")

rand=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
secret_columns=x_text,x_bytes,x_big
kept_columns=id,pub,m_star,m_hash,m_hash2,m_trunc,m_big
declare -A marker
for column in x_text x_bytes x_big m_star m_hash m_hash2 m_trunc m_big; do
    marker[$column]="${column^^}SECRET$rand"
done
markers=("${marker[@]}")
masks=(-o 'column.mask.with.8.chars=public\.sec_(full|dflt)\.(m_star|m_big)'
       -o 'column.mask.hash.SHA-256.with.salt.pepper=public\.sec_(full|dflt)\.m_hash'
       -o 'column.mask.hash.v2.MD5.with.salt.pepper=public\.sec_(full|dflt)\.m_hash2'
       -o 'column.truncate.to.6.chars=public\.sec_(full|dflt)\.m_trunc')

sql <<EOF
CREATE ROLE cdc_repl LOGIN REPLICATION;
CREATE ROLE cdc_plain LOGIN;
CREATE TABLE sec_full (id int PRIMARY KEY, pub text, x_text text, x_bytes bytea, x_big text,
                       m_star text, m_hash text, m_hash2 varchar(100), m_trunc text, m_big text);
ALTER TABLE sec_full REPLICA IDENTITY FULL;
CREATE TABLE sec_dflt (LIKE sec_full INCLUDING ALL);
-- out of line and uncompressed, so the WAL and the stream see TOAST-ed values
ALTER TABLE sec_full ALTER x_big SET STORAGE EXTERNAL, ALTER m_big SET STORAGE EXTERNAL;
ALTER TABLE sec_dflt ALTER x_big SET STORAGE EXTERNAL, ALTER m_big SET STORAGE EXTERNAL;
EOF
for slot in bad filtered_a filtered_b control_a control_b; do
    sql -c "SELECT 'ok' FROM pg_create_logical_replication_slot('$slot', 'cdc_plugin')" >/dev/null
done
check "a REPLICATION role (no superuser) creates a cdc_plugin slot over a replication connection" \
    as_pg "$PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$port" -U cdc_repl -d postgres -S role_stream \
    -P cdc_plugin --create-slot
check "a REPLICATION role creates a cdc_plugin slot with SQL" \
    as_pg env PGDATABASE=postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" \
    -U cdc_repl -c "SELECT pg_create_logical_replication_slot('role_sql', 'cdc_plugin')" -o /dev/null

for table in sec_full sec_dflt; do
    sql >/dev/null <<EOF
INSERT INTO $table
SELECT n, 'PUBLIC${rand}_' || n, '${marker[x_text]}', convert_to('${marker[x_bytes]}', 'UTF8'),
       repeat('${marker[x_big]}-' || n, 700), '${marker[m_star]}', '${marker[m_hash]}',
       '${marker[m_hash2]}', 'KEEP6:${marker[m_trunc]}', repeat('${marker[m_big]}-' || n, 700)
FROM generate_series(1, 2) n;
UPDATE $table SET pub = pub || 'u' WHERE id = 1;
UPDATE $table SET x_big = x_big || 'more', m_big = m_big || 'more' WHERE id = 2;
UPDATE $table SET id = 3 WHERE id = 2;
DELETE FROM $table WHERE id = 1;
SELECT pg_stat_force_next_flush(); -- the scan counts are complete when psql returns
EOF
done
toasted() { [[ $(sql -c "SELECT count(DISTINCT chunk_id) FROM $(sql -c "SELECT reltoastrelid::regclass FROM pg_class WHERE relname = '$1'")") == 2 ]]; }
check "sec_full's big values (left: 1 row x 2 columns) are stored out of line" toasted sec_full
check "sec_dflt's big values too" toasted sec_dflt
counts_before=$(scan_counts)
# per table: inserts 1 and 2, updates of 1 and 2, the key change 2 -> 3, delete of 1
ops="c c u u d c d"

# 1. bad options over START_REPLICATION; nothing consumed
bad_start=$(sql -c "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'bad'")
check "START_REPLICATION with record.mode=values fails naming option, value and the allowed ones" \
    recv_fails postgres bad 'ERROR:  invalid value "values" for option "record.mode"
DETAIL:  Allowed values: value, record.
CONTEXT:  slot "bad", output plugin "cdc_plugin", in the startup callback' -o record.mode=values
check "START_REPLICATION with record.mode and no value fails" \
    recv_fails postgres bad 'ERROR:  invalid value (none) for option "record.mode"
DETAIL:  Allowed values: value, record.
CONTEXT:  slot "bad", output plugin "cdc_plugin", in the startup callback' -o record.mode
check "START_REPLICATION with a bad regular expression fails" \
    recv_fails postgres bad 'ERROR:  invalid value "public.(x" for option "column.exclude.list"
DETAIL:  The regular expression "public.(x" does not compile: parentheses () not balanced.
CONTEXT:  slot "bad", output plugin "cdc_plugin", in the startup callback' -o 'column.exclude.list=public.(x'
check "START_REPLICATION with a repeated option fails" \
    recv_fails postgres bad 'ERROR:  option "pretty.print" given more than once
DETAIL:  The second value was (none).
CONTEXT:  slot "bad", output plugin "cdc_plugin", in the startup callback' -o pretty.print=false -o pretty.print
check "the failed starts did not move the slot (confirmed_flush_lsn $bad_start)" \
    test "$(sql -c "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'bad'")" == "$bad_start"
check "then the same slot streams every event (pretty.print without a value)" \
    recv postgres bad "$work/bad.json" -o pretty.print
for table in sec_full sec_dflt; do
    check "  $table: $ops" scan events "$work/bad.json" "$table" none "$secret_columns,$kept_columns" "$ops"
done

# 2. secrets
check "stream A (column.exclude.list, masks, record mode, schemas.enable) received" \
    recv postgres filtered_a "$work/a.jsonl" -o record.mode=record -o schemas.enable=true \
    -o 'column.exclude.list=public\.sec_(full|dflt)\.x_.*' "${masks[@]}"
check "stream B (column.include.list, masks, hex bytes, transaction metadata, pretty) received" \
    recv postgres filtered_b "$work/b.json" -o binary.handling.mode=hex -o provide.transaction.metadata=true \
    -o pretty.print=true -o 'column.include.list=public\.sec_(full|dflt)\.(id|pub|m_.*)' "${masks[@]}"
check "control stream A (no options) received" recv postgres control_a "$work/control_a.jsonl"
check "control stream B (binary.handling.mode=hex) received" \
    recv postgres control_b "$work/control_b.jsonl" -o binary.handling.mode=hex
for stream in a.jsonl b.json; do
    check "stream $stream: no marker in any form" scan find "$work/$stream" "${markers[@]}"
    for table in sec_full sec_dflt; do
        check "stream $stream, $table: events $ops, no removed column in images or schemas" \
            scan events "$work/$stream" "$table" "$secret_columns" "$kept_columns" "$ops"
        check "  $table: pub comes out; m_star, m_big ********; m_hash a SHA-256, m_hash2 an MD5; m_trunc KEEP6:" \
            scan values "$work/$stream" "$table" pub "\"PUBLIC${rand}_[0-9]u?\"" m_star '"\*{8}"' \
            m_big '"\*{8}"' m_hash '"[0-9a-f]{64}"' m_hash2 '"[0-9a-f]{32}"' m_trunc '"KEEP6:"'
    done
done
scan find "$work/control_a.jsonl" "${markers[@]}" >"$work/found_a.txt" || true
scan find "$work/control_b.jsonl" "${markers[@]}" >"$work/found_b.txt" || true
for column in x_text x_big m_star m_hash m_hash2 m_trunc m_big; do
    check "control A shows the $column marker raw" grep -qx "${marker[$column]} raw" "$work/found_a.txt"
done
# found_as <file> <marker> <forms>: the forms in which the scan found it.
found_as() { [[ $(grep "^$2 " "$1" | cut -d' ' -f2 | paste -sd' ') == "$3" ]]; }
check "control A shows the bytea marker as Base64 (and so Base64url), not raw or hex" \
    found_as "$work/found_a.txt" "${marker[x_bytes]}" "base64 base64url"
check "control B shows the bytea marker as hex only" found_as "$work/found_b.txt" "${marker[x_bytes]}" hex

# 3. roles
check "the REPLICATION role may not SELECT from sec_full" \
    expect_error cdc_repl 'ERROR:  permission denied for table sec_full' "SELECT count(*) FROM sec_full"
check "the REPLICATION role streams its slot with pg_recvlogical" recv cdc_repl role_stream "$work/role.jsonl"
check "  sec_full: $ops" scan events "$work/role.jsonl" sec_full none "$secret_columns,$kept_columns" "$ops"
check "the REPLICATION role reads its slot with pg_logical_slot_get_changes" \
    test "$(as_pg env PGDATABASE=postgres "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$port" -U cdc_repl \
        -c "SELECT count(*) FROM pg_logical_slot_get_changes('role_sql', NULL, NULL, 'record.mode', 'record')
            WHERE data::jsonb->>'topic' LIKE 'postgres.public.sec_%'")" == 18
check "a role without REPLICATION may not create a slot" \
    expect_error cdc_plain 'ERROR:  must be superuser or replication role to use replication slots' \
    "SELECT pg_create_logical_replication_slot('plain', 'cdc_plugin')"
check "a role without REPLICATION may not read a slot" \
    expect_error cdc_plain 'ERROR:  must be superuser or replication role to use replication slots' \
    "SELECT count(*) FROM pg_logical_slot_peek_changes('role_sql', NULL, NULL)"
plain_connect()
{
    ! as_pg "$PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$port" -U cdc_plain -d postgres -S plain \
        -P cdc_plugin --create-slot 2>"$work/out.txt" &&
        stderr_is "$work/out.txt" 'connection to server at "127.0.0.1", port '"$port"' failed: FATAL:  must be superuser or replication role to start walsender'
}
check "a role without REPLICATION may not open a replication connection" plain_connect

if [[ $has_allowlist == 1 ]]; then
    sql -c "ALTER SYSTEM SET output_plugin_libraries = 'pgoutput', 'test_decoding'" -c "SELECT pg_reload_conf()" >/dev/null
    libraries_are() { [[ $(sql -c "SHOW output_plugin_libraries") == "$1" ]]; }
    check "output_plugin_libraries without cdc_plugin is in effect" wait_until libraries_are "pgoutput, test_decoding"
    refused='ERROR:  library "cdc_plugin" may not be used as an output plugin
HINT:  If it is safe for all REPLICATION users to use this library as an output plugin, add it to "output_plugin_libraries" and reload the server configuration.'
    refused_create()
    {
        ! as_pg "$PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$port" -U cdc_repl -d postgres -S unlisted \
            -P cdc_plugin --create-slot 2>"$work/out.txt" &&
            [[ $(server_error "$work/out.txt") == "$refused" ]]
    }
    check "unlisted: the REPLICATION role cannot create a cdc_plugin slot" refused_create
    check "unlisted: the REPLICATION role cannot stream its existing slot" \
        recv_fails cdc_repl role_stream "$refused"
    check "the REPLICATION role cannot change output_plugin_libraries for its session" \
        expect_error cdc_repl 'ERROR:  permission denied to set parameter "output_plugin_libraries"' \
        "SET output_plugin_libraries = 'cdc_plugin'"
    check "unlisted: a superuser cannot create a cdc_plugin slot either" \
        expect_error postgres 'ERROR:  library "cdc_plugin" may not be used as an output plugin' \
        "SELECT pg_create_logical_replication_slot('unlisted', 'cdc_plugin')"
    sql -c "ALTER SYSTEM RESET output_plugin_libraries" -c "SELECT pg_reload_conf()" >/dev/null
    check "output_plugin_libraries lists cdc_plugin again" \
        wait_until libraries_are "pgoutput, test_decoding, cdc_plugin"
    check "listed again: the REPLICATION role streams its slot" recv cdc_repl role_stream "$work/role2.jsonl"
else
    echo "note: this server has no output_plugin_libraries; any role with REPLICATION may use any installed output plugin"
fi

# 4. no user-table reads
no_walsender() { [[ $(sql -c "SELECT count(*) FROM pg_stat_replication") == 0 ]]; }
check "all walsenders have exited (their statistics are flushed)" wait_until no_walsender
sleep 1 # and the backends of the pg_logical_slot_get_changes sessions have exited
check "the scan counters of sec_* did not move while streaming ($counts_before)" test "$(scan_counts)" == "$counts_before"
sql -c "SELECT count(*) FROM sec_full" -c "SELECT pg_stat_force_next_flush()" >/dev/null
check "control: a SELECT moves them" test "$(scan_counts)" != "$counts_before"
forbidden='\b(SPI_[A-Za-z_]+|(table|heap|relation|index)_open(rv[a-z_]*)?|try_(table|relation)_open|systable_beginscan[a-z_]*|(table|heap|index)_beginscan[a-z_]*|heap_getnext|index_getnext[a-z_]*|Executor(Start|Run)|pg_parse_query|pg_analyze_and_rewrite[a-z_]*|pg_plan_query|exec_simple_query)\b'
mapfile -t decoding_sources < <(ls "$repo"/plugin/*.cpp "$repo"/plugin/*.h | grep -v '/plugin/snapshot\.')
no_forbidden() { ! grep -nE "$forbidden" "${decoding_sources[@]}"; }
check "the plugin's decoding sources call no table scan or SQL entry point" no_forbidden
snapshot_only_from_sql() { [[ $(grep -l '"snapshot\.h"' "${decoding_sources[@]}") == "$repo/plugin/cdc_plugin.cpp" ]]; }
check "only the SQL entry points (cdc_plugin.cpp) reach the snapshot functions" snapshot_only_from_sql
check "control: the pattern finds such a call" grep -qE "$forbidden" <<<"if (SPI_connect() != SPI_OK_CONNECT)"

check "the server log is clean: no crash, restart or WARNING (cluster_stop)" cluster_stop "$work/cluster"
echo "PASS: e2e security, $checks checks"
