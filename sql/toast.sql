-- toast: an UPDATE that leaves an out-of-line TOAST value untouched does not
-- carry it in the WAL; Debezium shows its placeholder, in the form of the
-- column's type (debezium-format.md §5.2); under REPLICA IDENTITY FULL the
-- old row's value is used.  The plugin never reads the TOAST table.
CREATE TABLE to_t (id int PRIMARY KEY, big text, bin bytea, arr text[], ints int[], n int);
ALTER TABLE to_t ALTER COLUMN big SET STORAGE EXTERNAL, ALTER COLUMN bin SET STORAGE EXTERNAL,
    ALTER COLUMN arr SET STORAGE EXTERNAL, ALTER COLUMN ints SET STORAGE EXTERNAL;
SELECT 'init' FROM pg_create_logical_replication_slot('toast', 'cdc_plugin');
INSERT INTO to_t VALUES (1, repeat('x', 10000), convert_to(repeat('y', 10000), 'UTF8'),
                         ARRAY[repeat('z', 10000)], array_fill(7, ARRAY[3000]), 0);
UPDATE to_t SET n = 1;
SELECT data::jsonb->>'op' AS op, length(data::jsonb->'after'->>'big') AS big,
       length(data::jsonb->'after'->>'bin') AS bin, length(data::jsonb->'after'->'arr'->>0) AS arr,
       jsonb_array_length(data::jsonb->'after'->'ints') AS ints, data::jsonb->'after'->'n' AS n
FROM pg_logical_slot_peek_changes('toast', NULL, NULL) WHERE data::jsonb->>'op' = 'c';
SELECT data::jsonb->'after' AS after
FROM pg_logical_slot_peek_changes('toast', NULL, NULL) WHERE data::jsonb->>'op' = 'u';
SELECT data::jsonb->'after' AS after
FROM pg_logical_slot_peek_changes('toast', NULL, NULL, 'unavailable.value.placeholder', 'hex:3f3f',
                                  'binary.handling.mode', 'hex')
WHERE data::jsonb->>'op' = 'u';
SELECT data::jsonb->'after'->'big' AS big, data::jsonb->'after'->'bin' AS bin
FROM pg_logical_slot_peek_changes('toast', NULL, NULL, 'unavailable.value.placeholder', '<gone>')
WHERE data::jsonb->>'op' = 'u';
SELECT count(*) FROM pg_logical_slot_get_changes('toast', NULL, NULL);
-- FULL: the unchanged value comes from the old row
ALTER TABLE to_t REPLICA IDENTITY FULL;
UPDATE to_t SET n = 2;
SELECT data::jsonb->'after'->>'big' = repeat('x', 10000) AS big_kept,
       decode(data::jsonb->'after'->>'bin', 'base64') = convert_to(repeat('y', 10000), 'UTF8') AS bin_kept,
       data::jsonb->'after'->'n' AS n
FROM pg_logical_slot_get_changes('toast', NULL, NULL);
SELECT pg_drop_replication_slot('toast');
DROP TABLE to_t;
