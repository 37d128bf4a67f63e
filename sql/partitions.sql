-- partitions: changes to a partitioned table name the leaf partition, as
-- Debezium does by default; a transaction over several tables keeps its
-- change order.
CREATE TABLE pt (id int, region text, PRIMARY KEY (region, id)) PARTITION BY LIST (region);
CREATE TABLE pt_eu PARTITION OF pt FOR VALUES IN ('eu');
CREATE TABLE pt_us PARTITION OF pt FOR VALUES IN ('us');
CREATE TABLE pt_log (n serial PRIMARY KEY, note text);
SELECT 'init' FROM pg_create_logical_replication_slot('pt', 'cdc_plugin');
BEGIN;
INSERT INTO pt VALUES (1, 'eu'), (2, 'us');
INSERT INTO pt_log (note) VALUES ('moved');
UPDATE pt SET region = 'us' WHERE id = 1;
DELETE FROM pt WHERE id = 2;
COMMIT;
SELECT * FROM cdc_get('pt', 'record.mode', 'record');
SELECT pg_drop_replication_slot('pt');
DROP TABLE pt, pt_log;
