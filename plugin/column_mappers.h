/*
 * column_mappers.h
 *		Debezium's column mappers applied to a column's value (never to the
 *		key): column.mask.with.N.chars, column.mask.hash[.v2].<alg>.with.salt.
 *		<salt> and column.truncate.to.N.chars (debezium-format.md §9), and the
 *		pure pieces they are built from: Java's serialization of a String and
 *		cutting text at a number of UTF-16 code units.
 *
 * C++ zone: no server header, no allocation; Catch2-tested.  relcache.cpp
 * decides once per relation which mapper a column has (ColumnMapperSpec) and
 * write_column_value() applies it while writing the value.
 */
#ifndef CDC_COLUMN_MAPPERS_H
#define CDC_COLUMN_MAPPERS_H

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "digest.h"
#include "json_stream.h"
#include "options.h"

namespace cdc
{

/*
 * Feeds 'digest' the bytes Java's ObjectOutputStream writes for the String
 * whose UTF-8 is 'text': the stream header AC ED 00 05, then TC_STRING (74)
 * with a 2-byte length, or TC_LONGSTRING (7C) with an 8-byte length past
 * 65535 bytes, then the string in Java's modified UTF-8 (U+0000 as C0 80,
 * characters beyond the BMP as two 3-byte surrogates).  Bytes that are not
 * UTF-8 count as U+FFFD, as Java's decoder would make them.
 */
void digest_java_serialized_string(Digest &digest, const char *text, size_t len);

/* The length of the modified UTF-8 form of 'text' (see above). */
uint64_t modified_utf8_length(const char *text, size_t len);

/*
 * MaskStrings' hash: lowercase hex of digest(salt ‖ bytes), where bytes are
 * the Java serialization of the string (V1) or its UTF-8 (V2), cut to
 * 'max_chars' characters when that is positive.  Writes to 'out' (at least
 * 2 * kMaxDigestLength bytes) and returns the length.
 */
size_t mask_hash_hex(HashAlgorithm algorithm, bool v2, std::string_view salt, const char *text,
					 size_t len, int max_chars, char *out);

/*
 * How many bytes of the UTF-8 'text' make up its first 'units' UTF-16 code
 * units, as Java's String.substring(0, units) counts.  When the cut falls
 * between the two halves of a surrogate pair, the whole character is left
 * out and '*split_high_surrogate' is set to the high surrogate Java would
 * keep (0 otherwise).
 */
size_t utf16_prefix_bytes(const char *text, size_t len, size_t units,
						  uint32_t *split_high_surrogate);

/*
 * Cuts the JSON string that starts at out.data[quote] (its opening quote)
 * and ends at out.len to its first 'units' UTF-16 code units, counting each
 * escape sequence as one unit.  A cut inside a surrogate pair keeps the
 * high surrogate as Jackson writes a lone one: "\uD83D".  Does nothing if
 * the string is short enough.
 */
void truncate_json_string(JsonOut &out, size_t quote, size_t units);

/* What one column's value mapper does; built once per relation. */
struct ColumnMapperSpec
{
	ColumnMapping mapping;

	/*
	 * Whether the mapper changes the value: masks only for Debezium's
	 * character JDBC types, truncation only when the column may be longer
	 * than the limit (TruncateColumn.isTruncationPossible).
	 */
	bool converts;

	/* The schema parameter the mapper adds (key empty: none). */
	std::string_view parameter_key;
	std::string_view parameter_value;

	/* MaskWithChars: the mask; TruncateToChars: the limit. */
	std::string_view mask;
	int length;

	/* Hashes: algorithm, salt and the column's length to cut the hex to. */
	HashAlgorithm algorithm;
	std::string_view salt;
	int column_length;
};

} /* namespace cdc */

#endif /* CDC_COLUMN_MAPPERS_H */
