/*
 * relcache.cpp
 *		The relation cache: builds a RelationEntry from the relation as of the
 *		change being decoded, and marks entries stale on invalidation.
 */
#include "pg_includes.h"

#include "relcache.h"

#include "column_defaults.h"
#include "json_sink.h"
#include "schema.h"
#include "source_type.h"

namespace cdc
{

namespace
{

/* The session's cache and its memory; null when no session is active. */
HTAB *relation_cache = nullptr;
MemoryContext relation_cache_memory = nullptr;

/* Whether a domain type carries NOT NULL. */
bool
type_is_not_null_domain(Oid type)
{
	HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
	bool not_null;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for type %u", type);
	not_null = reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple))->typnotnull;
	ReleaseSysCache(tuple);
	return not_null;
}

/* Marks one entry, or all entries for InvalidOid, as needing a rebuild. */
void
invalidate_relation(Datum, Oid relid)
{
	HASH_SEQ_STATUS status;
	RelationEntry *entry;

	if (relation_cache == nullptr)
		return;
	if (OidIsValid(relid))
	{
		entry =
			static_cast<RelationEntry *>(hash_search(relation_cache, &relid, HASH_FIND, nullptr));
		if (entry != nullptr)
			entry->valid = false;
		return;
	}
	hash_seq_init(&status, relation_cache);
	while ((entry = static_cast<RelationEntry *>(hash_seq_search(&status))) != nullptr)
		entry->valid = false;
}

/* A renamed schema or changed type can affect any entry: mark all stale. */
void
invalidate_all(Datum, int, uint32)
{
	invalidate_relation(0, InvalidOid);
}

/* Forgets the cache when the decoding context that owns it goes away. */
void
forget_cache(void *)
{
	relation_cache = nullptr;
	relation_cache_memory = nullptr;
}

/*
 * Appends 'text' to 'buf' as Debezium sanitises topic and schema names:
 * every character (UTF-16 unit, as Java counts) outside [A-Za-z0-9._-]
 * becomes '_'.
 */
void
append_sanitized(StringInfo buf, const char *text)
{
	const unsigned char *p = reinterpret_cast<const unsigned char *>(text);

	while (*p != '\0')
	{
		unsigned char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			c == '.' || c == '_' || c == '-')
		{
			appendStringInfoChar(buf, static_cast<char>(c));
			p++;
			continue;
		}
		int len = pg_utf_mblen(p);

		/* Characters beyond the BMP are two UTF-16 units in Java. */
		appendStringInfoString(buf, len == 4 ? "__" : "_");
		while (len-- > 0 && *p != '\0')
			p++;
	}
}

/* The topic "<prefix>.<schema>.<table>", sanitised and cut to 249 characters. */
std::string_view
make_topic(std::string_view prefix, const char *schema, const char *table)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, prefix.data(), static_cast<int>(prefix.size()));
	appendStringInfoChar(&buf, '.');
	append_sanitized(&buf, schema);
	appendStringInfoChar(&buf, '.');
	append_sanitized(&buf, table);
	if (buf.len > 249)
		buf.len = 249;
	buf.data[buf.len] = '\0';
	return std::string_view(buf.data, static_cast<size_t>(buf.len));
}

/*
 * Sets the column's source type facts and whether its schema carries them:
 * column.propagate.source.type matches "<schema>.<table>.<column>",
 * datatype.propagate.source.type "<schema>.<table>.<type name>".
 */
void
mark_propagated_source_type(ColumnSpec &column, Form_pg_attribute attribute, const char *schema,
							const char *table, const RelcacheSettings &settings)
{
	column.propagate_source_type = false;
	if (settings.propagate_columns->count == 0 && settings.propagate_datatypes->count == 0)
		return;
	describe_source_type(attribute->atttypid, attribute->atttypmod, column);
	column.propagate_source_type =
		name_patterns_match(*settings.propagate_columns,
							psprintf("%s.%s.%s", schema, table, NameStr(attribute->attname))) ||
		name_patterns_match(*settings.propagate_datatypes,
							psprintf("%s.%s.%s", schema, table, column.type_name.data()));
}

/*
 * Renders the table's key and value schema blocks once, for
 * schemas.enable; events splice them in.  Empty when schemas are off.
 */
void
render_schemas(RelationEntry *entry, const RelcacheSettings &settings)
{
	StringInfoData buf;
	JsonOut out;
	TableSchemaTexts texts;

	entry->table.value_schema_json = std::string_view();
	entry->table.key_schema_json = std::string_view();
	if (!settings.options->schemas_enable)
		return;
	initStringInfo(&buf);
	json_out_attach(out, &buf);
	texts = write_table_schemas(out, entry->table, *settings.values);
	json_out_detach(out, &buf);
	entry->table.value_schema_json =
		std::string_view(buf.data + texts.value_offset, texts.value_length);
	entry->table.key_schema_json = std::string_view(buf.data + texts.key_offset, texts.key_length);
}

/* The column index of attribute 'attnum', or -1 if it is not published. */
int
column_index(const RelationEntry *entry, int ncolumns, AttrNumber attnum)
{
	for (int i = 0; i < ncolumns; i++)
		if (entry->sources[i].attnum == attnum)
			return i;
	return -1;
}

/*
 * Sets the entry's key from an index: its key columns in index order.
 * Returns false (setting nothing) if an index column is an expression or
 * not published.
 */
bool
take_key_from_index(RelationEntry *entry, Oid index_oid)
{
	Relation index = RelationIdGetRelation(index_oid);
	int nkey = index->rd_index->indnkeyatts;
	int *key_columns = static_cast<int *>(palloc(sizeof(int) * (nkey > 0 ? nkey : 1)));
	bool usable = true;

	for (int i = 0; i < nkey && usable; i++)
	{
		AttrNumber attnum = index->rd_index->indkey.values[i];

		key_columns[i] = attnum > 0 ? column_index(entry, entry->table.ncolumns, attnum) : -1;
		usable = key_columns[i] >= 0;
	}
	RelationClose(index);
	if (!usable)
		return false;
	entry->key_columns = key_columns;
	entry->table.key_columns = key_columns;
	entry->table.nkey = nkey;
	return true;
}

/*
 * Chooses Debezium's key: the primary key in constraint order, else the
 * unique index that sorts first by name (skipping indexes on expressions),
 * else none.
 */
void
choose_key(Relation relation, RelationEntry *entry)
{
	List *indexes = RelationGetIndexList(relation);
	Oid best_unique = InvalidOid;
	NameData best_name;

	entry->table.nkey = 0;
	entry->table.key_columns = nullptr;
	if (OidIsValid(relation->rd_pkindex) && take_key_from_index(entry, relation->rd_pkindex))
		return;

	for (int i = 0; i < list_length(indexes); i++)
	{
		Oid index_oid = list_nth_oid(indexes, i);
		Relation index = RelationIdGetRelation(index_oid);
		bool candidate = index->rd_index->indisunique && index->rd_index->indisvalid;

		for (int k = 0; candidate && k < index->rd_index->indnkeyatts; k++)
			candidate = index->rd_index->indkey.values[k] > 0;
		if (candidate && (!OidIsValid(best_unique) ||
						  strcmp(NameStr(index->rd_rel->relname), NameStr(best_name)) < 0))
		{
			best_unique = index_oid;
			namestrcpy(&best_name, NameStr(index->rd_rel->relname));
		}
		RelationClose(index);
	}
	if (OidIsValid(best_unique))
		take_key_from_index(entry, best_unique);
}

/*
 * Whether Debezium would receive UPDATE and DELETE events for the table:
 * pgoutput refuses them without a replica identity, and decoderbufs sends
 * them without tuples, which Debezium drops.
 */
bool
publishes_old_rows(Relation relation)
{
	switch (relation->rd_rel->relreplident)
	{
		case REPLICA_IDENTITY_FULL:
			return true;
		case REPLICA_IDENTITY_NOTHING:
			return false;
		default:
			return OidIsValid(RelationGetReplicaIndex(relation));
	}
}

/* Fills 'entry' from 'relation', in a fresh memory context of its own. */
void
build_entry(RelationEntry *entry, Relation relation, const RelcacheSettings &settings)
{
	TupleDesc descriptor = RelationGetDescr(relation);
	MemoryContext old_context;
	int ncolumns = 0;

	if (entry->context != nullptr)
		MemoryContextDelete(entry->context);
	entry->context =
		AllocSetContextCreate(relation_cache_memory, "cdc_plugin relation", ALLOCSET_SMALL_SIZES);
	old_context = MemoryContextSwitchTo(entry->context);

	const char *schema = get_namespace_name(RelationGetNamespace(relation));
	const char *table = pstrdup(RelationGetRelationName(relation));

	entry->table.schema = schema;
	entry->table.table = table;
	entry->table.topic = make_topic(settings.topic_prefix, schema, table);

	entry->columns = static_cast<ColumnSpec *>(
		palloc0(sizeof(ColumnSpec) * (descriptor->natts > 0 ? descriptor->natts : 1)));
	entry->sources = static_cast<ColumnSource *>(
		palloc0(sizeof(ColumnSource) * (descriptor->natts > 0 ? descriptor->natts : 1)));

	for (int i = 0; i < descriptor->natts; i++)
	{
		Form_pg_attribute attribute = TupleDescAttr(descriptor, i);
		ColumnSpec &column = entry->columns[ncolumns];
		ColumnSource &source = entry->sources[ncolumns];

		/* pgoutput publishes neither dropped nor generated columns. */
		if (attribute->attisdropped || attribute->attgenerated != '\0')
			continue;
		/* and Debezium leaves out columns of types it has no mapping for */
		if (!describe_column_type(attribute->atttypid, attribute->atttypmod, *settings.options,
								  column, source, entry->context))
			continue;

		source.attnum = attribute->attnum;
		column.name = pstrdup(NameStr(attribute->attname));
		/* JDBC's NULLABLE: the column's NOT NULL, or a NOT NULL domain */
		column.optional =
			!attribute->attnotnull && !(get_typtype(attribute->atttypid) == TYPTYPE_DOMAIN &&
										type_is_not_null_domain(attribute->atttypid));
		mark_propagated_source_type(column, attribute, schema, table, settings);
		column.default_json =
			attribute->atthasdef ? render_column_default(relation, column, source, *settings.values)
								 : std::string_view();
		ncolumns++;
	}
	entry->table.columns = entry->columns;
	entry->table.ncolumns = ncolumns;
	entry->text_depends_on_settings = false;
	for (int i = 0; i < ncolumns; i++)
		entry->text_depends_on_settings |=
			text_depends_on_settings(entry->columns[i], entry->sources[i]);
	choose_key(relation, entry);
	render_schemas(entry, settings);
	entry->publishes_old_rows = publishes_old_rows(relation);
	MemoryContextSwitchTo(old_context);
}

} /* namespace */

/*
 * Creates the session's cache and, once per process, registers the
 * invalidation callbacks (the server offers no way to unregister them).
 */
void
relcache_init(MemoryContext parent)
{
	static bool callbacks_registered = false;
	MemoryContextCallback *reset_callback;
	HASHCTL hash_control;

	relation_cache_memory =
		AllocSetContextCreate(parent, "cdc_plugin relation cache", ALLOCSET_DEFAULT_SIZES);
	hash_control.keysize = sizeof(Oid);
	hash_control.entrysize = sizeof(RelationEntry);
	hash_control.hcxt = relation_cache_memory;
	relation_cache = hash_create("cdc_plugin relations", 128, &hash_control,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	reset_callback = static_cast<MemoryContextCallback *>(
		MemoryContextAllocZero(relation_cache_memory, sizeof(MemoryContextCallback)));
	reset_callback->func = forget_cache;
	MemoryContextRegisterResetCallback(relation_cache_memory, reset_callback);

	if (!callbacks_registered)
	{
		CacheRegisterRelcacheCallback(invalidate_relation, (Datum) 0);
		CacheRegisterSyscacheCallback(NAMESPACEOID, invalidate_all, (Datum) 0);
		CacheRegisterSyscacheCallback(TYPEOID, invalidate_all, (Datum) 0);
		callbacks_registered = true;
	}
}

/* Returns the entry for 'relation', rebuilt if it is new or stale. */
RelationEntry *
relcache_lookup(Relation relation, const RelcacheSettings &settings)
{
	Oid relid = RelationGetRelid(relation);
	bool found;
	RelationEntry *entry;

	entry = static_cast<RelationEntry *>(hash_search(relation_cache, &relid, HASH_ENTER, &found));
	if (!found)
	{
		entry->context = nullptr;
		entry->valid = false;
	}
	if (!entry->valid)
	{
		entry->valid = true;
		build_entry(entry, relation, settings);
	}
	return entry;
}

} /* namespace cdc */
