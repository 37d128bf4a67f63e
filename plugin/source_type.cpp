/*
 * source_type.cpp
 *		Length and scale of a column type by the PostgreSQL JDBC driver's
 *		rules (TypeInfoCache.getPrecision, getDisplaySize, getScale), which
 *		Debezium reports as the source column's length and scale.
 */
#include "pg_includes.h"

#include "source_type.h"

namespace cdc
{

namespace
{

/* The driver's "unknown length". */
constexpr int kUnknownLength = PG_INT32_MAX;

/* Characters of the text form of a time-like type with 'typmod' digits. */
int
temporal_display_size(Oid type, int32 typmod)
{
	int second_size = typmod == -1 ? 7 : typmod == 0 ? 0 : typmod == 1 ? 3 : typmod + 1;

	switch (type)
	{
		case TIMEOID:
			return 8 + second_size;
		case TIMETZOID:
			return 8 + second_size + 6;
		case TIMESTAMPOID:
			return 13 + 1 + 8 + second_size;
		default:
			return 13 + 1 + 8 + second_size + 6;
	}
}

/* The driver's display size, used where its precision is 0. */
int
display_size(Oid type, int32 typmod)
{
	switch (type)
	{
		case INT2OID:
			return 6;
		case INT4OID:
			return 11;
		case OIDOID:
			return 10;
		case INT8OID:
			return 20;
		case FLOAT4OID:
			return 15;
		case FLOAT8OID:
			return 25;
		case CHAROID:
		case BOOLOID:
			return 1;
		case DATEOID:
			return 13;
		case TIMEOID:
		case TIMETZOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			return temporal_display_size(type, typmod);
		case INTERVALOID:
			return 49;
		case VARCHAROID:
		case BPCHAROID:
			return typmod == -1 ? kUnknownLength : typmod - 4;
		case NUMERICOID:
			if (typmod == -1)
				return 131089;
			return 1 + (((typmod - 4) >> 16) & 0xffff) + (((typmod - 4) & 0xffff) != 0 ? 1 : 0);
		case BITOID:
			return typmod;
		case VARBITOID:
			return typmod == -1 ? kUnknownLength : typmod;
		default:
			return kUnknownLength;
	}
}

/* The driver's precision of a type. */
int
precision(Oid type, int32 typmod)
{
	switch (type)
	{
		case INT2OID:
			return 5;
		case OIDOID:
		case INT4OID:
			return 10;
		case INT8OID:
			return 19;
		case FLOAT4OID:
			return 8;
		case FLOAT8OID:
			return 17;
		case NUMERICOID:
			return typmod == -1 ? 0 : ((typmod - 4) & 0xFFFF0000) >> 16;
		case CHAROID:
		case BOOLOID:
			return 1;
		case BPCHAROID:
		case VARCHAROID:
			return typmod == -1 ? kUnknownLength : typmod - 4;
		case DATEOID:
		case TIMEOID:
		case TIMETZOID:
		case INTERVALOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			return display_size(type, typmod);
		case BITOID:
			return typmod;
		case VARBITOID:
			return typmod == -1 ? kUnknownLength : typmod;
		default:
			return kUnknownLength;
	}
}

/* The driver's scale of a type. */
int
scale(Oid type, int32 typmod)
{
	switch (type)
	{
		case FLOAT4OID:
			return 8;
		case FLOAT8OID:
			return 17;
		case NUMERICOID:
			return typmod == -1 ? 0 : (typmod - 4) & 0xFFFF;
		case TIMEOID:
		case TIMETZOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			return typmod == -1 ? 6 : typmod;
		case INTERVALOID:
			return typmod == -1 ? 6 : typmod & 0xFFFF;
		default:
			return 0;
	}
}

} /* namespace */

/*
 * The type's own name (not its base type's), matched by
 * datatype.propagate.source.type; Debezium shows it upper-cased.  Debezium
 * takes the length from the driver's precision (its display size
 * when that is 0 and the column has no typmod) and the scale likewise, for
 * the base type of a domain and the element type of an array.
 */
void
describe_source_type(Oid type, int32 typmod, ColumnSpec &column)
{
	Oid base_type = getBaseTypeAndTypmod(type, &typmod);
	Oid element_type = get_element_type(base_type);
	Oid measured = OidIsValid(element_type) ? element_type : base_type;
	HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
	char *name;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for type %u", type);
	name = pstrdup(NameStr(reinterpret_cast<Form_pg_type>(GETSTRUCT(tuple))->typname));
	ReleaseSysCache(tuple);
	column.type_name = name;
	column.type_length = precision(measured, typmod);
	if (column.type_length == 0 && typmod == -1)
		column.type_length = display_size(measured, typmod);
	column.type_scale = scale(measured, typmod);
}

} /* namespace cdc */
