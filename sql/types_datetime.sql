-- types_datetime: date, time, timestamp and timestamptz per precision, with
-- infinities, BC dates and years past 9999 (debezium-format.md §4.6, §4.7).
CREATE TABLE td (id int PRIMARY KEY, d date, t time, t3 time(3), t0 time(0));
SELECT 'init' FROM pg_create_logical_replication_slot('td', 'cdc_plugin');
INSERT INTO td VALUES
    (1, '2016-11-04', '13:51:30.123456', '13:51:30.123', '13:51:30'),
    (2, '1970-01-01', '00:00:00', '00:00:00', '00:00:00'),
    (3, '1969-12-31', '24:00:00', '23:59:59.999', '24:00:00'),
    (4, 'infinity', NULL, NULL, NULL),
    (5, '-infinity', NULL, NULL, NULL),
    (6, '4713-01-01 BC', NULL, NULL, NULL),
    (7, '5874897-12-31', NULL, NULL, NULL),
    (8, NULL, NULL, NULL, NULL);
SELECT * FROM cdc_get('td');

-- timestamp: epoch µs (precision 4-6) or ms (0-3), read as UTC
CREATE TABLE tts (id int PRIMARY KEY, ts timestamp, ts3 timestamp(3), ts0 timestamp(0));
INSERT INTO tts VALUES
    (1, '2016-11-04 13:51:30.123456', '2016-11-04 13:51:30.123', '2016-11-04 13:51:30'),
    (2, '1969-12-31 23:59:59.999999', '1969-12-31 23:59:59.999', '1969-12-31 23:59:59'),
    (3, 'infinity', 'infinity', 'infinity'),
    (4, '-infinity', '-infinity', '-infinity'),
    (5, '4713-12-31 23:59:59.999999 BC', '0001-01-01 00:00:00 BC', NULL),
    (6, '294247-01-01 23:59:59.999999', '21016-11-04 06:51:30', NULL);
SELECT * FROM cdc_get('td');

-- timestamptz: UTC text with exactly the column's fraction digits
CREATE TABLE ttz (id int PRIMARY KEY, tz timestamptz, tz3 timestamptz(3), tz0 timestamptz(0), tz1 timestamptz(1));
INSERT INTO ttz VALUES
    (1, '2016-11-04 13:51:30.123456+02', '2016-11-04 13:51:30.123+02', '2016-11-04 13:51:30+02', '2016-11-04 13:51:30.1+02'),
    (2, '2016-11-04 00:00:00-05:30', '2016-11-04 00:00:00Z', '2016-11-04 00:00:00Z', '2016-11-04 00:00:00Z'),
    (3, 'infinity', '-infinity', 'infinity', NULL),
    (4, '4714-12-31 23:59:59.999999+00 BC', '0001-01-01 00:00:00+00', NULL, NULL),
    (5, '21016-11-04 06:51:30+00', '294247-01-01 23:59:59.999+00', NULL, NULL),
    (6, '1969-12-31 23:59:59.999999+00', NULL, NULL, NULL);
SELECT * FROM cdc_get('td');

-- the decoding session's TimeZone and DateStyle change nothing
SET TimeZone = 'America/Los_Angeles';
SET DateStyle = 'SQL, DMY';
INSERT INTO ttz VALUES (7, '2016-11-04 13:51:30.123456+02', NULL, NULL, NULL);
SELECT * FROM cdc_get('td');
RESET TimeZone;
RESET DateStyle;

SELECT pg_drop_replication_slot('td');
DROP TABLE td, tts, ttz;
