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
