/*
 * snapshot.h
 *		The plugin's side of an initial snapshot (Debezium's snapshot.mode
 *		initial): cdc_snapshot_tables lists the tables a slot with given
 *		options captures, in the order a snapshot reads them, and
 *		cdc_snapshot_rows reads one of them in the caller's snapshot as
 *		Debezium read events ("op":"r").
 *
 * PG zone.  cdc_plugin.cpp calls these through the boundary guard.  The
 * caller creates the slot with an exported snapshot and imports it into a
 * REPEATABLE READ transaction (SET TRANSACTION SNAPSHOT) before the calls.
 */
#ifndef CDC_SNAPSHOT_H
#define CDC_SNAPSHOT_H

#include "pg_includes.h"

namespace cdc
{

/*
 * cdc_snapshot_tables(VARIADIC options text[]) RETURNS SETOF regclass: the
 * permanent ordinary tables (leaf partitions included) the options
 * capture, by schema name then table name.
 */
Datum snapshot_tables(FunctionCallInfo fcinfo);

/*
 * cdc_snapshot_rows(rel regclass, snapshot_lsn pg_lsn, first_table
 * boolean, last_table boolean, VARIADIC options text[]) RETURNS SETOF
 * text: one read event per row of 'rel' in the transaction's snapshot,
 * written as the streaming path writes an insert.
 */
Datum snapshot_rows(FunctionCallInfo fcinfo);

} /* namespace cdc */

#endif /* CDC_SNAPSHOT_H */
