// tests/unit_stream/test_record.cpp
//	cdc_stream's record scanner: topic, raw key and value, xid and commit
//	time from events, transaction records, messages and tombstones.
#include <catch2/catch.hpp>

#include "record.h"

TEST_CASE("an event gives topic, raw key and value, txId and source.ts_ms")
{
	std::string text =
		R"({"topic":"cdc.public.items","key":{"id":1},"value":{"before":null,"after":{"id":1,)"
		R"("source":"x \"q\" {"},"source":{"version":"3.6.1.Final","ts_ms":1700000000123,)"
		R"("sequence":"[\"1\",\"2\"]","txId":745,"lsn":22256720},"transaction":null,"op":"c",)"
		R"("ts_ms":1700000000999}})";
	Record record = parse_record(text);
	CHECK(record.topic == "cdc.public.items");
	CHECK(record.key == R"({"id":1})");
	CHECK(record.value.substr(0, 14) == R"({"before":null)");
	CHECK(record.value.back() == '}');
	CHECK_FALSE(record.tombstone);
	CHECK(record.xid == 745);
	CHECK(record.ts_ms == 1700000000123);
}

TEST_CASE("with schemas.enable the xid is read inside the payload")
{
	Record record = parse_record(
		R"({"topic":"t","key":{"schema":{"type":"struct"},"payload":{"id":1}},"value":{"schema":)"
		R"({"type":"struct","fields":[{"field":"source"}]},"payload":{"before":null,"source":)"
		R"({"ts_ms":9,"txId":42},"op":"c","ts_ms":10}}})");
	CHECK(record.xid == 42);
	CHECK(record.ts_ms == 9);
}

TEST_CASE("a tombstone has a null value and no xid")
{
	Record record = parse_record(R"({"topic":"t","key":{"id":2},"value":null})");
	CHECK(record.tombstone);
	CHECK(record.value == "null");
	CHECK(record.xid == 0);
}

TEST_CASE("a transaction record takes its xid from its id")
{
	Record record = parse_record(
		R"({"topic":"cdc.transaction","key":{"id":"771:2345"},"value":{"status":"END",)"
		R"("id":"771:2345","event_count":2,"data_collections":[],"ts_ms":1700000000001}})");
	CHECK(record.xid == 771);
	CHECK(record.ts_ms == 1700000000001);
}

TEST_CASE("a non-transactional message has no xid")
{
	Record record = parse_record(
		R"({"topic":"cdc.message","key":{"prefix":"p"},"value":{"op":"m","ts_ms":5,)"
		R"("source":{"ts_ms":7,"txId":null},"message":{"prefix":"p","content":"eA=="}}})");
	CHECK(record.xid == 0);
	CHECK(record.ts_ms == 7);
}

TEST_CASE("malformed or incomplete records are refused")
{
	CHECK_THROWS_AS(parse_record(R"({"before":null,"after":{"id":1}})"), RecordError);
	CHECK_THROWS_AS(parse_record(R"({"topic":"t","key":null,"value":{"a":1})"), RecordError);
	CHECK_THROWS_AS(parse_record(R"({"topic":"t","key":null,"value":"text"})"), RecordError);
	CHECK_THROWS_AS(parse_record(R"({"topic":"t","key":null,"value":null} x)"), RecordError);
	CHECK_THROWS_AS(parse_record(R"({"topic":"","key":null,"value":null})"), RecordError);
}

TEST_CASE("strings with escaped quotes, backslashes and brackets are skipped whole")
{
	/* after: a string ending in an escaped backslash, one with an escaped
	 * quote before a bracket, and brackets inside strings of an array */
	std::string text =
		R"({"topic":"t","key":{"k":"a\\"},"value":{"before":null,"after":{"a":"x\\",)"
		R"("b":"y\"}\\\"]{","c":["[","}",{"d":"\\\\"}]},"source":{"ts_ms":5,"txId":77},)"
		R"("op":"c"}})";
	Record record = parse_record(text);
	CHECK(record.key == R"({"k":"a\\"})");
	CHECK(record.xid == 77);
	CHECK(record.ts_ms == 5);
	CHECK(record.value.back() == '}');

	CHECK_THROWS_AS(parse_record(R"({"topic":"t","key":{"k":"a\"},"value":null})"), RecordError);
	CHECK_THROWS_AS(parse_record(R"({"topic":"t","key":{"k":["a"},"value":null})"), RecordError);
}
