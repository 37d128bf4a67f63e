-- column_masks: column.mask.with.N.chars, column.mask.hash[.v2].<alg>.with.
-- salt.<salt> and column.truncate.to.N.chars over "<schema>.<table>.<column>"
-- patterns.  Masks change character columns only (char, varchar, text,
-- bpchar, name, "char", enums), truncation any String value; both change the
-- value only, never the key, and mark the value schema.
SELECT 'init' FROM pg_create_logical_replication_slot('msk', 'cdc_plugin');

-- Each event's key and after image (record mode, original JSON text).
CREATE FUNCTION msk_parts(VARIADIC options text[] DEFAULT '{}')
RETURNS TABLE (key text, op text, before text, after text)
LANGUAGE sql AS $$
SELECT d->>'key', d->'value'->>'op', d->'value'->>'before', d->'value'->>'after'
FROM (SELECT data::json AS d
      FROM pg_logical_slot_peek_changes('msk', NULL, NULL,
                                        VARIADIC options || '{record.mode,record}')) s
WHERE d->'value' IS NOT NULL AND json_typeof(d->'value') = 'object'
$$;

-- The value schema's fields that carry parameters, with them.
CREATE FUNCTION msk_parameters(VARIADIC options text[] DEFAULT '{}')
RETURNS TABLE (field text, parameters text)
LANGUAGE sql AS $$
SELECT f->>'field', f->>'parameters'
FROM (SELECT data::json AS d
      FROM pg_logical_slot_peek_changes('msk', NULL, NULL,
                                        VARIADIC options || '{schemas.enable,true}') LIMIT 1) s,
     json_array_elements(d->'schema'->'fields'->0->'fields') f
WHERE f->'parameters' IS NOT NULL
$$;

-- How many raw events contain 'needle'.
CREATE FUNCTION msk_count(needle text, VARIADIC options text[] DEFAULT '{}')
RETURNS bigint
LANGUAGE sql AS $$
SELECT count(*) FROM pg_logical_slot_peek_changes('msk', NULL, NULL,
                                                   VARIADIC options || '{record.mode,record,schemas.enable,true}')
WHERE strpos(data, needle) > 0
$$;

CREATE FUNCTION msk_consume() RETURNS bigint
LANGUAGE sql AS $$ SELECT count(*) FROM pg_logical_slot_get_changes('msk', NULL, NULL) $$;

CREATE TYPE msk_mood AS ENUM ('sad', 'happy');
CREATE DOMAIN msk_code AS varchar(4);
CREATE TABLE msk (id text PRIMARY KEY, t text, vc varchar(10), bp char(5), nm name, ch "char",
                  e msk_mood, d msk_code, j json, n int, arr text[]);
INSERT INTO msk VALUES ('k1', 'topsecret', 'hello', 'hello', 'hello', 'h', 'happy', 'abcd',
                        '{"a":1}', 42, '{x,y}');
INSERT INTO msk (id) VALUES ('k2');

-- fixed masks: character columns get N '*' (NULL too); other columns keep
-- their value but their schema is marked all the same
SELECT key, after FROM msk_parts('column.mask.with.5.chars', 'public.msk.(id|t|vc|bp|nm|ch|e|d|j|n|arr)');
SELECT * FROM msk_parameters('column.mask.with.5.chars', 'public.msk.(t|n)');
SELECT key, after FROM msk_parts('column.mask.with.0.chars', 'public.msk.t');
SELECT msk_count('topsecret', 'column.mask.with.3.chars', 'public.msk.t');

-- hashes: hex of the digest of salt and the value (V1: Java's serialized
-- String; V2: its UTF-8), cut to the column's length (varchar(10), char(5),
-- "char" 1, the domain's varchar(4)); NULL stays null
SELECT key, after FROM msk_parts('column.mask.hash.SHA-256.with.salt.salt', 'public.msk.(id|t|vc|bp|nm|ch|e|d|n)');
SELECT key, after FROM msk_parts('column.mask.hash.v2.SHA-256.with.salt.salt', 'public.msk.(vc|nm)',
                                 'column.mask.hash.MD5.with.salt.salt', 'public.msk.t');
SELECT * FROM msk_parameters('column.mask.hash.v2.sha-512.with.salt.pepper', 'public.msk.t');
SELECT msk_count('topsecret', 'column.mask.hash.SHA-1.with.salt.x', 'public.msk.t');
-- unknown algorithms are refused
SELECT key FROM msk_parts('column.mask.hash.SHA3-256.with.salt.salt', 'public.msk.t');

-- truncation: String values cut to N UTF-16 units (json and enum text too);
-- only when the column may be longer than N, and then the schema says so
SELECT key, after FROM msk_parts('column.truncate.to.3.chars', 'public.msk.(id|t|vc|bp|d|e|j|n|arr)');
SELECT * FROM msk_parameters('column.truncate.to.4.chars', 'public.msk.(t|vc|bp|d|n|arr)');
SELECT msk_count('topsecret', 'column.truncate.to.6.chars', 'public.msk.t');
SELECT msk_consume();

-- one mapper per column, the first rule in Debezium's order: truncations,
-- fixed masks, source type propagation, then hashes
INSERT INTO msk (id, t, vc) VALUES ('k3', 'abcdefgh', 'abcdefgh');
SELECT key, after FROM msk_parts('column.mask.with.2.chars', 'public.msk.t',
                                 'column.truncate.to.4.chars', 'public.msk.t');
SELECT * FROM msk_parameters('column.propagate.source.type', 'public.msk.vc',
                             'column.mask.hash.MD5.with.salt.s', 'public.msk.(t|vc)');
SELECT key, after FROM msk_parts('column.propagate.source.type', 'public.msk.vc',
                                 'column.mask.hash.MD5.with.salt.s', 'public.msk.(t|vc)');
SELECT msk_consume();

-- characters beyond the BMP are two UTF-16 units; a cut between them keeps
-- the high surrogate, as Java's substring does, and Jackson writes it as an
-- escape (which strict JSON parsers, PostgreSQL's included, refuse: shown
-- as raw text)
INSERT INTO msk (id, t) VALUES ('k4', 'a😀b');
SELECT n, substring(data from '"after":(\{[^}]*\})') AS after
FROM generate_series(1, 4) n,
     LATERAL pg_logical_slot_peek_changes('msk', NULL, NULL,
         VARIADIC ARRAY['column.truncate.to.' || n || '.chars', 'public.msk.t',
                        'column.include.list', 'public.msk.(id|t)']);
SELECT msk_consume();

-- updates and deletes: before and after both masked; an unchanged TOAST
-- value is masked, hashed or cut as its placeholder text would be
CREATE TABLE msk_toast (id int PRIMARY KEY, big text, other int);
ALTER TABLE msk_toast REPLICA IDENTITY FULL;
INSERT INTO msk_toast SELECT 1, string_agg(md5(i::text), '') || 'topsecret', 1 FROM generate_series(1, 400) i;
SELECT msk_consume();
UPDATE msk_toast SET other = 2;
ALTER TABLE msk_toast REPLICA IDENTITY DEFAULT;
UPDATE msk_toast SET other = 3;
DELETE FROM msk_toast;
SELECT op, before, after FROM msk_parts('column.mask.with.4.chars', 'public.msk_toast.big');
SELECT op, before, after FROM msk_parts('column.mask.hash.MD5.with.salt.s', 'public.msk_toast.big');
SELECT op, before, after FROM msk_parts('column.truncate.to.5.chars', 'public.msk_toast.big');
SELECT msk_count('topsecret', 'column.mask.with.4.chars', 'public.msk_toast.big');
SELECT msk_count('topsecret', 'column.mask.hash.MD5.with.salt.s', 'public.msk_toast.big');
SELECT msk_consume();

SELECT pg_drop_replication_slot('msk');
DROP TABLE msk, msk_toast;
DROP TYPE msk_mood;
DROP DOMAIN msk_code;
DROP FUNCTION msk_parts(text[]), msk_parameters(text[]), msk_count(text, text[]), msk_consume();
