// stream/metrics.h
//	cdc_stream's counters and how they are shown: a one-line status on
//	stderr and a Prometheus text file, both written periodically.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "ack_window.h"

struct Stats
{
	uint64_t events = 0;	   // messages published
	uint64_t bytes = 0;		   // their body bytes
	uint64_t tombstones = 0;   // tombstones received and not published (as Debezium Server)
	uint64_t sessions = 0;	   // replication sessions started
	uint64_t received_lsn = 0; // highest position received from PostgreSQL
	uint64_t flushed_lsn = 0;  // position last reported flushed
	int64_t pending = 0;	   // acks outstanding
	AckWindow::Counts acks;	   // acks, duplicates, failures, lag
};

class StatsReporter
{
  public:
	StatsReporter(std::string metrics_file, int64_t log_interval_ms, int64_t metrics_interval_ms)
		: metrics_file_(std::move(metrics_file)), log_interval_ms_(log_interval_ms),
		  metrics_interval_ms_(metrics_interval_ms)
	{
	}

	// Writes the status line and the metrics file when each is due
	// ('force' writes both now, e.g. at exit).
	void tick(const Stats &stats, int64_t now_ms, bool force);

  private:
	// Rewrites the metrics file atomically (a temporary file renamed over it).
	void write_metrics(const Stats &stats) const;

	std::string metrics_file_;
	int64_t log_interval_ms_;
	int64_t metrics_interval_ms_;
	int64_t last_log_ms_ = 0;
	int64_t last_metrics_ms_ = 0;
	uint64_t last_events_ = 0;
	uint64_t last_bytes_ = 0;
};
