/*
 * column_mappers.cpp
 *		The pure parts of Debezium's column mappers: Java's serialization of a
 *		String, MaskStrings' hex hash, and UTF-16 aware truncation of text and
 *		of an already written JSON string.
 */
#include "column_mappers.h"

#include <cstring>

namespace cdc
{

namespace
{
/*
 * Decodes one character of UTF-8 at text[*pos], advancing *pos; bytes that
 * do not form a character decode as U+FFFD, one byte at a time.
 */
uint32_t
next_code_point(const uint8_t *text, size_t len, size_t *pos)
{
	uint32_t c = text[*pos];
	int extra;
	uint32_t cp;
	uint32_t min;

	if (c < 0x80)
	{
		(*pos)++;
		return c;
	}
	if ((c & 0xE0) == 0xC0)
	{
		extra = 1;
		cp = c & 0x1F;
		min = 0x80;
	}
	else if ((c & 0xF0) == 0xE0)
	{
		extra = 2;
		cp = c & 0x0F;
		min = 0x800;
	}
	else if ((c & 0xF8) == 0xF0)
	{
		extra = 3;
		cp = c & 0x07;
		min = 0x10000;
	}
	else
	{
		(*pos)++;
		return 0xFFFD;
	}
	if (*pos + extra >= len)
	{
		(*pos)++;
		return 0xFFFD;
	}
	for (int i = 1; i <= extra; i++)
	{
		uint32_t b = text[*pos + i];

		if ((b & 0xC0) != 0x80)
		{
			(*pos)++;
			return 0xFFFD;
		}
		cp = (cp << 6) | (b & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
	{
		(*pos)++;
		return 0xFFFD;
	}
	*pos += extra + 1;
	return cp;
}

/* Appends the modified UTF-8 of one UTF-16 unit (or U+0000) to 'out'. */
size_t
put_modified_unit(uint32_t unit, uint8_t *out)
{
	if (unit != 0 && unit < 0x80)
	{
		out[0] = static_cast<uint8_t>(unit);
		return 1;
	}
	if (unit < 0x800)
	{
		out[0] = static_cast<uint8_t>(0xC0 | (unit >> 6));
		out[1] = static_cast<uint8_t>(0x80 | (unit & 0x3F));
		return 2;
	}
	out[0] = static_cast<uint8_t>(0xE0 | (unit >> 12));
	out[1] = static_cast<uint8_t>(0x80 | ((unit >> 6) & 0x3F));
	out[2] = static_cast<uint8_t>(0x80 | (unit & 0x3F));
	return 3;
}

/* Modified UTF-8 bytes of one UTF-16 unit. */
int
modified_unit_length(uint32_t unit)
{
	return (unit != 0 && unit < 0x80) ? 1 : (unit < 0x800 ? 2 : 3);
}

} /* namespace */

/* Counts the modified UTF-8 bytes character by character. */
uint64_t
modified_utf8_length(const char *text, size_t len)
{
	const uint8_t *s = reinterpret_cast<const uint8_t *>(text);
	uint64_t total = 0;
	size_t pos = 0;

	while (pos < len)
	{
		uint32_t cp = next_code_point(s, len, &pos);

		total += cp >= 0x10000 ? 6 : modified_unit_length(cp);
	}
	return total;
}

/*
 * ObjectOutputStream.writeObject(String) right after the stream header:
 * writeString picks TC_STRING or TC_LONGSTRING by the modified UTF-8
 * length, then writes that length and the bytes.  Converted in small
 * chunks, so nothing is allocated.
 */
void
digest_java_serialized_string(Digest &digest, const char *text, size_t len)
{
	const uint8_t *s = reinterpret_cast<const uint8_t *>(text);
	uint64_t utf_len = modified_utf8_length(text, len);
	uint8_t header[16] = {0xAC, 0xED, 0x00, 0x05};
	size_t header_len = 4;
	uint8_t chunk[256];
	size_t used = 0;
	size_t pos = 0;

	if (utf_len <= 0xFFFF)
	{
		header[header_len++] = 0x74;
		header[header_len++] = static_cast<uint8_t>(utf_len >> 8);
		header[header_len++] = static_cast<uint8_t>(utf_len);
	}
	else
	{
		header[header_len++] = 0x7C;
		for (int i = 7; i >= 0; i--)
			header[header_len++] = static_cast<uint8_t>(utf_len >> (8 * i));
	}
	digest.update(header, header_len);

	while (pos < len)
	{
		uint32_t cp = next_code_point(s, len, &pos);

		if (used > sizeof(chunk) - 6)
		{
			digest.update(chunk, used);
			used = 0;
		}
		if (cp >= 0x10000)
		{
			uint32_t v = cp - 0x10000;

			used += put_modified_unit(0xD800 + (v >> 10), chunk + used);
			used += put_modified_unit(0xDC00 + (v & 0x3FF), chunk + used);
		}
		else
			used += put_modified_unit(cp, chunk + used);
	}
	digest.update(chunk, used);
}

/* salt first, then the value's bytes; hex as String.format("%02x"). */
size_t
mask_hash_hex(HashAlgorithm algorithm, bool v2, std::string_view salt, const char *text, size_t len,
			  int max_chars, char *out)
{
	static const char hex[] = "0123456789abcdef";
	Digest digest(algorithm);
	uint8_t bytes[kMaxDigestLength];
	size_t digest_len;
	size_t out_len;

	digest.update(salt.data(), salt.size());
	if (v2)
		digest.update(text, len);
	else
		digest_java_serialized_string(digest, text, len);
	digest_len = digest.finish(bytes);
	for (size_t i = 0; i < digest_len; i++)
	{
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 0xF];
	}
	out_len = 2 * digest_len;
	if (max_chars > 0 && static_cast<size_t>(max_chars) < out_len)
		out_len = static_cast<size_t>(max_chars);
	return out_len;
}

/* Walks characters, counting two units for those beyond the BMP. */
size_t
utf16_prefix_bytes(const char *text, size_t len, size_t units, uint32_t *split_high_surrogate)
{
	const uint8_t *s = reinterpret_cast<const uint8_t *>(text);
	size_t pos = 0;
	size_t counted = 0;

	*split_high_surrogate = 0;
	while (pos < len && counted < units)
	{
		size_t start = pos;
		uint32_t cp = next_code_point(s, len, &pos);

		if (cp >= 0x10000)
		{
			if (counted + 1 == units)
			{
				*split_high_surrogate = 0xD800 + ((cp - 0x10000) >> 10);
				return start;
			}
			counted += 2;
		}
		else
			counted++;
	}
	return pos;
}

/*
 * Scans the written string's content: an escape sequence ("\n", "\u001f")
 * is one unit, a character one or two.  At the cut the closing quote is put
 * back, after "\uXXXX" for a split pair's high surrogate.
 */
void
truncate_json_string(JsonOut &out, size_t quote, size_t units)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t pos = quote + 1;
	size_t end = out.len;
	size_t counted = 0;

	if (end <= quote + 1 || out.data[quote] != '"')
		return;
	end--; /* the closing quote */
	while (pos < end)
	{
		size_t step;
		size_t width = 1;

		if (counted == units)
		{
			out.len = pos;
			out.Put('"');
			return;
		}
		if (out.data[pos] == '\\')
			step = out.data[pos + 1] == 'u' ? 6 : 2;
		else
		{
			size_t next = pos;
			uint32_t cp = next_code_point(reinterpret_cast<const uint8_t *>(out.data), end, &next);

			step = next - pos;
			if (cp >= 0x10000)
			{
				width = 2;
				if (counted + 1 == units)
				{
					uint32_t high = 0xD800 + ((cp - 0x10000) >> 10);

					out.len = pos;
					out.Put('\\');
					out.Put('u');
					for (int shift = 12; shift >= 0; shift -= 4)
						out.Put(hex[(high >> shift) & 0xF]);
					out.Put('"');
					return;
				}
			}
		}
		pos += step;
		counted += width;
	}
}

} /* namespace cdc */
