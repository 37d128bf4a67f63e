-- types_numeric: bool, integers, floats and numeric at their edges, under
-- default options (debezium-format.md §3.4, §4.1, §4.2, §4.7).
SET extra_float_digits = 0;
CREATE TABLE tn (id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, o oid);
SELECT 'init' FROM pg_create_logical_replication_slot('tn', 'cdc_plugin');
INSERT INTO tn VALUES
    (1, true, -32768, -2147483648, -9223372036854775808, 0),
    (2, false, 32767, 2147483647, 9223372036854775807, 4294967295),
    (3, NULL, 0, -1, 4000000000, NULL);
SELECT * FROM cdc_get('tn');

-- floats: Java's Float/Double.toString (shortest round trip, "1.0E10" form
-- outside [1e-3, 1e7)); NaN and infinities as strings
CREATE TABLE tf (id int PRIMARY KEY, f4 float4, f8 float8);
INSERT INTO tf VALUES
    (1, 3.3, 4.44),
    (2, 3.4028235e38, 1.7976931348623157e308),
    (3, -1.4e-45, 4.9e-324),
    (4, 'NaN', 'NaN'),
    (5, 'Infinity', '-Infinity'),
    (6, '-0', 0),
    (7, 1e7, 9999999.999),
    (8, 0.001, 0.0009999),
    (9, 100, -1e10),
    (10, 1.17549435e-38, 2.2250738585072014e-308),
    (11, NULL, NULL);
SELECT * FROM cdc_get('tn');

-- numeric(p,s): Base64 of the unscaled two's-complement bytes at scale s;
-- numeric without typmod: {"scale","value"} with trailing zeros stripped;
-- NaN cannot be represented and is written as null
CREATE TABLE tnum (id int PRIMARY KEY, n52 numeric(5,2), n10 numeric(10), nv numeric);
INSERT INTO tnum VALUES
    (1, 1.1, 1, 10.1111),
    (2, -999.99, -9999999999, -12345.678900),
    (3, 999.99, 9999999999, 22.2222),
    (4, 0, 0, 0.00),
    (5, 1.28, 128, 100),
    (6, -0.15, -1, 1.50),
    (7, 'NaN', 'NaN', 'NaN'),
    (8, NULL, NULL, 'Infinity'),
    (9, 0.01, 5, 0.000001),
    (10, NULL, NULL, -1e-20),
    (11, NULL, NULL, 1e20);
SELECT * FROM cdc_get('tn');

-- a numeric of 1000 digits
CREATE TABLE tbig (id int PRIMARY KEY, nv numeric);
INSERT INTO tbig VALUES (1, ('9' || repeat('0', 999))::numeric), (2, -(repeat('9', 500) || '.' || repeat('9', 500))::numeric);
SELECT length(data::jsonb->'after'->'nv'->>'value') AS b64_len, data::jsonb->'after'->'nv'->'scale' AS scale
FROM pg_logical_slot_get_changes('tn', NULL, NULL);

SELECT pg_drop_replication_slot('tn');
DROP TABLE tn, tf, tnum, tbig;
