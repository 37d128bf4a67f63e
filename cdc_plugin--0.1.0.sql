/* cdc_plugin--0.1.0.sql: helpers offered by CREATE EXTENSION cdc_plugin. */

\echo Use "CREATE EXTENSION cdc_plugin" to load this file. \quit

-- The plugin's version, and the Debezium release whose format it writes.
CREATE FUNCTION cdc_plugin_version() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '0.1.0 (Debezium 3.6.1.Final format)' $$;

-- Initial snapshot (Debezium's snapshot.mode=initial), read in a REPEATABLE
-- READ transaction that imported the exported snapshot of the slot:
--
-- The tables a slot with these plugin options (name/value pairs, as
-- pg_logical_slot_get_changes takes them) captures, in the order a snapshot
-- reads them: by schema name, then table name.
CREATE FUNCTION cdc_snapshot_tables(VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF regclass
LANGUAGE C VOLATILE
AS 'MODULE_PATHNAME', 'cdc_snapshot_tables';

-- One Debezium read event ("op":"r") per row of 'rel' in the transaction's
-- snapshot, written as the slot writes an insert with the same options;
-- snapshot_lsn is the slot's consistent point, first_table and last_table
-- place the table in the snapshot (source.snapshot).  Called in the SELECT
-- list of a cursor it streams the table row by row.
CREATE FUNCTION cdc_snapshot_rows(rel regclass, snapshot_lsn pg_lsn, first_table boolean,
                                  last_table boolean, VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF text
LANGUAGE C VOLATILE
AS 'MODULE_PATHNAME', 'cdc_snapshot_rows';
