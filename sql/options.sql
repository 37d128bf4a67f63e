-- options: every bad option fails at slot start with its name, the value
-- given and what is allowed; the slot stays usable with good options.
\set VERBOSITY default
CREATE TABLE opt_t (id int PRIMARY KEY);
SELECT 'init' FROM pg_create_logical_replication_slot('opts', 'cdc_plugin');
INSERT INTO opt_t VALUES (1);

-- unknown names
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'no.such.option', 'x');
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'include-xids', '1');
-- malformed values
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'record.mode', 'values');
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'record.mode', '');
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'pretty.print', 'maybe');
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'tombstones.on.delete', '2');
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'replace.null.with.default', '');
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'topic.prefix', '');
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'topic.prefix', 'has space');
-- duplicates, even with the same value
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'record.mode', 'value', 'record.mode', 'record');
SELECT * FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'pretty.print', 'on', 'pretty.print', 'on');
\set VERBOSITY terse

-- boolean spellings (an option without a value, which SQL cannot pass,
-- is covered by the unit tests and the pg_recvlogical test)
SELECT count(*) FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'pretty.print', 'TRUE');
SELECT count(*) FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'pretty.print', 'off', 'tombstones.on.delete', 'Yes', 'replace.null.with.default', 'on');
SELECT count(*) FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'pretty.print', 'FALSE', 'tombstones.on.delete', 'no', 'replace.null.with.default', '0');
SELECT count(*) FROM pg_logical_slot_peek_changes('opts', NULL, NULL, 'tombstones.on.delete', '1', 'replace.null.with.default', 'false');

-- nothing was consumed by the failures
SELECT * FROM cdc_get('opts', 'topic.prefix', 'my-server_1.x');
SELECT pg_drop_replication_slot('opts');
DROP TABLE opt_t;
