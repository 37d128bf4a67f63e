-- slot_creation: a cdc_plugin slot made by SQL and by the replication
-- protocol's CREATE_REPLICATION_SLOT, each then decoding a change.
CREATE TABLE slot_t (id int PRIMARY KEY, v text);

SELECT slot_name FROM pg_create_logical_replication_slot('by_sql', 'cdc_plugin');

\c "dbname=contrib_regression replication=database"
CREATE_REPLICATION_SLOT by_protocol LOGICAL cdc_plugin (SNAPSHOT 'nothing') \gset
\echo :slot_name :output_plugin
\c contrib_regression

SELECT slot_name, plugin, slot_type, database FROM pg_replication_slots
WHERE database = current_database() ORDER BY slot_name;

INSERT INTO slot_t VALUES (1, 'one');
SELECT * FROM cdc_get('by_sql');
SELECT * FROM cdc_get('by_protocol');

SELECT pg_drop_replication_slot('by_sql');
SELECT pg_drop_replication_slot('by_protocol');
DROP TABLE slot_t;
