-- two_phase: with two.phase=true on a slot created with two-phase enabled,
-- a prepared transaction's events go out at PREPARE TRANSACTION, followed by
-- a PREPARE record; COMMIT PREPARED and ROLLBACK PREPARED each give a record
-- of their own.  Without the option it is decoded at COMMIT PREPARED, as an
-- ordinary transaction (what Debezium sees).
CREATE TABLE tp_t (id int PRIMARY KEY);
SELECT 'init' FROM pg_create_logical_replication_slot('tp', 'cdc_plugin', false, true);
BEGIN;
INSERT INTO tp_t VALUES (1);
PREPARE TRANSACTION 'first';
SELECT coalesce(data::jsonb->>'status', data::jsonb->>'op') AS record,
       data::jsonb->'event_count' AS events
FROM pg_logical_slot_get_changes('tp', NULL, NULL, 'two.phase', 'true');
COMMIT PREPARED 'first';
BEGIN;
INSERT INTO tp_t VALUES (2);
PREPARE TRANSACTION 'second';
ROLLBACK PREPARED 'second';
SELECT coalesce(data::jsonb->>'status', data::jsonb->>'op') AS record,
       data::jsonb->'event_count' AS events
FROM pg_logical_slot_get_changes('tp', NULL, NULL, 'two.phase', 'true');
-- without the option: nothing at PREPARE, the events at COMMIT PREPARED
BEGIN;
INSERT INTO tp_t VALUES (3);
PREPARE TRANSACTION 'third';
SELECT count(*) FROM pg_logical_slot_peek_changes('tp', NULL, NULL);
COMMIT PREPARED 'third';
SELECT data::jsonb->>'op' AS op, data::jsonb->'after' AS after
FROM pg_logical_slot_get_changes('tp', NULL, NULL);
SELECT pg_drop_replication_slot('tp');
DROP TABLE tp_t;
