// stream/bridge.cpp
//	The session loop of cdc_stream.  Each plugin message gets the dedup id
//	"<write position>:<xid>:<n>" (n counts earlier messages of the same
//	position and transaction; see stream/README.md), and the flushed
//	position reported to PostgreSQL is the AckWindow's, which only passes a
//	message once it and everything before it are acked.
#include "bridge.h"

#include <chrono>
#include <cstdio>

#include "pg_replication.h"
#include "record.h"
#include "snapshot.h"
#include "snapshot_marker.h"

namespace
{

// Milliseconds of a monotonic clock, for intervals.
int64_t
steady_ms()
{
	return std::chrono::duration_cast<std::chrono::milliseconds>(
			   std::chrono::steady_clock::now().time_since_epoch())
		.count();
}

// Throws the BridgeError that a failed publish calls for, counting a
// publish unacked for longer than 'ack_timeout_ms' as failed.
void
throw_if_failed(AckWindow &window, int64_t ack_timeout_ms)
{
	std::string error;

	window.expire(steady_ms(), ack_timeout_ms);
	switch (window.failure(&error))
	{
		case AckWindow::Failure::None:
			return;
		case AckWindow::Failure::StreamMissing:
			throw BridgeError("no JetStream stream takes the subject: " + error, kExitStreamMissing,
							  false);
		case AckWindow::Failure::Denied:
			throw BridgeError("NATS refused the publish: " + error, kExitCredentials, false);
		case AckWindow::Failure::Retryable:
			break;
	}
	throw BridgeError("publish failed: " + error, kExitError, true);
}

// The subject of a topic: its mapping (or the topic itself, as Debezium
// Server's default naming) after the prefix.  The last answer is cached.
class SubjectMapper
{
  public:
	explicit SubjectMapper(const Config &config) : config_(config)
	{
	}

	// The subject for 'topic'.
	const std::string &subject(std::string_view topic)
	{
		if (topic != last_topic_ || last_subject_.empty())
		{
			last_topic_.assign(topic);
			auto mapped = config_.subject_map.find(last_topic_);
			last_subject_ = config_.subject_prefix +
							(mapped != config_.subject_map.end() ? mapped->second : last_topic_);
		}
		return last_subject_;
	}

  private:
	const Config &config_;
	std::string last_topic_;
	std::string last_subject_;
};

// Everything one session keeps between messages.
struct Session
{
	const Config &config;
	AckWindow &window;
	NatsPublisher &publisher;
	Stats &stats;
	StatsReporter &reporter;
	PgReplication pg;
	SubjectMapper subjects;
	uint64_t start_position = 0;
	uint64_t reported_flush = 0;
	int64_t status_interval_ms = 0; // standby.interval.ms, or less to beat wal_sender_timeout
	int64_t last_status_ms = 0;
	uint64_t last_id_position = 0; // for the id's counter
	uint32_t last_id_xid = 0;
	uint64_t id_counter = 0;

	// The flushable position, never below where the slot already was.
	uint64_t flushable()
	{
		uint64_t flushed = window.advance();
		return flushed > start_position ? flushed : start_position;
	}

	// Sends a status update when one is due, asked for, or the flush
	// position moved (at most every 100 ms then); refreshes the stats.
	void maybe_send_status(bool reply_requested, bool force)
	{
		int64_t now = steady_ms();
		uint64_t flushed = flushable();
		stats.flushed_lsn = flushed;
		if (force || reply_requested || now - last_status_ms >= status_interval_ms ||
			(flushed != reported_flush && now - last_status_ms >= 100))
		{
			uint64_t written = stats.received_lsn > flushed ? stats.received_lsn : flushed;
			pg.send_status(written, flushed, false);
			reported_flush = flushed;
			last_status_ms = now;
		}
		report();
	}

	// Publishes the initial snapshot's read events (ids
	// "<consistent point>:r:<n>") through the ack window and waits until
	// JetStream has acked them all.  A stop request ends it unfinished.
	void publish_snapshot(const std::string &snapshot_name, const volatile std::sig_atomic_t &stop)
	{
		SnapshotSource source{config.pg, snapshot_name, start_position, config.plugin_options};
		uint64_t index = 0;
		auto stopped = [] {
			return BridgeError("stopped during the initial snapshot; the next start takes it again",
							   kExitOk, false);
		};

		fprintf(stderr, "cdc_stream: initial snapshot at %s\n", lsn_text(start_position).c_str());
		uint64_t records = read_snapshot(source, [&](std::string_view text) {
			if (stop)
				throw stopped();
			/* the bookkeeping, as while streaming: every 64 records */
			if ((index & 63) == 0)
			{
				throw_if_failed(window, config.ack_timeout_ms);
				report();
			}
			while (window.pending() >= config.window)
			{
				throw_if_failed(window, config.ack_timeout_ms);
				wait_for_room();
				if (stop)
					throw stopped();
			}
			Record record = parse_record(text);
			publish_record(start_position, record,
						   std::to_string(start_position) + ":r:" + std::to_string(index++));
		});
		while (window.pending() > 0)
		{
			throw_if_failed(window, config.ack_timeout_ms);
			window.wait_below(1, 100);
			report();
			if (stop)
				throw stopped();
		}
		throw_if_failed(window, config.ack_timeout_ms);
		fprintf(stderr, "cdc_stream: initial snapshot done: %llu records\n",
				static_cast<unsigned long long>(records));
	}

	// Refreshes the stats and writes the status line and metrics when due.
	void report()
	{
		stats.pending = window.pending();
		stats.acks = window.counts();
		reporter.tick(stats,
					  std::chrono::duration_cast<std::chrono::milliseconds>(
						  std::chrono::system_clock::now().time_since_epoch())
						  .count(),
					  false);
	}

	// Publishes 'record', written at 'position', with the dedup id 'id';
	// returns the number of acks now pending.
	int64_t publish_record(uint64_t position, const Record &record, const std::string &id)
	{
		AckWindow::Pushed pushed = window.push(position, true, record.ts_ms, steady_ms());
		publisher.publish(subjects.subject(record.topic), record.value, record.key, id, pushed.seq);
		stats.events++;
		stats.bytes += record.value.size();
		return pushed.pending;
	}

	// Waits, at most 100 ms, until the full window has room for a batch
	// again: resuming at the first free place would cost a wake-up per ack.
	void wait_for_room()
	{
		window.wait_below(config.window - config.window / 4, 100);
	}

	// Publishes one plugin message written at 'position'; returns the
	// number of acks now pending.
	int64_t handle_data(uint64_t position, const char *data, size_t size)
	{
		if (position == 0)
			throw BridgeError("XLogData without a write position (the plugin must write with "
							  "last_write = true)",
							  kExitError, false);
		Record record = parse_record(std::string_view(data, size));
		if (record.tombstone)
		{
			/* Debezium Server publishes no tombstones either */
			stats.tombstones++;
			return window.push(position, false, 0).pending;
		}
		if (position == last_id_position && record.xid == last_id_xid)
			id_counter++;
		else
		{
			id_counter = 0;
			last_id_position = position;
			last_id_xid = record.xid;
		}
		return publish_record(position, record,
							  std::to_string(position) + ":" + std::to_string(record.xid) + ":" +
								  std::to_string(id_counter));
	}

	// Streams until 'stop'; then drains acks and reports the last position.
	void run(const volatile std::sig_atomic_t &stop)
	{
		int64_t pending = 0;
		int since_status = 0;

		while (!stop)
		{
			/* the bookkeeping is cheap but not free: every 64 messages, or when idle */
			if (since_status == 0)
			{
				throw_if_failed(window, config.ack_timeout_ms);
				maybe_send_status(false, false);
				pending = window.pending();
			}
			since_status = (since_status + 1) % 64;
			if (pending >= config.window)
			{
				wait_for_room();
				since_status = 0;
				continue;
			}
			ReplicationMessage message = pg.receive(100);
			switch (message.kind)
			{
				case ReplicationMessage::Kind::None:
					since_status = 0;
					break;
				case ReplicationMessage::Kind::Data:
					if (message.position > stats.received_lsn)
						stats.received_lsn = message.position;
					pending = handle_data(message.position, message.data, message.size);
					break;
				case ReplicationMessage::Kind::Keepalive:
					if (message.position > stats.received_lsn)
						stats.received_lsn = message.position;
					/* everything sent before the keepalive is below its position */
					window.push(message.position, false, 0);
					if (message.reply_requested)
						maybe_send_status(true, false);
					since_status = 0;
					break;
				case ReplicationMessage::Kind::End:
					throw BridgeError("PostgreSQL ended the replication stream", kExitError, true);
			}
		}
		/* stopping: wait for the acks in flight (each times out by itself) */
		int64_t deadline = steady_ms() + config.ack_timeout_ms + 2000;
		while (window.pending() > 0 && window.failure(nullptr) == AckWindow::Failure::None &&
			   steady_ms() < deadline)
		{
			window.wait_below(1, 100);
			maybe_send_status(false, false);
		}
		maybe_send_status(false, true);
		fprintf(stderr, "cdc_stream: stopped; flushed position %s reported to PostgreSQL\n",
				lsn_text(reported_flush).c_str());
		pg.finish();
	}
};

// Makes sure the slot exists, as ensure_slot does.  With snapshot.mode=
// initial, a slot whose snapshot was cut short is dropped first, and a slot
// created now exports its snapshot, recorded as pending until published:
// returns its name (empty when there is no snapshot to take).
std::string
prepare_slot(const Config &config, PgReplication &pg)
{
	if (!config.snapshot_initial)
		return pg.ensure_slot(config.slot, config.create_slot, false);

	bool exists = pg.slot_exists(config.slot);
	if (exists && snapshot_marker_pending(config.snapshot_state_file, config.slot))
	{
		fprintf(stderr,
				"cdc_stream: the initial snapshot of slot %s was cut short; dropping the slot to "
				"take it again\n",
				config.slot.c_str());
		pg.drop_slot(config.slot);
		exists = false;
	}
	if (exists)
		return pg.ensure_slot(config.slot, config.create_slot, false);
	snapshot_marker_write(config.snapshot_state_file, config.slot, true);
	std::string snapshot_name = pg.ensure_slot(config.slot, config.create_slot, true);
	/* someone else made the slot in the meantime: nothing to take */
	if (snapshot_name.empty())
		snapshot_marker_write(config.snapshot_state_file, config.slot, false);
	return snapshot_name;
}

} // namespace

void
run_session(const Config &config, AckWindow &window, NatsPublisher &publisher, Stats &stats,
			StatsReporter &reporter, const volatile std::sig_atomic_t &stop)
{
	Session session{
		config, window, publisher, stats, reporter, PgReplication(), SubjectMapper(config)};

	window.reset();
	session.pg.connect(config.pg);
	/*
	 * While the window is full no keepalive is read, so status updates must
	 * come on their own well within the server's wal_sender_timeout.  (Asked
	 * first: an exported snapshot ends with the connection's next command.)
	 */
	int64_t sender_timeout_ms = session.pg.sender_timeout_ms();
	std::string snapshot_name = prepare_slot(config, session.pg);
	session.start_position = session.pg.start_position();
	session.reported_flush = session.start_position;
	if (!snapshot_name.empty())
	{
		try
		{
			session.publish_snapshot(snapshot_name, stop);
		}
		catch (const RecordError &e)
		{
			throw BridgeError(std::string("initial snapshot: ") + e.what(), kExitError, false);
		}
		snapshot_marker_write(config.snapshot_state_file, config.slot, false);
	}
	session.status_interval_ms = config.standby_interval_ms;
	if (sender_timeout_ms > 0 && sender_timeout_ms / 3 < session.status_interval_ms)
		session.status_interval_ms = sender_timeout_ms / 3 > 50 ? sender_timeout_ms / 3 : 50;
	session.pg.start(config.slot, config.plugin_options);
	stats.sessions++;
	fprintf(stderr, "cdc_stream: streaming slot %s from %s\n", config.slot.c_str(),
			lsn_text(session.start_position).c_str());
	try
	{
		session.run(stop);
	}
	catch (const BridgeError &)
	{
		/* keep what was acked: report it before the connection goes */
		try
		{
			session.maybe_send_status(false, true);
		}
		catch (const BridgeError &)
		{
		}
		throw;
	}
	catch (const RecordError &e)
	{
		throw BridgeError(e.what(), kExitError, false);
	}
}
