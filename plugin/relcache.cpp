/*
 * relcache.cpp
 *		The relation cache: builds a RelationEntry from the relation as of the
 *		change being decoded, and marks entries stale on invalidation.
 */
#include "pg_includes.h"

#include "relcache.h"

#include "column_defaults.h"
#include "column_mappers.h"
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

/*
 * The session's compiled table, column, key and mapper options
 * (relcache_compile_filters), in relation_cache_memory.  Plain data: reset
 * with the cache.
 */
struct RelationFilters
{
	bool compiled;
	const PluginOptions *options;
	NamePatterns schema_include;
	NamePatterns schema_exclude;
	NamePatterns table_include;
	NamePatterns table_exclude;
	NamePatterns column_include;
	NamePatterns column_exclude;

	/* message.key.columns: one "<table regex>.<column>" pattern each */
	NamePatterns *keys;
	int nkeys;

	/*
	 * Column mappers, parallel to options->column_mappers; rule order for
	 * matching: truncations then fixed masks (before the source type
	 * propagation), hash masks V1 then V2 (after it).
	 */
	NamePatterns mappers[kMaxColumnMappers];
	int first_mappers[kMaxColumnMappers];
	int nfirst;
	int last_mappers[kMaxColumnMappers];
	int nlast;
};

RelationFilters filters;

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

/*
 * Forgets the cache when the memory context that owns it goes away, unless
 * a newer cache has replaced it (a snapshot function's cache ending while
 * a decoding session in the same backend holds its own, or the reverse).
 */
void
forget_cache(void *cache_memory)
{
	if (cache_memory != relation_cache_memory)
		return;
	relation_cache = nullptr;
	relation_cache_memory = nullptr;
	filters.compiled = false;
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
 * Renders the texts every event of the table repeats, once: its names as
 * source blocks show them, its column names as JSON strings, and with
 * schemas.enable its key and value schema blocks, which events splice in.
 */
void
render_relation_texts(RelationEntry *entry, const RelcacheSettings &settings)
{
	StringInfoData buf;
	JsonOut out;
	TableSchemaTexts texts = {};
	size_t names_length;
	size_t *name_ends = static_cast<size_t *>(palloc(sizeof(size_t) * (entry->nslots + 1)));

	initStringInfo(&buf);
	json_out_attach(out, &buf);
	render_source_names(out, entry->table.schema, entry->table.table);
	names_length = out.len;
	for (int i = 0; i < entry->nslots; i++)
	{
		const std::string_view name = entry->columns[i].name;

		JsonWriter::write_json_string(out, name.data(), name.size());
		name_ends[i] = out.len;
	}
	if (settings.options->schemas_enable)
		texts = write_table_schemas(out, entry->table, *settings.values);
	json_out_detach(out, &buf);
	entry->table.source_names_json = std::string_view(buf.data, names_length);
	for (int i = 0; i < entry->nslots; i++)
	{
		size_t start = i == 0 ? names_length : name_ends[i - 1];

		entry->columns[i].name_json = std::string_view(buf.data + start, name_ends[i] - start);
	}
	entry->table.value_schema_json =
		std::string_view(buf.data + texts.value_offset, texts.value_length);
	entry->table.key_schema_json = std::string_view(buf.data + texts.key_offset, texts.key_length);
}

/* The index of attribute 'attnum' among 'sources', or -1 if it is not published. */
int
column_index(const ColumnSource *sources, int ncolumns, AttrNumber attnum)
{
	for (int i = 0; i < ncolumns; i++)
		if (sources[i].attnum == attnum)
			return i;
	return -1;
}

/*
 * The key columns of an index, in index order, as indexes into 'sources';
 * returns their number, or -1 (writing nothing) if an index column is an
 * expression or not published.
 */
int
key_from_index(Oid index_oid, const ColumnSource *sources, int ncolumns, int **key_columns)
{
	Relation index = RelationIdGetRelation(index_oid);
	int nkey = index->rd_index->indnkeyatts;
	int *columns = static_cast<int *>(palloc(sizeof(int) * (nkey > 0 ? nkey : 1)));
	bool usable = true;

	for (int i = 0; i < nkey && usable; i++)
	{
		AttrNumber attnum = index->rd_index->indkey.values[i];

		columns[i] = attnum > 0 ? column_index(sources, ncolumns, attnum) : -1;
		usable = columns[i] >= 0;
	}
	RelationClose(index);
	if (!usable)
		return -1;
	*key_columns = columns;
	return nkey;
}

/*
 * Chooses Debezium's key: the primary key in constraint order, else the
 * unique index that sorts first by name (skipping indexes on expressions),
 * else none.  Returns the number of key columns (indexes into 'sources').
 */
int
choose_key(Relation relation, const ColumnSource *sources, int ncolumns, int **key_columns)
{
	List *indexes;
	Oid best_unique = InvalidOid;
	NameData best_name;
	int nkey;

	*key_columns = nullptr;
	if (OidIsValid(relation->rd_pkindex) &&
		(nkey = key_from_index(relation->rd_pkindex, sources, ncolumns, key_columns)) >= 0)
		return nkey;

	indexes = RelationGetIndexList(relation);
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
	if (OidIsValid(best_unique) &&
		(nkey = key_from_index(best_unique, sources, ncolumns, key_columns)) >= 0)
		return nkey;
	*key_columns = nullptr;
	return 0;
}

/*
 * message.key.columns (CustomKeyMapper): for each "<table regex>.<column>"
 * pattern in the option's order, every column of the table whose
 * "<schema>.<table>.<column>" it matches, in table order (each column
 * once).  Returns their number, 0 when no pattern matches the table (the
 * default key applies then).
 */
int
key_from_option(const char *const *names, int ncolumns, int **key_columns)
{
	int *columns;
	int nkey = 0;

	if (filters.nkeys == 0)
		return 0;
	columns = static_cast<int *>(palloc(sizeof(int) * (ncolumns > 0 ? ncolumns : 1)));
	for (int p = 0; p < filters.nkeys; p++)
		for (int i = 0; i < ncolumns; i++)
		{
			bool seen = false;

			for (int k = 0; k < nkey && !seen; k++)
				seen = columns[k] == i;
			if (!seen && name_patterns_match(filters.keys[p], names[i]))
				columns[nkey++] = i;
		}
	*key_columns = columns;
	return nkey;
}

/*
 * Debezium's character JDBC types (MaskStrings.create): char, varchar,
 * text, bpchar, name and "char" by the driver's table, enums as VARCHAR
 * (TypeRegistry); a domain counts as its base type.  Arrays do not.
 */
bool
is_character_column(const ColumnSpec &column, const ColumnSource &source)
{
	if (column.kind == ValueKind::Array)
		return false;
	if (column.semantic == Semantic::Enum)
		return true;
	switch (source.base_type)
	{
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case NAMEOID:
		case CHAROID:
			return true;
		default:
			return false;
	}
}

/*
 * The first mapper option of the list 'order' (indexes into the options'
 * column mappers) whose columns match 'name', or null.
 */
const ColumnMapperOption *
match_mapper(const int *order, int count, const char *name)
{
	for (int i = 0; i < count; i++)
		if (name_patterns_match(filters.mappers[order[i]], name))
			return &filters.options->column_mappers[order[i]];
	return nullptr;
}

/*
 * Builds a value column's mapper spec (in the entry's context); 'column'
 * already has its source type described, for the column's length.
 */
const ColumnMapperSpec *
make_mapper_spec(const ColumnMapperOption &option, const ColumnSpec &column,
				 const ColumnSource &source)
{
	ColumnMapperSpec *spec = static_cast<ColumnMapperSpec *>(palloc0(sizeof(ColumnMapperSpec)));

	spec->mapping = option.mapping;
	spec->length = option.length;
	switch (option.mapping)
	{
		case ColumnMapping::MaskWithChars:
		{
			char *mask = static_cast<char *>(palloc(option.length + 1));

			memset(mask, '*', option.length);
			mask[option.length] = '\0';
			spec->mask = std::string_view(mask, static_cast<size_t>(option.length));
			spec->converts = is_character_column(column, source);
			spec->parameter_key = "masked";
			spec->parameter_value = "true";
			break;
		}
		case ColumnMapping::MaskHashV1:
		case ColumnMapping::MaskHashV2:
			if (!hash_algorithm_from_name(option.algorithm, &spec->algorithm))
				elog(ERROR, "unknown hash algorithm \"%.*s\"",
					 static_cast<int>(option.algorithm.size()), option.algorithm.data());
			spec->salt = option.salt;
			/* the hash is cut to the column's length when it has one */
			spec->column_length = column.type_length > 0 ? column.type_length : 0;
			spec->converts = is_character_column(column, source);
			spec->parameter_key = "masked";
			spec->parameter_value = "true";
			break;
		case ColumnMapping::TruncateToChars:
			/* isTruncationPossible: the length is unknown or greater than N */
			spec->converts = column.type_length < 0 || column.type_length > option.length;
			if (spec->converts)
			{
				spec->parameter_key = "truncateLength";
				spec->parameter_value = psprintf("%d", option.length);
			}
			break;
	}
	return spec;
}

/*
 * Gives a value column its one mapper, as ColumnMappers.mapperFor takes
 * the first matching rule in the order the rules were built: truncations,
 * fixed masks, column.propagate.source.type, datatype.propagate.source.type,
 * then hash masks (V1, then V2).  A column that propagates its source type
 * therefore gets no hash mask, and a masked one no source type parameters.
 */
void
assign_mapper(ColumnSpec &column, const ColumnSource &source, Form_pg_attribute attribute,
			  const char *name, const char *schema, const char *table,
			  const RelcacheSettings &settings)
{
	const ColumnMapperOption *option;

	column.mapper = nullptr;
	column.propagate_source_type = false;
	option = match_mapper(filters.first_mappers, filters.nfirst, name);
	if (option == nullptr)
	{
		mark_propagated_source_type(column, attribute, schema, table, settings);
		if (column.propagate_source_type)
			return;
		option = match_mapper(filters.last_mappers, filters.nlast, name);
	}
	if (option == nullptr)
		return;
	describe_source_type(attribute->atttypid, attribute->atttypmod, column);
	column.mapper = make_mapper_spec(*option, column, source);
}

/*
 * Whether Debezium captures the table: not one of the PostgreSQL connector's
 * system tables (SystemTablesPredicate: schemas pg_catalog and
 * information_schema, any schema starting "pg_temp", table spatial_ref_sys),
 * and the schema and table lists say so (an include list, if given, else
 * an exclude list, as Selectors.build).
 */
bool
table_excluded(const char *schema, const char *table)
{
	char *qualified;

	if (pg_strcasecmp(schema, "pg_catalog") == 0 ||
		pg_strcasecmp(schema, "information_schema") == 0 || strncmp(schema, "pg_temp", 7) == 0 ||
		pg_strcasecmp(table, "spatial_ref_sys") == 0)
		return true;
	if (filters.schema_include.count > 0)
	{
		if (!name_patterns_match(filters.schema_include, schema))
			return true;
	}
	else if (filters.schema_exclude.count > 0 &&
			 name_patterns_match(filters.schema_exclude, schema))
		return true;
	if (filters.table_include.count == 0 && filters.table_exclude.count == 0)
		return false;
	qualified = psprintf("%s.%s", schema, table);
	if (filters.table_include.count > 0)
		return !name_patterns_match(filters.table_include, qualified);
	return name_patterns_match(filters.table_exclude, qualified);
}

/* Whether column.include/exclude.list keep "<schema>.<table>.<column>" in the value. */
bool
column_in_value(const char *name)
{
	if (filters.column_include.count > 0)
		return name_patterns_match(filters.column_include, name);
	if (filters.column_exclude.count > 0)
		return !name_patterns_match(filters.column_exclude, name);
	return true;
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

/* Leaves an entry with no columns, no key and no schemas. */
void
clear_entry(RelationEntry *entry)
{
	entry->table.columns = nullptr;
	entry->table.ncolumns = 0;
	entry->table.key_columns = nullptr;
	entry->table.nkey = 0;
	entry->table.value_schema_json = std::string_view();
	entry->table.key_schema_json = std::string_view();
	entry->table.source_names_json = std::string_view();
	entry->columns = nullptr;
	entry->sources = nullptr;
	entry->nslots = 0;
	entry->key_columns = nullptr;
	entry->publishes_old_rows = false;
	entry->text_depends_on_settings = false;
}

/*
 * Lays out the entry's slots from the table's published columns: the
 * value columns first, then a key-only slot (a copy without mapper) for
 * every key column that the value leaves out or changes.
 */
void
lay_out_slots(RelationEntry *entry, const ColumnSpec *all, const ColumnSource *sources,
			  const bool *in_value, int ncolumns, const int *key, int nkey)
{
	int *value_slot = static_cast<int *>(palloc(sizeof(int) * (ncolumns > 0 ? ncolumns : 1)));
	int capacity = ncolumns + nkey;
	int nslots = 0;

	entry->columns =
		static_cast<ColumnSpec *>(palloc0(sizeof(ColumnSpec) * (capacity > 0 ? capacity : 1)));
	entry->sources =
		static_cast<ColumnSource *>(palloc0(sizeof(ColumnSource) * (capacity > 0 ? capacity : 1)));
	for (int i = 0; i < ncolumns; i++)
	{
		value_slot[i] = -1;
		if (!in_value[i])
			continue;
		entry->columns[nslots] = all[i];
		entry->sources[nslots] = sources[i];
		value_slot[i] = nslots++;
	}
	entry->table.columns = entry->columns;
	entry->table.ncolumns = nslots;

	entry->key_columns = static_cast<int *>(palloc(sizeof(int) * (nkey > 0 ? nkey : 1)));
	for (int k = 0; k < nkey; k++)
	{
		int i = key[k];

		if (value_slot[i] >= 0 && (all[i].mapper == nullptr || !all[i].mapper->converts))
		{
			entry->key_columns[k] = value_slot[i];
			continue;
		}
		entry->columns[nslots] = all[i];
		entry->columns[nslots].mapper = nullptr;
		entry->columns[nslots].propagate_source_type = false;
		entry->sources[nslots] = sources[i];
		entry->key_columns[k] = nslots++;
	}
	entry->table.key_columns = nkey > 0 ? entry->key_columns : nullptr;
	entry->table.nkey = nkey;
	entry->nslots = nslots;
}

/*
 * Fills 'entry' from 'relation', in a fresh memory context of its own.  An
 * excluded table stops after its names.
 */
void
build_entry(RelationEntry *entry, Relation relation, const RelcacheSettings &settings)
{
	TupleDesc descriptor = RelationGetDescr(relation);
	int natts = descriptor->natts > 0 ? descriptor->natts : 1;
	MemoryContext old_context;
	ColumnSpec *all;
	ColumnSource *sources;
	Form_pg_attribute *attributes;
	char **names;
	bool *in_value;
	int *key;
	int nkey;
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
	clear_entry(entry);
	entry->excluded = table_excluded(schema, table);
	if (entry->excluded)
	{
		MemoryContextSwitchTo(old_context);
		return;
	}
	entry->table.topic = make_topic(settings.topic_prefix, schema, table);

	all = static_cast<ColumnSpec *>(palloc0(sizeof(ColumnSpec) * natts));
	sources = static_cast<ColumnSource *>(palloc0(sizeof(ColumnSource) * natts));
	attributes = static_cast<Form_pg_attribute *>(palloc(sizeof(Form_pg_attribute) * natts));
	names = static_cast<char **>(palloc(sizeof(char *) * natts));
	in_value = static_cast<bool *>(palloc(sizeof(bool) * natts));

	for (int i = 0; i < descriptor->natts; i++)
	{
		Form_pg_attribute attribute = TupleDescAttr(descriptor, i);
		ColumnSpec &column = all[ncolumns];
		ColumnSource &source = sources[ncolumns];

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
		column.default_json =
			attribute->atthasdef ? render_column_default(relation, column, source, *settings.values)
								 : std::string_view();
		attributes[ncolumns] = attribute;
		names[ncolumns] = psprintf("%s.%s.%s", schema, table, NameStr(attribute->attname));
		in_value[ncolumns] = column_in_value(names[ncolumns]);
		ncolumns++;
	}

	/* Mappers and source type parameters belong to the value's columns only. */
	for (int i = 0; i < ncolumns; i++)
		if (in_value[i])
			assign_mapper(all[i], sources[i], attributes[i], names[i], schema, table, settings);

	/* The key may use columns the value leaves out (debezium-format.md §2.1). */
	nkey = key_from_option(names, ncolumns, &key);
	if (nkey == 0)
		nkey = choose_key(relation, sources, ncolumns, &key);

	lay_out_slots(entry, all, sources, in_value, ncolumns, key, nkey);
	for (int i = 0; i < entry->nslots; i++)
		entry->text_depends_on_settings |=
			text_depends_on_settings(entry->columns[i], entry->sources[i]);
	render_relation_texts(entry, settings);
	entry->publishes_old_rows = publishes_old_rows(relation);
	MemoryContextSwitchTo(old_context);
}

/*
 * Rejects a message.key.columns entry that is not "<table>:<column>[,...]"
 * (CustomKeyMapper.MSG_KEY_COLUMNS_PATTERN), as Debezium's validation.
 */
void
check_key_entry(std::string_view list, const char *entry, const char *colon)
{
	bool valid = colon != nullptr && colon > entry && strchr(colon + 1, ':') == nullptr &&
				 colon[1] != '\0' && colon[1] != ',';

	for (const char *p = colon != nullptr ? colon + 1 : entry; valid && *p != '\0'; p++)
		if (*p == ',' && (p[1] == ',' || p[1] == '\0'))
			valid = false;
	if (!valid)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("invalid value \"%.*s\" for option \"message.key.columns\"",
							   static_cast<int>(list.size()), list.data()),
						errdetail("The entry \"%s\" is not of the form "
								  "<schema>.<table>:<column>[,<column>...].",
								  entry)));
}

/*
 * Turns message.key.columns into one pattern per column, as
 * CustomKeyMapper.getInstance: entries split at ';' (trailing empty ones
 * dropped, as Java's split), each at its first ':' into the table regex and
 * columns split at ',' and trimmed, giving "<table regex>.<column>".
 */
void
compile_key_columns(std::string_view list)
{
	char *text = pnstrdup(list.data(), list.size());
	int capacity = 1;
	char *entry;
	int end;

	for (char *p = text; *p != '\0'; p++)
		capacity += (*p == ';' || *p == ',') ? 1 : 0;
	filters.keys = static_cast<NamePatterns *>(palloc0(sizeof(NamePatterns) * capacity));
	filters.nkeys = 0;

	/* Java's split drops trailing empty strings */
	end = static_cast<int>(strlen(text));
	while (end > 0 && text[end - 1] == ';')
		text[--end] = '\0';
	if (end == 0)
		return;
	entry = text;
	for (;;)
	{
		char *next = strchr(entry, ';');
		char *colon;
		char *column;

		if (next != nullptr)
			*next = '\0';
		colon = strchr(entry, ':');
		check_key_entry(list, entry, colon);
		*colon = '\0';
		column = colon + 1;
		for (;;)
		{
			char *comma = strchr(column, ',');
			int start = 0;
			int stop;

			if (comma != nullptr)
				*comma = '\0';
			stop = static_cast<int>(strlen(column));
			while (start < stop && isspace(static_cast<unsigned char>(column[start])))
				start++;
			while (stop > start && isspace(static_cast<unsigned char>(column[stop - 1])))
				stop--;
			compile_name_patterns(filters.keys[filters.nkeys++], "message.key.columns",
								  psprintf("%s.%.*s", entry, stop - start, column + start), list);
			if (comma == nullptr)
				break;
			column = comma + 1;
		}
		if (next == nullptr)
			break;
		entry = next + 1;
	}
}

} /* namespace */

/*
 * Compiles every list in the cache's memory; an ERROR here (a pattern that
 * does not compile, a malformed message.key.columns) fails the start.
 */
void
relcache_compile_filters(const PluginOptions &options)
{
	MemoryContext old_context = MemoryContextSwitchTo(relation_cache_memory);

	memset(&filters, 0, sizeof(filters));
	filters.options = &options;
	compile_name_patterns(filters.schema_include, "schema.include.list",
						  options.schema_include_list);
	compile_name_patterns(filters.schema_exclude, "schema.exclude.list",
						  options.schema_exclude_list);
	compile_name_patterns(filters.table_include, "table.include.list", options.table_include_list);
	compile_name_patterns(filters.table_exclude, "table.exclude.list", options.table_exclude_list);
	compile_name_patterns(filters.column_include, "column.include.list",
						  options.column_include_list);
	compile_name_patterns(filters.column_exclude, "column.exclude.list",
						  options.column_exclude_list);
	compile_key_columns(options.message_key_columns);
	for (int i = 0; i < options.column_mapper_count; i++)
	{
		const ColumnMapperOption &mapper = options.column_mappers[i];

		compile_name_patterns(filters.mappers[i], mapper.name, mapper.columns);
	}
	for (ColumnMapping mapping : {ColumnMapping::TruncateToChars, ColumnMapping::MaskWithChars,
								  ColumnMapping::MaskHashV1, ColumnMapping::MaskHashV2})
		for (int i = 0; i < options.column_mapper_count; i++)
		{
			if (options.column_mappers[i].mapping != mapping)
				continue;
			if (mapping == ColumnMapping::TruncateToChars ||
				mapping == ColumnMapping::MaskWithChars)
				filters.first_mappers[filters.nfirst++] = i;
			else
				filters.last_mappers[filters.nlast++] = i;
		}
	filters.compiled = true;
	MemoryContextSwitchTo(old_context);
}

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
	filters.compiled = false;
	hash_control.keysize = sizeof(Oid);
	hash_control.entrysize = sizeof(RelationEntry);
	hash_control.hcxt = relation_cache_memory;
	relation_cache = hash_create("cdc_plugin relations", 128, &hash_control,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	reset_callback = static_cast<MemoryContextCallback *>(
		MemoryContextAllocZero(relation_cache_memory, sizeof(MemoryContextCallback)));
	reset_callback->func = forget_cache;
	reset_callback->arg = relation_cache_memory;
	MemoryContextRegisterResetCallback(relation_cache_memory, reset_callback);

	if (!callbacks_registered)
	{
		CacheRegisterRelcacheCallback(invalidate_relation, (Datum) 0);
		CacheRegisterSyscacheCallback(NAMESPACEOID, invalidate_all, (Datum) 0);
		CacheRegisterSyscacheCallback(TYPEOID, invalidate_all, (Datum) 0);
		callbacks_registered = true;
	}
}

/* The opposite of table_excluded, for callers outside this file. */
bool
relcache_table_captured(const char *schema, const char *table)
{
	return !table_excluded(schema, table);
}

/* Returns the entry for 'relation', rebuilt if it is new or stale. */
RelationEntry *
relcache_lookup(Relation relation, const RelcacheSettings &settings)
{
	Oid relid = RelationGetRelid(relation);
	bool found;
	RelationEntry *entry;

	if (!filters.compiled)
		relcache_compile_filters(*settings.options);
	entry = static_cast<RelationEntry *>(hash_search(relation_cache, &relid, HASH_ENTER, &found));
	if (!found)
	{
		entry->context = nullptr;
		entry->valid = false;
		entry->excluded = false;
	}
	if (!entry->valid)
	{
		entry->valid = true;
		build_entry(entry, relation, settings);
	}
	return entry;
}

} /* namespace cdc */
