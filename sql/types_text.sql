-- types_text: character types, bytea, uuid, json and jsonb with empty,
-- non-ASCII, quoting, backslash and control-character values; types the
-- plugin has no encoder of its own for are written as their text.
CREATE TABLE tt (id int PRIMARY KEY, t text, vc varchar(10), bp char(6), ch "char", nm name);
SELECT 'init' FROM pg_create_logical_replication_slot('tt', 'cdc_plugin');
INSERT INTO tt VALUES
    (1, 'some text', 'varchar', 'text', 'c', 'a_name'),
    (2, '', '', '', '', ''),
    (3, 'quote " backslash \ slash /', 'ünï©ødé', 'añ', NULL, NULL),
    (4, E'tab\tnl\ncr\rbs\bff\f\x01\x1f\x7f end', '日本語テキスト', NULL, NULL, NULL),
    (5, '😀 𝄞 emoji', NULL, NULL, NULL, NULL),
    (6, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM cdc_get('tt');

CREATE TABLE tb (id int PRIMARY KEY, by bytea, u uuid, j json, jb jsonb);
INSERT INTO tb VALUES
    (1, '\x010203', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": 2, "a":1}', '{"b": 2, "a":1}'),
    (2, '', '00000000-0000-0000-0000-000000000000', '[]', '[]'),
    (3, '\xfbff', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '"str\"ing"', '"str\"ing"'),
    (4, '\x00', NULL, '  {"x" : [1, 2.50]}  ', '{"x" : [1, 2.50], "ü": null}'),
    (5, NULL, NULL, NULL, NULL);
SELECT * FROM cdc_get('tt');

-- a long bytea crosses every Base64 boundary
INSERT INTO tb VALUES (6, decode(repeat('00ff7f80', 250), 'hex'), NULL, NULL, NULL);
SELECT decode(data::jsonb->'after'->>'by', 'base64') = decode(repeat('00ff7f80', 250), 'hex') AS round_trip
FROM pg_logical_slot_get_changes('tt', NULL, NULL);

-- types without an encoder of their own: their text output
CREATE TABLE tother (id int PRIMARY KEY, addr inet, r int4range, mac macaddr);
INSERT INTO tother VALUES (1, '192.168.2.0/12', '[1,6]', '08-00-2b-01-02-03');
SELECT * FROM cdc_get('tt');

SELECT pg_drop_replication_slot('tt');
DROP TABLE tt, tb, tother;
