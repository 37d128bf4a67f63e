/*
 * fuzz_json_string.cpp
 *		libFuzzer target of string escaping (plugin/json_stream.cpp) and the
 *		UTF-16 aware string tools of the column mappers (column_mappers.cpp):
 *		utf16_prefix_bytes, truncate_json_string, modified_utf8_length, and
 *		java_string_hash (encoders.cpp).
 *
 * Invariants: any bytes give one valid JSON string literal; valid UTF-8
 * (what the server hands over) round-trips exactly through it, with
 * characters beyond the BMP as escaped surrogate pairs and no raw 4-byte
 * sequence left; truncation keeps exactly Java's first N UTF-16 units;
 * lengths and hashes equal the harness's own UTF-16 computation; the
 * HashMap order is a permutation keeping equal hashes in insertion order.
 *
 * Input: first byte picks raw bytes (bit 0 clear) or UTF-8 built from the
 * bytes (set), or (bit 1) the HashMap order of 16-bit hashes, squeezed
 * into few buckets with bit 2; two bytes give the truncation length; the
 * rest is the text or the hashes.
 */
#include <string>
#include <vector>

#include "column_mappers.h"
#include "encoders.h"
#include "fuzz_common.h"
#include "json_stream.h"
#include "json_test_buffer.h"

using cdc_fuzz::check;

namespace
{

/* The JSON literal write_json_string makes of 'text', after a separator. */
std::string
escaped(const std::string &text, cdc_test::JsonTestBuffer &buffer)
{
	buffer.out.Put(',');
	cdc::JsonWriter::write_json_string(buffer.out, text.data(), text.size());
	return buffer.text().substr(1);
}

/* Checks the escaping of arbitrary bytes and, for UTF-8, its round trip. */
void
check_escaping(const std::string &text, bool utf8)
{
	cdc_test::JsonTestBuffer buffer;
	std::string literal = escaped(text, buffer);

	check(cdc_fuzz::json_valid(literal), "write_json_string gives a JSON string literal", literal);
	if (!utf8)
		return;
	for (unsigned char c : literal)
		check(c < 0xF0, "no raw 4-byte UTF-8 sequence in the output", literal);

	std::vector<uint16_t> units = cdc_fuzz::json_string_units(literal);

	check(units == cdc_fuzz::utf16_of(text), "escaped text decodes to the same characters",
		  literal);
}

/* Checks truncation of the written string and the byte prefix of the text. */
void
check_truncation(const std::string &text, size_t units)
{
	std::vector<uint16_t> all = cdc_fuzz::utf16_of(text);
	std::vector<uint16_t> want(all.begin(),
							   all.begin() + static_cast<long>(std::min(units, all.size())));
	cdc_test::JsonTestBuffer buffer;
	uint32_t high = 0;
	size_t prefix = cdc::utf16_prefix_bytes(text.data(), text.size(), units, &high);
	std::vector<uint16_t> got;

	check(prefix <= text.size(), "prefix within the text");
	got = cdc_fuzz::utf16_of(text.substr(0, prefix));
	if (high != 0)
		got.push_back(static_cast<uint16_t>(high));
	check(got == want, "utf16_prefix_bytes keeps the first N UTF-16 units");

	/* a value inside an object, as write_mapped_value meets it */
	buffer.out.Put('{');
	buffer.out.Put('"');
	buffer.out.Put('k');
	buffer.out.Put('"');
	buffer.out.Put(':');
	size_t quote = buffer.out.len;

	cdc::JsonWriter::write_json_string(buffer.out, text.data(), text.size());
	cdc::truncate_json_string(buffer.out, quote, units);
	std::string literal = buffer.text().substr(quote);

	check(cdc_fuzz::json_valid(literal), "a truncated string is still a JSON string", literal);
	check(cdc_fuzz::json_string_units(literal) == want,
		  "truncate_json_string keeps the first N UTF-16 units", literal);
}

/* Checks modified_utf8_length and java_string_hash against UTF-16 units. */
void
check_java_lengths(const std::string &text)
{
	uint64_t modified = 0;
	uint32_t hash = 0;
	size_t pos = 0;
	uint32_t cp;

	while (pos < text.size())
	{
		cdc_fuzz::utf8_next(text, &pos, &cp);
		modified += cp == 0 ? 2 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 6;
	}
	for (uint16_t unit : cdc_fuzz::utf16_of(text))
		hash = hash * 31 + unit;
	check(cdc::modified_utf8_length(text.data(), text.size()) == modified,
		  "modified_utf8_length is Java's writeUTF length");
	check(static_cast<uint32_t>(cdc::java_string_hash(text.data(), text.size())) == hash,
		  "java_string_hash is String.hashCode");
}

/*
 * Checks the HashMap iteration order of hstore keys: a permutation, keys of
 * equal hash in insertion order, work area large enough (ASan) for up to
 * 4096 keys.  'collide' squeezes the hashes into few buckets, so chains of
 * nine and more force the treeify resizes.
 */
void
check_hashmap_order(const std::string &bytes, bool collide)
{
	std::vector<int32_t> hashes;

	for (size_t i = 0; i + 1 < bytes.size(); i += 2)
	{
		uint32_t h = uint32_t(uint8_t(bytes[i])) << 8 | uint8_t(bytes[i + 1]);

		hashes.push_back(static_cast<int32_t>(collide ? (h & 0x3) << 4 : h * 2654435761u));
	}
	size_t n = hashes.size();
	std::vector<uint32_t> order(n > 0 ? n : 1);
	std::vector<uint32_t> work(cdc::java_hashmap_work_size(n));
	std::vector<bool> seen(n, false);

	cdc::java_hashmap_order(hashes.data(), n, order.data(), work.data());
	for (size_t k = 0; k < n; k++)
	{
		check(order[k] < n && !seen[order[k]], "hashmap order is a permutation");
		seen[order[k]] = true;
		for (size_t j = 0; j < k; j++)
			check(hashes[order[j]] != hashes[order[k]] || order[j] < order[k],
				  "keys of equal hash keep their insertion order");
	}
}

} /* namespace */

/* libFuzzer's entry point. */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdc_fuzz::Input in(data, size);
	uint8_t mode = in.byte();
	bool make_utf8 = mode & 1;
	size_t units = static_cast<size_t>(in.range(0, 65535)) % 300;
	std::string text = in.rest();

	if (mode & 2)
	{
		check_hashmap_order(text, mode & 4);
		return 0;
	}
	if (make_utf8)
		text = cdc_fuzz::utf8_from_bytes(text);
	bool utf8 = cdc_fuzz::utf8_valid(text);

	check_escaping(text, utf8);
	/* arbitrary bytes: only memory safety is asked of the UTF-8 walkers */
	uint32_t high;
	(void) cdc::utf16_prefix_bytes(text.data(), text.size(), units, &high);
	(void) cdc::modified_utf8_length(text.data(), text.size());
	if (utf8)
	{
		check_truncation(text, units);
		check_java_lengths(text);
	}
	return 0;
}
