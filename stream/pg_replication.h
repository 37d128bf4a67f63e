// stream/pg_replication.h
//	The PostgreSQL side of cdc_stream: a libpq replication connection
//	(replication=database), the slot (created with cdc_plugin or checked),
//	START_REPLICATION, and the CopyBoth messages both ways (XLogData and
//	keepalives in, standby status updates out).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "errors.h"

struct pg_conn;

// One message from the server.
struct ReplicationMessage
{
	enum class Kind
	{
		None,	   // nothing yet (wait and ask again)
		Data,	   // XLogData: 'data' holds the plugin's message
		Keepalive, // primary keepalive
		End,	   // the server ended the stream
	};
	Kind kind = Kind::None;
	uint64_t position = 0; // XLogData's start (the write location) or the keepalive's end of WAL
	bool reply_requested = false;
	const char *data = nullptr; // valid until the next receive()
	size_t size = 0;
};

class PgReplication
{
  public:
	PgReplication() = default;
	PgReplication(const PgReplication &) = delete;
	PgReplication &operator=(const PgReplication &) = delete;
	~PgReplication();

	// Connects; throws BridgeError (exit 5 for refused credentials).
	void connect(const std::string &conninfo);

	// Makes sure 'slot' is a logical slot of cdc_plugin in this database,
	// creating it when missing and allowed (with an exported snapshot when
	// 'export_snapshot': it stays usable until the next command on this
	// connection); throws BridgeError (exit 3 when it belongs to another
	// plugin or database).  Returns the exported snapshot's name when it
	// created the slot with one, else an empty string.
	std::string ensure_slot(const std::string &slot, bool create, bool export_snapshot);

	// Whether 'slot' exists (of any plugin or database).
	bool slot_exists(const std::string &slot);

	// Drops 'slot' if it exists, waiting for a session that still holds it.
	void drop_slot(const std::string &slot);

	// The server's wal_sender_timeout in milliseconds (0: none).
	int64_t sender_timeout_ms();

	// START_REPLICATION from the slot's confirmed position with the options.
	void start(const std::string &slot,
			   const std::vector<std::pair<std::string, std::string>> &options);

	// The next message, waiting at most 'timeout_ms' for one.
	ReplicationMessage receive(int timeout_ms);

	// Sends a standby status update (write, flush and apply positions).
	void send_status(uint64_t written, uint64_t flushed, bool reply_requested);

	// Ends the stream politely (CopyDone, drain) and closes the connection.
	void finish();

	// The slot's confirmed_flush_lsn as the server has it, or where a new
	// slot starts (its consistent point).
	uint64_t start_position() const
	{
		return start_position_;
	}

  private:
	// Runs a command that returns rows or nothing; throws on error.
	struct pg_result *exec(const std::string &sql, int expected_status);

	pg_conn *conn_ = nullptr;
	char *buffer_ = nullptr; // PQgetCopyData's last buffer
	uint64_t start_position_ = 0;
};

// "X/Y" text of an LSN.
std::string lsn_text(uint64_t lsn);

// A libpq connection's last error on one line (for logs and exceptions).
std::string connection_error(pg_conn *conn);
