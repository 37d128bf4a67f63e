-- decimal_modes: numeric and money under decimal.handling.mode (precise,
-- double, string), decimal.format (BASE64, NUMERIC) and
-- money.fraction.digits (debezium-format.md §4.2, §4.5).
SET lc_monetary = 'C';
CREATE TABLE dm (id int PRIMARY KEY, n52 numeric(5,2), n0 numeric(10), nv numeric, m money);
SELECT 'init' FROM pg_create_logical_replication_slot('dm', 'cdc_plugin');
INSERT INTO dm VALUES
    (1, 1.1, 1, 22.2222, 1234.11),
    (2, -999.99, -9999999999, -12345.678900, -1234.11),
    (3, 0, 0, 0.00, 0),
    (4, 'NaN', 'NaN', 'NaN', NULL),
    (5, NULL, NULL, 'Infinity', 92233720368547758.07),
    (6, NULL, NULL, '-Infinity', -92233720368547758.08),
    (7, 0.01, 5, 1e-20, 0.01),
    (8, NULL, NULL, 1e20, NULL);
SELECT * FROM cdc_get_peek('dm', 'decimal.handling.mode', 'precise');
SELECT * FROM cdc_get_peek('dm', 'decimal.handling.mode', 'double');
SELECT * FROM cdc_get_peek('dm', 'decimal.handling.mode', 'string');
SELECT * FROM cdc_get_peek('dm', 'decimal.format', 'NUMERIC');
SELECT * FROM cdc_get_peek('dm', 'decimal.handling.mode', 'double', 'decimal.format', 'numeric');
SELECT * FROM cdc_get_peek('dm', 'money.fraction.digits', '3');
SELECT pg_drop_replication_slot('dm');
DROP TABLE dm;
