-- filters: schema.include/exclude.list, table.include/exclude.list (regular
-- expressions matched whole and ignoring case over "<schema>" and
-- "<schema>.<table>"), Debezium's built-in system tables, the column lists
-- (columns leave the value, key columns stay in the key) and
-- message.key.columns.
SELECT 'init' FROM pg_create_logical_replication_slot('flt', 'cdc_plugin');

-- Each event as topic, key, op, before and after (record mode, original JSON text).
CREATE FUNCTION flt_parts(VARIADIC options text[] DEFAULT '{}')
RETURNS TABLE (topic text, key text, op text, before text, after text)
LANGUAGE sql AS $$
SELECT d->>'topic', d->>'key', d->'value'->>'op', d->'value'->>'before', d->'value'->>'after'
FROM (SELECT data::json AS d
      FROM pg_logical_slot_peek_changes('flt', NULL, NULL,
                                        VARIADIC options || '{record.mode,record,topic.prefix,p}')) s
$$;

-- Consumes what is pending.
CREATE FUNCTION flt_consume() RETURNS bigint
LANGUAGE sql AS $$ SELECT count(*) FROM pg_logical_slot_get_changes('flt', NULL, NULL) $$;

CREATE SCHEMA s_a;
CREATE SCHEMA s_b;
CREATE TABLE s_a.t1 (id int PRIMARY KEY, v text);
CREATE TABLE s_a.t2 (id int PRIMARY KEY, v text);
CREATE TABLE s_b.t1 (id int PRIMARY KEY, v text);
-- spatial_ref_sys is one of Debezium's built-in system tables, in any schema
CREATE TABLE public.spatial_ref_sys (srid int PRIMARY KEY);
INSERT INTO s_a.t1 VALUES (1, 'a1');
INSERT INTO s_a.t2 VALUES (2, 'a2');
INSERT INTO s_b.t1 VALUES (3, 'b1');
INSERT INTO public.spatial_ref_sys VALUES (4326);

-- no lists: every table but the system one
SELECT topic, after FROM flt_parts();
-- schema lists, ignoring case
SELECT topic, after FROM flt_parts('schema.include.list', 'S_A');
SELECT topic, after FROM flt_parts('schema.exclude.list', 's_a');
SELECT topic, after FROM flt_parts('schema.include.list', 's_.*');
-- table lists over "<schema>.<table>", matched whole
SELECT topic, after FROM flt_parts('table.include.list', 's_a.t1, s_b\.t1');
SELECT topic, after FROM flt_parts('table.include.list', 's_a.t');
SELECT topic, after FROM flt_parts('table.exclude.list', '.*\.T1');
-- both kinds: the schema and the table must be included
SELECT topic, after FROM flt_parts('schema.include.list', 's_a', 'table.include.list', '.*\.t1');
SELECT topic, after FROM flt_parts('schema.exclude.list', 's_b', 'table.exclude.list', 's_a\.t2');
-- a pattern that does not compile fails the start, naming the option
SELECT topic FROM flt_parts('table.include.list', 's_a.(t1');
SELECT flt_consume();

-- truncate events follow the same lists
TRUNCATE s_a.t1, s_b.t1;
SELECT topic, op FROM flt_parts('skipped.operations', 'none', 'table.include.list', 's_b.t1');
SELECT topic, op FROM flt_parts('skipped.operations', 'none', 'schema.exclude.list', 's_b');
SELECT flt_consume();

-- column lists: "<schema>.<table>.<column>"; the key keeps its columns
CREATE TABLE s_a.cols (id int, code text, secret text, note text, PRIMARY KEY (id, code));
INSERT INTO s_a.cols VALUES (1, 'x', 'topsecret', 'n1');
UPDATE s_a.cols SET note = 'n2';
UPDATE s_a.cols SET code = 'y';
DELETE FROM s_a.cols;
SELECT key, op, before, after FROM flt_parts('column.exclude.list', 's_a.cols.secret,S_A.COLS.CODE');
SELECT key, op, before, after FROM flt_parts('column.include.list', 's_a\.cols\.(id|note)');
-- no event shows an excluded value
SELECT count(*) FROM pg_logical_slot_peek_changes('flt', NULL, NULL,
    'column.exclude.list', 's_a.cols.secret', 'record.mode', 'record', 'schemas.enable', 'true')
WHERE data LIKE '%topsecret%';
-- with schemas: the Value struct loses the columns, the Key struct keeps them
SELECT (SELECT string_agg(f->>'field', ',') FROM json_array_elements(d->'value'->'schema'->'fields'->0->'fields') f) AS value_fields,
       (SELECT string_agg(f->>'field', ',') FROM json_array_elements(d->'key'->'schema'->'fields') f) AS key_fields,
       d->'key'->>'payload' AS key
FROM (SELECT data::json AS d
      FROM pg_logical_slot_peek_changes('flt', NULL, NULL, 'record.mode', 'record', 'schemas.enable', 'true',
                                        'column.exclude.list', 's_a.cols.(secret|code)')) s
LIMIT 1;
SELECT flt_consume();

-- message.key.columns: "<table regex>:<column>[,<column>...]" entries split
-- at ';'; each "<table regex>.<column>" pattern adds the columns it matches,
-- pattern by pattern; a table no pattern matches keeps its primary key
CREATE TABLE public.kc (id int PRIMARY KEY, a int, b text, c int);
CREATE TABLE public.kc_nopk (a int, b text);
CREATE TABLE public.other (id int PRIMARY KEY, x int);
INSERT INTO public.kc VALUES (1, 2, 'bee', 3);
INSERT INTO public.kc_nopk VALUES (5, 'five');
INSERT INTO public.other VALUES (7, 8);
SELECT topic, key FROM flt_parts('message.key.columns', 'public.kc:c,a');
SELECT topic, key FROM flt_parts('message.key.columns', '(.*).KC: B ');
SELECT topic, key FROM flt_parts('message.key.columns', 'public.kc:[ab]');
SELECT topic, key FROM flt_parts('message.key.columns', 'public.other:x;public\.kc.*:b;');
SELECT topic, key FROM flt_parts('message.key.columns', 'public.kc:nosuch');
-- a key column may be left out of the value
SELECT topic, key, after FROM flt_parts('message.key.columns', 'public.kc:b', 'column.exclude.list', 'public.kc.b');
-- with schemas the key struct lists the chosen columns
SELECT d->'key'->'schema'->>'fields' AS key_schema
FROM (SELECT data::json AS d
      FROM pg_logical_slot_peek_changes('flt', NULL, NULL, 'record.mode', 'record', 'schemas.enable', 'true',
                                        'message.key.columns', 'public.kc:c,a', 'table.include.list', 'public.kc')) s;
-- entries not of the form <table>:<column>[,<column>...] are refused
SELECT topic FROM flt_parts('message.key.columns', 'public.kc');
SELECT topic FROM flt_parts('message.key.columns', 'public.kc:a;;public.other:x');
SELECT flt_consume();

SELECT pg_drop_replication_slot('flt');
DROP TABLE s_a.t1, s_a.t2, s_b.t1, public.spatial_ref_sys, s_a.cols, public.kc, public.kc_nopk, public.other;
DROP SCHEMA s_a, s_b;
DROP FUNCTION flt_parts(text[]), flt_consume();
