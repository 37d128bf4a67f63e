// stream/config.cpp
//	Fills and checks cdc_stream's Config from a key=value file and flags.
#include "config.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>

namespace
{

// Strips spaces and tabs from both ends.
std::string
trim(const std::string &text)
{
	size_t begin = text.find_first_not_of(" \t\r");
	size_t end = text.find_last_not_of(" \t\r");

	return begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

// A whole decimal integer within [min, max], or ConfigError.
int64_t
parse_integer(const std::string &key, const std::string &value, int64_t min, int64_t max)
{
	char *end = nullptr;
	errno = 0;
	long long number = std::strtoll(value.c_str(), &end, 10);

	if (value.empty() || errno != 0 || *end != '\0' || number < min || number > max)
		throw ConfigError("invalid value for " + key + ": \"" + value + "\" (an integer from " +
						  std::to_string(min) + " to " + std::to_string(max) + ")");
	return number;
}

// true/false/on/off/1/0/yes/no, or ConfigError.
bool
parse_bool(const std::string &key, const std::string &value)
{
	std::string lower;
	for (char c : value)
		lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	if (lower == "true" || lower == "on" || lower == "1" || lower == "yes")
		return true;
	if (lower == "false" || lower == "off" || lower == "0" || lower == "no")
		return false;
	throw ConfigError("invalid value for " + key + ": \"" + value + "\" (a boolean)");
}

// Case-insensitive equality of ASCII words (plugin option names and values).
bool
same_word(const std::string &a, const std::string &b)
{
	if (a.size() != b.size())
		return false;
	for (size_t i = 0; i < a.size(); i++)
	{
		char x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] - 'A' + 'a' : a[i];
		char y = b[i] >= 'A' && b[i] <= 'Z' ? b[i] - 'A' + 'a' : b[i];
		if (x != y)
			return false;
	}
	return true;
}

// Plugin options the bridge decides itself or cannot carry: record.mode
// must stay 'record', and multi-line documents or streamed chunks of
// unfinished transactions would break message headers and event ids.
void
check_plugin_option(const std::string &name, const std::string &value)
{
	if (same_word(name, "record.mode") && !same_word(value, "record"))
		throw ConfigError("plugin.record.mode must be \"record\" (cdc_stream needs topic and key)");
	if ((same_word(name, "pretty.print") || same_word(name, "stream.in.progress")) &&
		!value.empty() && !same_word(value, "false") && !same_word(value, "off") &&
		!same_word(value, "0") && !same_word(value, "no"))
		throw ConfigError("plugin." + name + " is not supported by cdc_stream");
}

} // namespace

void
config_set(Config &config, const std::string &key, const std::string &value)
{
	const int64_t day_ms = 86400000;

	if (key == "pg")
		config.pg = value;
	else if (key == "slot")
	{
		if (value.empty() || value.size() > 63 ||
			value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
			throw ConfigError("invalid value for slot: \"" + value +
							  "\" (lower-case letters, digits and _, at most 63)");
		config.slot = value;
	}
	else if (key == "create.slot")
		config.create_slot = parse_bool(key, value);
	else if (key == "nats")
		config.nats_url = value;
	else if (key == "nats.user")
		config.nats_user = value;
	else if (key == "nats.password")
		config.nats_password = value;
	else if (key == "nats.token")
		config.nats_token = value;
	else if (key == "nats.stream")
		config.nats_stream = value;
	else if (key == "subject.prefix")
		config.subject_prefix = value;
	else if (key.rfind("subject.map.", 0) == 0 && key.size() > 12)
		config.subject_map[key.substr(12)] = value;
	else if (key.rfind("plugin.", 0) == 0 && key.size() > 7)
	{
		std::string name = key.substr(7);

		check_plugin_option(name, value);
		for (auto &option : config.plugin_options)
			if (same_word(option.first, name))
			{
				option.second = value;
				return;
			}
		config.plugin_options.emplace_back(name, value);
	}
	else if (key == "window")
		config.window = parse_integer(key, value, 1, 1000000);
	else if (key == "ack.timeout.ms")
		config.ack_timeout_ms = parse_integer(key, value, 100, day_ms);
	else if (key == "standby.interval.ms")
		config.standby_interval_ms = parse_integer(key, value, 100, day_ms);
	else if (key == "log.interval.ms")
		config.log_interval_ms = parse_integer(key, value, 0, day_ms);
	else if (key == "metrics.file")
		config.metrics_file = value;
	else if (key == "metrics.interval.ms")
		config.metrics_interval_ms = parse_integer(key, value, 100, day_ms);
	else if (key == "reconnect.min.ms")
		config.reconnect_min_ms = parse_integer(key, value, 10, day_ms);
	else if (key == "reconnect.max.ms")
		config.reconnect_max_ms = parse_integer(key, value, 10, day_ms);
	else if (key == "reconnect.attempts")
		config.reconnect_attempts = parse_integer(key, value, 0, 1000000000);
	else if (key == "snapshot.mode")
	{
		if (value != "initial" && value != "no_data")
			throw ConfigError("invalid value for snapshot.mode: \"" + value +
							  "\" (initial or no_data)");
		config.snapshot_initial = value == "initial";
	}
	else if (key == "snapshot.state.file")
		config.snapshot_state_file = value;
	else
		throw ConfigError("unknown setting \"" + key + "\" (see --help)");
}

void
config_load_file(Config &config, const std::string &path)
{
	std::ifstream in(path);
	std::string line;
	int number = 0;

	if (!in)
		throw ConfigError("cannot read config file " + path);
	while (std::getline(in, line))
	{
		number++;
		std::string text = trim(line);
		if (text.empty() || text[0] == '#')
			continue;
		size_t eq = text.find('=');
		if (eq == std::string::npos)
			throw ConfigError(path + ":" + std::to_string(number) + ": expected key=value");
		try
		{
			config_set(config, trim(text.substr(0, eq)), trim(text.substr(eq + 1)));
		}
		catch (const ConfigError &e)
		{
			throw ConfigError(path + ":" + std::to_string(number) + ": " + e.what());
		}
	}
}

bool
config_from_args(Config &config, int argc, const char *const *argv)
{
	std::vector<std::pair<std::string, std::string>> settings;

	for (int i = 1; i < argc; i++)
	{
		std::string arg = argv[i];
		if (arg == "--help" || arg == "-h")
			return false;
		size_t eq = arg.find('=');
		if (arg.rfind("--", 0) != 0 || eq == std::string::npos || eq == 2)
			throw ConfigError("expected --key=value, got \"" + arg + "\"");
		std::string key = arg.substr(2, eq - 2);
		std::string value = arg.substr(eq + 1);
		if (key == "config")
			config_load_file(config, value);
		else
			settings.emplace_back(key, value);
	}
	for (const auto &setting : settings)
		config_set(config, setting.first, setting.second);
	return true;
}

void
config_validate(const Config &config)
{
	if (config.reconnect_min_ms > config.reconnect_max_ms)
		throw ConfigError("reconnect.min.ms is larger than reconnect.max.ms");
	if (!config.nats_token.empty() && !config.nats_user.empty())
		throw ConfigError("nats.token and nats.user are exclusive");
	if (config.snapshot_initial && config.snapshot_state_file.empty())
		throw ConfigError("snapshot.mode=initial needs snapshot.state.file (where a snapshot in "
						  "progress is recorded, so that one cut short is done again)");
	if (config.snapshot_initial && !config.create_slot)
		throw ConfigError("snapshot.mode=initial needs create.slot=true (the snapshot is the "
						  "one the slot exports when it is created)");
}

const char *
config_usage()
{
	return "usage: cdc_stream [--config=<file>] [--<key>=<value>...]\n"
		   "Streams cdc_plugin's Debezium events from a PostgreSQL slot to NATS JetStream.\n"
		   "Settings (file lines key=value, or flags --key=value; flags win):\n"
		   "  pg=<conninfo>             PostgreSQL connection string (default dbname=postgres)\n"
		   "  slot=<name>               logical slot (default cdc_stream)\n"
		   "  create.slot=<bool>        create the slot with cdc_plugin if missing (default true)\n"
		   "  nats=<url>                NATS server(s), comma-separated (default "
		   "nats://127.0.0.1:4222)\n"
		   "  nats.user, nats.password, nats.token   NATS credentials\n"
		   "  nats.stream=<name>        JetStream stream that must exist at start (optional)\n"
		   "  subject.prefix=<text>     prepended to every subject (default none)\n"
		   "  subject.map.<topic>=<subject>  publish this topic's events on another subject\n"
		   "  plugin.<option>=<value>   cdc_plugin option passed to START_REPLICATION\n"
		   "  window=<n>                most publishes awaiting their ack (default 4096)\n"
		   "  ack.timeout.ms=<ms>       a publish unacknowledged this long fails (default 5000)\n"
		   "  standby.interval.ms=<ms>  status updates to PostgreSQL (default 10000)\n"
		   "  log.interval.ms=<ms>      status line on stderr, 0 for none (default 10000)\n"
		   "  metrics.file=<path>       Prometheus text file (default none)\n"
		   "  metrics.interval.ms=<ms>  how often it is rewritten (default 5000)\n"
		   "  reconnect.min.ms, reconnect.max.ms   backoff between sessions (500, 30000)\n"
		   "  reconnect.attempts=<n>    failed sessions in a row before exiting, 0: never\n"
		   "  snapshot.mode=<mode>      initial: publish the tables' rows (op r) when creating\n"
		   "                            the slot; no_data: changes only (default no_data)\n"
		   "  snapshot.state.file=<path>  records a snapshot in progress (needed by initial)\n"
		   "Exit status: 0 stopped by SIGINT/SIGTERM, 1 error, 2 bad settings, 3 slot of\n"
		   "another plugin, 4 JetStream stream missing, 5 credentials refused.\n";
}
