// stream/ack_window.h
//	The bounded window of publishes awaiting their JetStream ack, in stream
//	order, and from it the position PostgreSQL may be told is flushed: the
//	largest position of the leading run of messages that are all acked.
//	Acks arrive on the NATS client's thread; everything else on the main one.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

class AckWindow
{
  public:
	// Why a publish failed, which decides whether cdc_stream retries.
	enum class Failure
	{
		None,
		Retryable,	   // timeout, lost connection, storage full: reconnect and resend
		StreamMissing, // no stream listens on the subject: exit 4
		Denied,		   // not permitted: exit 5
	};

	// What push() returns: the message's sequence number, and how many
	// acks are pending with it.
	struct Pushed
	{
		uint64_t seq;
		int64_t pending;
	};

	// Appends a message at 'position' (its WAL write location, or a
	// keepalive's end of WAL); 'awaits_ack' false means done already.
	// 'commit_ms' is the event's commit time (0 if unknown), 'sent_ms' when
	// it is published (steady clock, for expire()).
	Pushed push(uint64_t position, bool awaits_ack, int64_t commit_ms, int64_t sent_ms = 0);

	// Records the outcome of the publish 'seq'; called from any thread.
	void complete(uint64_t seq, bool ok, bool duplicate, Failure failure, const std::string &error,
				  int64_t now_ms);

	// Fails the session when the oldest publish still waiting for its ack
	// was made more than 'timeout_ms' before 'now_ms' (steady clock).
	void expire(int64_t now_ms, int64_t timeout_ms);

	// Marks the session failed without a particular message (e.g. the NATS
	// connection dropped: acks in flight may never come); any thread.
	void fail(Failure failure, const std::string &error);

	// Drops the leading acked messages and returns the flush position they
	// allow (never decreasing; 0 until something is acked).
	uint64_t advance();

	// Waits until fewer than 'limit' acks are pending, a publish failed, or
	// 'timeout_ms' passed; returns true when below the limit.
	bool wait_below(int64_t limit, int64_t timeout_ms);

	// Restarts the window for a new session, keeping the flush position,
	// counters and nothing else.
	void reset();

	int64_t pending() const;
	Failure failure(std::string *error) const;

	// Counters for status and metrics.
	struct Counts
	{
		uint64_t acked = 0;		 // acks received (duplicates included)
		uint64_t duplicates = 0; // acks saying JetStream already had the id
		uint64_t failed = 0;	 // publishes that failed
		int64_t lag_ms = 0;		 // ack time minus commit time of the last acked event
	};
	Counts counts() const;

  private:
	struct Entry
	{
		uint64_t position;
		bool done;
		int64_t commit_ms;
		int64_t sent_ms;
	};

	mutable std::mutex mutex_;
	std::condition_variable changed_;
	std::deque<Entry> entries_;
	uint64_t front_seq_ = 0; // sequence number of entries_.front()
	uint64_t next_seq_ = 0;
	uint64_t flushed_ = 0;
	int64_t pending_ = 0;
	int64_t wake_below_ = 0; // the waiter's limit (0: nobody waits)
	Failure failure_ = Failure::None;
	std::string error_;
	Counts counts_;
};
