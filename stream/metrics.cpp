// stream/metrics.cpp
//	The status line and the Prometheus metrics file of cdc_stream.
#include "metrics.h"

#include <cstdio>

#include "pg_replication.h"

void
StatsReporter::tick(const Stats &stats, int64_t now_ms, bool force)
{
	if (last_log_ms_ == 0)
		last_log_ms_ = last_metrics_ms_ = now_ms;
	if (log_interval_ms_ > 0 && (force || now_ms - last_log_ms_ >= log_interval_ms_))
	{
		double seconds = (now_ms - last_log_ms_) / 1000.0;
		if (seconds <= 0)
			seconds = 1;
		uint64_t lag_bytes =
			stats.received_lsn > stats.flushed_lsn ? stats.received_lsn - stats.flushed_lsn : 0;
		fprintf(stderr,
				"cdc_stream: %.0f events/s %.0f B/s lag %llu B %.3f s pending %lld acked %llu "
				"dup %llu failed %llu flushed %s\n",
				(stats.events - last_events_) / seconds, (stats.bytes - last_bytes_) / seconds,
				static_cast<unsigned long long>(lag_bytes), stats.acks.lag_ms / 1000.0,
				static_cast<long long>(stats.pending),
				static_cast<unsigned long long>(stats.acks.acked),
				static_cast<unsigned long long>(stats.acks.duplicates),
				static_cast<unsigned long long>(stats.acks.failed),
				lsn_text(stats.flushed_lsn).c_str());
		last_log_ms_ = now_ms;
		last_events_ = stats.events;
		last_bytes_ = stats.bytes;
	}
	if (!metrics_file_.empty() && (force || now_ms - last_metrics_ms_ >= metrics_interval_ms_))
	{
		write_metrics(stats);
		last_metrics_ms_ = now_ms;
	}
}

void
StatsReporter::write_metrics(const Stats &stats) const
{
	std::string temporary = metrics_file_ + ".tmp";
	FILE *out = fopen(temporary.c_str(), "w");

	if (out == nullptr)
	{
		fprintf(stderr, "cdc_stream: cannot write %s\n", temporary.c_str());
		return;
	}
	auto metric = [&](const char *name, const char *type, const char *help, double value) {
		fprintf(out, "# HELP %s %s\n# TYPE %s %s\n%s %.17g\n", name, help, name, type, name, value);
	};
	uint64_t lag_bytes =
		stats.received_lsn > stats.flushed_lsn ? stats.received_lsn - stats.flushed_lsn : 0;
	metric("cdc_stream_events_published_total", "counter", "Messages published to JetStream.",
		   static_cast<double>(stats.events));
	metric("cdc_stream_bytes_published_total", "counter", "Body bytes published.",
		   static_cast<double>(stats.bytes));
	metric("cdc_stream_acks_total", "counter", "JetStream acks received.",
		   static_cast<double>(stats.acks.acked));
	metric("cdc_stream_duplicate_acks_total", "counter", "Acks of ids JetStream already had.",
		   static_cast<double>(stats.acks.duplicates));
	metric("cdc_stream_publish_failures_total", "counter", "Publishes that failed.",
		   static_cast<double>(stats.acks.failed));
	metric("cdc_stream_tombstones_skipped_total", "counter", "Tombstones not published.",
		   static_cast<double>(stats.tombstones));
	metric("cdc_stream_sessions_total", "counter", "Replication sessions started.",
		   static_cast<double>(stats.sessions));
	metric("cdc_stream_pending_acks", "gauge", "Publishes awaiting their ack.",
		   static_cast<double>(stats.pending));
	metric("cdc_stream_received_lsn", "gauge", "Highest WAL position received.",
		   static_cast<double>(stats.received_lsn));
	metric("cdc_stream_flushed_lsn", "gauge", "WAL position reported flushed to PostgreSQL.",
		   static_cast<double>(stats.flushed_lsn));
	metric("cdc_stream_lag_bytes", "gauge", "Received minus flushed position.",
		   static_cast<double>(lag_bytes));
	metric("cdc_stream_lag_seconds", "gauge", "Ack time minus commit time of the last acked event.",
		   stats.acks.lag_ms / 1000.0);
	bool ok = fclose(out) == 0;
	if (!ok || rename(temporary.c_str(), metrics_file_.c_str()) != 0)
		fprintf(stderr, "cdc_stream: cannot write %s\n", metrics_file_.c_str());
}
