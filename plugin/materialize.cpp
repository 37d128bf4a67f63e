/*
 * materialize.cpp
 *		Debezium's type mapping for PostgreSQL types, and Datums turned into
 *		plain values for the encoders.
 */
#include "pg_includes.h"

#include "materialize.h"

namespace cdc
{

namespace
{

/* Array element types Debezium 3.6.1 has no schema for: such columns are left out. */
bool
is_unsupported_array_element(Oid element_type)
{
	switch (element_type)
	{
		case CASHOID:
		case NAMEOID:
		case INTERVALOID:
		case VARBITOID:
		case BITOID:
		case XMLOID:
		case POINTOID:
		case REFCURSOROID:
			return true;
		default:
			return false;
	}
}

/*
 * The unchanged-TOAST marker Debezium picks for an array by its element
 * type's name (UnchangedToastedReplicationMessageColumn).
 */
ToastMarker
array_toast_marker(Oid element_type)
{
	switch (element_type)
	{
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case JSONOID:
		case JSONBOID:
			return ToastMarker::TextArray;
		case BYTEAOID:
			return ToastMarker::BinaryArray;
		case INT4OID:
		case DATEOID:
			return ToastMarker::IntArray;
		case INT8OID:
			return ToastMarker::BigintArray;
		case UUIDOID:
			return ToastMarker::UuidArray;
		default:
			return ToastMarker::Plain;
	}
}

/* Orders enum labels by OID, for lookup by the Datum's OID. */
int
compare_enum_oids(const void *a, const void *b)
{
	Oid x = static_cast<const EnumLabel *>(a)->oid;
	Oid y = static_cast<const EnumLabel *>(b)->oid;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/* Orders pg_enum rows by their sort order, as Debezium lists the allowed labels. */
int
compare_enum_sort_order(const void *a, const void *b)
{
	float4 x = reinterpret_cast<Form_pg_enum>(GETSTRUCT(*static_cast<const HeapTuple *>(a)))
				   ->enumsortorder;
	float4 y = reinterpret_cast<Form_pg_enum>(GETSTRUCT(*static_cast<const HeapTuple *>(b)))
				   ->enumsortorder;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/*
 * Reads an enum type's labels once: the allowed list for the schema (in
 * sort order) and the OID-to-label table for values.
 */
void
load_enum_labels(Oid enum_type, ColumnSpec &column, ColumnSource &source)
{
	CatCList *list = SearchSysCacheList1(ENUMTYPOIDNAME, ObjectIdGetDatum(enum_type));
	int count = list->n_members;
	HeapTuple *rows = static_cast<HeapTuple *>(palloc(sizeof(HeapTuple) * (count > 0 ? count : 1)));
	EnumLabel *labels =
		static_cast<EnumLabel *>(palloc(sizeof(EnumLabel) * (count > 0 ? count : 1)));
	StringInfoData allowed;

	for (int i = 0; i < count; i++)
		rows[i] = &list->members[i]->tuple;
	qsort(rows, count, sizeof(HeapTuple), compare_enum_sort_order);

	initStringInfo(&allowed);
	for (int i = 0; i < count; i++)
	{
		Form_pg_enum row = reinterpret_cast<Form_pg_enum>(GETSTRUCT(rows[i]));

		labels[i].oid = row->oid;
		labels[i].label = pstrdup(NameStr(row->enumlabel));
		if (i > 0)
			appendStringInfoChar(&allowed, ',');
		appendStringInfoString(&allowed, labels[i].label);
	}
	ReleaseSysCacheList(list);
	qsort(labels, count, sizeof(EnumLabel), compare_enum_oids);

	column.semantic = Semantic::Enum;
	column.enum_labels = std::string_view(allowed.data, static_cast<size_t>(allowed.len));
	source.enum_labels = labels;
	source.enum_count = count;
}

/*
 * Chooses the kind of a type that is neither an enum nor an array, following
 * PostgresValueConverter.schemaBuilder; contrib types are recognised by
 * name, since their OIDs differ per database.  Returns false for types
 * Debezium has no mapping for.
 */
bool
classify_scalar(Oid base_type, int32 typmod, const char *type_name, ColumnSpec &column)
{
	switch (base_type)
	{
		case BOOLOID:
			column.kind = ValueKind::Boolean;
			return true;
		case BITOID:
		case VARBITOID:
			/* bit without a length is bit(1); varbit without one is unbounded */
			column.length = typmod > 0 ? typmod : (base_type == BITOID ? 1 : PG_INT32_MAX);
			column.kind = column.length > 1 ? ValueKind::Bits : ValueKind::Boolean;
			return true;
		case INT2OID:
			column.kind = ValueKind::Int16;
			return true;
		case INT4OID:
			column.kind = ValueKind::Int32;
			return true;
		case INT8OID:
		case OIDOID:
			column.kind = ValueKind::Int64;
			return true;
		case FLOAT4OID:
			column.kind = ValueKind::Float32;
			return true;
		case FLOAT8OID:
			column.kind = ValueKind::Float64;
			return true;
		case NUMERICOID:
			if (typmod >= static_cast<int32>(VARHDRSZ))
			{
				/* numeric's typmod packs precision and scale (numeric.c) */
				int32 packed = typmod - static_cast<int32>(VARHDRSZ);

				column.kind = ValueKind::NumericFixed;
				column.precision = (packed >> 16) & 0xffff;
				column.scale = ((packed & 0x7ff) ^ 1024) - 1024;
			}
			else
				column.kind = ValueKind::NumericVariable;
			return true;
		case CASHOID:
			column.kind = ValueKind::Money;
			return true;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case NAMEOID:
			column.kind = ValueKind::String;
			return true;
		case JSONOID:
			column.kind = ValueKind::String;
			column.semantic = Semantic::Json;
			return true;
		case JSONBOID:
			column.kind = ValueKind::TextOutput;
			column.semantic = Semantic::Json;
			return true;
		case XMLOID:
			column.kind = ValueKind::String;
			column.semantic = Semantic::Xml;
			return true;
		case BYTEAOID:
			column.kind = ValueKind::Bytes;
			return true;
		case DATEOID:
			column.kind = ValueKind::Date;
			return true;
		case TIMEOID:
			column.kind = ValueKind::Time;
			column.precision = typmod;
			return true;
		case TIMETZOID:
			column.kind = ValueKind::TimeTz;
			column.precision = typmod;
			return true;
		case TIMESTAMPOID:
			column.kind = ValueKind::Timestamp;
			column.precision = typmod;
			return true;
		case TIMESTAMPTZOID:
			column.kind = ValueKind::TimestampTz;
			column.precision = typmod;
			return true;
		case INTERVALOID:
			column.kind = ValueKind::Interval;
			return true;
		case UUIDOID:
			column.kind = ValueKind::Uuid;
			return true;
		case POINTOID:
			column.kind = ValueKind::Point;
			return true;
		case TSVECTOROID:
			column.kind = ValueKind::TextOutput;
			column.semantic = Semantic::Tsvector;
			return true;
		case CHAROID:
		case INETOID:
		case CIDROID:
		case MACADDROID:
		case MACADDR8OID:
		case INT4RANGEOID:
		case INT8RANGEOID:
		case NUMRANGEOID:
		case TSRANGEOID:
		case TSTZRANGEOID:
		case DATERANGEOID:
			column.kind = ValueKind::TextOutput;
			return true;
		default:
			break;
	}
	if (strcmp(type_name, "citext") == 0 || strcmp(type_name, "isbn") == 0)
	{
		column.kind = ValueKind::TextOutput;
		return true;
	}
	if (strcmp(type_name, "ltree") == 0)
	{
		column.kind = ValueKind::TextOutput;
		column.semantic = Semantic::Ltree;
		return true;
	}
	if (strcmp(type_name, "hstore") == 0)
	{
		column.kind = ValueKind::Hstore;
		return true;
	}
	if (strcmp(type_name, "geometry") == 0 || strcmp(type_name, "geography") == 0)
	{
		column.kind = ValueKind::Geometry;
		if (strcmp(type_name, "geography") == 0)
			column.semantic = Semantic::Geography;
		return true;
	}
	return false;
}

/* Text in the database encoding, converted to UTF-8 if it is not already. */
void
set_text(PlainValue &value, const char *data, size_t len)
{
	if (GetDatabaseEncoding() != PG_UTF8)
	{
		char *converted = pg_server_to_any(data, static_cast<int>(len), PG_UTF8);

		if (converted != data)
			len = strlen(converted);
		data = converted;
	}
	value.bytes.data = data;
	value.bytes.len = len;
}

/* The detoasted varlena behind a Datum; 'aligned' asks for a 4-byte header. */
struct varlena *
detoast(Datum datum, bool aligned)
{
	struct varlena *v = reinterpret_cast<struct varlena *>(DatumGetPointer(datum));

	return aligned ? pg_detoast_datum(v) : pg_detoast_datum_packed(v);
}

/* The label of an enum value, from the labels read with the relation. */
const char *
enum_label(const ColumnSource &source, Oid value)
{
	EnumLabel key = {value, nullptr};
	const EnumLabel *found = static_cast<const EnumLabel *>(
		bsearch(&key, source.enum_labels, source.enum_count, sizeof(EnumLabel), compare_enum_oids));

	/* a label added after the relation was read: ask the catalog */
	return found != nullptr ? found->label
							: OutputFunctionCall(const_cast<FmgrInfo *>(&source.output),
												 ObjectIdGetDatum(value));
}

/* The text of a value through the type's output function. */
void
set_output_text(PlainValue &value, const ColumnSource &source, Datum datum)
{
	char *text = OutputFunctionCall(const_cast<FmgrInfo *>(&source.output), datum);

	set_text(value, text, strlen(text));
}

/*
 * Materialises a one-dimensional array's elements.  Debezium has no shape
 * for arrays of more dimensions; they are written as null.
 */
void
materialize_array(const ColumnSpec &column, const ColumnSource &source, Datum datum,
				  PlainValue &value)
{
	ArrayType *array = DatumGetArrayTypeP(datum);
	const ColumnSource &element = *source.element;
	Datum *elements;
	bool *nulls;
	int count;
	PlainValue *values;

	if (ARR_NDIM(array) > 1)
	{
		value.state = PlainValue::State::Null;
		return;
	}
	deconstruct_array(array, ARR_ELEMTYPE(array), element.typlen, element.typbyval,
					  element.typalign, &elements, &nulls, &count);
	values = static_cast<PlainValue *>(palloc(sizeof(PlainValue) * (count > 0 ? count : 1)));
	for (int i = 0; i < count; i++)
		materialize_datum(*column.element, element, elements[i], nulls[i], false, values[i]);
	value.array.elements = values;
	value.array.count = count;
}

} /* namespace */

/*
 * Describes a column's type the way Debezium maps it: domains as their base
 * type (with the domain's typmod when the column has none), enums with their
 * labels, one-dimensional arrays of supported element types, contrib types
 * by name, and everything else left out unless include.unknown.datatypes
 * asks for its text as bytes.
 */
bool
describe_column_type(Oid type, int32 typmod, const PluginOptions &options, ColumnSpec &column,
					 ColumnSource &source, MemoryContext context)
{
	MemoryContext old_context = MemoryContextSwitchTo(context);
	Oid base_type = getBaseTypeAndTypmod(type, &typmod);
	HeapTuple type_tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(base_type));
	Form_pg_type type_row;
	Oid output_function;
	bool is_varlena;
	bool supported;

	if (!HeapTupleIsValid(type_tuple))
		elog(ERROR, "cache lookup failed for type %u", base_type);
	type_row = reinterpret_cast<Form_pg_type>(GETSTRUCT(type_tuple));

	column.semantic = Semantic::None;
	column.scale = 0;
	column.precision = -1;
	column.length = -1;
	column.element = nullptr;
	column.toast_marker = ToastMarker::Plain;
	source.base_type = base_type;
	source.typlen = type_row->typlen;
	source.typbyval = type_row->typbyval;
	source.typalign = type_row->typalign;
	source.element = nullptr;
	source.enum_labels = nullptr;
	source.enum_count = 0;
	getTypeOutputInfo(base_type, &output_function, &is_varlena);
	fmgr_info_cxt(output_function, &source.output, context);

	if (type_row->typtype == TYPTYPE_ENUM)
	{
		column.kind = ValueKind::String;
		load_enum_labels(base_type, column, source);
		supported = true;
	}
	else if (OidIsValid(type_row->typelem) && type_row->typlen == -1)
	{
		Oid element_type = type_row->typelem;
		ColumnSpec *element = static_cast<ColumnSpec *>(palloc0(sizeof(ColumnSpec)));
		ColumnSource *element_source = static_cast<ColumnSource *>(palloc0(sizeof(ColumnSource)));

		supported = !is_unsupported_array_element(element_type) &&
					get_typtype(element_type) != TYPTYPE_DOMAIN &&
					describe_column_type(element_type, typmod, options, *element, *element_source,
										 context) &&
					element->kind != ValueKind::Array;
		if (!supported && options.include_unknown_datatypes &&
			!is_unsupported_array_element(element_type))
		{
			describe_column_type(element_type, -1, options, *element, *element_source, context);
			element->kind = ValueKind::Unknown;
			element->semantic = Semantic::None;
			supported = true;
		}
		element->optional = true;
		column.kind = ValueKind::Array;
		column.toast_marker = array_toast_marker(element_type);
		column.element = element;
		source.element = element_source;
	}
	else
	{
		supported = classify_scalar(base_type, typmod, NameStr(type_row->typname), column);
		if (!supported && options.include_unknown_datatypes)
		{
			column.kind = ValueKind::Unknown;
			supported = true;
		}
	}
	if (column.kind == ValueKind::Money)
		column.scale = options.money_fraction_digits;
	ReleaseSysCache(type_tuple);
	MemoryContextSwitchTo(old_context);
	return supported;
}

/*
 * Reads a Datum into a PlainValue by the column's kind: fixed-size kinds
 * directly, varlena kinds detoasted, arrays element by element, and types
 * without a binary reading through their output function.
 */
void
materialize_datum(const ColumnSpec &column, const ColumnSource &source, Datum datum, bool isnull,
				  bool in_update, PlainValue &value)
{
	if (isnull)
	{
		value.state = PlainValue::State::Null;
		return;
	}
	if (source.typlen == -1 && in_update && VARATT_IS_EXTERNAL_ONDISK(DatumGetPointer(datum)))
	{
		value.state = PlainValue::State::UnchangedToast;
		return;
	}
	value.state = PlainValue::State::Present;

	switch (column.kind)
	{
		case ValueKind::Boolean:
			if (source.base_type == BOOLOID)
				value.boolean = DatumGetBool(datum);
			else
			{
				VarBit *bits = reinterpret_cast<VarBit *>(detoast(datum, true));

				value.boolean = VARBITLEN(bits) > 0 && (VARBITS(bits)[0] & 0x80) != 0;
			}
			break;
		case ValueKind::Int16:
			value.integer = DatumGetInt16(datum);
			break;
		case ValueKind::Int32:
			value.integer = DatumGetInt32(datum);
			break;
		case ValueKind::Int64:
			value.integer = source.base_type == OIDOID ? static_cast<int64>(DatumGetObjectId(datum))
													   : DatumGetInt64(datum);
			break;
		case ValueKind::Float32:
			value.float32 = DatumGetFloat4(datum);
			break;
		case ValueKind::Float64:
			value.float64 = DatumGetFloat8(datum);
			break;
		case ValueKind::NumericFixed:
		case ValueKind::NumericVariable:
		{
			/* the digits are int16: keep the aligned 4-byte-header form */
			struct varlena *v = detoast(datum, true);

			value.bytes.data = VARDATA(v);
			value.bytes.len = VARSIZE(v) - VARHDRSZ;
			break;
		}
		case ValueKind::Money:
			value.integer = DatumGetCash(datum);
			break;
		case ValueKind::String:
			if (source.enum_labels != nullptr || column.semantic == Semantic::Enum)
			{
				const char *label = enum_label(source, DatumGetObjectId(datum));

				set_text(value, label, strlen(label));
			}
			else if (source.base_type == NAMEOID)
			{
				const char *name = NameStr(*DatumGetName(datum));

				set_text(value, name, strlen(name));
			}
			else
			{
				struct varlena *v = detoast(datum, false);

				set_text(value, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
			}
			break;
		case ValueKind::Bytes:
		{
			struct varlena *v = detoast(datum, false);

			value.bytes.data = VARDATA_ANY(v);
			value.bytes.len = VARSIZE_ANY_EXHDR(v);
			break;
		}
		case ValueKind::Bits:
		{
			VarBit *bits = reinterpret_cast<VarBit *>(detoast(datum, true));

			value.bits.data = VARBITS(bits);
			value.bits.bit_count = VARBITLEN(bits);
			break;
		}
		case ValueKind::Date:
			value.integer = DatumGetDateADT(datum);
			break;
		case ValueKind::Time:
			value.integer = DatumGetTimeADT(datum);
			break;
		case ValueKind::TimeTz:
		{
			TimeTzADT *time = DatumGetTimeTzADTP(datum);

			value.time_tz.micros = time->time;
			value.time_tz.zone = time->zone;
			break;
		}
		case ValueKind::Timestamp:
		case ValueKind::TimestampTz:
			value.integer = DatumGetTimestamp(datum);
			break;
		case ValueKind::Interval:
		{
			Interval *interval = DatumGetIntervalP(datum);

			value.interval.micros = interval->time;
			value.interval.days = interval->day;
			value.interval.months = interval->month;
			break;
		}
		case ValueKind::Uuid:
			value.bytes.data = reinterpret_cast<const char *>(DatumGetUUIDP(datum)->data);
			value.bytes.len = UUID_LEN;
			break;
		case ValueKind::Point:
		{
			Point *point = DatumGetPointP(datum);

			value.point.x = point->x;
			value.point.y = point->y;
			break;
		}
		case ValueKind::Array:
			materialize_array(column, source, datum, value);
			break;
		case ValueKind::Hstore:
		case ValueKind::Geometry:
		case ValueKind::Unknown:
		case ValueKind::TextOutput:
			set_output_text(value, source, datum);
			break;
	}
}

/*
 * Text forms of these types are the same under any session settings; other
 * types written through their output function (ranges of dates and times,
 * unknown types) may not be.
 */
bool
text_depends_on_settings(const ColumnSpec &column, const ColumnSource &source)
{
	if (column.kind == ValueKind::Array)
		return text_depends_on_settings(*column.element, *source.element);
	if (column.kind != ValueKind::TextOutput && column.kind != ValueKind::Unknown)
		return false;
	switch (source.base_type)
	{
		case CHAROID:
		case JSONBOID:
		case INETOID:
		case CIDROID:
		case MACADDROID:
		case MACADDR8OID:
		case INT4RANGEOID:
		case INT8RANGEOID:
		case NUMRANGEOID:
		case TSVECTOROID:
			return false;
		default:
			return true;
	}
}

/* Sets one setting for the current GUC nesting level. */
static void
pin_setting(const char *name, const char *value)
{
	(void) set_config_option(name, value, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
							 false);
}

/*
 * The settings are the ones Debezium's JDBC connection and a default
 * server give pgoutput's text: ISO dates, UTC.
 */
int
pin_output_settings()
{
	int level = NewGUCNestLevel();

	pin_setting("DateStyle", "ISO, MDY");
	pin_setting("IntervalStyle", "postgres");
	pin_setting("TimeZone", "UTC");
	pin_setting("extra_float_digits", "1");
	pin_setting("bytea_output", "hex");
	return level;
}

/* Restores the settings of the decoding session. */
void
unpin_output_settings(int level)
{
	AtEOXact_GUC(true, level);
}

} /* namespace cdc */
