-- dml: INSERT, UPDATE and DELETE give c, u and d events in commit order and
-- change order, every envelope member present.
CREATE TABLE dml_t (id int PRIMARY KEY, label text, amount int);
SELECT 'init' FROM pg_create_logical_replication_slot('dml', 'cdc_plugin');

INSERT INTO dml_t VALUES (1, 'first', 10);
INSERT INTO dml_t VALUES (2, 'second', 20), (3, 'third', NULL);
UPDATE dml_t SET amount = amount + 1 WHERE id <= 2;
DELETE FROM dml_t WHERE id = 3;
BEGIN;
INSERT INTO dml_t VALUES (4, 'in tx', 40);
UPDATE dml_t SET label = 'updated in tx' WHERE id = 4;
DELETE FROM dml_t WHERE id = 4;
COMMIT;
-- rolled back work is never seen
BEGIN;
INSERT INTO dml_t VALUES (5, 'rolled back', 50);
ROLLBACK;
-- a subtransaction's rollback removes only its own changes
BEGIN;
INSERT INTO dml_t VALUES (6, 'kept', 60);
SAVEPOINT sp;
INSERT INTO dml_t VALUES (7, 'undone', 70);
ROLLBACK TO SAVEPOINT sp;
COMMIT;
-- a transaction that writes nothing decodable gives nothing
BEGIN;
CREATE TABLE dml_ddl_only (x int);
COMMIT;

SELECT * FROM cdc_get('dml');
SELECT * FROM cdc_get('dml');

SELECT pg_drop_replication_slot('dml');
DROP TABLE dml_t, dml_ddl_only;
