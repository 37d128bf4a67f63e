-- origin: changes replicated in under a replication origin carry its name
-- and LSN in source.origin/origin_lsn; origin=none leaves them out, as
-- pgoutput's origin=none.
CREATE TABLE or_t (id int PRIMARY KEY);
SELECT 'init' FROM pg_create_logical_replication_slot('orig', 'cdc_plugin');
SELECT 'created' FROM pg_replication_origin_create('upstream');
INSERT INTO or_t VALUES (1);
SELECT 'set up' FROM pg_replication_origin_session_setup('upstream');
BEGIN;
SELECT 'xact' FROM pg_replication_origin_xact_setup('0/ABCDEF', now());
INSERT INTO or_t VALUES (2);
COMMIT;
SELECT 'reset' FROM pg_replication_origin_session_reset();
INSERT INTO or_t VALUES (3);
SELECT data::jsonb->'after'->>'id' AS id, data::jsonb->'source'->'origin' AS origin,
       data::jsonb->'source'->'origin_lsn' AS origin_lsn
FROM pg_logical_slot_peek_changes('orig', NULL, NULL);
SELECT data::jsonb->'after'->>'id' AS id
FROM pg_logical_slot_peek_changes('orig', NULL, NULL, 'origin', 'none');
SELECT count(*) FROM pg_logical_slot_get_changes('orig', NULL, NULL, 'origin', 'any');
SELECT pg_replication_origin_drop('upstream');
SELECT pg_drop_replication_slot('orig');
DROP TABLE or_t;
