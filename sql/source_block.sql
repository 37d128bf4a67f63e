-- source_block: the volatile members other files mask, checked against the
-- server's own facts: LSNs, transaction id, commit and processing times,
-- sequence, and the names.
CREATE TABLE src_t (id int PRIMARY KEY);
SELECT 'init' FROM pg_create_logical_replication_slot('src', 'cdc_plugin');

SELECT clock_timestamp() AS before_first \gset
BEGIN;
INSERT INTO src_t VALUES (1);
INSERT INTO src_t VALUES (2);
SELECT txid_current() AS first_xid \gset
COMMIT;
BEGIN;
INSERT INTO src_t VALUES (3);
SELECT txid_current() AS second_xid \gset
COMMIT;
SELECT clock_timestamp() AS after_last \gset

CREATE TEMP TABLE events AS
SELECT row_number() OVER () AS n, lsn, xid, data::jsonb AS doc
FROM pg_logical_slot_get_changes('src', NULL, NULL);

-- one event per row, in order
SELECT n, doc->>'op' AS op, doc->'after'->>'id' AS id FROM events ORDER BY n;

-- names: topic.prefix defaults to the database, which is also db
SELECT DISTINCT doc->'source'->>'name' = current_database() AS name_is_db,
       doc->'source'->>'db' = current_database() AS db_is_db,
       doc->'source'->>'version' AS version,
       doc->'source'->>'connector' AS connector,
       doc->'source'->>'snapshot' AS snapshot
FROM events;

-- lsn is the change's own LSN; txId the 32-bit transaction id
SELECT n,
       (doc->'source'->>'lsn')::numeric = (lsn - '0/0') AS lsn_is_change_lsn,
       (doc->'source'->>'txId')::bigint = xid::text::bigint AS txid_is_xid,
       (doc->'source'->>'txId')::bigint = CASE WHEN n < 3 THEN :first_xid ELSE :second_xid END % 4294967296 AS txid_is_txid_current
FROM events ORDER BY n;

-- commit time: the same for a transaction's events, within the commit's window,
-- with ts_us and ts_ns of the same instant
SELECT n,
       (doc->'source'->>'ts_ms')::bigint = (doc->'source'->>'ts_us')::bigint / 1000 AS ms_of_us,
       (doc->'source'->>'ts_ns')::numeric = (doc->'source'->>'ts_us')::numeric * 1000 AS ns_of_us,
       to_timestamp((doc->'source'->>'ts_us')::numeric / 1000000) BETWEEN :'before_first' AND :'after_last' AS in_window
FROM events ORDER BY n;
SELECT count(DISTINCT doc->'source'->>'ts_us') AS commit_times FROM events WHERE n < 3;

-- processing time: after the commit, and each unit derived from one instant
SELECT n,
       (doc->>'ts_ms')::bigint >= (doc->'source'->>'ts_ms')::bigint AS after_commit,
       (doc->>'ts_ms')::bigint = (doc->>'ts_us')::bigint / 1000 AS ms_of_us,
       (doc->>'ts_ns')::numeric = (doc->>'ts_us')::numeric * 1000 AS ns_of_us,
       to_timestamp((doc->>'ts_us')::numeric / 1000000) <= clock_timestamp() AS not_in_future
FROM events ORDER BY n;

-- sequence: a string holding ["<last commit>","<lsn>"]; the second
-- transaction's last commit lies between the two transactions' changes
SELECT n,
       jsonb_typeof(doc->'source'->'sequence') AS type,
       (doc->'source'->>'sequence')::jsonb->>1 = doc->'source'->>'lsn' AS second_is_lsn,
       jsonb_typeof((doc->'source'->>'sequence')::jsonb->0) AS first_type
FROM events ORDER BY n;
SELECT ((e3.doc->'source'->>'sequence')::jsonb->>0)::numeric > (e2.lsn - '0/0')
   AND ((e3.doc->'source'->>'sequence')::jsonb->>0)::numeric <= (e3.lsn - '0/0') AS last_commit_between
FROM events e2, events e3 WHERE e2.n = 2 AND e3.n = 3;

-- no origin, no xmin
SELECT DISTINCT doc->'source'->'xmin' AS xmin, doc->'source'->'origin' AS origin,
       doc->'source'->'origin_lsn' AS origin_lsn, doc->'transaction' AS transaction
FROM events;

SELECT pg_drop_replication_slot('src');
DROP TABLE src_t;
