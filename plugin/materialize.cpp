/*
 * materialize.cpp
 *		Turns Datums into plain values for the encoders, and decides each
 *		type's encoding.
 */
#include "pg_includes.h"

#include "materialize.h"

namespace cdc
{

namespace
{

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

/* The bytes of a varlena Datum, detoasted; 'aligned' keeps 4-byte headers. */
void
set_varlena_bytes(PlainValue &value, Datum datum, bool aligned)
{
	struct varlena *v;

	if (aligned)
	{
		v = pg_detoast_datum(reinterpret_cast<struct varlena *>(DatumGetPointer(datum)));
		value.bytes.data = VARDATA(v);
		value.bytes.len = VARSIZE(v) - VARHDRSZ;
		return;
	}
	v = pg_detoast_datum_packed(reinterpret_cast<struct varlena *>(DatumGetPointer(datum)));
	value.bytes.data = VARDATA_ANY(v);
	value.bytes.len = VARSIZE_ANY_EXHDR(v);
}

} /* namespace */

/*
 * Maps a base type to Debezium's encoding for it.  Types the plugin has no
 * direct encoder for are written as their output function's text.
 */
void
classify_column_type(Oid base_type, int32 typmod, ColumnSpec &column)
{
	column.scale = 0;
	column.precision = -1;

	switch (base_type)
	{
		case BOOLOID:
			column.kind = ValueKind::Boolean;
			break;
		case INT2OID:
			column.kind = ValueKind::Int16;
			break;
		case INT4OID:
			column.kind = ValueKind::Int32;
			break;
		case INT8OID:
		case OIDOID:
			column.kind = ValueKind::Int64;
			break;
		case FLOAT4OID:
			column.kind = ValueKind::Float32;
			break;
		case FLOAT8OID:
			column.kind = ValueKind::Float64;
			break;
		case NUMERICOID:
			if (typmod >= static_cast<int32>(VARHDRSZ))
			{
				/* numeric's typmod packs precision and scale (numeric.c). */
				int32 packed = typmod - static_cast<int32>(VARHDRSZ);

				column.kind = ValueKind::NumericFixed;
				column.precision = (packed >> 16) & 0xffff;
				column.scale = ((packed & 0x7ff) ^ 1024) - 1024;
			}
			else
				column.kind = ValueKind::NumericVariable;
			break;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case NAMEOID:
		case JSONOID:
			column.kind = ValueKind::String;
			break;
		case BYTEAOID:
			column.kind = ValueKind::Bytes;
			break;
		case DATEOID:
			column.kind = ValueKind::Date;
			break;
		case TIMEOID:
			column.kind = ValueKind::Time;
			column.precision = typmod;
			break;
		case TIMESTAMPOID:
			column.kind = ValueKind::Timestamp;
			column.precision = typmod;
			break;
		case TIMESTAMPTZOID:
			column.kind = ValueKind::TimestampTz;
			column.precision = typmod;
			break;
		case UUIDOID:
			column.kind = ValueKind::Uuid;
			break;
		default:
			column.kind = ValueKind::TextOutput;
			break;
	}
}

/* Looks up what materialising a column needs, once per relation. */
void
init_column_source(ColumnSource &source, AttrNumber attnum, Oid type, Oid base_type,
				   MemoryContext context)
{
	Oid output_function;
	bool is_varlena;

	source.attnum = attnum;
	source.base_type = base_type;
	source.typlen = get_typlen(type);
	getTypeOutputInfo(type, &output_function, &is_varlena);
	fmgr_info_cxt(output_function, &source.output, context);
}

/*
 * Reads a Datum into a PlainValue by the column's kind.  Fixed-size kinds
 * are read directly; varlena kinds are detoasted; other types go through
 * their output function.
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
			value.boolean = DatumGetBool(datum);
			break;
		case ValueKind::Int16:
			value.integer = DatumGetInt16(datum);
			break;
		case ValueKind::Int32:
			value.integer = DatumGetInt32(datum);
			break;
		case ValueKind::Int64:
			if (source.base_type == OIDOID)
				value.integer = DatumGetObjectId(datum);
			else
				value.integer = DatumGetInt64(datum);
			break;
		case ValueKind::Float32:
			value.float32 = DatumGetFloat4(datum);
			break;
		case ValueKind::Float64:
			value.float64 = DatumGetFloat8(datum);
			break;
		case ValueKind::NumericFixed:
		case ValueKind::NumericVariable:
			/* The digits are int16: keep the aligned 4-byte-header form. */
			set_varlena_bytes(value, datum, true);
			break;
		case ValueKind::String:
			if (source.base_type == NAMEOID)
			{
				const char *name = NameStr(*DatumGetName(datum));

				set_text(value, name, strlen(name));
			}
			else
			{
				set_varlena_bytes(value, datum, false);
				set_text(value, value.bytes.data, value.bytes.len);
			}
			break;
		case ValueKind::Bytes:
			set_varlena_bytes(value, datum, false);
			break;
		case ValueKind::Date:
			value.integer = DatumGetDateADT(datum);
			break;
		case ValueKind::Time:
			value.integer = DatumGetTimeADT(datum);
			break;
		case ValueKind::Timestamp:
		case ValueKind::TimestampTz:
			value.integer = DatumGetTimestamp(datum);
			break;
		case ValueKind::Uuid:
			value.bytes.data = reinterpret_cast<const char *>(DatumGetUUIDP(datum)->data);
			value.bytes.len = UUID_LEN;
			break;
		default:
		case ValueKind::TextOutput:
		{
			char *text = OutputFunctionCall(const_cast<FmgrInfo *>(&source.output), datum);

			set_text(value, text, strlen(text));
			break;
		}
	}
}

} /* namespace cdc */
