-- unknown_types: columns of types Debezium has no mapping for (box, circle,
-- line, lseg, path, polygon, tsquery, pg_lsn, regclass, multiranges) are
-- left out; include.unknown.datatypes=true writes their text as bytes per
-- binary.handling.mode (debezium-format.md §4.5, §4.9).
CREATE TABLE tu (id int PRIMARY KEY, bx box, ci circle, ln line, ls lseg, pa path, pg polygon,
                 q tsquery, l pg_lsn, rc regclass, mr int4multirange, keep text);
SELECT 'init' FROM pg_create_logical_replication_slot('tu', 'cdc_plugin');
INSERT INTO tu VALUES (1, '(1,1),(0,0)', '<(10,20),10>', '{1,2,3}', '[(0,0),(1,1)]',
                       '((0,0),(1,1))', '((0,0),(1,1),(1,0))', 'a & b', '0/16B3748', 'pg_class',
                       '{[1,3)}', 'kept');
SELECT * FROM cdc_get_peek('tu');
SELECT * FROM cdc_get_peek('tu', 'include.unknown.datatypes', 'true');
SELECT * FROM cdc_get_peek('tu', 'include.unknown.datatypes', 'true', 'binary.handling.mode', 'hex');
SELECT pg_drop_replication_slot('tu');
DROP TABLE tu;
