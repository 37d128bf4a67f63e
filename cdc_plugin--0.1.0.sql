/* cdc_plugin--0.1.0.sql: helpers offered by CREATE EXTENSION cdc_plugin. */

\echo Use "CREATE EXTENSION cdc_plugin" to load this file. \quit

-- The plugin's version, and the Debezium release whose format it writes.
CREATE FUNCTION cdc_plugin_version() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '0.1.0 (Debezium 3.6.1.Final format)' $$;
