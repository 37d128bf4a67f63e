/*
 * column_defaults.cpp
 *		Debezium's schema default of a column, from its DEFAULT expression.
 *
 * Debezium reads pg_get_expr(adbin) and: treats a function call or one of
 * CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME, LOCALTIMESTAMP as
 * "the type's placeholder" (0, false, "", epoch, the zero UUID, "{}");
 * otherwise takes the text inside the first pair of quotes (so 'it''s'
 * gives "it"), or the bare text, and parses it as the column's type without
 * the column's typmod (no rounding, no blank padding).  Only some types get
 * a default at all; one whose text does not parse gets none.
 */
#include "pg_includes.h"

#include "column_defaults.h"

#include "encoders.h"
#include "json_sink.h"

namespace cdc
{

namespace
{

/* Whether Debezium has a default-value mapper for the column's type. */
bool
type_takes_default(const ColumnSpec &column, Oid base_type)
{
	switch (column.kind)
	{
		case ValueKind::Boolean:
		case ValueKind::Int16:
		case ValueKind::Int32:
		case ValueKind::Float32:
		case ValueKind::Float64:
		case ValueKind::NumericFixed:
		case ValueKind::Date:
		case ValueKind::Time:
		case ValueKind::Timestamp:
		case ValueKind::TimestampTz:
		case ValueKind::Uuid:
			return true;
		case ValueKind::Int64:
			return base_type == INT8OID;
		case ValueKind::String:
			return base_type != NAMEOID;
		case ValueKind::TextOutput:
			return base_type == JSONBOID || base_type == XMLOID;
		case ValueKind::Interval:
		case ValueKind::Bits:
			return true;
		case ValueKind::NumericVariable: /* a struct: Debezium drops it */
		case ValueKind::Bytes:
		case ValueKind::Money:
		case ValueKind::TimeTz:
		case ValueKind::Point:
		case ValueKind::Geometry:
		case ValueKind::Hstore:
		case ValueKind::Array:
		case ValueKind::Unknown:
			return false;
	}
	return false;
}

/* Whether the kind's values are strings that Debezium takes unparsed. */
bool
is_string_kind(const ColumnSpec &column)
{
	return column.kind == ValueKind::String || column.kind == ValueKind::TextOutput;
}

/*
 * Skips the casts around a default (implicit and explicit casts, typmod
 * coercions, relabelings): Debezium sees only the literal inside them.
 */
Node *
strip_casts(Node *node)
{
	for (;;)
	{
		if (IsA(node, RelabelType))
			node = reinterpret_cast<Node *>(castNode(RelabelType, node)->arg);
		else if (IsA(node, CoerceViaIO))
			node = reinterpret_cast<Node *>(castNode(CoerceViaIO, node)->arg);
		else if (IsA(node, FuncExpr) &&
				 (castNode(FuncExpr, node)->funcformat == COERCE_IMPLICIT_CAST ||
				  castNode(FuncExpr, node)->funcformat == COERCE_EXPLICIT_CAST))
			node = static_cast<Node *>(linitial(castNode(FuncExpr, node)->args));
		else
			return node;
	}
}

/*
 * Whether Debezium reads the expression as "a function": its text starts
 * with name( or is one of the SQL date/time functions without parentheses.
 */
bool
is_function_default(Node *node)
{
	if (IsA(node, FuncExpr))
		return true;
	if (IsA(node, SQLValueFunction))
	{
		switch (castNode(SQLValueFunction, node)->op)
		{
			case SVFOP_CURRENT_DATE:
			case SVFOP_CURRENT_TIME:
			case SVFOP_CURRENT_TIME_N:
			case SVFOP_CURRENT_TIMESTAMP:
			case SVFOP_CURRENT_TIMESTAMP_N:
			case SVFOP_LOCALTIME:
			case SVFOP_LOCALTIME_N:
			case SVFOP_LOCALTIMESTAMP:
			case SVFOP_LOCALTIMESTAMP_N:
				return true;
			default:
				return false;
		}
	}
	return false;
}

/*
 * The SQL keyword a session-value default deparses to (CURRENT_USER, ...),
 * which Debezium, finding no quotes and no parentheses, takes as the text
 * of a string column's default; null for any other expression.
 */
const char *
session_value_keyword(Node *node)
{
	if (!IsA(node, SQLValueFunction))
		return nullptr;
	switch (castNode(SQLValueFunction, node)->op)
	{
		case SVFOP_CURRENT_ROLE:
			return "CURRENT_ROLE";
		case SVFOP_CURRENT_USER:
			return "CURRENT_USER";
		case SVFOP_USER:
			return "USER";
		case SVFOP_SESSION_USER:
			return "SESSION_USER";
		case SVFOP_CURRENT_CATALOG:
			return "CURRENT_CATALOG";
		case SVFOP_CURRENT_SCHEMA:
			return "CURRENT_SCHEMA";
		default:
			return nullptr;
	}
}

/* Tree walker callback: stops at the first Const, left to right. */
bool
find_first_const(Node *node, void *context)
{
	if (node == nullptr)
		return false;
	if (IsA(node, Const))
	{
		*static_cast<Const **>(context) = castNode(Const, node);
		return true;
	}
	return expression_tree_walker(node, CDC_TREE_WALKER(find_first_const), context);
}

/*
 * The string literal Debezium finds first in the text of an expression over
 * strings (such as 'a' || 'b'), or null if the first constant is not one.
 */
Const *
first_string_literal(Node *node)
{
	Const *first = nullptr;

	find_first_const(node, &first);
	if (first == nullptr || first->constisnull ||
		TypeCategory(first->consttype) != TYPCATEGORY_STRING)
		return nullptr;
	return first;
}

/*
 * Debezium's placeholder for a function default of the column's type, as a
 * value: false, 0, 0.0, "", "{}" for JSON, the zero UUID, the Unix epoch.
 * It is written through the normal encoders, so the handling modes apply.
 * Returns false for kinds without a placeholder.
 */
bool
placeholder_value(const ColumnSpec &column, Oid base_type, PlainValue &value)
{
	static const char zero_uuid[UUID_LEN] = {0};

	value.state = PlainValue::State::Present;
	switch (column.kind)
	{
		case ValueKind::Boolean:
			value.boolean = false;
			return true;
		case ValueKind::Int16:
		case ValueKind::Int32:
		case ValueKind::Int64:
		case ValueKind::Time:
			value.integer = 0;
			return true;
		case ValueKind::Float32:
			value.float32 = 0;
			return true;
		case ValueKind::Float64:
			value.float64 = 0;
			return true;
		case ValueKind::NumericFixed:
		{
			struct varlena *zero = pg_detoast_datum(reinterpret_cast<struct varlena *>(
				DatumGetPointer(DirectFunctionCall1(int8_numeric, Int64GetDatum(0)))));

			value.bytes.data = VARDATA(zero);
			value.bytes.len = VARSIZE(zero) - VARHDRSZ;
			return true;
		}
		case ValueKind::Date:
			value.integer = -kPostgresEpochDays;
			return true;
		case ValueKind::Timestamp:
		case ValueKind::TimestampTz:
			value.integer = -kPostgresEpochMicros;
			return true;
		case ValueKind::Uuid:
			value.bytes.data = zero_uuid;
			value.bytes.len = UUID_LEN;
			return true;
		case ValueKind::String:
		case ValueKind::TextOutput:
			value.bytes.data = (base_type == JSONOID || base_type == JSONBOID) ? "{}" : "";
			value.bytes.len = strlen(value.bytes.data);
			return true;
		default:
			return false;
	}
}

/* The text of a constant, as its type's output function writes it. */
char *
constant_text(Const *constant)
{
	Oid output_function;
	bool is_varlena;

	getTypeOutputInfo(constant->consttype, &output_function, &is_varlena);
	return OidOutputFunctionCall(output_function, constant->constvalue);
}

/* Whether a numeric Datum has digits beyond 'scale' decimal places. */
bool
has_digits_beyond(Datum numeric_datum, int scale)
{
	struct varlena *v =
		pg_detoast_datum(reinterpret_cast<struct varlena *>(DatumGetPointer(numeric_datum)));
	NumericValue value = decode_numeric(VARDATA(v), VARSIZE(v) - VARHDRSZ);

	return value.kind != NumericValue::Kind::Finite || numeric_stripped_scale(value) > scale;
}

/*
 * Converts a default's literal to the column's type the way Debezium's parse
 * of its text would come out: the literal's own value, without the column's
 * typmod (no rounding).  Returns false where Debezium's parse fails (a
 * fraction for an integer column, more decimals than a numeric column's
 * scale) or the combination is one this file does not know.  Calls only
 * conversions that cannot fail for values PostgreSQL already accepted.
 */
bool
convert_literal(Const *literal, const ColumnSpec &column, Oid base_type, Datum *datum)
{
	Oid type = literal->consttype;
	Datum value = literal->constvalue;

	switch (column.kind)
	{
		case ValueKind::Int16:
		case ValueKind::Int32:
		case ValueKind::Int64:
		{
			int64 integer;

			if (type == INT2OID)
				integer = DatumGetInt16(value);
			else if (type == INT4OID)
				integer = DatumGetInt32(value);
			else if (type == INT8OID)
				integer = DatumGetInt64(value);
			else
				return false;
			if ((column.kind == ValueKind::Int16 &&
				 (integer < PG_INT16_MIN || integer > PG_INT16_MAX)) ||
				(column.kind == ValueKind::Int32 &&
				 (integer < PG_INT32_MIN || integer > PG_INT32_MAX)))
				return false;
			*datum = column.kind == ValueKind::Int16   ? Int16GetDatum(static_cast<int16>(integer))
					 : column.kind == ValueKind::Int32 ? Int32GetDatum(static_cast<int32>(integer))
													   : Int64GetDatum(integer);
			return true;
		}
		case ValueKind::Float32:
		case ValueKind::Float64:
		{
			double number;

			if (type == INT2OID)
				number = DatumGetInt16(value);
			else if (type == INT4OID)
				number = DatumGetInt32(value);
			else if (type == INT8OID)
				number = static_cast<double>(DatumGetInt64(value));
			else if (type == FLOAT4OID)
				number = DatumGetFloat4(value);
			else if (type == FLOAT8OID)
				number = DatumGetFloat8(value);
			else if (type == NUMERICOID)
				number = strtod(constant_text(literal), nullptr);
			else
				return false;
			*datum = column.kind == ValueKind::Float32 ? Float4GetDatum(static_cast<float4>(number))
													   : Float8GetDatum(number);
			return true;
		}
		case ValueKind::NumericFixed:
			if (type == INT2OID || type == INT4OID || type == INT8OID)
			{
				*datum = DirectFunctionCall1(
					int8_numeric, Int64GetDatum(type == INT8OID	  ? DatumGetInt64(value)
												: type == INT4OID ? DatumGetInt32(value)
																  : DatumGetInt16(value)));
				return true;
			}
			if (type != NUMERICOID || has_digits_beyond(value, column.scale))
				return false;
			*datum = value;
			return true;
		default:
			if (type != base_type)
				return false;
			*datum = value;
			return true;
	}
}

} /* namespace */

/*
 * Renders the default Debezium would put into the column's schema, or
 * returns empty.  Called once per relation build.
 */
std::string_view
render_column_default(Relation relation, const ColumnSpec &column, const ColumnSource &source,
					  const ValueOptions &options)
{
	TupleConstr *constr = RelationGetDescr(relation)->constr;
	const char *expression_text = nullptr;
	Node *expression;
	StringInfoData buf;
	JsonOut out;

	if (constr == nullptr || !type_takes_default(column, source.base_type))
		return std::string_view();
	for (int i = 0; i < constr->num_defval; i++)
		if (constr->defval[i].adnum == source.attnum)
			expression_text = constr->defval[i].adbin;
	if (expression_text == nullptr)
		return std::string_view();

	expression = strip_casts(static_cast<Node *>(stringToNode(expression_text)));

	initStringInfo(&buf);
	json_out_attach(out, &buf);
	if (is_function_default(expression))
	{
		PlainValue value;

		if (!placeholder_value(column, source.base_type, value))
			return std::string_view();
		JsonWriter writer(out);

		write_present_value(writer, column, value, options);
	}
	else if ((IsA(expression, Const) && !castNode(Const, expression)->constisnull) ||
			 (is_string_kind(column) && first_string_literal(expression) != nullptr))
	{
		PlainValue value;
		Datum datum;

		if (is_string_kind(column))
		{
			/* Debezium's lazy '(.*?)' stops at the first quote. */
			char *text = constant_text(IsA(expression, Const) ? castNode(Const, expression)
															  : first_string_literal(expression));
			char *quote = strchr(text, '\'');

			if (quote != nullptr)
				*quote = '\0';
			value.state = PlainValue::State::Present;
			value.bytes.data = text;
			value.bytes.len = strlen(text);
		}
		else if (convert_literal(castNode(Const, expression), column, source.base_type, &datum))
			materialize_datum(column, source, datum, false, false, value);
		else
			return std::string_view();

		JsonWriter writer(out);

		write_present_value(writer, column, value, options);
	}
	else if (is_string_kind(column) && session_value_keyword(expression) != nullptr)
	{
		JsonWriter writer(out);

		writer.String(session_value_keyword(expression));
	}
	else
		return std::string_view();
	json_out_detach(out, &buf);
	return std::string_view(buf.data, static_cast<size_t>(buf.len));
}

} /* namespace cdc */
