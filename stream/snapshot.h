// stream/snapshot.h
//	Reads an initial snapshot: in an ordinary connection that imports the
//	slot's exported snapshot, every table cdc_plugin captures with the given
//	options, row by row through the plugin's SQL functions
//	(cdc_snapshot_tables, cdc_snapshot_rows), as Debezium read events
//	(op "r") in record mode.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// What the snapshot reads and how.
struct SnapshotSource
{
	std::string conninfo;	   // the database (an ordinary connection is opened)
	std::string snapshot_name; // exported by CREATE_REPLICATION_SLOT
	uint64_t lsn = 0;		   // the slot's consistent point: the events' source.lsn
	std::vector<std::pair<std::string, std::string>> plugin_options; // as for the slot
};

// Calls 'on_record' with each record's text (valid during the call), table
// after table; returns how many records there were.  Throws BridgeError.
uint64_t read_snapshot(const SnapshotSource &source,
					   const std::function<void(std::string_view)> &on_record);
