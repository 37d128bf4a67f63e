-- ddl_mid_stream: DDL between and inside transactions while a slot streams.
-- Each event carries the columns, types and key of its own moment (the
-- catalog as of the change, not as of decoding): add, drop, rename a
-- column, change its type (a table rewrite, whose rows are not events),
-- rename and drop the table, change the replica identity, add and drop the
-- primary key.  Events are shown as topic, key, op, before and after, taken
-- with json (not jsonb) operators so that the column order stays as sent.
SELECT 'init' FROM pg_create_logical_replication_slot('ddl', 'cdc_plugin');

-- One line per record of a record-mode stream: topic | key | op | before | after.
CREATE FUNCTION ddl_events(VARIADIC options text[] DEFAULT '{}')
RETURNS TABLE (topic text, key json, op text, before json, after json)
LANGUAGE sql AS $$
SELECT d->>'topic', d->'key', d->'value'->>'op', d->'value'->'before', d->'value'->'after'
FROM (SELECT data::json AS d
      FROM pg_logical_slot_get_changes('ddl', NULL, NULL,
                                       VARIADIC array['record.mode', 'record'] || options)) s
$$;

-- With schemas.enable: one line per record, the key schema's and the after
-- struct's fields as name:type[?] (? for optional), and the after payload.
CREATE FUNCTION ddl_schemas()
RETURNS TABLE (key_fields text, after_fields text, after json)
LANGUAGE sql AS $$
SELECT (SELECT string_agg((f->>'field') || ':' || (f->>'type') || CASE WHEN (f->>'optional')::bool THEN '?' ELSE '' END, ' ')
        FROM json_array_elements(d->'key'->'schema'->'fields') f),
       (SELECT string_agg((f->>'field') || ':' || (f->>'type') || CASE WHEN (f->>'optional')::bool THEN '?' ELSE '' END, ' ')
        FROM json_array_elements(d->'value'->'schema'->'fields'->1->'fields') f),
       d->'value'->'payload'->'after'
FROM (SELECT data::json AS d
      FROM pg_logical_slot_get_changes('ddl', NULL, NULL, 'record.mode', 'record',
                                       'schemas.enable', 'true', 'tombstones.on.delete', 'false')) s
$$;

-- Between transactions: each DDL statement commits on its own.
CREATE TABLE ddl_t (id int PRIMARY KEY, a text);
INSERT INTO ddl_t VALUES (1, 'one');
ALTER TABLE ddl_t ADD COLUMN b int;
INSERT INTO ddl_t VALUES (2, 'two', 20);
ALTER TABLE ddl_t RENAME COLUMN a TO a_renamed;
UPDATE ddl_t SET b = 21 WHERE id = 2;
ALTER TABLE ddl_t ALTER COLUMN b TYPE text USING 'b' || b;
INSERT INTO ddl_t VALUES (3, 'three', 'thirty');
ALTER TABLE ddl_t DROP COLUMN a_renamed;
UPDATE ddl_t SET b = 'b21*' WHERE id = 2;
ALTER TABLE ddl_t REPLICA IDENTITY FULL;
UPDATE ddl_t SET b = 'b21**' WHERE id = 2;
DELETE FROM ddl_t WHERE id = 3;
ALTER TABLE ddl_t DROP CONSTRAINT ddl_t_pkey;
UPDATE ddl_t SET b = coalesce(b, 'b1') || '/no key';
ALTER TABLE ddl_t ADD PRIMARY KEY (b, id);
ALTER TABLE ddl_t REPLICA IDENTITY DEFAULT;
UPDATE ddl_t SET b = 'key b' WHERE id = 2;
UPDATE ddl_t SET id = 22 WHERE id = 2;
DELETE FROM ddl_t WHERE id = 1;
ALTER TABLE ddl_t RENAME TO ddl_t_renamed;
INSERT INTO ddl_t_renamed VALUES (4, 'four');
DROP TABLE ddl_t_renamed;
SELECT * FROM ddl_events();

-- Inside one transaction: every change between the DDL statements follows
-- the table as the statements before it left it.  (Row 2 is deleted under
-- DEFAULT identity: its before is key-only, b shows its default, not 8.)
BEGIN;
CREATE TABLE ddl_x (id int PRIMARY KEY, a text);
INSERT INTO ddl_x VALUES (1, 'one');
ALTER TABLE ddl_x ADD COLUMN b int DEFAULT 7;
INSERT INTO ddl_x VALUES (2, 'two');
ALTER TABLE ddl_x RENAME COLUMN a TO a2;
UPDATE ddl_x SET a2 = 'TWO', b = 8 WHERE id = 2;
ALTER TABLE ddl_x ALTER COLUMN b TYPE numeric(5,1);
INSERT INTO ddl_x VALUES (3, 'three', 3.5);
ALTER TABLE ddl_x REPLICA IDENTITY FULL;
UPDATE ddl_x SET b = 4.5 WHERE id = 3;
ALTER TABLE ddl_x DROP COLUMN a2;
DELETE FROM ddl_x WHERE id = 1;
ALTER TABLE ddl_x DROP CONSTRAINT ddl_x_pkey;
ALTER TABLE ddl_x REPLICA IDENTITY DEFAULT;
UPDATE ddl_x SET b = 5.5 WHERE id = 3;
DELETE FROM ddl_x WHERE id = 3;
INSERT INTO ddl_x VALUES (5, 5.5);
ALTER TABLE ddl_x ADD PRIMARY KEY (id);
UPDATE ddl_x SET b = 6.5 WHERE id = 5;
ALTER TABLE ddl_x RENAME TO ddl_x_renamed;
DELETE FROM ddl_x_renamed WHERE id = 2;
DROP TABLE ddl_x_renamed;
COMMIT;
SELECT * FROM ddl_events('tombstones.on.delete', 'false', 'decimal.handling.mode', 'string');

-- Changes decoded after later transactions changed and dropped the table:
-- each as its transaction saw the table.  A column added with a constant
-- default is not written into old rows (attmissingval): the old row of an
-- update under FULL identity still shows the default.
CREATE TABLE ddl_late (id int PRIMARY KEY, v int);
INSERT INTO ddl_late VALUES (1, 10);
ALTER TABLE ddl_late REPLICA IDENTITY FULL;
ALTER TABLE ddl_late ADD COLUMN m text DEFAULT 'missing';
UPDATE ddl_late SET v = 11 WHERE id = 1;
ALTER TABLE ddl_late ALTER COLUMN v TYPE text;
INSERT INTO ddl_late VALUES (2, 'twenty');
ALTER TABLE ddl_late RENAME COLUMN v TO w;
UPDATE ddl_late SET w = 'ten' WHERE id = 1;
DROP TABLE ddl_late;
SELECT * FROM ddl_events('tombstones.on.delete', 'false');

-- A rolled-back DDL leaves no trace: the next change has the old columns.
CREATE TABLE ddl_rb (id int PRIMARY KEY, a text);
BEGIN;
ALTER TABLE ddl_rb ADD COLUMN gone int;
INSERT INTO ddl_rb VALUES (1, 'rolled back', 1);
ROLLBACK;
INSERT INTO ddl_rb VALUES (2, 'kept');
BEGIN;
SAVEPOINT s;
ALTER TABLE ddl_rb ADD COLUMN gone int;
INSERT INTO ddl_rb VALUES (3, 'in savepoint', 3);
ROLLBACK TO SAVEPOINT s;
INSERT INTO ddl_rb VALUES (4, 'after savepoint');
ALTER TABLE ddl_rb ADD COLUMN kept int;
INSERT INTO ddl_rb VALUES (5, 'added', 5);
COMMIT;
DROP TABLE ddl_rb;
SELECT * FROM ddl_events();

-- The schema blocks follow each moment too: the value schema's fields and
-- types, and the key schema's fields (struct rebuilt after each change).
CREATE TABLE ddl_s (id int PRIMARY KEY, n int);
INSERT INTO ddl_s VALUES (1, 1);
BEGIN;
ALTER TABLE ddl_s ALTER COLUMN n TYPE text;
INSERT INTO ddl_s VALUES (2, 'two');
ALTER TABLE ddl_s ADD COLUMN k int NOT NULL DEFAULT 0;
ALTER TABLE ddl_s DROP CONSTRAINT ddl_s_pkey, ADD PRIMARY KEY (k, id);
INSERT INTO ddl_s VALUES (3, 'three', 3);
ALTER TABLE ddl_s RENAME COLUMN n TO label;
UPDATE ddl_s SET label = 'THREE' WHERE id = 3;
COMMIT;
DROP TABLE ddl_s;
SELECT * FROM ddl_schemas();

SELECT pg_drop_replication_slot('ddl');
DROP FUNCTION ddl_events(text[]), ddl_schemas();
