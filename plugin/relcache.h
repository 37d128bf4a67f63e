/*
 * relcache.h
 *		Per-relation facts the events need (columns, encodings, defaults, key,
 *		topic, whether updates and deletes can be published), computed once
 *		and kept until the relation changes.
 *
 * PG zone.  Entries live in a hash table in their own memory context under
 * the decoding context; relcache and syscache invalidations only mark
 * entries stale, and a stale entry is rebuilt the next time a change for its
 * relation arrives (with the catalog as of that change).
 */
#ifndef CDC_RELCACHE_H
#define CDC_RELCACHE_H

#include "pg_includes.h"

#include "envelope.h"
#include "materialize.h"
#include "name_patterns.h"

namespace cdc
{

/* One relation's cached description. */
struct RelationEntry
{
	Oid relid; /* hash key: must be first */
	bool valid;

	/*
	 * schema/table include and exclude lists and Debezium's built-in system
	 * tables: no events at all.  Nothing below is set for such an entry.
	 */
	bool excluded;

	MemoryContext context; /* everything below is allocated here */
	TableSpec table;

	/*
	 * The materialised slots of a row: table.ncolumns value columns (those
	 * column.include/exclude.list keep, in table order), then key-only
	 * slots for key columns the value leaves out or maps (a masked key
	 * column is materialised twice: masked for the value, plain for the
	 * key).  table.key_columns index into all nslots; rows have nslots
	 * values.
	 */
	ColumnSpec *columns;
	ColumnSource *sources; /* parallel to columns */
	int nslots;
	int *key_columns;

	/*
	 * False when Debezium would see no UPDATE or DELETE for the table: its
	 * replica identity is NOTHING, or DEFAULT/INDEX without a usable index.
	 */
	bool publishes_old_rows;

	/* Some column's text form depends on session settings (materialize.h). */
	bool text_depends_on_settings;
};

/* What building an entry depends on, fixed for the decoding session. */
struct RelcacheSettings
{
	std::string_view topic_prefix;
	const PluginOptions *options;
	const ValueOptions *values;

	/* column.propagate.source.type and datatype.propagate.source.type */
	const NamePatterns *propagate_columns;
	const NamePatterns *propagate_datatypes;
};

/*
 * Creates the cache for one decoding session (or one call of a snapshot
 * function) under 'parent'; the cache goes away with that context.  The
 * cache is global to the backend: the newest one is in use.
 */
void relcache_init(MemoryContext parent);

/*
 * Compiles the table, column, key and column mapper options once per
 * decoding session (after relcache_init), so that a bad regular expression
 * fails the start of decoding.  relcache_lookup compiles them itself if
 * this was not called.
 */
void relcache_compile_filters(const PluginOptions &options);

/*
 * Whether the session's options capture the table <schema>.<table>: not a
 * system table Debezium leaves out, and kept by the schema and table
 * include/exclude lists.  Needs relcache_compile_filters first.
 */
bool relcache_table_captured(const char *schema, const char *table);

/*
 * Returns the valid entry for 'relation', building it if it is missing or
 * stale.  An entry with 'excluded' set stands for a table without events.
 */
RelationEntry *relcache_lookup(Relation relation, const RelcacheSettings &settings);

} /* namespace cdc */

#endif /* CDC_RELCACHE_H */
