-- session_settings: the output depends only on the data and the plugin's
-- options; the decoding session's DateStyle, IntervalStyle, TimeZone,
-- bytea_output, extra_float_digits and lc_monetary change nothing, for
-- every type with a text form.
CREATE EXTENSION hstore;
CREATE TABLE ss (
    id int PRIMARY KEY, f4 float4, f8 float8, n numeric(10,3), nv numeric, m money,
    d date, t time, tz timetz, ts timestamp, tstz timestamptz, i interval,
    b bytea, ba bytea[], u uuid, j json, jb jsonb, x xml,
    ip inet, mac macaddr, r4 int4range, rn numrange, rts tsrange, rtz tstzrange, rd daterange,
    p point, bx box, tv tsvector, h hstore, tsa timestamptz[], da date[], fa float8[]
);
SELECT 'init' FROM pg_create_logical_replication_slot('ss', 'cdc_plugin');
INSERT INTO ss VALUES
    (1, 3.3, 0.1, 1234.5, 22.2222, 1234.56,
     '2016-11-04', '13:51:30.123456', '13:51:30.123789+02', '2016-11-04 13:51:30.123456',
     '2016-11-04 13:51:30.123456+02', '1 year 2 months 3 days 04:05:06.78',
     '\x0102fe', ARRAY['\x01'::bytea], 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1.10}',
     '{"a": 1.10}', '<a>1</a>', '10.0.0.1/8', '08:00:2b:01:02:03', '[1,6]', '(0.1,2.5]',
     '["2019-03-31 15:30:00",infinity)', '[2017-06-05 11:29:12.549426+00,)',
     '[2019-03-31,2019-04-30)', '(0.1,1e10)', '(0.1,0.2),(0.3,0.4)', 'a b', 'k=>v',
     '{"2016-11-04 13:51:30.123456+02"}', '{2016-11-04}', '{0.1}');

CREATE TEMP TABLE baseline AS
SELECT row_number() OVER () AS n, cdc_mask(data) AS doc
FROM pg_logical_slot_peek_changes('ss', NULL, NULL, 'include.unknown.datatypes', 'true');
SELECT doc FROM baseline;

SET DateStyle = 'SQL, DMY';
SET IntervalStyle = 'sql_standard';
SET TimeZone = 'Asia/Kathmandu';
SET bytea_output = 'escape';
SET extra_float_digits = -15;
SET lc_monetary = 'C';
SELECT count(*) AS same_documents
FROM (SELECT row_number() OVER () AS n, cdc_mask(data) AS doc
      FROM pg_logical_slot_peek_changes('ss', NULL, NULL, 'include.unknown.datatypes', 'true')) AS now
JOIN baseline USING (n, doc);
RESET ALL;

SELECT pg_drop_replication_slot('ss');
DROP TABLE ss;
DROP EXTENSION hstore;
