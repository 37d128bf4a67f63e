// stream/bridge.h
//	One replication session of cdc_stream: PostgreSQL messages in, JetStream
//	publishes out, flushed positions back, until stopped or failed.
#pragma once

#include <csignal>

#include "ack_window.h"
#include "config.h"
#include "metrics.h"
#include "nats_publisher.h"

// Runs a session until 'stop' is set (returns after draining acks and
// reporting the final position) or something fails (throws BridgeError
// after reporting what was acked).
void run_session(const Config &config, AckWindow &window, NatsPublisher &publisher, Stats &stats,
				 StatsReporter &reporter, const volatile std::sig_atomic_t &stop);
