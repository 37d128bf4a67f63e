-- pretty_print: pretty.print=true writes the same document indented, one
-- member per line; string contents (including escapes and brackets) intact.
CREATE TABLE pp_t (id int PRIMARY KEY, s text, e text);
SELECT 'init' FROM pg_create_logical_replication_slot('pp', 'cdc_plugin');
INSERT INTO pp_t VALUES (1, '{"a": [1, 2]}, "quoted" \ ', '');
SELECT * FROM cdc_get('pp', 'pretty.print', 'true', 'record.mode', 'record');
INSERT INTO pp_t VALUES (2, 'x', 'y');
SELECT cdc_mask(data)::jsonb = (SELECT cdc_mask(data)::jsonb FROM pg_logical_slot_peek_changes('pp', NULL, NULL)) AS same_document,
       position(E'\n' IN data) > 0 AS multi_line
FROM pg_logical_slot_peek_changes('pp', NULL, NULL, 'pretty.print', 'on');
SELECT pg_drop_replication_slot('pp');
DROP TABLE pp_t;
