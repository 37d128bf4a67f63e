-- types_contrib: hstore (json and map modes), citext and ltree, found by
-- name at run time (debezium-format.md §4.1, §4.5).
CREATE EXTENSION hstore;
CREATE EXTENSION citext;
CREATE EXTENSION ltree;
CREATE TABLE tc (id int PRIMARY KEY, h hstore, ha hstore[], ci citext, cia citext[], lt ltree,
                 lta ltree[]);
SELECT 'init' FROM pg_create_logical_replication_slot('tc', 'cdc_plugin');
INSERT INTO tc VALUES
    (1, 'key => val, "with space" => "quote\"d", nullv => NULL', ARRAY['a=>1'::hstore],
     'Hello World', '{A,b}', 'Top.Collections.Pictures', '{a.b,c}'),
    (2, '', '{}', '', '{}', '', '{}'),
    (3, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM cdc_get_peek('tc');
SELECT * FROM cdc_get_peek('tc', 'hstore.handling.mode', 'map');
SELECT pg_drop_replication_slot('tc');
DROP TABLE tc;
DROP EXTENSION hstore, citext, ltree;
