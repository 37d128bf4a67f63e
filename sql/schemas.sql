-- schemas: schemas.enable=true wraps keys and values as the JSON converter
-- does, {"schema":…,"payload":…}, with Debezium's schema names, optional
-- flags, versions, parameters and defaults (debezium-format.md §3), rebuilt
-- when the table changes; the propagate options add the source column's
-- type facts.
CREATE TABLE public.cf_t (id int PRIMARY KEY, name text);
SELECT 'init' FROM pg_create_logical_replication_slot('sch', 'cdc_plugin');
INSERT INTO cf_t VALUES (1, 'a');
SELECT * FROM cdc_get_peek('sch', 'schemas.enable', 'true', 'topic.prefix', 'cdc');
SELECT * FROM cdc_get('sch', 'schemas.enable', 'true', 'topic.prefix', 'cdc', 'record.mode', 'record');

-- a serial key with its default, a composite key, a change of the table
CREATE TABLE sch_t (id serial, code varchar(8) NOT NULL DEFAULT 'x', amount numeric(6,2),
                    at timestamptz(3), PRIMARY KEY (code, id));
INSERT INTO sch_t (code, amount, at) VALUES ('k', 1.5, '2020-01-01 00:00:00+00');
ALTER TABLE sch_t ADD COLUMN flag bool DEFAULT true;
DELETE FROM sch_t;
SELECT * FROM cdc_get('sch', 'schemas.enable', 'true', 'record.mode', 'record');

-- propagating source types, by column name and by type name
INSERT INTO sch_t (code, amount, at) VALUES ('k', 1.5, NULL);
SELECT * FROM cdc_get('sch', 'schemas.enable', 'true', 'column.propagate.source.type', 'public\.sch_t\.amount,.*\.CODE',
                      'datatype.propagate.source.type', '.+\.timestamptz');
-- a pattern that does not compile fails the start
SELECT * FROM cdc_get('sch', 'column.propagate.source.type', 'public\.sch_t\.(amount');

SELECT pg_drop_replication_slot('sch');
DROP TABLE cf_t, sch_t;
