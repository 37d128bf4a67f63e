-- setup: helpers the other files use.  Volatile fields (processing and
-- commit times, LSNs, transaction ids) are masked to 0 so outputs compare
-- byte for byte; source_block checks their real values relationally.
CREATE FUNCTION cdc_mask(doc text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(doc,
    '"(ts_ms|ts_us|ts_ns)":( ?)-?[0-9]+', '"\1":\20', 'g'),
    '"lsn":( ?)[0-9]+', '"lsn":\10', 'g'),
    '"txId":( ?)[0-9]+', '"txId":\10', 'g'),
    '"sequence":( ?)"\[[^]]*\]"', '"sequence":\1"[]"', 'g')
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
