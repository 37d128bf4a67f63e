// stream/snapshot_marker.cpp
//	Reads and durably writes the snapshot-in-progress record (one line:
//	"pending <slot>" or "done <slot>").
#include "snapshot_marker.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "errors.h"

namespace
{

// The error for a failed file operation on 'path'.
BridgeError
file_error(const std::string &what, const std::string &path)
{
	return BridgeError(what + " " + path + ": " + std::strerror(errno), kExitError, false);
}

// The directory part of 'path' ("." when it has none).
std::string
directory_of(const std::string &path)
{
	size_t slash = path.rfind('/');

	if (slash == std::string::npos)
		return ".";
	return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

bool
snapshot_marker_pending(const std::string &path, const std::string &slot)
{
	std::ifstream in(path);
	std::string state;
	std::string marked_slot;

	if (!in)
	{
		if (errno == ENOENT)
			return false;
		throw file_error("cannot read snapshot.state.file", path);
	}
	in >> state >> marked_slot;
	return state == "pending" && marked_slot == slot;
}

void
snapshot_marker_write(const std::string &path, const std::string &slot, bool pending)
{
	std::string temporary = path + ".tmp";
	std::string line = std::string(pending ? "pending " : "done ") + slot + "\n";
	int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		throw file_error("cannot write snapshot.state.file", temporary);
	bool written =
		write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && fsync(fd) == 0;
	if (close(fd) != 0 || !written)
		throw file_error("cannot write snapshot.state.file", temporary);
	if (rename(temporary.c_str(), path.c_str()) != 0)
		throw file_error("cannot replace snapshot.state.file", path);
	/* the rename itself must survive a crash */
	int directory = open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY);
	if (directory < 0 || fsync(directory) != 0)
	{
		if (directory >= 0)
			close(directory);
		throw file_error("cannot sync the directory of", path);
	}
	close(directory);
}
