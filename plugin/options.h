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
	unsigned seen_ = 0;
};

} /* namespace cdc */

#endif /* CDC_OPTIONS_H */
