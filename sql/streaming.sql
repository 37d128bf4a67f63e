-- streaming: with stream.in.progress=true a transaction larger than
-- logical_decoding_work_mem is streamed before it ends: STREAM_START and
-- STREAM_STOP records frame each chunk, every streamed event carries its
-- transaction block, and STREAM_COMMIT (with the counts) or STREAM_ABORT
-- follows.  Without the option only committed transactions go out, whole.
CREATE TABLE st_t (id int PRIMARY KEY, payload text);
SELECT 'init' FROM pg_create_logical_replication_slot('stream', 'cdc_plugin');
SET logical_decoding_work_mem = '64kB';
BEGIN;
INSERT INTO st_t SELECT g, repeat('x', 100) FROM generate_series(1, 2000) g;
COMMIT;
BEGIN;
INSERT INTO st_t SELECT g, repeat('y', 100) FROM generate_series(2001, 4000) g;
ROLLBACK;
INSERT INTO st_t VALUES (0, 'small');
-- the records in order, runs of events folded
WITH docs AS (
    SELECT row_number() OVER () AS n, data::jsonb AS doc
    FROM pg_logical_slot_peek_changes('stream', NULL, NULL, 'stream.in.progress', 'true')),
kinds AS (
    SELECT n, coalesce(doc->>'status', doc->>'op') AS kind,
           (doc->'transaction' IS NOT NULL AND doc->'transaction' <> 'null') AS has_block
    FROM docs),
runs AS (
    SELECT n, kind, has_block,
           n - row_number() OVER (PARTITION BY kind, has_block ORDER BY n) AS run
    FROM kinds)
SELECT kind, has_block, count(*) AS records, min(n) AS first
FROM runs GROUP BY kind, has_block, run ORDER BY min(n) LIMIT 8;
SELECT doc->>'status' AS status, doc->'event_count' AS events, doc->'data_collections' AS collections
FROM (SELECT data::jsonb AS doc
      FROM pg_logical_slot_peek_changes('stream', NULL, NULL, 'stream.in.progress', 'true')) d
WHERE doc->>'status' IN ('STREAM_COMMIT', 'STREAM_ABORT');
-- the same committed events as without streaming, in the same order
SELECT count(*) AS committed_events,
       count(*) = (SELECT count(*) FROM pg_logical_slot_peek_changes('stream', NULL, NULL)) AS same_count
FROM pg_logical_slot_peek_changes('stream', NULL, NULL, 'stream.in.progress', 'true')
WHERE data::jsonb->>'op' = 'c' AND (data::jsonb->'after'->>'id')::int <= 2000;
RESET logical_decoding_work_mem;
SELECT count(*) > 0 FROM pg_logical_slot_get_changes('stream', NULL, NULL);
SELECT pg_drop_replication_slot('stream');
DROP TABLE st_t;
