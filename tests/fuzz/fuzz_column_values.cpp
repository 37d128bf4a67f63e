/*
 * fuzz_column_values.cpp
 *		libFuzzer target of write_column_value (plugin/column_values.cpp):
 *		every value kind, state (null, present, unchanged TOAST), handling
 *		mode, default, array element and column mapper, built from the
 *		fuzzer's bytes within what materialize.cpp can hand over (strings are
 *		UTF-8, dates int32, times within a day, uuids 16 bytes).
 *
 * Invariants: the only exception is EncodeError (malformed numeric,
 * geometry or hstore bytes); otherwise the value completes a JSON object
 * that passes a strict grammar check, is valid UTF-8, and leaves the
 * writer's nesting balanced.
 */
#include <deque>
#include <string>
#include <vector>

#include "column_mappers.h"
#include "column_values.h"
#include "encoders.h"
#include "fuzz_common.h"
#include "json_test_buffer.h"

using cdc::ColumnSpec;
using cdc::PlainValue;
using cdc::ValueKind;
using cdc_fuzz::check;

namespace
{

constexpr int kKindCount = static_cast<int>(ValueKind::TextOutput) + 1;

/*
 * Bytes that outlive the value built from them (strings, numerics, arrays);
 * deques, so that adding one never moves the others.
 */
struct Arena
{
	std::deque<std::string> strings;
	std::deque<std::vector<int16_t>> aligned;
	std::deque<std::vector<PlainValue>> arrays;

	const char *keep(std::string s)
	{
		strings.push_back(std::move(s));
		return strings.back().data();
	}
};

/* A present value of 'kind' from the input, as materialize.cpp would make it. */
PlainValue
make_value(ValueKind kind, const ColumnSpec *element, cdc_fuzz::Input &in, Arena &arena, int depth)
{
	PlainValue v;
	uint8_t state = in.byte();

	v.state = state % 8 == 0 ? PlainValue::State::Null
							 : (state % 8 == 1 ? PlainValue::State::UnchangedToast
											   : PlainValue::State::Present);
	v.bytes.data = nullptr;
	v.bytes.len = 0;
	switch (kind)
	{
		case ValueKind::Boolean:
			v.boolean = in.byte() & 1;
			break;
		case ValueKind::Int16:
			v.integer = static_cast<int16_t>(in.u32());
			break;
		case ValueKind::Int32:
			v.integer = static_cast<int32_t>(in.u32());
			break;
		case ValueKind::Date:
			v.integer = static_cast<int32_t>(in.u32());
			break;
		case ValueKind::Int64:
		case ValueKind::Money:
		case ValueKind::Timestamp:
		case ValueKind::TimestampTz:
			v.integer = in.i64();
			break;
		case ValueKind::Time:
			v.integer = in.range(0, 86400000000LL);
			break;
		case ValueKind::Float32:
		{
			uint32_t bits = in.u32();

			std::memcpy(&v.float32, &bits, sizeof(bits));
			break;
		}
		case ValueKind::Float64:
		{
			uint64_t bits = in.u64();

			std::memcpy(&v.float64, &bits, sizeof(bits));
			break;
		}
		case ValueKind::TimeTz:
			v.time_tz.micros = in.range(0, 86400000000LL);
			v.time_tz.zone = static_cast<int32_t>(in.range(-57599, 57599));
			break;
		case ValueKind::Interval:
			v.interval.months = static_cast<int32_t>(in.u32());
			v.interval.days = static_cast<int32_t>(in.u32());
			v.interval.micros = in.i64();
			break;
		case ValueKind::Point:
		{
			uint64_t x = in.u64();
			uint64_t y = in.u64();

			std::memcpy(&v.point.x, &x, sizeof(x));
			std::memcpy(&v.point.y, &y, sizeof(y));
			break;
		}
		case ValueKind::Bits:
		{
			size_t n = static_cast<size_t>(in.range(0, 16));
			std::string bytes;

			for (size_t i = 0; i < n; i++)
				bytes += static_cast<char>(in.byte());
			v.bits.data = reinterpret_cast<const uint8_t *>(arena.keep(bytes));
			v.bits.bit_count = static_cast<int32_t>(n * 8) - (n > 0 ? in.byte() % 8 : 0);
			break;
		}
		case ValueKind::Uuid:
		{
			std::string bytes;

			for (int i = 0; i < 16; i++)
				bytes += static_cast<char>(in.byte());
			v.bytes.data = arena.keep(bytes);
			v.bytes.len = 16;
			break;
		}
		case ValueKind::NumericFixed:
		case ValueKind::NumericVariable:
		{
			size_t n = static_cast<size_t>(in.range(0, 24));
			std::vector<int16_t> words(n / 2 + 1);

			for (size_t i = 0; i < n; i++)
				reinterpret_cast<uint8_t *>(words.data())[i] = in.byte();
			arena.aligned.push_back(std::move(words));
			v.bytes.data = reinterpret_cast<const char *>(arena.aligned.back().data());
			v.bytes.len = n;
			break;
		}
		case ValueKind::Array:
		{
			size_t n = depth > 0 ? 0 : static_cast<size_t>(in.range(0, 4));
			std::vector<PlainValue> elements;

			for (size_t i = 0; i < n; i++)
				elements.push_back(make_value(element ? element->kind : ValueKind::String, nullptr,
											  in, arena, depth + 1));
			arena.arrays.push_back(std::move(elements));
			v.array.elements = arena.arrays.back().data();
			v.array.count = static_cast<int32_t>(n);
			break;
		}
		case ValueKind::Geometry:
		{
			/* PostGIS's hex EWKB text, sometimes malformed */
			size_t n = static_cast<size_t>(in.range(0, 120));
			std::string text;

			for (size_t i = 0; i < n; i++)
			{
				uint8_t b = in.byte();

				text += "0123456789abcdefABCDEFgx"[b % 24];
			}
			v.bytes.data = arena.keep(text);
			v.bytes.len = text.size();
			break;
		}
		default: /* String, TextOutput, Hstore, Bytes, Unknown: text of the server */
		{
			size_t n = static_cast<size_t>(in.range(0, 60));
			std::string bytes;

			for (size_t i = 0; i < n; i++)
				bytes += static_cast<char>(in.byte());
			if (kind != ValueKind::Bytes && !cdc_fuzz::utf8_valid(bytes))
				bytes = cdc_fuzz::utf8_from_bytes(bytes);
			v.bytes.data = arena.keep(bytes);
			v.bytes.len = bytes.size();
			break;
		}
	}
	return v;
}

/* A column of a fuzzer-chosen kind with fuzzer-chosen typmods. */
ColumnSpec
make_column(ValueKind kind, cdc_fuzz::Input &in)
{
	static const char *const kDefaults[] = {"", "42", "\"d\"", "{\"scale\":0,\"value\":\"AA==\"}",
											"null"};
	ColumnSpec c{};

	c.name = "c";
	c.kind = kind;
	c.semantic = cdc::Semantic::None;
	c.optional = in.byte() & 1;
	c.scale = static_cast<int>(in.range(-40, 40));
	c.precision = static_cast<int>(in.range(-1, 6));
	c.length = static_cast<int>(in.range(-1, 64));
	c.element = nullptr;
	c.default_json = kDefaults[in.byte() % 5];
	c.propagate_source_type = false;
	c.toast_marker = static_cast<cdc::ToastMarker>(in.byte() % 7);
	return c;
}

} /* namespace */

/* libFuzzer's entry point. */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdc_fuzz::Input in(data, size);
	ValueKind kind = static_cast<ValueKind>(in.byte() % kKindCount);
	ValueKind element_kind = static_cast<ValueKind>(in.byte() % kKindCount);
	cdc::ValueOptions options;
	cdc::ColumnMapperSpec mapper{};
	Arena arena;

	if (element_kind == ValueKind::Array)
		element_kind = ValueKind::Int32;
	options.replace_null_with_default = in.byte() & 1;
	options.unavailable_placeholder = (in.byte() & 1) ? "__debezium_unavailable_value" : "hex:00ff";
	options.decimal_handling = static_cast<cdc::DecimalHandling>(in.byte() % 3);
	options.decimal_format = static_cast<cdc::DecimalFormat>(in.byte() % 2);
	options.time_precision = static_cast<cdc::TimePrecision>(in.byte() % 6);
	options.binary_handling = static_cast<cdc::BinaryHandling>(in.byte() % 4);
	options.hstore_handling = static_cast<cdc::HstoreHandling>(in.byte() % 2);
	options.interval_handling = static_cast<cdc::IntervalHandling>(in.byte() % 2);
	options.money_fraction_digits = static_cast<int>(in.range(0, 30));
	options.money_storage_digits = static_cast<int>(in.range(0, 10));

	ColumnSpec element = make_column(element_kind, in);
	ColumnSpec column = make_column(kind, in);

	column.element = &element;
	switch (in.byte() % 5)
	{
		case 0:
		case 1:
			break;
		default:
			mapper.mapping = static_cast<cdc::ColumnMapping>(in.byte() % 4);
			/* relcache.cpp: masks convert character columns only (String, TextOutput) */
			mapper.converts =
				(in.byte() & 1) && (mapper.mapping == cdc::ColumnMapping::TruncateToChars ||
									kind == ValueKind::String || kind == ValueKind::TextOutput);
			mapper.mask = "****";
			mapper.length = static_cast<int>(in.range(0, 40));
			mapper.algorithm = static_cast<cdc::HashAlgorithm>(in.byte() % 6);
			mapper.salt = "salt";
			mapper.column_length = static_cast<int>(in.range(0, 200));
			column.mapper = &mapper;
			break;
	}
	PlainValue value = make_value(kind, &element, in, arena, 0);

	cdc_test::JsonTestBuffer buffer;
	cdc::JsonWriter writer(buffer.out);

	writer.StartObject();
	writer.Key("v", 1);
	try
	{
		cdc::write_column_value(writer, column, value, options);
	}
	catch (const cdc::EncodeError &)
	{
		return 0;
	}
	writer.Key("after", 5);
	writer.Bool(true);
	writer.EndObject();
	check(writer.IsComplete(), "the value leaves the writer's nesting balanced");

	std::string json = buffer.text();

	check(cdc_fuzz::json_valid(json), "the value is valid JSON", json);
	check(cdc_fuzz::utf8_valid(json), "the value is valid UTF-8", json);
	return 0;
}
