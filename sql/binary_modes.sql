-- binary_modes: bytea (and bytea[]) under every binary.handling.mode
-- (debezium-format.md §4.4).
CREATE TABLE bm (id int PRIMARY KEY, b bytea, ba bytea[]);
SELECT 'init' FROM pg_create_logical_replication_slot('bm', 'cdc_plugin');
INSERT INTO bm VALUES
    (1, '\x010203', ARRAY['\x01'::bytea, NULL, '\xfbff']),
    (2, '\xfbff', '{}'),
    (3, '', NULL),
    (4, NULL, NULL);
SELECT * FROM cdc_get_peek('bm', 'binary.handling.mode', 'bytes');
SELECT * FROM cdc_get_peek('bm', 'binary.handling.mode', 'base64');
SELECT * FROM cdc_get_peek('bm', 'binary.handling.mode', 'base64-url-safe');
SELECT * FROM cdc_get_peek('bm', 'binary.handling.mode', 'hex');
SELECT pg_drop_replication_slot('bm');
DROP TABLE bm;
