// stream/snapshot_marker.h
//	The record that an initial snapshot is in progress: a small file naming
//	the slot whose snapshot has not been published completely yet.  A slot
//	found under that record was cut short (crash, lost connection, stop) and
//	is dropped and made again with a new snapshot, so no row is missed.
#pragma once

#include <string>

// Whether the file at 'path' records an unfinished snapshot of 'slot'
// (false when the file does not exist); throws BridgeError when it cannot
// be read.
bool snapshot_marker_pending(const std::string &path, const std::string &slot);

// Records that the snapshot of 'slot' is in progress ('pending') or done,
// durably (written aside, synced, renamed over); throws BridgeError.
void snapshot_marker_write(const std::string &path, const std::string &slot, bool pending);
