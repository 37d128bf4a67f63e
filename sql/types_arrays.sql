-- types_arrays: one-dimensional arrays of each supported element type, with
-- NULL elements; arrays Debezium has no schema for are left out
-- (debezium-format.md §4.1).
CREATE TYPE color AS ENUM ('red', 'green');
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE TABLE ta (
    id int PRIMARY KEY,
    i2 int2[], i4 int4[], i8 int8[], f4 float4[], f8 float8[], bo bool[],
    n52 numeric(5,2)[], nv numeric[], t text[], vc varchar(3)[], bp char(2)[],
    d date[], tm time[], ttz timetz[], ts timestamp[], tstz timestamptz[],
    u uuid[], j json[], jb jsonb[], ip inet[], r int4range[], col color[],
    -- left out: no Debezium schema for these element types, or domains
    m money[], iv interval[], x xml[], pt point[], dom posint[]
);
SELECT 'init' FROM pg_create_logical_replication_slot('ta', 'cdc_plugin');
INSERT INTO ta VALUES
    (1, '{1,NULL,-32768}', '{1,2,3}', '{9223372036854775807}', '{1.5,NaN}', '{4.44,-Infinity}',
     '{t,f,NULL}', '{1.1,NULL}', '{22.2222,NaN}', '{"a","b,c","","\"q\""}', '{abc}', '{a}',
     '{2016-11-04,infinity}', '{13:51:30.123456}', '{13:51:30.123789+02}',
     '{"2016-11-04 13:51:30.123456"}', '{"2016-11-04 13:51:30.123456+02"}',
     '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', ARRAY['{"a": 1}'::json], ARRAY['{"b":2, "a":1}'::jsonb],
     '{192.168.1.1}', '{"[1,6]"}', '{red,green}',
     '{1.5}', '{1 day}', ARRAY['<a/>'::xml], '{"(1,2)"}', '{1}'),
    (2, '{}', NULL, '{NULL}', NULL, NULL, NULL, NULL, NULL, '{NULL}', NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}', NULL, NULL, NULL, NULL, NULL),
    (3, '{{1,2},{3,4}}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM cdc_get('ta');
SELECT pg_drop_replication_slot('ta');
DROP TABLE ta;
DROP TYPE color;
DROP DOMAIN posint;
