/*
 * schema.cpp
 *		Writes the schema blocks of Kafka's JsonConverter (schemas.enable) for
 *		Debezium's PostgreSQL schemas: every column kind under every handling
 *		mode, the key struct and the envelope struct.
 *
 * A schema node's members follow JsonConverter.asJsonSchema: "type", then
 * "items" / "keys","values" / "fields", "optional", "name", "version",
 * "doc", "parameters", "default", and for a struct member "field" last.
 * The column schemas follow PostgresValueConverter.schemaBuilder and
 * TableSchemaBuilder.addField of Debezium 3.6.1.Final.
 */
#include "schema.h"

#include <charconv>
#include <cstring>

#include "column_mappers.h"

namespace cdc
{

namespace
{

/* Parameters a schema node carries: at most four of its own. */
struct Parameters
{
	struct Entry
	{
		std::string_view key;
		std::string_view value;
	};

	Entry entries[4];
	int count = 0;

	void add(std::string_view key, std::string_view value)
	{
		entries[count].key = key;
		entries[count].value = value;
		count++;
	}
};

/*
 * The name-level description of a primitive or logical schema: Connect type,
 * semantic name and version, doc and its own parameters.  Structs, arrays and
 * maps are written by their own functions.
 */
struct SchemaShape
{
	std::string_view type;
	std::string_view name; /* empty: none */
	int version = 0;	   /* 0: none */
	std::string_view doc;  /* empty: none */
	Parameters parameters;
};

/* Decimal text of 'value' in 'buffer' (16 bytes hold any int). */
std::string_view
int_text(char *buffer, size_t size, int value)
{
	std::to_chars_result result = std::to_chars(buffer, buffer + size, value);

	return std::string_view(buffer, static_cast<size_t>(result.ptr - buffer));
}

/* Writes a string_view through RapidJSON's escaping. */
void
write_string(JsonWriter &writer, std::string_view text)
{
	writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

/* Writes an object key. */
void
write_key(JsonWriter &writer, std::string_view name)
{
	writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

/*
 * Writes 'text' scratch-copied with 'suffix' appended: the "<T>.Value",
 * "<T>.Key" and "<T>.Envelope" names, built without the heap.
 */
void
write_suffixed(JsonWriter &writer, std::string_view text, std::string_view suffix)
{
	JsonOut &out = writer.out();
	char *buffer = static_cast<char *>(out.scratch(out, text.size() + suffix.size()));

	memcpy(buffer, text.data(), text.size());
	memcpy(buffer + text.size(), suffix.data(), suffix.size());
	writer.String(buffer, static_cast<rapidjson::SizeType>(text.size() + suffix.size()));
}

/*
 * Writes an already rendered JSON value (a column default) as it is; the
 * type only serves RapidJSON's bookkeeping, so it is guessed from the text.
 */
void
write_raw_value(JsonWriter &writer, std::string_view json)
{
	rapidjson::Type type;

	switch (json.empty() ? 'n' : json[0])
	{
		case '"':
			type = rapidjson::kStringType;
			break;
		case '{':
			type = rapidjson::kObjectType;
			break;
		case '[':
			type = rapidjson::kArrayType;
			break;
		case 't':
			type = rapidjson::kTrueType;
			break;
		case 'f':
			type = rapidjson::kFalseType;
			break;
		case 'n':
			type = rapidjson::kNullType;
			break;
		default:
			type = rapidjson::kNumberType;
			break;
	}
	writer.RawValue(json.data(), json.size(), type);
}

/*
 * Writes the members that follow the type-specific ones: optional, name,
 * version, doc and parameters (JsonConverter's order).  'extra' adds
 * parameters after the shape's own (column.propagate.source.type), as
 * Debezium's column mapper adds them after the converter's.
 */
void
write_schema_tail(JsonWriter &writer, const SchemaShape &shape, bool optional,
				  const Parameters *extra)
{
	writer.Key("optional", 8);
	writer.Bool(optional);
	if (!shape.name.empty())
	{
		writer.Key("name", 4);
		write_string(writer, shape.name);
	}
	if (shape.version != 0)
	{
		writer.Key("version", 7);
		writer.Int(shape.version);
	}
	if (!shape.doc.empty())
	{
		writer.Key("doc", 3);
		write_string(writer, shape.doc);
	}
	if (shape.parameters.count > 0 || (extra != nullptr && extra->count > 0))
	{
		writer.Key("parameters", 10);
		writer.StartObject();
		for (int i = 0; i < shape.parameters.count; i++)
		{
			write_key(writer, shape.parameters.entries[i].key);
			write_string(writer, shape.parameters.entries[i].value);
		}
		for (int i = 0; extra != nullptr && i < extra->count; i++)
		{
			write_key(writer, extra->entries[i].key);
			write_string(writer, extra->entries[i].value);
		}
		writer.EndObject();
	}
}

/* Writes {"type":<type>,"optional":<optional>,"field":<field>}. */
void
write_plain_field(JsonWriter &writer, std::string_view type, bool optional, std::string_view field)
{
	writer.StartObject();
	writer.Key("type", 4);
	write_string(writer, type);
	writer.Key("optional", 8);
	writer.Bool(optional);
	writer.Key("field", 5);
	write_string(writer, field);
	writer.EndObject();
}

/* The precision adaptive modes decide by: no typmod counts as 6 (pgjdbc). */
int
time_precision(const ColumnSpec &column)
{
	return column.precision < 0 ? 6 : column.precision;
}

/*
 * The schema of a date, time or timestamp column under time.precision.mode
 * (Debezium's TemporalPrecisionMode; Kafka's own logical types in connect
 * mode).
 */
void
temporal_shape(SchemaShape &shape, const ColumnSpec &column, TimePrecision mode)
{
	int precision = time_precision(column);

	shape.version = 1;
	if (column.kind == ValueKind::Date)
	{
		switch (mode)
		{
			case TimePrecision::Connect:
				shape.type = "int32";
				shape.name = "org.apache.kafka.connect.data.Date";
				break;
			case TimePrecision::IsoString:
				shape.type = "string";
				shape.name = "io.debezium.time.IsoDate";
				break;
			default:
				shape.type = "int32";
				shape.name = "io.debezium.time.Date";
				break;
		}
		return;
	}

	enum
	{
		Milli,
		Micro,
		Nano
	} unit = Micro;

	switch (mode)
	{
		case TimePrecision::Adaptive:
			unit = precision <= 3 ? Milli : precision <= 6 ? Micro : Nano;
			break;
		case TimePrecision::AdaptiveTimeMicroseconds:
			if (column.kind == ValueKind::Time)
				unit = Micro;
			else
				unit = precision <= 3 ? Milli : precision <= 6 ? Micro : Nano;
			break;
		case TimePrecision::Microseconds:
			unit = Micro;
			break;
		case TimePrecision::Nanoseconds:
			unit = Nano;
			break;
		case TimePrecision::Connect:
			shape.type = column.kind == ValueKind::Time ? "int32" : "int64";
			shape.name = column.kind == ValueKind::Time ? "org.apache.kafka.connect.data.Time"
														: "org.apache.kafka.connect.data.Timestamp";
			return;
		case TimePrecision::IsoString:
			shape.type = "string";
			shape.name = column.kind == ValueKind::Time ? "io.debezium.time.IsoTime"
														: "io.debezium.time.IsoTimestamp";
			return;
	}

	if (column.kind == ValueKind::Time)
	{
		shape.type = unit == Milli ? "int32" : "int64";
		shape.name = unit == Milli	 ? "io.debezium.time.Time"
					 : unit == Micro ? "io.debezium.time.MicroTime"
									 : "io.debezium.time.NanoTime";
	}
	else
	{
		shape.type = "int64";
		shape.name = unit == Milli	 ? "io.debezium.time.Timestamp"
					 : unit == Micro ? "io.debezium.time.MicroTimestamp"
									 : "io.debezium.time.NanoTimestamp";
	}
}

/* The semantic name of a string column (json, xml, ltree, tsvector, enum). */
void
string_shape(SchemaShape &shape, const ColumnSpec &column)
{
	shape.type = "string";
	switch (column.semantic)
	{
		case Semantic::None:
			return;
		case Semantic::Json:
			shape.name = "io.debezium.data.Json";
			break;
		case Semantic::Xml:
			shape.name = "io.debezium.data.Xml";
			break;
		case Semantic::Ltree:
			shape.name = "io.debezium.data.Ltree";
			break;
		case Semantic::Tsvector:
			shape.name = "io.debezium.data.Tsvector";
			break;
		case Semantic::Enum:
			shape.name = "io.debezium.data.Enum";
			shape.parameters.add("allowed", column.enum_labels);
			break;
		case Semantic::Geography: /* a struct, written by the caller */
			return;
	}
	shape.version = 1;
}

/*
 * Fills 'shape' for a column whose schema is a primitive or logical type
 * (everything but structs, arrays and maps).  'digits' holds the text of
 * numeric parameters.
 */
void
primitive_shape(SchemaShape &shape, const ColumnSpec &column, const ValueOptions &options,
				char (&digits)[2][16])
{
	switch (column.kind)
	{
		case ValueKind::Boolean:
			shape.type = "boolean";
			break;
		case ValueKind::Int16:
			shape.type = "int16";
			break;
		case ValueKind::Int32:
			shape.type = "int32";
			break;
		case ValueKind::Int64:
			shape.type = "int64";
			break;
		case ValueKind::Float32:
			shape.type = "float";
			break;
		case ValueKind::Float64:
			shape.type = "double";
			break;
		case ValueKind::NumericFixed:
		case ValueKind::NumericVariable: /* precise mode is a struct, not here */
		case ValueKind::Money:
			if (options.decimal_handling == DecimalHandling::Double)
				shape.type = "double";
			else if (options.decimal_handling == DecimalHandling::String)
				shape.type = "string";
			else
			{
				bool money = column.kind == ValueKind::Money;

				shape.type = "bytes";
				shape.name = "org.apache.kafka.connect.data.Decimal";
				shape.version = 1;
				shape.parameters.add(
					"scale", int_text(digits[0], sizeof(digits[0]),
									  money ? options.money_fraction_digits : column.scale));
				if (!money)
					shape.parameters.add("connect.decimal.precision",
										 int_text(digits[1], sizeof(digits[1]), column.precision));
			}
			break;
		case ValueKind::String:
		case ValueKind::TextOutput:
			string_shape(shape, column);
			break;
		case ValueKind::Bytes:
		case ValueKind::Unknown:
			shape.type = options.binary_handling == BinaryHandling::Bytes ? "bytes" : "string";
			break;
		case ValueKind::Bits:
			shape.type = "bytes";
			shape.name = "io.debezium.data.Bits";
			shape.version = 1;
			shape.parameters.add("length", int_text(digits[0], sizeof(digits[0]),
													column.length < 0 ? INT32_MAX : column.length));
			break;
		case ValueKind::Date:
		case ValueKind::Time:
		case ValueKind::Timestamp:
			temporal_shape(shape, column, options.time_precision);
			break;
		case ValueKind::TimeTz:
			shape.type = "string";
			shape.name = "io.debezium.time.ZonedTime";
			shape.version = 1;
			break;
		case ValueKind::TimestampTz:
			shape.type = "string";
			shape.name = "io.debezium.time.ZonedTimestamp";
			shape.version = 1;
			break;
		case ValueKind::Interval:
			shape.version = 1;
			if (options.interval_handling == IntervalHandling::String)
			{
				shape.type = "string";
				shape.name = "io.debezium.time.Interval";
			}
			else
			{
				shape.type = "int64";
				shape.name = "io.debezium.time.MicroDuration";
			}
			break;
		case ValueKind::Uuid:
			shape.type = "string";
			shape.name = "io.debezium.data.Uuid";
			shape.version = 1;
			break;
		case ValueKind::Hstore: /* json mode; map mode is not primitive */
			shape.type = "string";
			shape.name = "io.debezium.data.Json";
			shape.version = 1;
			break;
		case ValueKind::Point:
		case ValueKind::Geometry:
		case ValueKind::Array:
			break; /* not primitive: handled by the caller */
	}
}

/* How a schema node is used: its members differ slightly. */
enum class Role
{
	ValueField, /* member of "<T>.Value": propagate parameters, default, "field" */
	KeyField,	/* member of "<T>.Key": default and "field", no propagate parameters */
	Item		/* an array's items: no default, no parameters of the column, no "field" */
};

/*
 * Whether an array's element schema is optional.  Debezium builds most
 * element schemas optional, but enum arrays (SchemaBuilder.array of
 * Enum.builder()), arrays of unknown types (include.unknown.datatypes:
 * array of binaryMode.getSchema()) and element types that go through
 * arrayElementSchema() (tsvector[] among ours) are left required
 * (PostgresValueConverter.schemaBuilder).
 */
bool
item_optional(const ColumnSpec &element)
{
	return !(element.semantic == Semantic::Enum || element.semantic == Semantic::Tsvector ||
			 element.kind == ValueKind::Unknown);
}

/*
 * Writes one column's schema node: the type part by kind and mode, then the
 * common tail, the default and the field name as the role asks.
 */
void
write_schema_node(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options,
				  Role role, bool optional)
{
	SchemaShape shape;
	char digits[2][16];
	char length_text[16];
	char scale_text[16];
	Parameters propagate;
	char *type_upper = nullptr;

	writer.StartObject();
	writer.Key("type", 4);
	if (column.kind == ValueKind::Array && column.element != nullptr)
	{
		writer.String("array", 5);
		writer.Key("items", 5);
		write_schema_node(writer, *column.element, options, Role::Item,
						  item_optional(*column.element));
	}
	else if (column.kind == ValueKind::Hstore && options.hstore_handling == HstoreHandling::Map)
	{
		writer.String("map", 3);
		writer.Key("keys", 4);
		writer.StartObject();
		writer.Key("type", 4);
		writer.String("string", 6);
		writer.Key("optional", 8);
		writer.Bool(false);
		writer.EndObject();
		writer.Key("values", 6);
		writer.StartObject();
		writer.Key("type", 4);
		writer.String("string", 6);
		writer.Key("optional", 8);
		writer.Bool(true);
		writer.EndObject();
	}
	else if (column.kind == ValueKind::Point)
	{
		writer.String("struct", 6);
		writer.Key("fields", 6);
		writer.StartArray();
		write_plain_field(writer, "double", false, "x");
		write_plain_field(writer, "double", false, "y");
		write_plain_field(writer, "bytes", true, "wkb");
		write_plain_field(writer, "int32", true, "srid");
		writer.EndArray();
		shape.name = "io.debezium.data.geometry.Point";
		shape.version = 1;
		shape.doc = "Geometry (POINT)";
	}
	else if (column.kind == ValueKind::Geometry)
	{
		/* Geometry.builder() is optional even for NOT NULL columns; Geography's is not */
		bool geography = column.semantic == Semantic::Geography;

		writer.String("struct", 6);
		writer.Key("fields", 6);
		writer.StartArray();
		write_plain_field(writer, "bytes", false, "wkb");
		write_plain_field(writer, "int32", true, "srid");
		writer.EndArray();
		shape.name = geography ? "io.debezium.data.geometry.Geography"
							   : "io.debezium.data.geometry.Geometry";
		shape.version = 1;
		shape.doc = geography ? "Geography" : "Geometry";
		if (!geography)
			optional = true;
	}
	else if (column.kind == ValueKind::NumericVariable &&
			 options.decimal_handling == DecimalHandling::Precise)
	{
		writer.String("struct", 6);
		writer.Key("fields", 6);
		writer.StartArray();
		write_plain_field(writer, "int32", false, "scale");
		write_plain_field(writer, "bytes", false, "value");
		writer.EndArray();
		shape.name = "io.debezium.data.VariableScaleDecimal";
		shape.version = 1;
		shape.doc = "Variable scaled decimal";
	}
	else
	{
		primitive_shape(shape, column, options, digits);
		if (shape.type.empty())
			shape.type = "string"; /* an array without its element: cannot happen */
		write_string(writer, shape.type);
	}

	/*
	 * column.propagate.source.type: Debezium's
	 * PropagateSourceMetadataToSchemaParameter adds the upper-cased type
	 * name, the length and scale when known, and the column's name.
	 */
	if (role == Role::ValueField && column.propagate_source_type)
	{
		JsonOut &out = writer.out();

		type_upper = static_cast<char *>(out.scratch(out, column.type_name.size() + 1));
		for (size_t i = 0; i < column.type_name.size(); i++)
		{
			char c = column.type_name[i];

			type_upper[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
		}
		propagate.add("__debezium.source.column.type",
					  std::string_view(type_upper, column.type_name.size()));
		if (column.type_length >= 0)
			propagate.add("__debezium.source.column.length",
						  int_text(length_text, sizeof(length_text), column.type_length));
		if (column.type_scale >= 0)
			propagate.add("__debezium.source.column.scale",
						  int_text(scale_text, sizeof(scale_text), column.type_scale));
		propagate.add("__debezium.source.column.name", column.name);
	}

	/*
	 * A column mapper's alterFieldSchema: MaskStrings adds masked=true,
	 * TruncateColumn truncateLength=N (value struct only, like the above;
	 * a column has one mapper, so never both).
	 */
	if (role == Role::ValueField && column.mapper != nullptr &&
		!column.mapper->parameter_key.empty())
		propagate.add(column.mapper->parameter_key, column.mapper->parameter_value);

	write_schema_tail(writer, shape, optional, &propagate);
	if (role != Role::Item && !column.default_json.empty())
	{
		writer.Key("default", 7);
		write_raw_value(writer, column.default_json);
	}
	if (role != Role::Item)
	{
		writer.Key("field", 5);
		write_string(writer, column.name);
	}
	writer.EndObject();
}

/* Writes the "<T>.Value" row struct as the envelope member 'field'. */
void
write_row_schema(JsonWriter &writer, const TableSpec &table, const ValueOptions &options,
				 std::string_view field)
{
	writer.StartObject();
	writer.Key("type", 4);
	writer.String("struct", 6);
	writer.Key("fields", 6);
	writer.StartArray();
	for (int i = 0; i < table.ncolumns; i++)
		write_schema_node(writer, table.columns[i], options, Role::ValueField,
						  table.columns[i].optional);
	writer.EndArray();
	writer.Key("optional", 8);
	writer.Bool(true);
	writer.Key("name", 4);
	write_suffixed(writer, table.topic, ".Value");
	writer.Key("field", 5);
	write_string(writer, field);
	writer.EndObject();
}

/* Writes io.debezium.connector.postgresql.Source as the member "source". */
void
write_source_schema(JsonWriter &writer)
{
	writer.StartObject();
	writer.Key("type", 4);
	writer.String("struct", 6);
	writer.Key("fields", 6);
	writer.StartArray();
	write_plain_field(writer, "string", false, "version");
	write_plain_field(writer, "string", false, "connector");
	write_plain_field(writer, "string", false, "name");
	write_plain_field(writer, "int64", false, "ts_ms");

	/* SchemaFactory.snapshotRecordSchema: an optional Enum defaulting to "false" */
	writer.StartObject();
	writer.Key("type", 4);
	writer.String("string", 6);
	writer.Key("optional", 8);
	writer.Bool(true);
	writer.Key("name", 4);
	writer.String("io.debezium.data.Enum", 21);
	writer.Key("version", 7);
	writer.Int(1);
	writer.Key("parameters", 10);
	writer.StartObject();
	writer.Key("allowed", 7);
	write_string(
		writer,
		"true,first,first_in_data_collection,last_in_data_collection,last,false,incremental");
	writer.EndObject();
	writer.Key("default", 7);
	writer.String("false", 5);
	writer.Key("field", 5);
	writer.String("snapshot", 8);
	writer.EndObject();

	write_plain_field(writer, "string", false, "db");
	write_plain_field(writer, "string", true, "sequence");
	write_plain_field(writer, "int64", true, "ts_us");
	write_plain_field(writer, "int64", true, "ts_ns");
	write_plain_field(writer, "string", false, "schema");
	write_plain_field(writer, "string", false, "table");
	write_plain_field(writer, "int64", true, "txId");
	write_plain_field(writer, "int64", true, "lsn");
	write_plain_field(writer, "int64", true, "xmin");
	write_plain_field(writer, "string", true, "origin");
	write_plain_field(writer, "int64", true, "origin_lsn");
	writer.EndArray();
	writer.Key("optional", 8);
	writer.Bool(false);
	writer.Key("name", 4);
	writer.String("io.debezium.connector.postgresql.Source", 39);
	writer.Key("version", 7);
	writer.Int(1);
	writer.Key("field", 5);
	writer.String("source", 6);
	writer.EndObject();
}

/* Writes the "event.block" transaction struct as the member "transaction". */
void
write_transaction_schema(JsonWriter &writer)
{
	writer.StartObject();
	writer.Key("type", 4);
	writer.String("struct", 6);
	writer.Key("fields", 6);
	writer.StartArray();
	write_plain_field(writer, "string", false, "id");
	write_plain_field(writer, "int64", false, "total_order");
	write_plain_field(writer, "int64", false, "data_collection_order");
	writer.EndArray();
	writer.Key("optional", 8);
	writer.Bool(true);
	writer.Key("name", 4);
	writer.String("event.block", 11);
	writer.Key("version", 7);
	writer.Int(1);
	writer.Key("field", 5);
	writer.String("transaction", 11);
	writer.EndObject();
}

} /* namespace */

/*
 * Writes the envelope schema in Envelope.defineSchema's order: before,
 * after, source, transaction, then op and the three timestamps.
 */
void
write_envelope_schema(JsonWriter &writer, const TableSpec &table, const ValueOptions &options)
{
	writer.StartObject();
	writer.Key("type", 4);
	writer.String("struct", 6);
	writer.Key("fields", 6);
	writer.StartArray();
	write_row_schema(writer, table, options, "before");
	write_row_schema(writer, table, options, "after");
	write_source_schema(writer);
	write_transaction_schema(writer);
	write_plain_field(writer, "string", false, "op");
	write_plain_field(writer, "int64", true, "ts_ms");
	write_plain_field(writer, "int64", true, "ts_us");
	write_plain_field(writer, "int64", true, "ts_ns");
	writer.EndArray();
	writer.Key("optional", 8);
	writer.Bool(false);
	writer.Key("name", 4);
	write_suffixed(writer, table.topic, ".Envelope");
	writer.Key("version", 7);
	writer.Int(2);
	writer.EndObject();
}

/*
 * Writes the key struct: TableSchemaBuilder adds key fields with the same
 * addField as value fields (so defaults and optionality carry over) but
 * without the column mapper, so no propagated source-type parameters.
 */
void
write_key_schema(JsonWriter &writer, const TableSpec &table, const ValueOptions &options)
{
	if (table.nkey == 0)
	{
		writer.Null();
		return;
	}
	writer.StartObject();
	writer.Key("type", 4);
	writer.String("struct", 6);
	writer.Key("fields", 6);
	writer.StartArray();
	for (int i = 0; i < table.nkey; i++)
	{
		const ColumnSpec &column = table.columns[table.key_columns[i]];

		write_schema_node(writer, column, options, Role::KeyField, column.optional);
	}
	writer.EndArray();
	writer.Key("optional", 8);
	writer.Bool(false);
	writer.Key("name", 4);
	write_suffixed(writer, table.topic, ".Key");
	writer.EndObject();
}

/* Writes one column's member node; see the header. */
void
write_column_schema(JsonWriter &writer, const ColumnSpec &column, const ValueOptions &options,
					bool in_key)
{
	write_schema_node(writer, column, options, in_key ? Role::KeyField : Role::ValueField,
					  column.optional);
}

/*
 * Renders both schema texts of a table into 'out', each with a writer of its
 * own (a writer takes one root value), for the caller to cache.
 */
TableSchemaTexts
write_table_schemas(JsonOut &out, const TableSpec &table, const ValueOptions &options)
{
	TableSchemaTexts texts;

	texts.value_offset = out.len;
	{
		JsonWriter writer(out);

		write_envelope_schema(writer, table, options);
	}
	texts.value_length = out.len - texts.value_offset;
	texts.key_offset = out.len;
	if (table.nkey > 0)
	{
		JsonWriter writer(out);

		write_key_schema(writer, table, options);
	}
	texts.key_length = out.len - texts.key_offset;
	return texts;
}

/*
 * Writes a struct schema of version 1 whose fields 'write_fields' writes:
 * the shape of every fixed Debezium schema; 'field' names it as a member.
 */
template <typename Fields>
static void
write_struct_schema(JsonWriter &writer, Fields &&write_fields, bool optional, std::string_view name,
					std::string_view field = std::string_view())
{
	writer.StartObject();
	writer.Key("type", 4);
	writer.String("struct", 6);
	writer.Key("fields", 6);
	writer.StartArray();
	write_fields();
	writer.EndArray();
	writer.Key("optional", 8);
	writer.Bool(optional);
	writer.Key("name", 4);
	write_string(writer, name);
	writer.Key("version", 7);
	writer.Int(1);
	if (!field.empty())
	{
		writer.Key("field", 5);
		write_string(writer, field);
	}
	writer.EndObject();
}

/*
 * Writes io.debezium.connector.postgresql.MessageValue
 * (PostgresSchemaFactory.logicalDecodingMessageMonitorValueSchema): op,
 * ts_ms, source, transaction and the message block, whose content follows
 * binary.handling.mode.
 */
void
write_message_value_schema(JsonWriter &writer, const ValueOptions &options)
{
	write_struct_schema(
		writer,
		[&] {
			write_plain_field(writer, "string", false, "op");
			write_plain_field(writer, "int64", true, "ts_ms");
			write_source_schema(writer);
			write_transaction_schema(writer);
			write_struct_schema(
				writer,
				[&] {
					write_plain_field(writer, "string", true, "prefix");
					write_plain_field(writer,
									  options.binary_handling == BinaryHandling::Bytes ? "bytes"
																					   : "string",
									  true, "content");
				},
				false, "io.debezium.connector.postgresql.Message", "message");
		},
		false, "io.debezium.connector.postgresql.MessageValue");
}

/* Writes io.debezium.connector.postgresql.MessageKey: an optional prefix. */
void
write_message_key_schema(JsonWriter &writer)
{
	write_struct_schema(
		writer, [&] { write_plain_field(writer, "string", true, "prefix"); }, false,
		"io.debezium.connector.postgresql.MessageKey");
}

/*
 * Writes io.debezium.connector.common.TransactionMetadataValue
 * (SchemaFactory.transactionValueSchema): status, id, event_count,
 * data_collections (optional array of event.collection structs), ts_ms.
 */
void
write_transaction_value_schema(JsonWriter &writer)
{
	write_struct_schema(
		writer,
		[&] {
			write_plain_field(writer, "string", false, "status");
			write_plain_field(writer, "string", false, "id");
			write_plain_field(writer, "int64", true, "event_count");
			writer.StartObject();
			writer.Key("type", 4);
			writer.String("array", 5);
			writer.Key("items", 5);
			write_struct_schema(
				writer,
				[&] {
					write_plain_field(writer, "string", false, "data_collection");
					write_plain_field(writer, "int64", false, "event_count");
				},
				true, "event.collection");
			writer.Key("optional", 8);
			writer.Bool(true);
			writer.Key("field", 5);
			writer.String("data_collections");
			writer.EndObject();
			write_plain_field(writer, "int64", false, "ts_ms");
		},
		false, "io.debezium.connector.common.TransactionMetadataValue");
}

/* Writes io.debezium.connector.common.TransactionMetadataKey: the id. */
void
write_transaction_key_schema(JsonWriter &writer)
{
	write_struct_schema(
		writer, [&] { write_plain_field(writer, "string", false, "id"); }, false,
		"io.debezium.connector.common.TransactionMetadataKey");
}

} /* namespace cdc */
