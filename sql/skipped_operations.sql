-- skipped_operations: skipped.operations leaves out the named operations
-- (c, u, d, t; "none" for none), their tombstones too.
CREATE TABLE so_t (id int PRIMARY KEY, v text);
SELECT 'init' FROM pg_create_logical_replication_slot('so', 'cdc_plugin');
INSERT INTO so_t VALUES (1, 'a');
UPDATE so_t SET v = 'b';
DELETE FROM so_t;
SELECT data::jsonb->'value'->>'op' AS op, jsonb_typeof(data::jsonb->'value') = 'null' AS tombstone
FROM pg_logical_slot_peek_changes('so', NULL, NULL, 'skipped.operations', 'none', 'record.mode', 'record');
SELECT data::jsonb->>'op' AS op FROM pg_logical_slot_peek_changes('so', NULL, NULL, 'skipped.operations', 'c,u');
SELECT data::jsonb->>'op' AS op FROM pg_logical_slot_peek_changes('so', NULL, NULL, 'skipped.operations', 'd');
SELECT count(*) FROM pg_logical_slot_peek_changes('so', NULL, NULL, 'skipped.operations', 'c,u,d',
                                                  'record.mode', 'record');
SELECT * FROM pg_logical_slot_peek_changes('so', NULL, NULL, 'skipped.operations', 'x');
SELECT count(*) FROM pg_logical_slot_get_changes('so', NULL, NULL);
SELECT pg_drop_replication_slot('so');
DROP TABLE so_t;
