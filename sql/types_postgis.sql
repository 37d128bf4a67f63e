-- types_postgis: PostGIS geometry and geography (and their arrays) as
-- Debezium's Geometry/Geography structs: the EWKB bytes and the SRID
-- (debezium-format.md §4.1).  Without PostGIS the file stops at once
-- (types_postgis_1.out).
SELECT NOT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'postgis') AS no_postgis \gset
\if :no_postgis
\quit
\endif
CREATE EXTENSION postgis;
CREATE TABLE tg (id int PRIMARY KEY, g geometry, gs geometry(Point, 3187), gg geography,
                 ga geometry[], nn geometry NOT NULL);
SELECT 'init' FROM pg_create_logical_replication_slot('tg', 'cdc_plugin');
INSERT INTO tg VALUES
    (1, 'POINT(1 1)', 'SRID=3187;POINT(174.9479 -36.7208)', 'SRID=4326;POINT(-73.98 40.75)',
     ARRAY['POINT(0 0)'::geometry, NULL], 'LINESTRING(0 0, 1 1)'),
    (2, NULL, NULL, NULL, NULL, 'GEOMETRYCOLLECTION EMPTY');
SELECT * FROM cdc_get_peek('tg');
SELECT * FROM cdc_get('tg', 'schemas.enable', 'true');
SELECT pg_drop_replication_slot('tg');
DROP TABLE tg;
DROP EXTENSION postgis;
