// stream/nats_publisher.cpp
//	NATS connection, stream check, publishes and their JetStream acks for
//	cdc_stream (NATS C client, Debian libnats-dev).  Publishes are plain
//	NATS messages with a reply subject, as JetStream's asynchronous publish
//	sends them; reading the acks on our own inbox spares the client's
//	per-message bookkeeping (a pending-ack table, timers, a parsed ack
//	object), which cost more than the rest of cdc_stream together.
#include "nats_publisher.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>

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

// The text of a member's value in a small JSON object (a JetStream ack or
// error), found by its key as written, '"name":'; an empty view when it is
// missing.  Enough for the fields JetStream sends.
std::string_view
json_member(std::string_view json, std::string_view quoted_key)
{
	size_t at = json.find(quoted_key);

	if (at == std::string_view::npos)
		return std::string_view();
	size_t start = at + quoted_key.size();
	while (start < json.size() && json[start] == ' ')
		start++;
	size_t end = start;
	if (end < json.size() && json[end] == '"')
	{
		end = json.find('"', end + 1);
		return end == std::string_view::npos ? std::string_view()
											 : json.substr(start + 1, end - start - 1);
	}
	while (end < json.size() && json[end] != ',' && json[end] != '}')
		end++;
	return json.substr(start, end - start);
}

} // namespace

NatsPublisher::~NatsPublisher()
{
	if (acks_ != nullptr)
		natsSubscription_Destroy(acks_);
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
	natsInbox *inbox = nullptr;
	natsStatus status;

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
		status = natsOptions_SetErrorHandler(options, on_error, &window_);
	if (status == NATS_OK)
		status = natsConnection_Connect(&conn_, options);
	natsOptions_Destroy(options);
	check(status, ("cannot connect to NATS at " + config.nats_url).c_str());

	/* acks for a whole window may wait in the inbox: no limit there */
	check(natsInbox_Create(&inbox), "NATS inbox");
	reply_ = std::string(inbox) + ".";
	natsInbox_Destroy(inbox);
	reply_prefix_ = reply_.size();
	/* the main loop checks the window's limit every 64 messages */
	recent_subjects_.assign(static_cast<size_t>(config.window) + 1024, std::string());
	check(natsConnection_Subscribe(&acks_, conn_, (reply_ + "*").c_str(), on_reply, this),
		  "NATS ack inbox");
	check(natsSubscription_SetPendingLimits(acks_, -1, -1), "NATS ack inbox limits");

	if (!config.nats_stream.empty())
	{
		jsCtx *js = nullptr;
		jsStreamInfo *info = nullptr;
		jsErrCode code = static_cast<jsErrCode>(0);

		check(natsConnection_JetStream(&js, conn_, nullptr), "JetStream context");
		status = js_GetStreamInfo(&info, js, config.nats_stream.c_str(), nullptr, &code);
		if (info != nullptr)
			jsStreamInfo_Destroy(info);
		jsCtx_Destroy(js);
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
	char digits[24];
	size_t ndigits =
		static_cast<size_t>(std::to_chars(digits, digits + sizeof(digits), seq).ptr - digits);

	reply_.resize(reply_prefix_);
	reply_.append(digits, ndigits);
	recent_subjects_[seq % recent_subjects_.size()] = subject;
	key_.assign(key);
	check(natsMsg_Create(&msg, subject.c_str(), reply_.c_str(), body.data(),
						 static_cast<int>(body.size())),
		  "NATS message");
	natsStatus status = natsMsgHeader_Set(msg, "Nats-Msg-Id", id.c_str());
	if (status == NATS_OK)
		status = natsMsgHeader_Set(msg, "Cdc-Key", key_.c_str());
	if (status == NATS_OK)
		status = natsConnection_PublishMsg(conn_, msg);
	natsMsg_Destroy(msg);
	check(status, ("publish on " + subject).c_str());
}

void
NatsPublisher::on_reply(natsConnection *, natsSubscription *, natsMsg *msg, void *closure) noexcept
{
	NatsPublisher *self = static_cast<NatsPublisher *>(closure);
	const char *subject = natsMsg_GetSubject(msg);
	const char *dot = subject != nullptr ? strrchr(subject, '.') : nullptr;
	uint64_t seq = 0;

	if (dot == nullptr || std::from_chars(dot + 1, dot + strlen(dot), seq).ec != std::errc())
	{
		natsMsg_Destroy(msg);
		return;
	}
	std::string_view reply(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
	std::string_view error = json_member(reply, R"("error":)");
	if (natsMsg_IsNoResponders(msg))
		self->window_.complete(seq, false, false, AckWindow::Failure::StreamMissing,
							   self->recent_subjects_[seq % self->recent_subjects_.size()],
							   now_ms());
	else if (!error.empty() || json_member(reply, R"("seq":)").empty())
	{
		std::string text = "JetStream refused the message on " +
						   self->recent_subjects_[seq % self->recent_subjects_.size()] + ": " +
						   std::string(reply.substr(0, 300));
		AckWindow::Failure failure = json_member(reply, R"("code":)") == "403"
										 ? AckWindow::Failure::Denied
										 : AckWindow::Failure::Retryable;
		self->window_.complete(seq, false, false, failure, text, now_ms());
	}
	else
		self->window_.complete(seq, true, json_member(reply, R"("duplicate":)") == "true",
							   AckWindow::Failure::None, "", now_ms());
	natsMsg_Destroy(msg);
}

void
NatsPublisher::on_error(natsConnection *conn, natsSubscription *, natsStatus status,
						void *closure) noexcept
{
	const char *text = nullptr;

	natsConnection_GetLastError(conn, &text);
	std::string message = std::string(natsStatus_GetText(status)) +
						  (text != nullptr && *text != '\0' ? std::string(": ") + text : "");
	if (status == NATS_NOT_PERMITTED)
		static_cast<AckWindow *>(closure)->fail(AckWindow::Failure::Denied, message);
	else if (status == NATS_SLOW_CONSUMER)
		static_cast<AckWindow *>(closure)->fail(AckWindow::Failure::Retryable,
												"acks lost: " + message);
}
