-- option_errors: each option given a malformed value (empty, wrong type, out
-- of range, unknown word, a regular expression that does not compile, an
-- unknown hash algorithm, a malformed entry or name), a conflicting pair, or
-- an unknown name fails the slot's start with an ERROR naming the option,
-- the value and what is allowed.  options.sql pins the first cases (unknown
-- names, record.mode, three booleans, topic.prefix, duplicates); this file
-- the rest.  Every failing call here is the consuming
-- pg_logical_slot_get_changes: afterwards the slot has not moved and every
-- event still comes out with good options.  (A value-less option, which SQL
-- cannot pass, and START_REPLICATION are tested by tests/e2e/security_test.sh.)
\set VERBOSITY default
CREATE TABLE opterr_t (id int PRIMARY KEY, v text);
SELECT 'init' FROM pg_create_logical_replication_slot('opterr', 'cdc_plugin');
INSERT INTO opterr_t VALUES (1, 'one'), (2, 'two');
UPDATE opterr_t SET v = 'TWO' WHERE id = 2;
DELETE FROM opterr_t WHERE id = 1;
SELECT confirmed_flush_lsn AS opterr_start FROM pg_replication_slots WHERE slot_name = 'opterr' \gset

-- booleans: words only ('t' is PostgreSQL's abbreviation, not accepted)
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'schemas.enable', 'yes please');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'include.unknown.datatypes', '');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'provide.transaction.metadata', 't');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'stream.in.progress', '2');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'two.phase', 'enabled');

-- enumerated words
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'decimal.handling.mode', 'exact');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'decimal.handling.mode', '');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'decimal.format', 'base32');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'time.precision.mode', 'milliseconds');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'binary.handling.mode', 'base64url');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'hstore.handling.mode', 'array');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'interval.handling.mode', 'iso_8601');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'origin', 'local');

-- a number: empty, words, signs, fractions, blanks, out of range
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'money.fraction.digits', '');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'money.fraction.digits', 'two');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'money.fraction.digits', '-1');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'money.fraction.digits', '2.5');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'money.fraction.digits', ' 2');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'money.fraction.digits', '31');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'money.fraction.digits', '99999999999999999999');

-- names that start topics
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'topic.prefix', 'inventory/prod');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'topic.transaction', '');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'topic.transaction', 'tx topic');

-- the placeholder's hex: form
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'unavailable.value.placeholder', 'hex:abc');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'unavailable.value.placeholder', 'hex:zz');

-- skipped.operations: list syntax and words
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'skipped.operations', 'c,x');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'skipped.operations', 'create');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'skipped.operations', 'c;u');

-- regular expression lists: a pattern that does not compile, also as the
-- second item of a list, or cut by a comma not written \, (lists split at
-- commas); table.include.list, message.prefix.exclude.list and
-- column.propagate.source.type: filters, messages and schemas
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'datatype.propagate.source.type', 'int4,[');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'message.prefix.include.list', '*abc');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'schema.include.list', 'public, (');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'schema.exclude.list', '[');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'table.exclude.list', 'public.t{2,1}');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.include.list', 'public.opterr_t.(id|v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.exclude.list', '+v');

-- include and exclude lists of one kind cannot both be given
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'message.prefix.include.list', 'a', 'message.prefix.exclude.list', 'b');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'schema.exclude.list', 'a', 'schema.include.list', 'b');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'table.include.list', 'a', 'table.exclude.list', 'b');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.include.list', 'a', 'column.exclude.list', 'b');

-- message.key.columns: entries <table regex>:<column>[,<column>...] separated
-- by ';' (no colon and an empty entry: filters)
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'message.key.columns', 'public.opterr_t:');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'message.key.columns', ':id');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'message.key.columns', 'public.opterr_t:id,,v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'message.key.columns', 'public.opterr_t:id:v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'message.key.columns', 'public.(opterr_t:id');

-- column mask and truncate options: <N> in the name, the hash algorithm,
-- the patterns, a repeated one, more than 16 (SHA3-256: column_masks)
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.mask.with.x.chars', 'public.opterr_t.v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.mask.with..chars', 'public.opterr_t.v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.truncate.to.-1.chars', 'public.opterr_t.v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.truncate.to.1234567.chars', 'public.opterr_t.v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.mask.hash.v2.MD4.with.salt.pepper', 'public.opterr_t.v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.mask.hash..with.salt.pepper', 'public.opterr_t.v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.mask.with.3.chars', 'public.opterr_t.(v');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.mask.hash.SHA-256.with.salt.pepper', 'public.opterr_t.v, ?');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.truncate.to.2.chars', 'a', 'column.truncate.to.2.chars', 'b');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL,
    VARIADIC ARRAY(SELECT unnest(ARRAY['column.truncate.to.' || n || '.chars', 'public.opterr_t.v'])
                   FROM generate_series(1, 17) n));

-- names: exact case, Debezium connector settings that mean nothing here,
-- the empty name, mask names without their parameters
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'Record.Mode', 'value');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'slot.name', 'opterr');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, '', 'value');
SELECT data FROM pg_logical_slot_get_changes('opterr', NULL, NULL, 'column.mask.with.chars', 'public.opterr_t.v');
\set VERBOSITY terse

-- nothing was consumed: the slot has not moved, and every event comes out
-- under good values of the options above
SELECT confirmed_flush_lsn = :'opterr_start' AS unmoved FROM pg_replication_slots WHERE slot_name = 'opterr';
SELECT * FROM cdc_get('opterr', 'record.mode', 'RECORD', 'topic.prefix', 'opt-errors',
                      'skipped.operations', 'none', 'money.fraction.digits', '30',
                      'column.mask.with.3.chars', 'public.opterr_t.v');
SELECT count(*) AS left_over FROM pg_logical_slot_peek_changes('opterr', NULL, NULL);
SELECT pg_drop_replication_slot('opterr');
DROP TABLE opterr_t;
