-- setup: helpers the other files use.  Volatile fields (processing and
-- commit times, LSNs, transaction ids) are masked to 0, found by their
-- place in the envelope so that columns of the same names stay intact, so
-- outputs compare byte for byte; source_block checks their real values
-- relationally.
CREATE FUNCTION cdc_mask(doc text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
       regexp_replace(regexp_replace(regexp_replace(regexp_replace(doc,
    '("op":\s*"[a-z]",\s*"ts_ms":\s*)-?[0-9]+(,\s*"ts_us":\s*)-?[0-9]+(,\s*"ts_ns":\s*)-?[0-9]+',
    '\10\20\30', 'g'),
    '("op":\s*"m",\s*"ts_ms":\s*)-?[0-9]+', '\10', 'g'),
    '("ts_ms":\s*)-?[0-9]+(,\s*"snapshot")', '\10\2', 'g'),
    '("ts_us":\s*)-?[0-9]+(,\s*"ts_ns":\s*)-?[0-9]+(,\s*"schema")', '\10\20\3', 'g'),
    '("txId":\s*)[0-9]+', '\10', 'g'),
    '("lsn":\s*)[0-9]+(,\s*"xmin")', '\10\2', 'g'),
    '("sequence":\s*)"\[[^]]*\]"', '\1"[]"', 'g'),
    '("data_collections":\s*(null|\[[^]]*\]),\s*"ts_ms":\s*)-?[0-9]+', '\10', 'g'),
    '("id":\s*)"[0-9]+:[0-9]+"', '\1"0:0"', 'g')
$$;

-- Consumes a slot's changes with the given plugin options, masked.
CREATE FUNCTION cdc_get(slot name, VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF text
LANGUAGE sql AS $$
SELECT cdc_mask(data) FROM pg_logical_slot_get_changes(slot, NULL, NULL, VARIADIC options)
$$;

-- Reads a slot's changes without consuming them, masked, so one change set
-- can be shown under several options.
CREATE FUNCTION cdc_get_peek(slot name, VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF text
LANGUAGE sql AS $$
SELECT cdc_mask(data) FROM pg_logical_slot_peek_changes(slot, NULL, NULL, VARIADIC options)
$$;
