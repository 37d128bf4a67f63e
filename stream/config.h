// stream/config.h
//	cdc_stream's settings: one typed struct, filled from a key=value file and
//	--key=value flags (flags win), validated before anything connects.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

// A setting that cannot be used: the message names the key and the value.
struct ConfigError : std::runtime_error
{
	using std::runtime_error::runtime_error;
};

struct Config
{
	std::string pg = "dbname=postgres"; // libpq connection string (replication=database is added)
	std::string slot = "cdc_stream";
	bool create_slot = true; // create the slot when it is missing
	std::string nats_url = "nats://127.0.0.1:4222";
	std::string nats_user;
	std::string nats_password;
	std::string nats_token;
	std::string nats_stream;						// when set, must exist in JetStream at start
	std::string subject_prefix;						// prepended to every subject
	std::map<std::string, std::string> subject_map; // topic -> subject (before the prefix)
	std::vector<std::pair<std::string, std::string>> plugin_options; // passed through
	int64_t window = 4096;				 // most publishes waiting for their ack
	int64_t ack_timeout_ms = 5000;		 // a publish not acked by then fails the session
	int64_t standby_interval_ms = 10000; // status updates to PostgreSQL at least this often
	int64_t log_interval_ms = 10000;	 // one status line on stderr this often (0: never)
	std::string metrics_file;			 // Prometheus text file, rewritten periodically
	int64_t metrics_interval_ms = 5000;
	int64_t reconnect_min_ms = 500; // backoff after a lost connection: doubles up to max
	int64_t reconnect_max_ms = 30000;
	int64_t reconnect_attempts = 0; // consecutive failed sessions before giving up (0: never)

	// Initial snapshot: with snapshot_initial, a slot this program creates is
	// created with an exported snapshot whose tables are published first.
	bool snapshot_initial = false;
	std::string snapshot_state_file; // where a snapshot in progress is recorded
};

// Applies one key=value setting to 'config'; throws ConfigError.
void config_set(Config &config, const std::string &key, const std::string &value);

// Reads a key=value file ('#' comments, blank lines) into 'config'.
void config_load_file(Config &config, const std::string &path);

// Parses argv: --config=<file> first (wherever it is), then every
// --key=value over it.  Returns false for --help.
bool config_from_args(Config &config, int argc, const char *const *argv);

// Checks the settings together (after all are applied); throws ConfigError.
void config_validate(const Config &config);

// The usage text printed for --help and on configuration errors.
const char *config_usage();
