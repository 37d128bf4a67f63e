// tests/unit_stream/test_ack_window.cpp
//	cdc_stream's ack window: the flushed position passes only messages that
//	are acked together with everything before them.
#include <catch2/catch.hpp>

#include "ack_window.h"

TEST_CASE("the flush position follows the leading acked run")
{
	AckWindow window;
	uint64_t a = window.push(100, true, 0).seq;
	uint64_t b = window.push(200, true, 0).seq;
	window.push(250, false, 0); // a keepalive
	AckWindow::Pushed pushed = window.push(300, true, 0);
	uint64_t c = pushed.seq;
	CHECK(pushed.pending == 3);
	CHECK(window.pending() == 3);
	CHECK(window.advance() == 0);
	window.complete(b, true, false, AckWindow::Failure::None, "", 0);
	CHECK(window.advance() == 0); // a still pending
	window.complete(a, true, false, AckWindow::Failure::None, "", 0);
	CHECK(window.advance() == 250);
	window.complete(c, true, true, AckWindow::Failure::None, "", 0);
	CHECK(window.advance() == 300);
	CHECK(window.pending() == 0);
	CHECK(window.counts().acked == 3);
	CHECK(window.counts().duplicates == 1);
}

TEST_CASE("a failed publish holds the flush position and is reported")
{
	AckWindow window;
	uint64_t a = window.push(100, true, 0).seq;
	uint64_t b = window.push(200, true, 0).seq;
	window.complete(a, false, false, AckWindow::Failure::StreamMissing, "no stream", 0);
	window.complete(b, true, false, AckWindow::Failure::None, "", 0);
	CHECK(window.advance() == 0);
	std::string error;
	CHECK(window.failure(&error) == AckWindow::Failure::StreamMissing);
	CHECK(error == "no stream");
	CHECK(window.counts().failed == 1);
}

TEST_CASE("a failed session keeps its first reason")
{
	AckWindow window;
	window.fail(AckWindow::Failure::Retryable, "NATS connection lost");
	window.fail(AckWindow::Failure::StreamMissing, "later");
	std::string error;
	CHECK(window.failure(&error) == AckWindow::Failure::Retryable);
	CHECK(error == "NATS connection lost");
	CHECK_FALSE(window.wait_below(0, 10));
	window.reset();
	CHECK(window.failure(nullptr) == AckWindow::Failure::None);
}

TEST_CASE("a reset forgets the window but not the position, and old acks change nothing")
{
	AckWindow window;
	uint64_t a = window.push(100, true, 0).seq;
	window.complete(a, true, false, AckWindow::Failure::None, "", 0);
	uint64_t stale = window.push(200, true, 0).seq;
	CHECK(window.advance() == 100);
	window.reset();
	CHECK(window.pending() == 0);
	uint64_t fresh = window.push(300, true, 0).seq;
	window.complete(stale, true, false, AckWindow::Failure::None, "", 0);
	CHECK(window.advance() == 100);
	window.complete(fresh, true, false, AckWindow::Failure::None, "", 0);
	CHECK(window.advance() == 300);
}

TEST_CASE("lag is ack time minus commit time, and wait_below reports the window state")
{
	AckWindow window;
	uint64_t a = window.push(100, true, 1000).seq;
	CHECK_FALSE(window.wait_below(1, 10));
	window.complete(a, true, false, AckWindow::Failure::None, "", 1250);
	CHECK(window.counts().lag_ms == 250);
	CHECK(window.wait_below(1, 10));
}

TEST_CASE("the oldest publish unacked past the timeout fails the session")
{
	AckWindow window;
	uint64_t a = window.push(100, true, 0, 1000).seq;
	window.push(200, true, 0, 3000);
	window.expire(5000, 5000);
	CHECK(window.failure(nullptr) == AckWindow::Failure::None);
	window.complete(a, true, false, AckWindow::Failure::None, "", 0);
	window.expire(7000, 5000); // a was acked; the one sent at 3000 is 4 s old
	CHECK(window.failure(nullptr) == AckWindow::Failure::None);
	window.expire(8001, 5000);
	std::string error;
	CHECK(window.failure(&error) == AckWindow::Failure::Retryable);
	CHECK(error.find("ack.timeout.ms") != std::string::npos);
	CHECK(window.advance() == 100);
}
