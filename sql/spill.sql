-- spill: with logical_decoding_work_mem at its minimum (64kB) large
-- transactions spill to disk; the output is the same as with the default.
CREATE TABLE sp_t (id int PRIMARY KEY, payload text, n numeric);
SELECT 'init' FROM pg_create_logical_replication_slot('spill', 'cdc_plugin');
BEGIN;
INSERT INTO sp_t SELECT g, repeat(md5(g::text), 20), g / 7.0 FROM generate_series(1, 5000) g;
SAVEPOINT s1;
UPDATE sp_t SET payload = 'updated' WHERE id % 10 = 0;
ROLLBACK TO SAVEPOINT s1;
UPDATE sp_t SET n = n + 1 WHERE id % 3 = 0;
DELETE FROM sp_t WHERE id > 4900;
COMMIT;
CREATE TEMP TABLE at_default AS
SELECT row_number() OVER () AS n, cdc_mask(data) AS doc
FROM pg_logical_slot_peek_changes('spill', NULL, NULL, 'provide.transaction.metadata', 'true');
SET logical_decoding_work_mem = '64kB';
SELECT count(*) AS events,
       count(*) FILTER (WHERE s.doc = d.doc) AS identical
FROM (SELECT row_number() OVER () AS n, cdc_mask(data) AS doc
      FROM pg_logical_slot_peek_changes('spill', NULL, NULL, 'provide.transaction.metadata', 'true')) s
JOIN at_default d USING (n);
SELECT count(*) FROM at_default;
-- the spill files were used: the slot's statistics count them
SELECT spill_txns > 0 AS spilled FROM pg_stat_replication_slots WHERE slot_name = 'spill';
RESET logical_decoding_work_mem;
SELECT count(*) FROM pg_logical_slot_get_changes('spill', NULL, NULL);
SELECT pg_drop_replication_slot('spill');
DROP TABLE sp_t;
