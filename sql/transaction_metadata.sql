-- transaction_metadata: provide.transaction.metadata=true adds BEGIN and END
-- records and each event's transaction block, with Debezium's ids and
-- counters; tombstones and skipped operations are not counted
-- (debezium-format.md §6).
CREATE TABLE tm_a (id int PRIMARY KEY, v text);
CREATE TABLE tm_b (id int PRIMARY KEY);
SELECT 'init' FROM pg_create_logical_replication_slot('txm', 'cdc_plugin');
BEGIN;
INSERT INTO tm_a VALUES (1, 'x');
INSERT INTO tm_b VALUES (1);
SAVEPOINT s;
INSERT INTO tm_b VALUES (2);
ROLLBACK TO SAVEPOINT s;
INSERT INTO tm_a VALUES (2, 'y');
UPDATE tm_a SET id = 3 WHERE id = 2;
DELETE FROM tm_b;
COMMIT;
-- a transaction with nothing decodable has no BEGIN or END
BEGIN;
CREATE TABLE tm_ddl (x int);
COMMIT;
SELECT * FROM cdc_get_peek('txm', 'provide.transaction.metadata', 'true');
SELECT * FROM cdc_get_peek('txm', 'provide.transaction.metadata', 'true', 'record.mode', 'record',
                           'topic.transaction', 'tx', 'skipped.operations', 'd');
-- the ids: "<xid>:<lsn>", BEGIN at the first event's LSN, each event at its
-- own, END at the commit's end; the xid part is the same for all
WITH docs AS (
    SELECT row_number() OVER () AS n, lsn, xid, data::jsonb AS doc
    FROM pg_logical_slot_peek_changes('txm', NULL, NULL, 'provide.transaction.metadata', 'true'))
SELECT n,
       coalesce(doc->>'status', doc->>'op') AS kind,
       split_part(coalesce(doc->>'id', doc->'transaction'->>'id'), ':', 1) = xid::text AS xid_part,
       split_part(coalesce(doc->>'id', doc->'transaction'->>'id'), ':', 2)::numeric = (lsn - '0/0') AS lsn_part
FROM docs ORDER BY n;
SELECT * FROM cdc_get_peek('txm', 'provide.transaction.metadata', 'true', 'schemas.enable', 'true',
                           'record.mode', 'record') LIMIT 1;
SELECT count(*) FROM pg_logical_slot_get_changes('txm', NULL, NULL);
SELECT pg_drop_replication_slot('txm');
DROP TABLE tm_a, tm_b, tm_ddl;
