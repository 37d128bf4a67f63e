// stream/record.h
//	Reads what cdc_stream needs from one cdc_plugin record-mode message,
//	{"topic":…,"key":…,"value":…}, without copying or re-encoding it: the
//	topic, the raw key and value texts, and from the value the transaction
//	id and commit time.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>

// A message that is not a record cdc_stream understands.
struct RecordError : std::runtime_error
{
	using std::runtime_error::runtime_error;
};

struct Record
{
	std::string_view topic; // the topic text (plain: cdc_plugin's topics need no escapes)
	std::string_view key;	// raw JSON text of the key ("null" when none)
	std::string_view value; // raw JSON text of the value ("null" for a tombstone)
	bool tombstone = false; // value is null
	uint32_t xid = 0;		// source.txId, or the xid of a transaction record's "id"; 0 if none
	int64_t ts_ms = 0; // source.ts_ms (commit time), or a transaction record's ts_ms; 0 if none
};

// Parses 'text' (one message, not NUL-terminated); throws RecordError.
Record parse_record(std::string_view text);
