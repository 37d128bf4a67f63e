-- truncate: TRUNCATE gives one "t" event per table (CASCADE included, all
-- with the statement's LSN), key null, and only with skipped.operations
-- not naming "t" (its default) (debezium-format.md §7.1).
CREATE TABLE tr_parent (id int PRIMARY KEY);
CREATE TABLE tr_child (id int PRIMARY KEY, parent int REFERENCES tr_parent);
CREATE TABLE tr_other (id int PRIMARY KEY);
SELECT 'init' FROM pg_create_logical_replication_slot('tr', 'cdc_plugin');
INSERT INTO tr_parent VALUES (1);
INSERT INTO tr_child VALUES (1, 1);
TRUNCATE tr_parent, tr_other CASCADE;
-- skipped by default: only the inserts
SELECT * FROM cdc_get_peek('tr');
SELECT * FROM cdc_get_peek('tr', 'skipped.operations', 'none');
SELECT * FROM cdc_get_peek('tr', 'skipped.operations', 'c', 'record.mode', 'record');
-- one LSN for the whole statement
SELECT count(DISTINCT data::jsonb->'source'->>'lsn') AS lsns, count(*) AS events
FROM pg_logical_slot_peek_changes('tr', NULL, NULL, 'skipped.operations', 'c')
WHERE data::jsonb->>'op' = 't';
SELECT count(*) FROM pg_logical_slot_get_changes('tr', NULL, NULL);
SELECT pg_drop_replication_slot('tr');
DROP TABLE tr_child, tr_parent, tr_other;
