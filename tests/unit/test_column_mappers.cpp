/*
 * test_column_mappers.cpp
 *		The pure parts of the column mappers: digests against the FIPS/RFC
 *		vectors, Java's serialization of a String, MaskStrings' hashes
 *		(Debezium's MaskStringsTest vectors), UTF-16 truncation, and the
 *		mappers as write_column_value applies them.
 *
 * Vectors not from Debezium's tests were computed with Python's hashlib
 * over the bytes Java's ObjectOutputStream writes (AC ED 00 05, then 74 +
 * u16 length or 7C + u64 length, then modified UTF-8).
 */
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "column_mappers.h"
#include "column_values.h"
#include "json_test_buffer.h"

using namespace cdc;

namespace
{

/* Lowercase hex of a whole digest of 'input'. */
std::string
digest_hex(HashAlgorithm algorithm, const std::string &input)
{
	static const char hex[] = "0123456789abcdef";
	Digest digest(algorithm);
	uint8_t bytes[kMaxDigestLength];
	size_t len;
	std::string text;

	digest.update(input.data(), input.size());
	len = digest.finish(bytes);
	for (size_t i = 0; i < len; i++)
	{
		text += hex[bytes[i] >> 4];
		text += hex[bytes[i] & 0xF];
	}
	return text;
}

/* MaskStrings' hash of 'value' with the given salt, as a string. */
std::string
hash(HashAlgorithm algorithm, bool v2, const std::string &value, int max_chars = 0,
	 std::string_view salt = "salt")
{
	char out[2 * kMaxDigestLength];
	size_t len = mask_hash_hex(algorithm, v2, salt, value.data(), value.size(), max_chars, out);

	return std::string(out, len);
}

/* A Digest that records what it is fed instead of hashing (via SHA-256 of it). */
std::string
serialized_hex(const std::string &value)
{
	/* the serialization is checked through the digest of known bytes */
	Digest digest(HashAlgorithm::Sha256);
	uint8_t bytes[kMaxDigestLength];
	static const char hex[] = "0123456789abcdef";
	std::string text;
	size_t len;

	digest_java_serialized_string(digest, value.data(), value.size());
	len = digest.finish(bytes);
	for (size_t i = 0; i < len; i++)
	{
		text += hex[bytes[i] >> 4];
		text += hex[bytes[i] & 0xF];
	}
	return text;
}

/* Writes one value of 'column' as a member of an object, returns the JSON. */
std::string
write_member(const ColumnSpec &column, const PlainValue &value, const ValueOptions &options = {})
{
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		writer.StartObject();
		writer.Key("c", 1);
		write_column_value(writer, column, value, options);
		writer.EndObject();
	}
	return buffer.text();
}

/* A present string value. */
PlainValue
text_value(const char *text)
{
	PlainValue value{};

	value.state = PlainValue::State::Present;
	value.bytes.data = text;
	value.bytes.len = strlen(text);
	return value;
}

/* A string column spec with a mapper. */
ColumnSpec
string_column(const ColumnMapperSpec *mapper, bool optional = true)
{
	ColumnSpec column{};

	column.name = "c";
	column.kind = ValueKind::String;
	column.semantic = Semantic::None;
	column.optional = optional;
	column.precision = -1;
	column.length = -1;
	column.mapper = mapper;
	return column;
}

} /* namespace */

TEST_CASE("digests match the standard vectors", "[mappers]")
{
	CHECK(digest_hex(HashAlgorithm::Md5, "abc") == "900150983cd24fb0d6963f7d28e17f72");
	CHECK(digest_hex(HashAlgorithm::Sha1, "abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
	CHECK(digest_hex(HashAlgorithm::Sha224, "abc") ==
		  "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
	CHECK(digest_hex(HashAlgorithm::Sha256, "abc") ==
		  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK(digest_hex(HashAlgorithm::Sha384, "abc") ==
		  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca"
		  "134c825a7");
	CHECK(digest_hex(HashAlgorithm::Sha512, "abc") ==
		  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
		  "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	CHECK(digest_hex(HashAlgorithm::Sha256, std::string(1000000, 'a')) ==
		  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	CHECK(digest_hex(HashAlgorithm::Sha256, "") ==
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("hash algorithm names are Java's, in any case", "[mappers]")
{
	HashAlgorithm algorithm;

	REQUIRE(hash_algorithm_from_name("sha-256", &algorithm));
	CHECK(algorithm == HashAlgorithm::Sha256);
	REQUIRE(hash_algorithm_from_name("MD5", &algorithm));
	CHECK(algorithm == HashAlgorithm::Md5);
	CHECK_FALSE(hash_algorithm_from_name("SHA256", &algorithm));
	CHECK_FALSE(hash_algorithm_from_name("SHA3-256", &algorithm));
}

TEST_CASE("MaskStringsTest vectors (V1 and V2, SHA-256 and MD5)", "[mappers]")
{
	CHECK(hash(HashAlgorithm::Sha256, false, "hello") ==
		  "af5843a0f0e728ab0332c8888b6e1190bfb79e584f0d40538de8f10df6ef29c6");
	CHECK(hash(HashAlgorithm::Sha256, false, "world") ==
		  "4588e1f2dcdc7fefc1515d3acd5acb9033478eace68286f383c337b9ff4464a3");
	CHECK(hash(HashAlgorithm::Md5, false, "hello") == "46f48a7a5ea32efba87cbff49d46d35a");
	CHECK(hash(HashAlgorithm::Md5, false, "world") == "030f632140d9c9591b0d8c21098024b8");
	CHECK(hash(HashAlgorithm::Sha256, true, "hello") ==
		  "cd31b3b98ece60cb739c0bf770b2de892ae0ad133f645513c3d83f08757a843a");
	CHECK(hash(HashAlgorithm::Sha256, true, "world") ==
		  "e84ac3142870113ddc6710c06f76421befc8e8ca6de64e98d2993ed8d41f4085");
	CHECK(hash(HashAlgorithm::Md5, true, "hello") == "06decc8b095724f80103712c235586be");
	CHECK(hash(HashAlgorithm::Md5, true, "world") == "172c8e95398cc72ab5358ead6981e7e5");
}

TEST_CASE("V1 hashes with every algorithm", "[mappers]")
{
	CHECK(hash(HashAlgorithm::Sha1, false, "hello") == "dc3540fcd5b4eb54f2eca95c5d6ae6aa7863e345");
	CHECK(hash(HashAlgorithm::Sha224, false, "hello") ==
		  "31b18a00c598f930cac5d4c0474d9bdd154ad9d349bfac2a2d1997da");
	CHECK(hash(HashAlgorithm::Sha384, false, "hello") ==
		  "d1ac1e41a45a75e00a69a37054337d6819bc4437186e1f9c23e2aef3e2a86b76366c18313376853c32537"
		  "5087eff4d9d");
	CHECK(hash(HashAlgorithm::Sha512, false, "hello") ==
		  "61ef696691b5c1b339801eea48706d28993ca2741b4e6328ec024a3fe1c9982ef46df94797519129ee5948"
		  "7bbdbcf80e07a2006bb1d32c02f7ddb740526639f6");
	CHECK(hash(HashAlgorithm::Md5, false, "secret", 0, "pepper") ==
		  "af18bb0e861b9f33e262c8134708d95a");
}

TEST_CASE("the hash is cut to the column's length", "[mappers]")
{
	CHECK(hash(HashAlgorithm::Sha256, false, "hello", 10) == "af5843a0f0");
	CHECK(hash(HashAlgorithm::Sha256, false, "hello", 1) == "a");
	CHECK(hash(HashAlgorithm::Md5, false, "hello", 2147483647) ==
		  "46f48a7a5ea32efba87cbff49d46d35a");
}

TEST_CASE("Java serialization: modified UTF-8 and long strings", "[mappers]")
{
	/* "a😀é\0": 61, ED A0 BD ED B8 80 (surrogates), C3 A9, C0 80 */
	std::string mixed("a\xF0\x9F\x98\x80\xC3\xA9\0", 8);

	CHECK(modified_utf8_length(mixed.data(), mixed.size()) == 11);
	/* SHA-256("salt" ‖ aced0005 74 000b 61eda0bdedb880c3a9c080) */
	CHECK(hash(HashAlgorithm::Sha256, false, mixed) ==
		  "7808d5e47e82caf0624cc19a30468090f5b1ffba42bb92dcd62f8d34a66dc558");

	/* 40000 × é: 80000 bytes, past 65535: TC_LONGSTRING 7C with an 8-byte length */
	std::string long_text;

	for (int i = 0; i < 40000; i++)
		long_text += "\xC3\xA9";
	CHECK(modified_utf8_length(long_text.data(), long_text.size()) == 80000);
	CHECK(hash(HashAlgorithm::Sha256, false, long_text) ==
		  "7522f25ab3970b5e5c7fc782a8fc89d5aec7e98015756b2d731122ec88afe301");
	CHECK(hash(HashAlgorithm::Sha256, true, long_text) ==
		  "51a39b70dce259fce9f681fc615a6fc06719a2971b4fb6e264b38f064cf91aaa");
	/* without the salt: the serialization alone, "hello" */
	CHECK(serialized_hex("hello") ==
		  digest_hex(HashAlgorithm::Sha256, std::string("\xAC\xED\x00\x05\x74\x00\x05hello", 12)));
}

TEST_CASE("UTF-16 prefixes count pairs as two units", "[mappers]")
{
	const char *text = "ab\xF0\x9F\x98\x80"
					   "c\xC3\xA9";
	size_t len = strlen(text);
	uint32_t high;

	CHECK(utf16_prefix_bytes(text, len, 2, &high) == 2);
	CHECK(high == 0);
	CHECK(utf16_prefix_bytes(text, len, 3, &high) == 2);
	CHECK(high == 0xD83D);
	CHECK(utf16_prefix_bytes(text, len, 4, &high) == 6);
	CHECK(high == 0);
	CHECK(utf16_prefix_bytes(text, len, 6, &high) == 9);
	CHECK(utf16_prefix_bytes(text, len, 100, &high) == len);
}

TEST_CASE("truncate_json_string counts escapes as one unit", "[mappers]")
{
	cdc_test::JsonTestBuffer buffer;
	{
		JsonWriter writer(buffer.out);

		writer.String("a\"b\n\x01"
					  "cd",
					  7);
	}
	REQUIRE(buffer.text() == "\"a\\\"b\\n\\u0001cd\"");
	truncate_json_string(buffer.out, 0, 5);
	CHECK(buffer.text() == "\"a\\\"b\\n\\u0001\"");

	cdc_test::JsonTestBuffer pair;
	{
		JsonWriter writer(pair.out);

		writer.String("x\xF0\x9F\x98\x80y", 6);
	}
	truncate_json_string(pair.out, 0, 2);
	CHECK(pair.text() == "\"x\\uD83D\"");

	cdc_test::JsonTestBuffer whole;
	{
		JsonWriter writer(whole.out);

		writer.String("short", 5);
	}
	truncate_json_string(whole.out, 0, 5);
	CHECK(whole.text() == "\"short\"");
}

TEST_CASE("mappers as write_column_value applies them", "[mappers]")
{
	ColumnMapperSpec mask{};
	ColumnMapperSpec empty_mask{};
	ColumnMapperSpec hash_v1{};
	ColumnMapperSpec truncate{};
	ColumnMapperSpec inert{};
	PlainValue null_value{};
	PlainValue toast{};
	ValueOptions options;

	mask.mapping = ColumnMapping::MaskWithChars;
	mask.converts = true;
	mask.mask = "*****";
	empty_mask = mask;
	empty_mask.mask = "";
	hash_v1.mapping = ColumnMapping::MaskHashV1;
	hash_v1.converts = true;
	hash_v1.algorithm = HashAlgorithm::Sha256;
	hash_v1.salt = "salt";
	truncate.mapping = ColumnMapping::TruncateToChars;
	truncate.converts = true;
	truncate.length = 3;
	inert = mask;
	inert.converts = false;
	null_value.state = PlainValue::State::Null;
	toast.state = PlainValue::State::UnchangedToast;

	SECTION("masks replace values, nulls and placeholders")
	{
		CHECK(write_member(string_column(&mask), text_value("secret")) == "{\"c\":\"*****\"}");
		CHECK(write_member(string_column(&mask), null_value) == "{\"c\":\"*****\"}");
		CHECK(write_member(string_column(&mask), toast) == "{\"c\":\"*****\"}");
		CHECK(write_member(string_column(&empty_mask), text_value("secret")) == "{\"c\":\"\"}");
		CHECK(write_member(string_column(&inert), text_value("plain")) == "{\"c\":\"plain\"}");
	}
	SECTION("hashes replace text and leave null alone")
	{
		CHECK(write_member(string_column(&hash_v1), text_value("hello")) ==
			  "{\"c\":\"af5843a0f0e728ab0332c8888b6e1190bfb79e584f0d40538de8f10df6ef29c6\"}");
		CHECK(write_member(string_column(&hash_v1), null_value) == "{\"c\":null}");
		CHECK(write_member(string_column(&hash_v1), toast) ==
			  "{\"c\":\"" + hash(HashAlgorithm::Sha256, false, "__debezium_unavailable_value") +
				  "\"}");
	}
	SECTION("truncation cuts strings, placeholders and bytes")
	{
		ColumnSpec bytes_column = string_column(&truncate);
		PlainValue bytes_value = text_value("\x01\x02\x03\x04");

		CHECK(write_member(string_column(&truncate), text_value("abcdef")) == "{\"c\":\"abc\"}");
		CHECK(write_member(string_column(&truncate), text_value("ab")) == "{\"c\":\"ab\"}");
		CHECK(write_member(string_column(&truncate), null_value) == "{\"c\":null}");
		CHECK(write_member(string_column(&truncate), toast) == "{\"c\":\"__d\"}");
		bytes_column.kind = ValueKind::Bytes;
		/* ByteBuffer truncation: 3 bytes, then Base64 */
		CHECK(write_member(bytes_column, bytes_value) == "{\"c\":\"AQID\"}");
		/* base64 mode: the Base64 text (a String) is cut */
		options.binary_handling = BinaryHandling::Base64;
		CHECK(write_member(bytes_column, bytes_value, options) == "{\"c\":\"AQI\"}");
	}
}
