// stream/pg_replication.cpp
//	libpq replication protocol for cdc_stream: connect, slot, start, and
//	the CopyBoth messages (see PostgreSQL's protocol-replication docs).
#include "pg_replication.h"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <cstring>

namespace
{

// Microseconds between the Unix epoch and PostgreSQL's (2000-01-01).
constexpr int64_t kPostgresEpochOffsetMicros = 946684800LL * 1000000LL;

// Now as PostgreSQL's protocol counts time: microseconds since 2000-01-01.
int64_t
pg_now()
{
	auto since_unix = std::chrono::duration_cast<std::chrono::microseconds>(
		std::chrono::system_clock::now().time_since_epoch());
	return since_unix.count() - kPostgresEpochOffsetMicros;
}

// Big-endian 64-bit integer at 'p'.
uint64_t
read_u64(const char *p)
{
	uint64_t value = 0;
	for (int i = 0; i < 8; i++)
		value = (value << 8) | static_cast<unsigned char>(p[i]);
	return value;
}

// Writes 'value' big-endian at 'p'.
void
write_u64(char *p, uint64_t value)
{
	for (int i = 7; i >= 0; i--)
	{
		p[i] = static_cast<char>(value & 0xff);
		value >>= 8;
	}
}

// Whether a failed connection's message means the credentials were refused.
bool
credentials_refused(const std::string &message)
{
	static const char *const kMarks[] = {"password authentication failed", "authentication failed",
										 "no password supplied", "no pg_hba.conf entry"};
	for (const char *mark : kMarks)
		if (message.find(mark) != std::string::npos)
			return true;
	return message.find("role \"") != std::string::npos &&
		   message.find("does not exist") != std::string::npos;
}

// A double-quoted identifier for replication commands.
std::string
quote_identifier(const std::string &name)
{
	std::string quoted = "\"";
	for (char c : name)
	{
		if (c == '"')
			quoted += '"';
		quoted += c;
	}
	return quoted + "\"";
}

// A single-quoted literal for replication commands (standard strings).
std::string
quote_literal(const std::string &value)
{
	std::string quoted = "'";
	for (char c : value)
	{
		if (c == '\'')
			quoted += '\'';
		quoted += c;
	}
	return quoted + "'";
}

} // namespace

std::string
lsn_text(uint64_t lsn)
{
	char text[32];
	snprintf(text, sizeof(text), "%X/%X", static_cast<unsigned>(lsn >> 32),
			 static_cast<unsigned>(lsn & 0xffffffffu));
	return text;
}

std::string
connection_error(pg_conn *conn)
{
	std::string message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
	while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
		message.pop_back();
	for (char &c : message)
		if (c == '\n')
			c = ' ';
	return message;
}

PgReplication::~PgReplication()
{
	if (buffer_ != nullptr)
		PQfreemem(buffer_);
	if (conn_ != nullptr)
		PQfinish(conn_);
}

void
PgReplication::connect(const std::string &conninfo)
{
	const char *keywords[] = {"dbname", "replication", "fallback_application_name", nullptr};
	const char *values[] = {conninfo.c_str(), "database", "cdc_stream", nullptr};

	conn_ = PQconnectdbParams(keywords, values, 1);
	if (PQstatus(conn_) != CONNECTION_OK)
	{
		std::string message = connection_error(conn_);
		if (credentials_refused(message))
			throw BridgeError("PostgreSQL refused the credentials: " + message, kExitCredentials,
							  false);
		throw BridgeError("cannot connect to PostgreSQL: " + message, kExitError, true);
	}
}

pg_result *
PgReplication::exec(const std::string &sql, int expected_status)
{
	PGresult *result = PQexec(conn_, sql.c_str());

	if (PQresultStatus(result) != expected_status)
	{
		std::string message = connection_error(conn_);
		const char *state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
		std::string sqlstate = state != nullptr ? state : "";
		PQclear(result);
		/* a connection problem, or the slot still held by a dying walsender */
		bool retryable = PQstatus(conn_) != CONNECTION_OK || sqlstate.empty() ||
						 sqlstate.rfind("08", 0) == 0 || sqlstate == "55006" ||
						 sqlstate.rfind("57P", 0) == 0;
		throw BridgeError("PostgreSQL: " + sql.substr(0, 200) + ": " + message, kExitError,
						  retryable);
	}
	return result;
}

std::string
PgReplication::ensure_slot(const std::string &slot, bool create, bool export_snapshot)
{
	char *literal = PQescapeLiteral(conn_, slot.c_str(), slot.size());
	std::string sql = "SELECT plugin, slot_type, database = current_database(), "
					  "coalesce(confirmed_flush_lsn, '0/0') - '0/0' "
					  "FROM pg_replication_slots WHERE slot_name = " +
					  std::string(literal);
	PQfreemem(literal);

	PGresult *result = exec(sql, PGRES_TUPLES_OK);
	if (PQntuples(result) == 1)
	{
		std::string plugin = PQgetvalue(result, 0, 0);
		std::string type = PQgetvalue(result, 0, 1);
		bool same_database = std::strcmp(PQgetvalue(result, 0, 2), "t") == 0;
		start_position_ = std::strtoull(PQgetvalue(result, 0, 3), nullptr, 10);
		PQclear(result);
		if (type != "logical" || plugin != "cdc_plugin")
			throw BridgeError("slot \"" + slot + "\" exists but belongs to plugin \"" + plugin +
								  "\" (" + type +
								  "), not cdc_plugin: drop it or choose another slot",
							  kExitSlotPlugin, false);
		if (!same_database)
			throw BridgeError("slot \"" + slot + "\" belongs to another database", kExitSlotPlugin,
							  false);
		return std::string();
	}
	PQclear(result);
	if (!create)
		throw BridgeError("slot \"" + slot + "\" does not exist (and create.slot is false)",
						  kExitError, false);
	result = exec("CREATE_REPLICATION_SLOT " + quote_identifier(slot) + " LOGICAL cdc_plugin " +
					  (export_snapshot ? "EXPORT_SNAPSHOT" : "NOEXPORT_SNAPSHOT"),
				  PGRES_TUPLES_OK);
	/* columns: slot_name, consistent_point, snapshot_name, output_plugin */
	unsigned high = 0, low = 0;
	start_position_ =
		PQnfields(result) > 1 && sscanf(PQgetvalue(result, 0, 1), "%X/%X", &high, &low) == 2
			? (static_cast<uint64_t>(high) << 32) | low
			: 0;
	std::string snapshot_name =
		export_snapshot && PQnfields(result) > 2 && !PQgetisnull(result, 0, 2)
			? PQgetvalue(result, 0, 2)
			: "";
	PQclear(result);
	return snapshot_name;
}

bool
PgReplication::slot_exists(const std::string &slot)
{
	char *literal = PQescapeLiteral(conn_, slot.c_str(), slot.size());
	std::string sql =
		"SELECT 1 FROM pg_replication_slots WHERE slot_name = " + std::string(literal);
	PQfreemem(literal);

	PGresult *result = exec(sql, PGRES_TUPLES_OK);
	bool exists = PQntuples(result) == 1;
	PQclear(result);
	return exists;
}

void
PgReplication::drop_slot(const std::string &slot)
{
	if (slot_exists(slot))
		PQclear(
			exec("DROP_REPLICATION_SLOT " + quote_identifier(slot) + " WAIT", PGRES_COMMAND_OK));
}

int64_t
PgReplication::sender_timeout_ms()
{
	PGresult *result = exec("SHOW wal_sender_timeout", PGRES_TUPLES_OK);
	char unit[8] = "";
	long long number = 0;
	int fields = sscanf(PQgetvalue(result, 0, 0), "%lld%7s", &number, unit);
	PQclear(result);
	if (fields < 1)
		return 0;
	std::string text = unit;
	int64_t scale = text == "ms"	? 1
					: text == "min" ? 60000
					: text == "h"	? 3600000
					: text == "d"	? 86400000
									: 1000;
	return number * scale;
}

void
PgReplication::start(const std::string &slot,
					 const std::vector<std::pair<std::string, std::string>> &options)
{
	std::string sql = "START_REPLICATION SLOT " + quote_identifier(slot) +
					  " LOGICAL 0/0 (\"record.mode\" 'record'";
	for (const auto &option : options)
	{
		if (option.first == "record.mode")
			continue;
		sql += ", " + quote_identifier(option.first) + " " + quote_literal(option.second);
	}
	sql += ")";
	PGresult *result = exec(sql, PGRES_COPY_BOTH);
	PQclear(result);
}

ReplicationMessage
PgReplication::receive(int timeout_ms)
{
	ReplicationMessage message;

	if (buffer_ != nullptr)
	{
		PQfreemem(buffer_);
		buffer_ = nullptr;
	}
	for (int attempt = 0; attempt < 2; attempt++)
	{
		int length = PQgetCopyData(conn_, &buffer_, 1);
		if (length > 0)
		{
			if (buffer_[0] == 'w' && length >= 25)
			{
				message.kind = ReplicationMessage::Kind::Data;
				message.position = read_u64(buffer_ + 1);
				message.data = buffer_ + 25;
				message.size = static_cast<size_t>(length - 25);
			}
			else if (buffer_[0] == 'k' && length >= 18)
			{
				message.kind = ReplicationMessage::Kind::Keepalive;
				message.position = read_u64(buffer_ + 1);
				message.reply_requested = buffer_[17] != 0;
			}
			else
				throw BridgeError("unexpected replication message type '" +
									  std::string(1, buffer_[0]) + "'",
								  kExitError, true);
			return message;
		}
		if (length == -1)
		{
			PGresult *result = PQgetResult(conn_);
			bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
			std::string error = connection_error(conn_);
			PQclear(result);
			if (!ok)
				throw BridgeError("PostgreSQL ended the stream: " + error, kExitError, true);
			message.kind = ReplicationMessage::Kind::End;
			return message;
		}
		if (length == -2)
			throw BridgeError("PostgreSQL stream failed: " + connection_error(conn_), kExitError,
							  true);
		if (attempt == 1 || timeout_ms <= 0)
			break;
		/* nothing buffered: wait for the socket, then read once more */
		struct pollfd fd = {PQsocket(conn_), POLLIN, 0};
		if (poll(&fd, 1, timeout_ms) <= 0)
			break;
		if (PQconsumeInput(conn_) == 0)
			throw BridgeError("PostgreSQL connection lost: " + connection_error(conn_), kExitError,
							  true);
	}
	return message;
}

void
PgReplication::send_status(uint64_t written, uint64_t flushed, bool reply_requested)
{
	char packet[34];

	packet[0] = 'r';
	write_u64(packet + 1, written);
	write_u64(packet + 9, flushed);
	write_u64(packet + 17, flushed);
	write_u64(packet + 25, static_cast<uint64_t>(pg_now()));
	packet[33] = reply_requested ? 1 : 0;
	if (PQputCopyData(conn_, packet, sizeof(packet)) != 1 || PQflush(conn_) != 0)
		throw BridgeError("cannot send status to PostgreSQL: " + connection_error(conn_),
						  kExitError, true);
}

void
PgReplication::finish()
{
	if (conn_ == nullptr)
		return;
	if (PQputCopyEnd(conn_, nullptr) == 1 && PQflush(conn_) == 0)
	{
		/* drain what the server still sends until it acknowledges the end */
		auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
		while (std::chrono::steady_clock::now() < deadline)
		{
			if (buffer_ != nullptr)
			{
				PQfreemem(buffer_);
				buffer_ = nullptr;
			}
			int length = PQgetCopyData(conn_, &buffer_, 1);
			if (length == 0)
			{
				struct pollfd fd = {PQsocket(conn_), POLLIN, 0};
				if (poll(&fd, 1, 200) > 0 && PQconsumeInput(conn_) == 0)
					break;
				continue;
			}
			if (length == -1)
			{
				PGresult *result;
				while ((result = PQgetResult(conn_)) != nullptr)
					PQclear(result);
			}
			if (length < 0)
				break;
		}
	}
	if (buffer_ != nullptr)
	{
		PQfreemem(buffer_);
		buffer_ = nullptr;
	}
	PQfinish(conn_);
	conn_ = nullptr;
}
