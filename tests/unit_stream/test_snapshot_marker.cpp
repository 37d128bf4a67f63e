// tests/unit_stream/test_snapshot_marker.cpp
//	The snapshot-in-progress record: pending only for its own slot, replaced
//	whole, and no file means nothing pending.
#include <catch2/catch.hpp>

#include <cstdio>
#include <unistd.h>

#include "errors.h"
#include "snapshot_marker.h"

TEST_CASE("the snapshot marker says pending for its slot until done")
{
	std::string path = "/tmp/cdc_stream_test_marker." + std::to_string(getpid());

	std::remove(path.c_str());
	CHECK_FALSE(snapshot_marker_pending(path, "s1"));
	snapshot_marker_write(path, "s1", true);
	CHECK(snapshot_marker_pending(path, "s1"));
	CHECK_FALSE(snapshot_marker_pending(path, "s2"));
	snapshot_marker_write(path, "s1", false);
	CHECK_FALSE(snapshot_marker_pending(path, "s1"));
	CHECK(access((path + ".tmp").c_str(), F_OK) != 0);
	std::remove(path.c_str());
	CHECK_THROWS_AS(snapshot_marker_write("/nonexistent-dir/marker", "s1", true), BridgeError);
}
