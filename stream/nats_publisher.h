// stream/nats_publisher.h
//	The NATS side of cdc_stream: one connection (reconnecting by itself),
//	a JetStream context for the stream check, and publishes whose JetStream
//	acks come back on an inbox of our own (the reply subject ends with the
//	window sequence) and are reported to the AckWindow from the client's
//	thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nats/nats.h>

#include "ack_window.h"
#include "config.h"
#include "errors.h"

class NatsPublisher
{
  public:
	explicit NatsPublisher(AckWindow &window) : window_(window)
	{
	}
	NatsPublisher(const NatsPublisher &) = delete;
	NatsPublisher &operator=(const NatsPublisher &) = delete;
	~NatsPublisher();

	// Connects and checks config.nats_stream if set; throws BridgeError
	// (exit 5 for refused credentials, 4 for a missing stream).
	void connect(const Config &config);

	// Publishes 'body' on 'subject' with the key and dedup id in headers;
	// the outcome goes to the window as sequence 'seq'.  Throws BridgeError
	// when the message cannot even be queued.
	void publish(const std::string &subject, std::string_view body, std::string_view key,
				 const std::string &id, uint64_t seq);

  private:
	// A reply on the ack inbox (on the client's thread): JetStream's ack or
	// error for the publish whose sequence ends the subject, or "no
	// responders" when no stream takes the subject.  An exception cannot
	// cross the C library: noexcept ends the program.
	static void on_reply(natsConnection *conn, natsSubscription *sub, natsMsg *msg,
						 void *closure) noexcept;

	// The client's asynchronous errors: a refused publish fails the window.
	static void on_error(natsConnection *conn, natsSubscription *sub, natsStatus status,
						 void *closure) noexcept;

	AckWindow &window_;
	natsConnection *conn_ = nullptr;
	natsSubscription *acks_ = nullptr;
	std::string reply_;		  // "<inbox>." and, while publishing, the sequence
	size_t reply_prefix_ = 0; // length of "<inbox>."
	std::string key_;		  // the key header's text, NUL-terminated

	/*
	 * The subjects of recent publishes by sequence (modulo the size, more
	 * than a window holds), for the error when no stream takes one.  A slot
	 * is rewritten only after its publish was answered.
	 */
	std::vector<std::string> recent_subjects_;
};
