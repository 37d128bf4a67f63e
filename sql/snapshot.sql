-- snapshot: the plugin's side of an initial snapshot (Debezium's
-- snapshot.mode=initial).  cdc_snapshot_tables lists the tables a slot's
-- options capture, in the order a snapshot reads them; cdc_snapshot_rows
-- reads one table in the REPEATABLE READ transaction's snapshot as read
-- events ("op":"r"), each written as the slot writes an insert.  A client
-- imports the slot's exported snapshot first (SET TRANSACTION SNAPSHOT),
-- which takes the replication protocol; here the transaction's own
-- snapshot stands in for it, and the slot's consistent point is the LSN.
\set VERBOSITY default
SELECT lsn AS snap_lsn FROM pg_create_logical_replication_slot('snap', 'cdc_plugin') \gset

CREATE SCHEMA snap_b;
CREATE SCHEMA snap_a;
CREATE TABLE snap_a.three (id int PRIMARY KEY, v text, secret text);
CREATE TABLE snap_a.empty (id int PRIMARY KEY);
CREATE TABLE snap_a.nokey (a int, b text);
CREATE TABLE snap_a."Zed" (id int);
CREATE TABLE snap_a.spatial_ref_sys (srid int);
CREATE TABLE snap_b.one (id int PRIMARY KEY, name text, price numeric(10,2), added timestamptz,
                         raw bytea, tags text[], attrs jsonb, flag bool DEFAULT true);
CREATE TABLE snap_b.big (id int PRIMARY KEY, doc text);
ALTER TABLE snap_b.big ALTER COLUMN doc SET STORAGE EXTERNAL;
CREATE TABLE snap_b.parted (id int, k int) PARTITION BY RANGE (id);
CREATE TABLE snap_b.parted_low PARTITION OF snap_b.parted FOR VALUES FROM (0) TO (10);
CREATE TABLE snap_b.parted_high PARTITION OF snap_b.parted FOR VALUES FROM (10) TO (20);
CREATE UNLOGGED TABLE snap_b.unlogged (id int);
CREATE VIEW snap_b.view AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW snap_b.matview AS SELECT 1 AS x;
CREATE TEMP TABLE snap_temp (id int);

INSERT INTO snap_a.three VALUES (1, 'a', 'alpha'), (2, 'b', 'beta'), (3, 'c', NULL);
INSERT INTO snap_a.nokey VALUES (1, 'x'), (2, NULL);
INSERT INTO snap_b.one (id, name, price, added, raw, tags, attrs)
VALUES (1, 'widget', 9.99, '2024-01-02 03:04:05.678+00', '\x00ff', ARRAY['a', NULL], '{"k": [1, 2]}');
INSERT INTO snap_b.big VALUES (1, repeat('0123456789', 100000));
INSERT INTO snap_b.parted VALUES (1, 1), (15, 2);

-- The tables, in snapshot order: by schema, then table name, byte by byte
-- ("Zed" before "empty"); ordinary permanent tables and leaf partitions
-- only (no partitioned parent, unlogged or temporary table, view or
-- materialized view); spatial_ref_sys is one of Debezium's system tables.
-- Without options every table of the database counts: only ours are shown.
SELECT t FROM cdc_snapshot_tables() WITH ORDINALITY AS s(t, n)
WHERE t::text LIKE 'snap%' ORDER BY n;
SELECT * FROM cdc_snapshot_tables('schema.include.list', 'snap_a');
SELECT * FROM cdc_snapshot_tables('schema.include.list', 'snap_.*',
                                  'table.exclude.list', 'snap_a\.(three|nokey),.*\.parted_.*');
SELECT * FROM cdc_snapshot_tables('table.include.list', 'SNAP_B\..*');
SELECT count(*) AS catalog_tables FROM cdc_snapshot_tables() AS t WHERE t::oid < 16384;

-- Four tables read as one snapshot (three, empty, three again, nokey): the
-- first table's first row is "first", the last table's last row "last",
-- the rows between tables "last_in_data_collection" and
-- "first_in_data_collection", the rest "true"; an empty table has no row
-- to mark.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_mask(e) FROM cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, false) AS e;
SELECT cdc_mask(e) FROM cdc_snapshot_rows('snap_a.empty', :'snap_lsn', false, false) AS e;
SELECT cdc_mask(e) FROM cdc_snapshot_rows('snap_a.three', :'snap_lsn', false, false) AS e;
SELECT cdc_mask(e) FROM cdc_snapshot_rows('snap_a.nokey', :'snap_lsn', false, true) AS e;
-- a one-row table: alone "last"; first of several "first"; in the middle
-- "last_in_data_collection"
SELECT e::jsonb->'source'->>'snapshot' AS alone
FROM cdc_snapshot_rows('snap_b.one', :'snap_lsn', true, true) AS e;
SELECT e::jsonb->'source'->>'snapshot' AS first_table
FROM cdc_snapshot_rows('snap_b.one', :'snap_lsn', true, false) AS e;
SELECT e::jsonb->'source'->>'snapshot' AS middle_table
FROM cdc_snapshot_rows('snap_b.one', :'snap_lsn', false, false) AS e;
COMMIT;

-- record mode: topic, key (null without one) and value; a masked column;
-- the leaf partition names its own table
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_mask(e)
FROM cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, false, 'record.mode', 'record',
                       'column.mask.with.4.chars', 'snap_a\.three\.secret',
                       'topic.prefix', 'cdc') AS e;
SELECT cdc_mask(e)
FROM cdc_snapshot_rows('snap_a.nokey', :'snap_lsn', false, false, 'record.mode', 'record',
                       'topic.prefix', 'cdc') AS e;
SELECT cdc_mask(e)
FROM cdc_snapshot_rows('snap_b.parted_high', :'snap_lsn', false, true, 'record.mode', 'record',
                       'topic.prefix', 'cdc') AS e;
COMMIT;

-- The real values of the volatile members: the LSN given, no last commit
-- in sequence, the transaction's 64-bit id (pg_current_xact_id) and start
-- time (CURRENT_TIMESTAMP) in the source block, the processing time in the
-- envelope; no origin, no transaction block, no before image.
BEGIN ISOLATION LEVEL REPEATABLE READ;
CREATE TEMP TABLE snap_events ON COMMIT DROP AS
SELECT e::jsonb AS doc, clock_timestamp() AS read_at
FROM cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true) AS e;
SELECT count(*) AS events,
       bool_and((doc->'source'->>'lsn')::numeric = :'snap_lsn'::pg_lsn - '0/0') AS lsn_given,
       bool_and(doc->'source'->>'sequence' =
                format('[null,"%s"]', :'snap_lsn'::pg_lsn - '0/0')) AS sequence,
       bool_and((doc->'source'->>'txId')::bigint = pg_current_xact_id()::text::bigint) AS txid,
       bool_and((doc->'source'->>'ts_us')::numeric = extract(epoch FROM now()) * 1000000) AS ts_us,
       bool_and((doc->'source'->>'ts_ms')::numeric = floor(extract(epoch FROM now()) * 1000)
                AND (doc->'source'->>'ts_ns')::numeric = extract(epoch FROM now()) * 1000000000)
           AS ts_ms_ns,
       bool_and((doc->>'ts_us')::numeric >= extract(epoch FROM now()) * 1000000
                AND (doc->>'ts_us')::numeric <= extract(epoch FROM read_at) * 1000000) AS processed,
       bool_and(doc->'source'->'xmin' = 'null' AND doc->'source'->'origin' = 'null'
                AND doc->'source'->'origin_lsn' = 'null' AND doc->'transaction' = 'null'
                AND doc->'before' = 'null' AND doc->>'op' = 'r') AS nulls,
       bool_and(doc->'source'->>'name' = current_database()
                AND doc->'source'->>'db' = current_database()) AS names
FROM snap_events;
COMMIT;

-- Written as the slot writes an insert: the slot's event for each row and
-- the row's read event have the same topic, key and value text (schema
-- included), whatever the options.
CREATE FUNCTION snap_same_as_stream(rel regclass, VARIADIC options text[]) RETURNS SETOF text
LANGUAGE sql AS $$
WITH read AS (
    SELECT e::json AS doc
    FROM cdc_snapshot_rows(rel, '0/0', true, true,
                           VARIADIC ARRAY['record.mode', 'record'] || options) AS e
), streamed AS (
    SELECT data::json AS doc
    FROM pg_logical_slot_peek_changes('snap', NULL, NULL,
                                      VARIADIC ARRAY['record.mode', 'record'] || options)
), events AS (
    SELECT 'read' AS source, doc, coalesce(doc->'value'->'payload', doc->'value') AS envelope
    FROM read
    UNION ALL
    SELECT 'streamed', doc, coalesce(doc->'value'->'payload', doc->'value') FROM streamed
)
SELECT format('%s %s: op %s/%s, topic %s, key %s, value schema %s, after %s', rel,
              coalesce(r.doc->'key'->'payload', r.doc->'key')->>'id',
              r.envelope->>'op', s.envelope->>'op', r.doc->>'topic' = s.doc->>'topic',
              (r.doc->'key')::text = (s.doc->'key')::text,
              (r.doc->'value'->'schema')::text IS NOT DISTINCT FROM (s.doc->'value'->'schema')::text,
              (r.envelope->'after')::text = (s.envelope->'after')::text)
FROM events AS r JOIN events AS s
  ON r.source = 'read' AND s.source = 'streamed' AND s.envelope->>'op' = 'c'
 AND s.envelope->'source'->>'schema' = r.envelope->'source'->>'schema'
 AND s.envelope->'source'->>'table' = r.envelope->'source'->>'table'
 AND (s.doc->'key')::text = (r.doc->'key')::text
ORDER BY 1
$$;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT * FROM snap_same_as_stream('snap_b.one', 'topic.prefix', 'cdc');
SELECT * FROM snap_same_as_stream('snap_b.one', 'schemas.enable', 'true',
                                  'decimal.handling.mode', 'string',
                                  'binary.handling.mode', 'hex', 'time.precision.mode', 'connect');
SELECT * FROM snap_same_as_stream('snap_a.three', 'column.mask.with.4.chars',
                                  'snap_a\.three\.secret', 'column.exclude.list', '.*\.v',
                                  'pretty.print', 'true');
COMMIT;

-- A large TOASTed value is read in full (its length, not its text)
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT length(e::json->'after'->>'doc') AS doc_length,
       e::json->'after'->>'doc' = repeat('0123456789', 100000) AS doc_equal
FROM cdc_snapshot_rows('snap_b.big', :'snap_lsn', true, true) AS e;
COMMIT;

-- Called in the SELECT list the function streams (ProjectSet, no
-- materialised result): a cursor reads a table in batches, and stopping
-- early (CLOSE, COMMIT with the cursor open, LIMIT) ends the scan without
-- leaking anything (a WARNING would show here and fail the server log
-- check).  Rows the transaction writes after the call started do not
-- show.
EXPLAIN (COSTS OFF) SELECT cdc_snapshot_rows('snap_a.three', '0/0', true, true);
BEGIN ISOLATION LEVEL REPEATABLE READ;
DECLARE c CURSOR FOR SELECT cdc_mask(cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true));
FETCH 2 FROM c;
CLOSE c;
COMMIT;
BEGIN ISOLATION LEVEL REPEATABLE READ;
DECLARE c CURSOR FOR
SELECT e::jsonb->'after' AS after, e::jsonb->'source'->>'snapshot' AS mark
FROM (SELECT cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true) AS e) AS s;
FETCH 1 FROM c;
INSERT INTO snap_a.three VALUES (4, 'd', 'delta');
-- a decoding session in the same backend meanwhile leaves the cursor intact
SELECT count(*) > 0 AS decoded FROM pg_logical_slot_peek_changes('snap', NULL, NULL);
FETCH 5 FROM c;
FETCH 1 FROM c;
DECLARE d CURSOR FOR
SELECT cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true)::jsonb->'after' AS after;
FETCH 1 FROM d;
COMMIT;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT e::jsonb->'after' AS after
FROM (SELECT cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true) AS e LIMIT 1) AS s;
SELECT e::jsonb->'after' AS after
FROM cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true) AS e LIMIT 1;
SELECT count(*) AS events
FROM (SELECT cdc_snapshot_rows(t, :'snap_lsn', false, false)
      FROM cdc_snapshot_tables('schema.include.list', 'snap_.*') AS t) AS s;
COMMIT;

-- Refused: outside a REPEATABLE READ transaction
SELECT cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true);
BEGIN ISOLATION LEVEL READ COMMITTED;
SELECT cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true);
ROLLBACK;

-- Refused: a table the options exclude, a system table, a partitioned
-- parent, a view
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true,
                         'table.exclude.list', 'snap_a\.three');
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_snapshot_rows('pg_class', :'snap_lsn', true, true);
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_snapshot_rows('snap_b.parted', :'snap_lsn', true, true);
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_snapshot_rows('snap_b.view', :'snap_lsn', true, true);
ROLLBACK;

-- Bad options fail with the message they get at a slot's start
SELECT data FROM pg_logical_slot_peek_changes('snap', NULL, NULL, 'record.mode', 'both');
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true, 'record.mode', 'both');
ROLLBACK;
SELECT * FROM cdc_snapshot_tables('record.mode', 'both');
SELECT * FROM cdc_snapshot_tables('no.such.option', 'x');
SELECT * FROM cdc_snapshot_tables('table.include.list', 'snap_a\.(');
SELECT * FROM cdc_snapshot_tables('table.include.list', 'x', 'table.exclude.list', 'y');
SELECT * FROM cdc_snapshot_tables('record.mode');
SELECT * FROM cdc_snapshot_tables(VARIADIC NULL);
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_snapshot_rows(NULL, :'snap_lsn', true, true);
ROLLBACK;

-- The caller must be able to read every row: SELECT privilege, and no row
-- level security in force for it
CREATE ROLE regress_snap_reader;
GRANT USAGE ON SCHEMA snap_a TO regress_snap_reader;
CREATE TABLE snap_a.guarded (id int PRIMARY KEY, owner name);
INSERT INTO snap_a.guarded VALUES (1, 'someone');
ALTER TABLE snap_a.guarded ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON snap_a.guarded USING (owner = current_user);
GRANT SELECT ON snap_a.guarded TO regress_snap_reader;
SET ROLE regress_snap_reader;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_snapshot_rows('snap_a.three', :'snap_lsn', true, true);
ROLLBACK;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT cdc_snapshot_rows('snap_a.guarded', :'snap_lsn', true, true);
ROLLBACK;
RESET ROLE;
-- the owner (here a superuser) reads it whole
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT e::jsonb->'after' AS after
FROM cdc_snapshot_rows('snap_a.guarded', :'snap_lsn', true, true) AS e;
COMMIT;

SET client_min_messages = warning;
DROP FUNCTION snap_same_as_stream(regclass, text[]);
DROP SCHEMA snap_a CASCADE;
DROP SCHEMA snap_b CASCADE;
DROP ROLE regress_snap_reader;
RESET client_min_messages;
SELECT pg_drop_replication_slot('snap');
