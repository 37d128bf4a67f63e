-- debezium_vectors: the tables, statements and expected values of
-- Debezium's own tests (AbstractRecordsProducerTest, RecordsStreamProducerIT,
-- PostgresDefaultValueConverterIT), so the plugin is held to what Debezium
-- asserts.
SELECT 'init' FROM pg_create_logical_replication_slot('dbz', 'cdc_plugin');

CREATE TABLE numeric_table (pk SERIAL, si SMALLINT, i INTEGER, bi BIGINT, r REAL, db DOUBLE PRECISION,
  r_int REAL, db_int DOUBLE PRECISION, r_nan REAL, db_nan DOUBLE PRECISION, r_pinf REAL, db_pinf DOUBLE PRECISION,
  r_ninf REAL, db_ninf DOUBLE PRECISION, ss SMALLSERIAL, bs BIGSERIAL, b BOOLEAN, o OID, PRIMARY KEY(pk));
INSERT INTO numeric_table (si, i, bi, r, db, r_int, db_int, r_nan, db_nan, r_pinf, db_pinf, r_ninf, db_ninf, ss, bs, b, o)
VALUES (1, 123456, 1234567890123, 3.3, 4.44, 3, 4, 'NaN', 'NaN', 'Infinity', 'Infinity', '-Infinity', '-Infinity', 1, 123, true, 4000000000);
SELECT * FROM cdc_get('dbz');

CREATE TABLE numeric_decimal_table (pk SERIAL,
  d DECIMAL(3,2), dzs DECIMAL(4), dvs DECIMAL, d_nn DECIMAL(3,2) NOT NULL, n NUMERIC(6,4), nzs NUMERIC(4), nvs NUMERIC,
  d_int DECIMAL(3,2), dzs_int DECIMAL(4), dvs_int DECIMAL, n_int NUMERIC(6,4), nzs_int NUMERIC(4), nvs_int NUMERIC,
  d_nan DECIMAL(3,2), dzs_nan DECIMAL(4), dvs_nan DECIMAL, n_nan NUMERIC(6,4), nzs_nan NUMERIC(4), nvs_nan NUMERIC, PRIMARY KEY(pk));
INSERT INTO numeric_decimal_table (d, dzs, dvs, d_nn, n, nzs, nvs, d_int, dzs_int, dvs_int, n_int, nzs_int, nvs_int,
  d_nan, dzs_nan, dvs_nan, n_nan, nzs_nan, nvs_nan)
VALUES (1.1, 10.11, 10.1111, 3.30, 22.22, 22.2, 22.2222, 1, 10, 10, 22, 22, 22, null, null, null, null, null, null);
INSERT INTO numeric_decimal_table (d, dzs, dvs, d_nn, n, nzs, nvs, d_int, dzs_int, dvs_int, n_int, nzs_int, nvs_int,
  d_nan, dzs_nan, dvs_nan, n_nan, nzs_nan, nvs_nan)
VALUES (1.1, 10.11, 10.1111, 3.30, 22.22, 22.2, 22.2222, 1, 10, 10, 22, 22, 22, 'NaN', 'NaN', 'Infinity', 'NaN', 'NaN', '-Infinity');
SELECT * FROM cdc_get_peek('dbz');
SELECT * FROM cdc_get_peek('dbz', 'decimal.handling.mode', 'string');
SELECT * FROM cdc_get('dbz', 'decimal.handling.mode', 'double');

SET lc_monetary = 'C';
CREATE TABLE cash_table (pk SERIAL, csh MONEY, PRIMARY KEY(pk));
INSERT INTO cash_table (csh) VALUES ('$1234.11'), ('($1234.11)'), (NULL);
SELECT * FROM cdc_get('dbz');

CREATE EXTENSION citext;
CREATE TABLE string_table (pk SERIAL, vc VARCHAR(2), vcv CHARACTER VARYING(2), ch CHARACTER(4), c CHAR(3), t TEXT,
  b BYTEA, bnn BYTEA NOT NULL, ct CITEXT, PRIMARY KEY(pk));
INSERT INTO string_table (vc, vcv, ch, c, t, b, bnn, ct)
VALUES ('žš', 'bb', 'cdef', 'abc', 'some text', E'\\000\\001\\002'::bytea, E'\\003\\004\\005'::bytea, 'Hello World');
SELECT * FROM cdc_get('dbz');

CREATE TABLE bytea_binmode_table (pk SERIAL, ba BYTEA, bytea_array BYTEA[], PRIMARY KEY(pk));
INSERT INTO bytea_binmode_table (ba, bytea_array)
VALUES (E'\\001\\002\\003'::bytea, array[E'\\000\\001\\002'::bytea, E'\\003\\004\\005'::bytea]);
SELECT * FROM cdc_get_peek('dbz', 'binary.handling.mode', 'hex');
SELECT * FROM cdc_get('dbz', 'binary.handling.mode', 'base64-url-safe');

CREATE TABLE bitbin_table (pk SERIAL, ba BYTEA, bol BIT(1), bol2 BIT, bs BIT(2), bs7 BIT(7), bv1 BIT VARYING(1), bv BIT VARYING(2),
  bv2 BIT VARYING(24), bvl BIT VARYING(64), bvunlimited1 BIT VARYING, bvunlimited2 BIT VARYING, PRIMARY KEY(pk));
INSERT INTO bitbin_table (ba, bol, bol2, bs, bs7, bv1, bv, bv2, bvl, bvunlimited1, bvunlimited2)
VALUES (E'\\001\\002\\003'::bytea, '0'::bit(1), '1'::bit(1), '11'::bit(2), '1'::bit(7), '1'::bit varying(1), '00'::bit(2),
 '000000110000001000000001'::bit(24), '1000000000000000000000000000000000000000000000000000000000000000'::bit(64), '101',
 '111011010001000110000001000000001');
SELECT * FROM cdc_get('dbz');

CREATE TABLE text_table (pk SERIAL, j JSON, jb JSONB, x XML, u Uuid, PRIMARY KEY(pk));
INSERT INTO text_table(j, jb, x, u) VALUES ('{"bar": "baz"}'::json, '{"bar": "baz"}'::jsonb,
  '<foo>bar</foo><foo>bar</foo>'::xml, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID);
SELECT * FROM cdc_get('dbz');

CREATE TABLE time_table (pk SERIAL, ts TIMESTAMP, tsneg TIMESTAMP(6) WITHOUT TIME ZONE, ts_ms TIMESTAMP(3), ts_us TIMESTAMP(6),
  tz TIMESTAMPTZ, date DATE, date_pinf DATE, date_ninf DATE, ti TIME, tip TIME(3), ttf TIME,
  ttz TIME WITH TIME ZONE, tptz TIME(3) WITH TIME ZONE, it INTERVAL, tsp TIMESTAMP (0) WITH TIME ZONE,
  ts_large TIMESTAMP, ts_large_us TIMESTAMP(6), ts_large_ms TIMESTAMP(3), tz_large TIMESTAMPTZ,
  ts_max TIMESTAMP(6), ts_min TIMESTAMP(6), tz_max TIMESTAMPTZ, tz_min TIMESTAMPTZ,
  ts_pinf TIMESTAMP(6), ts_ninf TIMESTAMP(6), tz_pinf TIMESTAMPTZ, tz_ninf TIMESTAMPTZ, tz_zero TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY(pk));
INSERT INTO time_table(ts, tsneg, ts_ms, ts_us, tz, date, date_pinf, date_ninf, ti, tip, ttf, ttz, tptz, it, ts_large, ts_large_us,
  ts_large_ms, tz_large, ts_max, ts_min, tz_max, tz_min, ts_pinf, ts_ninf, tz_pinf, tz_ninf, tz_zero)
VALUES ('2016-11-04T13:51:30.123456'::TIMESTAMP, '1936-10-25T22:10:12.608'::TIMESTAMP, '2016-11-04T13:51:30.123456'::TIMESTAMP,
  '2016-11-04T13:51:30.123456'::TIMESTAMP, '2016-11-04T13:51:30.123456+02:00'::TIMESTAMPTZ, '2016-11-04'::DATE, 'infinity'::DATE,
  '-infinity'::DATE, '13:51:30'::TIME, '13:51:30.123'::TIME, '24:00:00'::TIME, '13:51:30.123789+02:00'::TIMETZ,
  '13:51:30.123+02:00'::TIMETZ, 'P1Y2M3DT4H5M6.78S'::INTERVAL, '21016-11-04T13:51:30.123456'::TIMESTAMP,
  '21016-11-04T13:51:30.123457'::TIMESTAMP, '21016-11-04T13:51:30.124'::TIMESTAMP, '21016-11-04T13:51:30.123456+07:00'::TIMESTAMPTZ,
  '294247-01-01T23:59:59.999999'::TIMESTAMP, '4713-12-31T23:59:59.999999 BC'::TIMESTAMP, '294247-01-01T23:59:59.999999+00:00'::TIMESTAMPTZ,
  '4714-12-31T23:59:59.999999Z BC'::TIMESTAMPTZ, 'infinity'::TIMESTAMP, '-infinity'::TIMESTAMP, 'infinity'::TIMESTAMPTZ,
  '-infinity'::TIMESTAMPTZ, '21016-11-04T13:51:30.000000+07:00'::TIMESTAMPTZ);
SELECT * FROM cdc_get_peek('dbz');
SELECT * FROM cdc_get('dbz', 'interval.handling.mode', 'string');

CREATE TABLE time_array_table (pk SERIAL, timea time[] NOT NULL, timetza timetz[] NOT NULL, timestampa timestamp[] NOT NULL,
  timestamptza timestamptz[] NOT NULL, primary key(pk));
INSERT INTO time_array_table (timea, timetza, timestampa, timestamptza)
VALUES ('{00:01:02,01:02:03}', '{13:51:02+0200,14:51:03+0200}', '{2020-04-01 00:01:02,2020-04-01 01:02:03}',
        '{2020-04-01 13:51:02+02,2020-04-01 14:51:03+02}');
SELECT * FROM cdc_get('dbz');

-- schema defaults (PostgresDefaultValueConverterIT): shown through the key-only
-- before of a delete and the schema of the value
CREATE SCHEMA s1;
CREATE TABLE s1.a (pk SERIAL, dint integer DEFAULT NULL::integer, dvc1 varchar(64) DEFAULT NULL::character varying,
  dvc2 varchar(64) DEFAULT 'NULL', dvc3 varchar(64) DEFAULT 'MYVALUE', dvc4 varchar(64) DEFAULT 'NULL'::character varying,
  dvc5 varchar(64) DEFAULT 'NULL::character varying', dvc6 varchar(64) DEFAULT NULL,
  dt1 timestamp DEFAULT CURRENT_TIMESTAMP, dt2 date DEFAULT CURRENT_DATE, dt3 time DEFAULT CURRENT_TIME, PRIMARY KEY(pk));
INSERT INTO s1.a (pk) VALUES (1);
DELETE FROM s1.a;
SELECT data::jsonb->'payload'->'before' AS before,
       jsonb_path_query_array(data::jsonb->'schema'->'fields'->0->'fields', '$[*] ? (exists(@.default))') AS defaults
FROM pg_logical_slot_peek_changes('dbz', NULL, NULL, 'schemas.enable', 'true')
WHERE data::jsonb->'payload'->>'op' = 'd';
SELECT count(*) FROM pg_logical_slot_get_changes('dbz', NULL, NULL);
CREATE TYPE s1."Status" AS ENUM ('DRAFT', 'DONE');
CREATE TABLE s1.b (id int PRIMARY KEY, cost numeric(12,0) NOT NULL DEFAULT 0.0, u uuid DEFAULT gen_random_uuid() NOT NULL,
  status s1."Status" NOT NULL DEFAULT 'DRAFT',
  time_limit INTERVAL DEFAULT '60 days'::INTERVAL NOT NULL, title VARCHAR(512) NOT NULL);
INSERT INTO s1.b (id, title) VALUES (1, 'Foo');
DELETE FROM s1.b;
SELECT data::jsonb->'payload'->'before' AS before,
       jsonb_path_query_array(data::jsonb->'schema'->'fields'->0->'fields', '$[*] ? (exists(@.default))') AS defaults
FROM pg_logical_slot_peek_changes('dbz', NULL, NULL, 'schemas.enable', 'true')
WHERE data::jsonb->'payload'->>'op' = 'd';

RESET lc_monetary;
SELECT pg_drop_replication_slot('dbz');
DROP TABLE numeric_table, numeric_decimal_table, cash_table, string_table, bytea_binmode_table, bitbin_table,
  text_table, time_table, time_array_table;
DROP SCHEMA s1 CASCADE;
DROP EXTENSION citext;
