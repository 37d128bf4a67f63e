// stream/ack_window.cpp
//	Tracks pending JetStream acks in stream order and the flushable position.
#include "ack_window.h"

#include <chrono>

AckWindow::Pushed
AckWindow::push(uint64_t position, bool awaits_ack, int64_t commit_ms, int64_t sent_ms)
{
	std::lock_guard<std::mutex> lock(mutex_);

	entries_.push_back(Entry{position, !awaits_ack, commit_ms, sent_ms});
	if (awaits_ack)
		pending_++;
	return Pushed{next_seq_++, pending_};
}

void
AckWindow::complete(uint64_t seq, bool ok, bool duplicate, Failure failure,
					const std::string &error, int64_t now_ms)
{
	std::lock_guard<std::mutex> lock(mutex_);

	/* an ack of an earlier session (or a repeated one) changes nothing */
	if (seq < front_seq_ || seq >= next_seq_)
		return;
	Entry &entry = entries_[seq - front_seq_];
	if (entry.done)
		return;
	pending_--;
	if (ok)
	{
		entry.done = true;
		counts_.acked++;
		if (duplicate)
			counts_.duplicates++;
		if (entry.commit_ms > 0)
			counts_.lag_ms = now_ms - entry.commit_ms;
	}
	else
	{
		/* stays not done: the flush position never passes it */
		counts_.failed++;
		if (failure_ == Failure::None)
		{
			failure_ = failure;
			error_ = error;
		}
	}
	/* wake the waiter only when its wait is over: one wake-up per batch */
	if (pending_ < wake_below_ || failure_ != Failure::None)
		changed_.notify_all();
}

void
AckWindow::expire(int64_t now_ms, int64_t timeout_ms)
{
	std::lock_guard<std::mutex> lock(mutex_);

	if (failure_ != Failure::None)
		return;
	for (const Entry &entry : entries_)
	{
		if (entry.done)
			continue;
		if (now_ms - entry.sent_ms > timeout_ms)
		{
			failure_ = Failure::Retryable;
			error_ =
				"no JetStream ack within ack.timeout.ms (" + std::to_string(timeout_ms) + " ms)";
			changed_.notify_all();
		}
		return;
	}
}

void
AckWindow::fail(Failure failure, const std::string &error)
{
	std::lock_guard<std::mutex> lock(mutex_);

	if (failure_ == Failure::None)
	{
		failure_ = failure;
		error_ = error;
	}
	changed_.notify_all();
}

uint64_t
AckWindow::advance()
{
	std::lock_guard<std::mutex> lock(mutex_);

	while (!entries_.empty() && entries_.front().done)
	{
		if (entries_.front().position > flushed_)
			flushed_ = entries_.front().position;
		entries_.pop_front();
		front_seq_++;
	}
	return flushed_;
}

bool
AckWindow::wait_below(int64_t limit, int64_t timeout_ms)
{
	std::unique_lock<std::mutex> lock(mutex_);

	wake_below_ = limit;
	bool below = changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
		return pending_ < limit || failure_ != Failure::None;
	}) && pending_ < limit;
	wake_below_ = 0;
	return below;
}

void
AckWindow::reset()
{
	std::lock_guard<std::mutex> lock(mutex_);

	front_seq_ = next_seq_;
	entries_.clear();
	pending_ = 0;
	failure_ = Failure::None;
	error_.clear();
}

int64_t
AckWindow::pending() const
{
	std::lock_guard<std::mutex> lock(mutex_);

	return pending_;
}

AckWindow::Failure
AckWindow::failure(std::string *error) const
{
	std::lock_guard<std::mutex> lock(mutex_);

	if (error != nullptr)
		*error = error_;
	return failure_;
}

AckWindow::Counts
AckWindow::counts() const
{
	std::lock_guard<std::mutex> lock(mutex_);

	return counts_;
}
