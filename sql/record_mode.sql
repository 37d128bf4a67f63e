-- record_mode: record.mode=record wraps each value with its topic and key;
-- deletes are followed by a tombstone unless tombstones.on.delete=false.
SELECT 'init' FROM pg_create_logical_replication_slot('rec', 'cdc_plugin');

-- the key follows the primary key constraint's column order, not the table's
CREATE TABLE rec_pk (a int, b text, c int, d int, PRIMARY KEY (c, a));
INSERT INTO rec_pk VALUES (1, 'x', 3, 4);
UPDATE rec_pk SET b = 'y';
DELETE FROM rec_pk;
SELECT * FROM cdc_get('rec', 'record.mode', 'record');

-- no tombstones when asked; the default value mode has none either
INSERT INTO rec_pk VALUES (1, 'x', 3, 4);
DELETE FROM rec_pk;
SELECT * FROM cdc_get('rec', 'record.mode', 'record', 'tombstones.on.delete', 'false');
INSERT INTO rec_pk VALUES (1, 'x', 3, 4);
DELETE FROM rec_pk;
SELECT * FROM cdc_get('rec', 'record.mode', 'value');

-- without a primary key: the unique index first by name (expression
-- indexes skipped); without any, a null key
CREATE TABLE rec_unique (a int NOT NULL, b int NOT NULL, c text);
CREATE UNIQUE INDEX rec_unique_z ON rec_unique (a);
CREATE UNIQUE INDEX rec_unique_b ON rec_unique (b, a);
CREATE UNIQUE INDEX rec_unique_a_expr ON rec_unique (lower(c));
CREATE TABLE rec_nokey (a int, b text);
INSERT INTO rec_unique VALUES (1, 2, 'x');
INSERT INTO rec_nokey VALUES (1, 'x');
SELECT * FROM cdc_get('rec', 'record.mode', 'record');

-- topic: <topic.prefix>.<schema>.<table>, characters outside [A-Za-z0-9._-]
-- replaced by '_' (one per UTF-16 unit); names in events stay raw
CREATE SCHEMA "Sales Dept";
CREATE TABLE "Sales Dept"."Order Lines" ("Line No" int PRIMARY KEY, "qty""x" int);
CREATE TABLE "Sales Dept"."café😀" (id int PRIMARY KEY);
INSERT INTO "Sales Dept"."Order Lines" VALUES (1, 2);
INSERT INTO "Sales Dept"."café😀" VALUES (1);
SELECT * FROM cdc_get('rec', 'record.mode', 'record', 'topic.prefix', 'cdc');

SELECT pg_drop_replication_slot('rec');
DROP TABLE rec_pk, rec_unique, rec_nokey;
DROP SCHEMA "Sales Dept" CASCADE;
