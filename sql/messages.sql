-- messages: pg_logical_emit_message as Debezium's message record
-- (op "m", source with empty schema and table, message prefix and content),
-- transactional or not, filtered by prefix (debezium-format.md §7.2).
CREATE TABLE msg_t (id int PRIMARY KEY);
SELECT 'init' FROM pg_create_logical_replication_slot('msg', 'cdc_plugin');
BEGIN;
INSERT INTO msg_t VALUES (1);
SELECT 'emitted' FROM pg_logical_emit_message(true, 'foo', 'bar');
SELECT 'emitted' FROM pg_logical_emit_message(true, 'skip.me', '\x00ff'::bytea);
COMMIT;
SELECT 'emitted' FROM pg_logical_emit_message(false, 'foo', 'not in a transaction');
-- a non-transactional message is flushed only by a later WAL flush
CHECKPOINT;
SELECT * FROM cdc_get_peek('msg');
-- the non-transactional one has no transaction id and the current time
SELECT data::jsonb->'source'->'txId' AS txid,
       (data::jsonb->'source'->>'ts_ms')::bigint >= (data::jsonb->>'ts_ms')::bigint - 60000 AS recent
FROM pg_logical_slot_peek_changes('msg', NULL, NULL)
WHERE data::jsonb->'message'->>'content' = encode('not in a transaction', 'base64');
SELECT * FROM cdc_get_peek('msg', 'message.prefix.include.list', 'f.*', 'record.mode', 'record',
                           'binary.handling.mode', 'hex');
SELECT * FROM cdc_get_peek('msg', 'message.prefix.exclude.list', 'skip\..*', 'binary.handling.mode', 'base64-url-safe');
SELECT * FROM cdc_get_peek('msg', 'message.prefix.include.list', 'foo', 'schemas.enable', 'true',
                           'record.mode', 'record');
SELECT * FROM cdc_get_peek('msg', 'message.prefix.exclude.list', '(');
SELECT count(*) FROM pg_logical_slot_get_changes('msg', NULL, NULL);
SELECT pg_drop_replication_slot('msg');
DROP TABLE msg_t;
