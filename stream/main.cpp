// stream/main.cpp
//	cdc_stream's entry point: settings, signals, and the outer loop that
//	starts replication sessions again with backoff after retryable failures
//	and turns fatal ones into distinct exit statuses.
#include <nats/nats.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "bridge.h"
#include "errors.h"

namespace
{

volatile std::sig_atomic_t stop_requested = 0;

// SIGINT/SIGTERM: finish in-flight acks, report the position, exit 0.
void
on_stop_signal(int)
{
	stop_requested = 1;
}

// Installs the stop handler without SA_RESTART, so waits wake up.
void
install_signals()
{
	struct sigaction action = {};
	action.sa_handler = on_stop_signal;
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, nullptr);
	sigaction(SIGTERM, &action, nullptr);
	signal(SIGPIPE, SIG_IGN);
}

// Sleeps 'ms' in small steps, returning early when a stop is requested.
void
interruptible_sleep(int64_t ms)
{
	for (int64_t slept = 0; slept < ms && !stop_requested; slept += 50)
		std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// Runs sessions until stopped or a fatal error; returns the exit status.
int
run(const Config &config)
{
	AckWindow window;
	NatsPublisher publisher(window);
	Stats stats;
	StatsReporter reporter(config.metrics_file, config.log_interval_ms, config.metrics_interval_ms);
	bool nats_connected = false;
	int64_t backoff_ms = config.reconnect_min_ms;
	int64_t failures = 0;

	while (!stop_requested)
	{
		uint64_t acked_before = window.counts().acked;
		try
		{
			if (!nats_connected)
			{
				publisher.connect(config);
				nats_connected = true;
			}
			run_session(config, window, publisher, stats, reporter, stop_requested);
			break;
		}
		catch (const BridgeError &e)
		{
			fprintf(stderr, "cdc_stream: %s\n", e.what());
			if (!e.retryable)
			{
				reporter.tick(stats, 0, true);
				return e.exit_code;
			}
		}
		/* a session that got acks was healthy: start the backoff afresh */
		if (window.counts().acked > acked_before)
		{
			failures = 0;
			backoff_ms = config.reconnect_min_ms;
		}
		failures++;
		if (config.reconnect_attempts > 0 && failures >= config.reconnect_attempts)
		{
			fprintf(stderr, "cdc_stream: giving up after %lld failed attempts\n",
					static_cast<long long>(failures));
			return kExitError;
		}
		fprintf(stderr, "cdc_stream: retrying in %lld ms\n", static_cast<long long>(backoff_ms));
		interruptible_sleep(backoff_ms);
		backoff_ms =
			backoff_ms * 2 > config.reconnect_max_ms ? config.reconnect_max_ms : backoff_ms * 2;
	}
	reporter.tick(stats, 0, true);
	return kExitOk;
}

} // namespace

// Parses the settings and runs; every error is reported on stderr.
int
main(int argc, char **argv)
{
	Config config;

	try
	{
		if (!config_from_args(config, argc, argv))
		{
			fputs(config_usage(), stdout);
			return kExitOk;
		}
		config_validate(config);
	}
	catch (const ConfigError &e)
	{
		fprintf(stderr, "cdc_stream: %s\n%s", e.what(), config_usage());
		return kExitConfig;
	}
	install_signals();
	int status;
	try
	{
		status = run(config);
	}
	catch (const std::exception &e)
	{
		fprintf(stderr, "cdc_stream: %s\n", e.what());
		status = kExitError;
	}
	nats_Close();
	return status;
}
