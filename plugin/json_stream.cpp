/*
 * json_stream.cpp
 *		JSON strings as Jackson writes them (RapidJSON's escapes, plus escaped
 *		surrogate pairs for characters beyond the Basic Multilingual Plane),
 *		with a copy in one piece for the common text that needs no escape.
 */
#include "json_stream.h"

#include <cstring>

namespace cdc
{

namespace
{

constexpr char kHexDigits[] = "0123456789ABCDEF";

/* Appends \uXXXX with uppercase hex digits, as Jackson and RapidJSON write them. */
void
put_unicode_escape(JsonOut &out, unsigned code_unit)
{
	out.Put('\\');
	out.Put('u');
	out.Put(kHexDigits[(code_unit >> 12) & 0xF]);
	out.Put(kHexDigits[(code_unit >> 8) & 0xF]);
	out.Put(kHexDigits[(code_unit >> 4) & 0xF]);
	out.Put(kHexDigits[code_unit & 0xF]);
}

/*
 * Escapes '"', '\\' and control characters as RapidJSON does (short forms
 * for \b \t \n \f \r, \u00XX for the rest), writes a 4-byte UTF-8 sequence
 * as two \u escapes of its UTF-16 surrogates when 'escape_beyond_bmp' is
 * set, and copies everything else.
 */
void
write_escaped_string(JsonOut &out, const char *text, size_t length, bool escape_beyond_bmp)
{
	out.Put('"');
	for (size_t i = 0; i < length; i++)
	{
		unsigned char c = static_cast<unsigned char>(text[i]);

		if (c >= 0xF0 && i + 3 < length && escape_beyond_bmp)
		{
			unsigned code_point = (c & 0x07u) << 18 |
								  (static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 12 |
								  (static_cast<unsigned char>(text[i + 2]) & 0x3Fu) << 6 |
								  (static_cast<unsigned char>(text[i + 3]) & 0x3Fu);

			code_point -= 0x10000;
			put_unicode_escape(out, 0xD800 + (code_point >> 10));
			put_unicode_escape(out, 0xDC00 + (code_point & 0x3FF));
			i += 3;
			continue;
		}
		switch (c)
		{
			case '"':
				out.Put('\\');
				out.Put('"');
				break;
			case '\\':
				out.Put('\\');
				out.Put('\\');
				break;
			case '\b':
				out.Put('\\');
				out.Put('b');
				break;
			case '\f':
				out.Put('\\');
				out.Put('f');
				break;
			case '\n':
				out.Put('\\');
				out.Put('n');
				break;
			case '\r':
				out.Put('\\');
				out.Put('r');
				break;
			case '\t':
				out.Put('\\');
				out.Put('t');
				break;
			default:
				if (c < 0x20)
					put_unicode_escape(out, c);
				else
					out.Put(static_cast<char>(c));
				break;
		}
	}
	out.Put('"');
}

/* True if some byte of 'word' is zero. */
constexpr bool
has_zero_byte(uint64_t word)
{
	return ((word - 0x0101010101010101ull) & ~word & 0x8080808080808080ull) != 0;
}

/*
 * True if some byte of 'word' needs more than a copy: a control character,
 * '"', '\\', or the lead byte of a 4-byte UTF-8 sequence (0xF0 and up).
 */
constexpr bool
word_needs_escape(uint64_t word)
{
	constexpr uint64_t kOnes = 0x0101010101010101ull;

	return ((word - kOnes * 0x20) & ~word & kOnes * 0x80) != 0 ||
		   has_zero_byte(word ^ (kOnes * '"')) || has_zero_byte(word ^ (kOnes * '\\')) ||
		   has_zero_byte((word & (kOnes * 0xF0)) ^ (kOnes * 0xF0));
}

/* The byte-at-a-time form of word_needs_escape. */
constexpr bool
byte_needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c >= 0xF0;
}

/* True if 'text' holds a byte that needs more than a copy; eight at a time. */
bool
needs_escape(const char *text, size_t length)
{
	size_t i = 0;

	for (; i + 8 <= length; i += 8)
	{
		uint64_t word;

		memcpy(&word, text + i, sizeof(word));
		if (word_needs_escape(word))
			return true;
	}
	for (; i < length; i++)
		if (byte_needs_escape(static_cast<unsigned char>(text[i])))
			return true;
	return false;
}

} /* namespace */

/*
 * Copies text that needs no escape (the usual case) with one reserve and
 * one copy; anything else goes through the escaping writer.
 */
void
JsonWriter::write_json_string(JsonOut &out, const char *text, size_t length, bool escape_beyond_bmp)
{
	if (needs_escape(text, length))
	{
		write_escaped_string(out, text, length, escape_beyond_bmp);
		return;
	}
	out.Reserve(length + 2);
	out.PutUnchecked('"');
	memcpy(out.data + out.len, text, length);
	out.len += length;
	out.PutUnchecked('"');
}

} /* namespace cdc */
