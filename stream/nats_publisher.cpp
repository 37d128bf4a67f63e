// stream/nats_publisher.cpp
//	NATS connection, JetStream context and asynchronous publishes for
//	cdc_stream (NATS C client, Debian libnats-dev).
#include "nats_publisher.h"

#include <chrono>
#include <cstdio>

namespace
{

// Milliseconds on the wall clock (compared with events' commit times).
int64_t
now_ms()
{
	return std::chrono::duration_cast<std::chrono::milliseconds>(
			   std::chrono::system_clock::now().time_since_epoch())
		.count();
}

// A lost connection ends the session at once: what was in flight may be
// lost, and nothing published after it may be stored before it is resent.
void
on_disconnected(natsConnection *conn, void *closure)
{
	if (natsConnection_IsClosed(conn))
		return;
	fprintf(stderr, "cdc_stream: NATS connection lost, reconnecting\n");
	static_cast<AckWindow *>(closure)->fail(AckWindow::Failure::Retryable, "NATS connection lost");
}

// Logs a completed reconnection.
void
on_reconnected(natsConnection *, void *)
{
	fprintf(stderr, "cdc_stream: NATS connection restored\n");
}

// Throws BridgeError for a failed NATS call, with the client's own text.
void
check(natsStatus status, const char *what)
{
	if (status == NATS_OK)
		return;
	std::string message = std::string(what) + ": " + natsStatus_GetText(status);
	const char *detail = nats_GetLastError(nullptr);
	if (detail != nullptr && *detail != '\0')
		message += " (" + std::string(detail) + ")";
	if (status == NATS_CONNECTION_AUTH_FAILED || status == NATS_NOT_PERMITTED)
		throw BridgeError("NATS refused the credentials: " + message, kExitCredentials, false);
	throw BridgeError(message, kExitError, true);
}

} // namespace

NatsPublisher::~NatsPublisher()
{
	if (js_ != nullptr)
		jsCtx_Destroy(js_);
	if (conn_ != nullptr)
	{
		natsConnection_Close(conn_);
		natsConnection_Destroy(conn_);
	}
}

void
NatsPublisher::connect(const Config &config)
{
	natsOptions *options = nullptr;
	jsOptions js_options;
	natsStatus status;

	ack_timeout_ms_ = config.ack_timeout_ms;
	check(natsOptions_Create(&options), "NATS options");
	status = natsOptions_SetURL(options, config.nats_url.c_str());
	if (status == NATS_OK && !config.nats_user.empty())
		status = natsOptions_SetUserInfo(options, config.nats_user.c_str(),
										 config.nats_password.c_str());
	if (status == NATS_OK && !config.nats_token.empty())
		status = natsOptions_SetToken(options, config.nats_token.c_str());
	if (status == NATS_OK)
		status = natsOptions_SetMaxReconnect(options, -1);
	if (status == NATS_OK)
		status = natsOptions_SetReconnectWait(options, config.reconnect_min_ms);
	/*
	 * No buffering while reconnecting (the client's minimum, one byte):
	 * a publish then fails instead of being stored after messages that
	 * were lost with the connection, which would break per-subject order.
	 */
	if (status == NATS_OK)
		status = natsOptions_SetReconnectBufSize(options, 1);
	if (status == NATS_OK)
		status = natsOptions_SetTimeout(options, 5000);
	if (status == NATS_OK)
		status = natsOptions_SetDisconnectedCB(options, on_disconnected, &window_);
	if (status == NATS_OK)
		status = natsOptions_SetReconnectedCB(options, on_reconnected, nullptr);
	if (status == NATS_OK)
		status = natsConnection_Connect(&conn_, options);
	natsOptions_Destroy(options);
	check(status, ("cannot connect to NATS at " + config.nats_url).c_str());

	jsOptions_Init(&js_options);
	js_options.PublishAsync.AckHandler = on_ack;
	js_options.PublishAsync.AckHandlerClosure = this;
	check(natsConnection_JetStream(&js_, conn_, &js_options), "JetStream context");

	if (!config.nats_stream.empty())
	{
		jsStreamInfo *info = nullptr;
		jsErrCode code = static_cast<jsErrCode>(0);
		status = js_GetStreamInfo(&info, js_, config.nats_stream.c_str(), nullptr, &code);
		if (info != nullptr)
			jsStreamInfo_Destroy(info);
		if (status == NATS_NOT_FOUND)
			throw BridgeError("JetStream stream \"" + config.nats_stream + "\" does not exist",
							  kExitStreamMissing, false);
		if (status == NATS_NO_RESPONDERS)
			throw BridgeError("JetStream is not enabled on " + config.nats_url, kExitStreamMissing,
							  false);
		check(status, ("JetStream stream \"" + config.nats_stream + "\"").c_str());
	}
}

void
NatsPublisher::publish(const std::string &subject, std::string_view body, std::string_view key,
					   const std::string &id, uint64_t seq)
{
	natsMsg *msg = nullptr;
	jsPubOptions options;
	std::string key_text(key);

	check(
		natsMsg_Create(&msg, subject.c_str(), nullptr, body.data(), static_cast<int>(body.size())),
		"NATS message");
	natsStatus status = natsMsgHeader_Set(msg, "Cdc-Key", key_text.c_str());
	if (status != NATS_OK)
	{
		natsMsg_Destroy(msg);
		check(status, "NATS message header");
	}
	jsPubOptions_Init(&options);
	options.MsgId = id.c_str();
	options.MaxWait = ack_timeout_ms_;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		in_flight_[msg] = seq;
	}
	natsMsg *sent = msg;
	status = js_PublishMsgAsync(js_, &msg, &options);
	if (status != NATS_OK)
	{
		{
			std::lock_guard<std::mutex> lock(mutex_);
			in_flight_.erase(sent);
		}
		if (msg != nullptr)
			natsMsg_Destroy(msg);
		check(status, ("publish on " + subject).c_str());
	}
}

void
NatsPublisher::on_ack(jsCtx *, natsMsg *msg, jsPubAck *ack, jsPubAckErr *error,
					  void *closure) noexcept
{
	NatsPublisher *self = static_cast<NatsPublisher *>(closure);
	bool known = false;
	uint64_t seq = 0;
	{
		std::lock_guard<std::mutex> lock(self->mutex_);
		auto found = self->in_flight_.find(msg);
		if (found != self->in_flight_.end())
		{
			known = true;
			seq = found->second;
			self->in_flight_.erase(found);
		}
	}
	if (known && error == nullptr && ack != nullptr)
		self->window_.complete(seq, true, ack->Duplicate, AckWindow::Failure::None, "", now_ms());
	else if (known)
	{
		AckWindow::Failure failure = AckWindow::Failure::Retryable;
		std::string text = error != nullptr ? natsStatus_GetText(error->Err) : "no ack";
		if (error != nullptr && error->ErrText != nullptr)
			text += std::string(": ") + error->ErrText;
		if (error != nullptr && error->Err == NATS_NO_RESPONDERS)
			failure = AckWindow::Failure::StreamMissing;
		else if (error != nullptr && error->Err == NATS_NOT_PERMITTED)
			failure = AckWindow::Failure::Denied;
		const char *subject = natsMsg_GetSubject(msg);
		text += std::string(" (subject ") + (subject != nullptr ? subject : "?") + ")";
		self->window_.complete(seq, false, false, failure, text, now_ms());
	}
	/* the ack handler owns the message (nats.h, jsPubAckHandler) */
	natsMsg_Destroy(msg);
}
