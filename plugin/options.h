/*
 * options.h
 *		The plugin's options: a typed struct with Debezium's defaults, and the
 *		rules that turn (name, value) pairs into it.
 *
 * C++ zone: no server header.  Validation errors are thrown as UserError
 * with the option's name, the value given and what is allowed; the startup
 * callback lets them become an ERROR at slot start.
 */
#ifndef CDC_OPTIONS_H
#define CDC_OPTIONS_H

#include <string_view>

namespace cdc
{

/* What one message holds (output contract §2). */
enum class RecordMode
{
	Value,
	Record
};

/* decimal.handling.mode */
enum class DecimalHandling
{
	Precise,
	Double,
	String
};

/* decimal.format (Kafka's JsonConverter) */
enum class DecimalFormat
{
	Base64,
	Numeric
};

/* time.precision.mode */
enum class TimePrecision
{
	Adaptive,
	AdaptiveTimeMicroseconds,
	Connect,
	IsoString,
	Microseconds,
	Nanoseconds
};

/* binary.handling.mode */
enum class BinaryHandling
{
	Bytes,
	Base64,
	Base64UrlSafe,
	Hex
};

/* hstore.handling.mode */
enum class HstoreHandling
{
	Json,
	Map
};

/* interval.handling.mode */
enum class IntervalHandling
{
	Numeric,
	String
};

/* The operations skipped.operations can name, as bits. */
enum SkippedOperation : unsigned
{
	kSkipCreate = 1u << 0,
	kSkipUpdate = 1u << 1,
	kSkipDelete = 1u << 2,
	kSkipTruncate = 1u << 3
};

/* What a column mapper option does to a string column's value. */
enum class ColumnMapping
{
	MaskWithChars,	/* column.mask.with.<N>.chars */
	MaskHashV1,		/* column.mask.hash.<alg>.with.salt.<salt> */
	MaskHashV2,		/* column.mask.hash.v2.<alg>.with.salt.<salt> */
	TruncateToChars /* column.truncate.to.<N>.chars */
};

/* One column mapper option: the columns it applies to and its parameters. */
struct ColumnMapperOption
{
	std::string_view name; /* the option's name, for errors */
	ColumnMapping mapping;
	int length;					/* N of the mask or truncation */
	std::string_view algorithm; /* hash: Java MessageDigest name, as given */
	std::string_view salt;		/* hash */
	std::string_view columns;	/* regular expressions over <schema>.<table>.<column> */
};

/* replicated-in changes: all (pgoutput's origin=any) or only local ones (none). */
enum class OriginFilter
{
	Any,
	None
};

constexpr int kMaxColumnMappers = 16;

/*
 * Everything the options decide.  Strings point into the option values the
 * server keeps for the whole decoding session.
 */
struct PluginOptions
{
	/* Debezium's logical server name; empty means "the database's name". */
	std::string_view topic_prefix;
	RecordMode record_mode = RecordMode::Value;
	bool tombstones_on_delete = true;
	bool replace_null_with_default = true;
	bool pretty_print = false;
	bool schemas_enable = false;
	DecimalHandling decimal_handling = DecimalHandling::Precise;
	DecimalFormat decimal_format = DecimalFormat::Base64;
	TimePrecision time_precision = TimePrecision::Adaptive;
	BinaryHandling binary_handling = BinaryHandling::Bytes;
	HstoreHandling hstore_handling = HstoreHandling::Json;
	IntervalHandling interval_handling = IntervalHandling::Numeric;
	int money_fraction_digits = 2;
	bool include_unknown_datatypes = false;

	/*
	 * column.propagate.source.type / datatype.propagate.source.type: lists of
	 * regular expressions, compiled and checked by the server side.
	 */
	std::string_view column_propagate_source_type;
	std::string_view datatype_propagate_source_type;

	/* Which events go out (debezium-format.md §2, §5.2, §6, §7, §9). */
	std::string_view unavailable_value_placeholder = "__debezium_unavailable_value";
	unsigned skipped_operations = kSkipTruncate;
	bool provide_transaction_metadata = false;
	std::string_view topic_transaction = "transaction";
	std::string_view message_prefix_include_list;
	std::string_view message_prefix_exclude_list;
	std::string_view schema_include_list;
	std::string_view schema_exclude_list;
	std::string_view table_include_list;
	std::string_view table_exclude_list;
	std::string_view column_include_list;
	std::string_view column_exclude_list;
	std::string_view message_key_columns;
	ColumnMapperOption column_mappers[kMaxColumnMappers];
	int column_mapper_count = 0;
	OriginFilter origin = OriginFilter::Any;
	bool stream_in_progress = false;
	bool two_phase = false;
};

/*
 * Collects options one at a time, remembering which were given so that a
 * duplicate is an error rather than a silent override.
 */
class OptionParser
{
  public:
	/*
	 * Applies one option.  'value' is null when the option was given without
	 * a value (allowed for booleans only, meaning true).
	 */
	void apply(std::string_view name, const char *value);

	const PluginOptions &options() const
	{
		return options_;
	}

  private:
	PluginOptions options_;
	unsigned long long seen_ = 0;

	/* column.mask.* and column.truncate.* options, whose names carry parameters */
	bool apply_column_mapper(std::string_view name, const char *value);
};

} /* namespace cdc */

#endif /* CDC_OPTIONS_H */
