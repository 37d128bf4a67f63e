-- replica_identity: the before image and which events exist, per replica
-- identity, as Debezium receives them through pgoutput.
SELECT 'init' FROM pg_create_logical_replication_slot('ri', 'cdc_plugin');

-- DEFAULT with a primary key: no before on update; a key-only before on
-- delete, where missing NOT NULL columns show their default or type zero
CREATE TABLE ri_default (id int PRIMARY KEY, a text NOT NULL, b text, c int NOT NULL DEFAULT 7, d numeric(4,1) NOT NULL);
INSERT INTO ri_default VALUES (1, 'x', 'y', 1, 2.5);
UPDATE ri_default SET b = 'z' WHERE id = 1;
DELETE FROM ri_default WHERE id = 1;
SELECT * FROM cdc_get('ri');

-- DEFAULT, key changed: delete with the old key, then create
INSERT INTO ri_default VALUES (2, 'x', 'y', 1, 2.5);
UPDATE ri_default SET id = 3 WHERE id = 2;
SELECT * FROM cdc_get('ri');

-- DEFAULT without a primary key: inserts only
CREATE TABLE ri_nokey (a int, b text);
ALTER TABLE ri_nokey REPLICA IDENTITY DEFAULT;
INSERT INTO ri_nokey VALUES (1, 'x');
UPDATE ri_nokey SET b = 'y';
DELETE FROM ri_nokey;
SELECT * FROM cdc_get('ri');

-- FULL: the whole old row on update and delete
CREATE TABLE ri_full (id int PRIMARY KEY, a text, n int);
ALTER TABLE ri_full REPLICA IDENTITY FULL;
INSERT INTO ri_full VALUES (1, 'x', NULL);
UPDATE ri_full SET a = 'y', n = 5;
UPDATE ri_full SET id = 2;
DELETE FROM ri_full;
SELECT * FROM cdc_get('ri');

-- FULL without any key: full images, and the key is null
CREATE TABLE ri_full_nokey (a int, b text);
ALTER TABLE ri_full_nokey REPLICA IDENTITY FULL;
INSERT INTO ri_full_nokey VALUES (1, 'x');
UPDATE ri_full_nokey SET b = 'y';
DELETE FROM ri_full_nokey;
SELECT * FROM cdc_get('ri', 'record.mode', 'record');

-- USING INDEX on the unique index that is also the key: behaves as DEFAULT
CREATE TABLE ri_index (id int NOT NULL, code text NOT NULL, v text);
CREATE UNIQUE INDEX ri_index_code ON ri_index (code);
ALTER TABLE ri_index REPLICA IDENTITY USING INDEX ri_index_code;
INSERT INTO ri_index VALUES (1, 'c1', 'x');
UPDATE ri_index SET v = 'y';
DELETE FROM ri_index;
SELECT * FROM cdc_get('ri');

-- NOTHING, even with a primary key: inserts only
CREATE TABLE ri_nothing (id int PRIMARY KEY, v text);
ALTER TABLE ri_nothing REPLICA IDENTITY NOTHING;
INSERT INTO ri_nothing VALUES (1, 'x');
UPDATE ri_nothing SET v = 'y';
DELETE FROM ri_nothing;
SELECT * FROM cdc_get('ri');

-- identity changed mid-stream: each change follows the identity of its moment
CREATE TABLE ri_switch (id int PRIMARY KEY, v text);
INSERT INTO ri_switch VALUES (1, 'a');
UPDATE ri_switch SET v = 'b';
ALTER TABLE ri_switch REPLICA IDENTITY FULL;
UPDATE ri_switch SET v = 'c';
ALTER TABLE ri_switch REPLICA IDENTITY NOTHING;
UPDATE ri_switch SET v = 'd';
SELECT * FROM cdc_get('ri');

SELECT pg_drop_replication_slot('ri');
DROP TABLE ri_default, ri_nokey, ri_full, ri_full_nokey, ri_index, ri_nothing, ri_switch;
