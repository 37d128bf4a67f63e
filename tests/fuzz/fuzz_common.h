/*
 * fuzz_common.h
 *		What every libFuzzer target under tests/fuzz shares: reading typed
 *		values from the fuzzer's bytes, a failing check that names the broken
 *		invariant, and independent references (a strict JSON grammar check,
 *		JSON string decoding, UTF-8 to UTF-16) the targets compare against.
 */
#ifndef CDC_FUZZ_COMMON_H
#define CDC_FUZZ_COMMON_H

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace cdc_fuzz
{

/* Aborts (a libFuzzer crash, so the input is kept) when 'ok' is false. */
inline void
check(bool ok, const char *what, const std::string &detail = std::string())
{
	if (ok)
		return;
	std::fprintf(stderr, "invariant broken: %s\n%s\n", what, detail.c_str());
	std::abort();
}

/* Hands out the fuzzer's bytes as small typed values; zeros once exhausted. */
class Input
{
  public:
	Input(const uint8_t *data, size_t size) : data_(data), size_(size), pos_(0)
	{
	}

	uint8_t byte()
	{
		return pos_ < size_ ? data_[pos_++] : 0;
	}

	uint64_t u64()
	{
		uint64_t v = 0;

		for (int i = 0; i < 8; i++)
			v = v << 8 | byte();
		return v;
	}

	int64_t i64()
	{
		return static_cast<int64_t>(u64());
	}

	uint32_t u32()
	{
		uint32_t v = 0;

		for (int i = 0; i < 4; i++)
			v = v << 8 | byte();
		return v;
	}

	/* A number in [lo, hi], from the next bytes. */
	int64_t range(int64_t lo, int64_t hi)
	{
		uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
		uint64_t raw =
			span <= 256 ? byte() : (span <= 65536 ? (uint64_t(byte()) << 8 | byte()) : u64());

		return lo + static_cast<int64_t>(span == 0 ? raw : raw % span);
	}

	/* Everything not read yet. */
	std::string rest()
	{
		std::string s(reinterpret_cast<const char *>(data_) + pos_, size_ - pos_);

		pos_ = size_;
		return s;
	}

  private:
	const uint8_t *data_;
	size_t size_;
	size_t pos_;
};

/*
 * Decodes one UTF-8 character at s[*pos] strictly (no overlongs, no
 * surrogates, nothing above U+10FFFF).  Returns false on invalid bytes.
 */
inline bool
utf8_next(const std::string &s, size_t *pos, uint32_t *cp)
{
	unsigned char c = static_cast<unsigned char>(s[*pos]);
	int extra;
	uint32_t min;

	if (c < 0x80)
	{
		*cp = c;
		(*pos)++;
		return true;
	}
	if (c >= 0xC2 && c <= 0xDF)
		extra = 1, *cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		extra = 2, *cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		extra = 3, *cp = c & 0x07, min = 0x10000;
	else
		return false;
	if (*pos + extra >= s.size())
		return false;
	for (int i = 1; i <= extra; i++)
	{
		unsigned char b = static_cast<unsigned char>(s[*pos + i]);

		if ((b & 0xC0) != 0x80)
			return false;
		*cp = *cp << 6 | (b & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return false;
	*pos += extra + 1;
	return true;
}

/* Whether 's' is valid UTF-8 (what the server guarantees for text). */
inline bool
utf8_valid(const std::string &s)
{
	size_t pos = 0;
	uint32_t cp;

	while (pos < s.size())
		if (!utf8_next(s, &pos, &cp))
			return false;
	return true;
}

/* Appends the UTF-8 of one code point. */
inline void
utf8_append(std::string &out, uint32_t cp)
{
	if (cp < 0x80)
		out += static_cast<char>(cp);
	else if (cp < 0x800)
	{
		out += static_cast<char>(0xC0 | cp >> 6);
		out += static_cast<char>(0x80 | (cp & 0x3F));
	}
	else if (cp < 0x10000)
	{
		out += static_cast<char>(0xE0 | cp >> 12);
		out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
		out += static_cast<char>(0x80 | (cp & 0x3F));
	}
	else
	{
		out += static_cast<char>(0xF0 | cp >> 18);
		out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
		out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
		out += static_cast<char>(0x80 | (cp & 0x3F));
	}
}

/*
 * Valid UTF-8 made from arbitrary bytes: each 3 bytes pick a code point
 * (biased towards ASCII, controls and characters beyond the BMP).
 */
inline std::string
utf8_from_bytes(const std::string &bytes)
{
	std::string out;

	for (size_t i = 0; i + 2 < bytes.size(); i += 3)
	{
		uint32_t raw = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8 |
					   uint8_t(bytes[i + 2]);
		uint32_t cp;

		switch (raw >> 22)
		{
			case 0:
				cp = raw & 0x7F;
				break;
			case 1:
				cp = 0x10000 + (raw & 0xFFFFF);
				break;
			default:
				cp = raw % 0x110000;
				break;
		}
		if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = 0xFFFD;
		utf8_append(out, cp);
	}
	return out;
}

/* The UTF-16 code units of valid UTF-8, as a Java String holds them. */
inline std::vector<uint16_t>
utf16_of(const std::string &s)
{
	std::vector<uint16_t> units;
	size_t pos = 0;
	uint32_t cp;

	while (pos < s.size())
	{
		check(utf8_next(s, &pos, &cp), "utf16_of needs valid UTF-8");
		if (cp >= 0x10000)
		{
			units.push_back(static_cast<uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
			units.push_back(static_cast<uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
		}
		else
			units.push_back(static_cast<uint16_t>(cp));
	}
	return units;
}

/*
 * A strict RFC 8259 grammar check of one JSON text.  String contents are
 * checked for escapes and raw control characters only: lone surrogate
 * escapes are allowed (Jackson writes them), and bytes are not checked as
 * UTF-8 (the targets do that where it matters).
 */
class JsonChecker
{
  public:
	JsonChecker(const char *text, size_t len) : p_(text), end_(text + len)
	{
	}

	bool valid()
	{
		skip_ws();
		if (!value(0))
			return false;
		skip_ws();
		return p_ == end_;
	}

  private:
	const char *p_;
	const char *end_;

	void skip_ws()
	{
		while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r'))
			p_++;
	}

	bool literal(const char *word)
	{
		size_t n = std::strlen(word);

		if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0)
			return false;
		p_ += n;
		return true;
	}

	bool digits()
	{
		const char *start = p_;

		while (p_ < end_ && *p_ >= '0' && *p_ <= '9')
			p_++;
		return p_ > start;
	}

	bool number()
	{
		if (p_ < end_ && *p_ == '-')
			p_++;
		if (p_ < end_ && *p_ == '0')
			p_++;
		else if (p_ < end_ && *p_ >= '1' && *p_ <= '9')
			digits();
		else
			return false;
		if (p_ < end_ && *p_ == '.')
		{
			p_++;
			if (!digits())
				return false;
		}
		if (p_ < end_ && (*p_ == 'e' || *p_ == 'E'))
		{
			p_++;
			if (p_ < end_ && (*p_ == '+' || *p_ == '-'))
				p_++;
			if (!digits())
				return false;
		}
		return true;
	}

	bool string()
	{
		p_++; /* the opening quote */
		while (p_ < end_)
		{
			unsigned char c = static_cast<unsigned char>(*p_++);

			if (c == '"')
				return true;
			if (c < 0x20)
				return false;
			if (c != '\\')
				continue;
			if (p_ >= end_)
				return false;
			c = static_cast<unsigned char>(*p_++);
			if (c == 'u')
			{
				for (int i = 0; i < 4; i++, p_++)
					if (p_ >= end_ || !std::isxdigit(static_cast<unsigned char>(*p_)))
						return false;
			}
			else if (!std::strchr("\"\\/bfnrt", c) || c == '\0')
				return false;
		}
		return false;
	}

	bool value(int depth)
	{
		if (p_ >= end_ || depth > 200)
			return false;
		switch (*p_)
		{
			case '{':
				p_++;
				skip_ws();
				if (p_ < end_ && *p_ == '}')
					return p_++, true;
				for (;;)
				{
					skip_ws();
					if (p_ >= end_ || *p_ != '"' || !string())
						return false;
					skip_ws();
					if (p_ >= end_ || *p_++ != ':')
						return false;
					skip_ws();
					if (!value(depth + 1))
						return false;
					skip_ws();
					if (p_ < end_ && *p_ == ',')
					{
						p_++;
						continue;
					}
					return p_ < end_ && *p_++ == '}';
				}
			case '[':
				p_++;
				skip_ws();
				if (p_ < end_ && *p_ == ']')
					return p_++, true;
				for (;;)
				{
					skip_ws();
					if (!value(depth + 1))
						return false;
					skip_ws();
					if (p_ < end_ && *p_ == ',')
					{
						p_++;
						continue;
					}
					return p_ < end_ && *p_++ == ']';
				}
			case '"':
				return string();
			case 't':
				return literal("true");
			case 'f':
				return literal("false");
			case 'n':
				return literal("null");
			default:
				return number();
		}
	}
};

/* Whether 'text' is one valid JSON value (see JsonChecker). */
inline bool
json_valid(const std::string &text)
{
	return JsonChecker(text.data(), text.size()).valid();
}

/*
 * The UTF-16 code units a JSON string literal (quotes included) stands for:
 * escapes as their units, raw UTF-8 decoded.  Fails the check on anything
 * that is not such a literal.
 */
inline std::vector<uint16_t>
json_string_units(const std::string &literal)
{
	std::vector<uint16_t> units;
	size_t i = 1;

	check(literal.size() >= 2 && literal.front() == '"' && literal.back() == '"',
		  "JSON string literal is quoted", literal);
	while (i < literal.size() - 1)
	{
		char c = literal[i];

		if (c == '\\')
		{
			char e = literal.at(i + 1);

			if (e == 'u')
			{
				units.push_back(
					static_cast<uint16_t>(std::stoul(literal.substr(i + 2, 4), nullptr, 16)));
				i += 6;
				continue;
			}
			const char *from = "\"\\/bfnrt";
			const char *to = "\"\\/\b\f\n\r\t";
			const char *at = std::strchr(from, e);

			check(at != nullptr && e != '\0', "known JSON escape", literal);
			units.push_back(static_cast<uint16_t>(static_cast<unsigned char>(to[at - from])));
			i += 2;
			continue;
		}
		size_t next = i;
		uint32_t cp;

		check(utf8_next(literal, &next, &cp) && next <= literal.size() - 1,
			  "valid UTF-8 inside a JSON string", literal);
		if (cp >= 0x10000)
		{
			units.push_back(static_cast<uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
			units.push_back(static_cast<uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
		}
		else
			units.push_back(static_cast<uint16_t>(cp));
		i = next;
	}
	return units;
}

} /* namespace cdc_fuzz */

#endif /* CDC_FUZZ_COMMON_H */
