-- time_modes: date, time, timetz, timestamp, timestamptz and interval under
-- every time.precision.mode and interval.handling.mode (debezium-format.md
-- §4.3, §4.5, §4.6, §4.7).
CREATE TABLE tm (id int PRIMARY KEY, d date, t time, t3 time(3), tz timetz, ts timestamp,
                 ts3 timestamp(3), tstz timestamptz, i interval);
SELECT 'init' FROM pg_create_logical_replication_slot('tm', 'cdc_plugin');
INSERT INTO tm VALUES
    (1, '2016-11-04', '13:51:30.123456', '13:51:30.123', '13:51:30.123789+02',
     '2016-11-04 13:51:30.123456', '2016-11-04 13:51:30.123', '2016-11-04 13:51:30.123456+02',
     '1 year 2 months 3 days 4 hours 5 minutes 6.78 seconds'),
    (2, '1969-12-31', '00:00:00', '00:00:00', '00:01:02-04', '1969-12-31 23:59:59.999999',
     '1969-12-31 23:59:59.999', '1969-12-31 23:59:59.999999+00', '-1 day -02:03:04.5'),
    (3, 'infinity', '24:00:00', '23:59:59.999', '24:00:00+00', 'infinity', '-infinity',
     'infinity', '0'),
    (4, '0001-01-01 BC', NULL, NULL, '23:59:59.999999-15:59', '4713-12-31 23:59:59.999999 BC',
     NULL, '21016-11-04 06:51:30+00', '36 hours'),
    (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '-1 mon'),
    (6, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '178000000 years');
SELECT * FROM cdc_get_peek('tm', 'time.precision.mode', 'adaptive');
SELECT * FROM cdc_get_peek('tm', 'time.precision.mode', 'adaptive_time_microseconds');
SELECT * FROM cdc_get_peek('tm', 'time.precision.mode', 'connect');
SELECT * FROM cdc_get_peek('tm', 'time.precision.mode', 'isostring');
SELECT * FROM cdc_get_peek('tm', 'time.precision.mode', 'microseconds');
SELECT * FROM cdc_get_peek('tm', 'time.precision.mode', 'nanoseconds');
SELECT * FROM cdc_get_peek('tm', 'interval.handling.mode', 'string');
SELECT pg_drop_replication_slot('tm');
DROP TABLE tm;
