// stream/nats_publisher.h
//	The NATS side of cdc_stream: one connection (reconnecting by itself),
//	a JetStream context, and asynchronous publishes whose acks (or
//	failures) are reported to the AckWindow from the client's thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

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
	// The JetStream ack callback (on the client's thread): finds the
	// message's sequence, tells the window, destroys the message.  An
	// exception cannot cross the C library: noexcept ends the program.
	static void on_ack(jsCtx *js, natsMsg *msg, jsPubAck *ack, jsPubAckErr *error,
					   void *closure) noexcept;

	AckWindow &window_;
	natsConnection *conn_ = nullptr;
	jsCtx *js_ = nullptr;
	int64_t ack_timeout_ms_ = 5000;
	std::mutex mutex_;
	std::unordered_map<const natsMsg *, uint64_t> in_flight_; // message -> window sequence
};
