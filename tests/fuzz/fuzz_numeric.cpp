/*
 * fuzz_numeric.cpp
 *		libFuzzer target of the numeric and money encoders (plugin/encoders.cpp):
 *		decimal text the harness turns into PostgreSQL's on-disk numeric, raw
 *		on-disk bytes, and money values.
 *
 * Each value is rebuilt in the harness as an exact decimal (digit string
 * and power of ten) and every encoder is compared with it: the plain text
 * at a scale (HALF_UP, done here on the digit string), the Kafka Decimal
 * bytes (decoded back to decimal), BigDecimal.toString() (Java's rules
 * written out here), the stripped scale, and doubleValue() against glibc's
 * correctly rounded strtod.  Output buffers are exactly the size the
 * *_max_* functions promise, so ASan catches any write beyond it.
 *
 * Input: first byte picks the mode (0: text, 1: raw bytes, 2: money), then
 * a scale selector, then the payload.
 */
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "encoders.h"
#include "fuzz_common.h"

using cdc::NumericValue;
using cdc_fuzz::check;

namespace
{

/* An exact decimal: |value| = digits * 10^exponent; digits "" means zero. */
struct Decimal
{
	bool negative = false;
	std::string digits; /* no leading or trailing zeros */
	long exponent = 0;
};

/* Drops leading and trailing zeros (moving the exponent), and the sign of zero. */
void
normalize(Decimal &d)
{
	size_t first = d.digits.find_first_not_of('0');

	if (first == std::string::npos)
	{
		d = Decimal();
		return;
	}
	d.digits.erase(0, first);
	while (d.digits.back() == '0')
	{
		d.digits.pop_back();
		d.exponent++;
	}
}

/* The exact value a NumericValue holds (digits past dscale do not exist). */
Decimal
decimal_of(const NumericValue &v)
{
	Decimal d;

	d.negative = v.negative;
	for (int i = 0; i < v.ndigits; i++)
	{
		char group[8];

		std::snprintf(group, sizeof(group), "%04d", v.digits[i]);
		d.digits += group;
	}
	d.exponent = 4L * (v.weight - v.ndigits + 1);
	if (d.exponent < -v.dscale)
	{
		size_t cut = static_cast<size_t>(-v.dscale - d.exponent);

		d.digits.resize(d.digits.size() > cut ? d.digits.size() - cut : 0);
		d.exponent = -v.dscale;
	}
	normalize(d);
	return d;
}

/* Adds one to a decimal digit string. */
std::string
increment(std::string s)
{
	size_t i = s.size();

	while (i > 0 && s[i - 1] == '9')
		s[--i] = '0';
	if (i == 0)
		return "1" + s;
	s[i - 1]++;
	return s;
}

/* round_half_up(|d| * 10^scale) as a digit string ("0" for zero). */
std::string
unscaled(const Decimal &d, int scale)
{
	long shift = d.exponent + scale;
	std::string kept;

	if (d.digits.empty())
		return "0";
	if (shift >= 0)
		return d.digits + std::string(static_cast<size_t>(shift), '0');
	size_t cut = static_cast<size_t>(-shift);
	bool round_up;

	if (cut > d.digits.size())
		return "0";
	kept = d.digits.substr(0, d.digits.size() - cut);
	round_up = d.digits[d.digits.size() - cut] >= '5';
	if (kept.empty())
		kept = "0";
	if (round_up)
		kept = increment(kept);
	size_t first = kept.find_first_not_of('0');
	return first == std::string::npos ? "0" : kept.substr(first);
}

/* BigDecimal.setScale(scale, HALF_UP).toPlainString(), zero unsigned. */
std::string
plain_text(const Decimal &d, int scale)
{
	std::string u = unscaled(d, scale);
	std::string sign = (d.negative && u != "0") ? "-" : "";

	if (u == "0")
		return scale > 0 ? "0." + std::string(static_cast<size_t>(scale), '0') : "0";
	if (scale <= 0)
		return sign + u + std::string(static_cast<size_t>(-scale), '0');
	if (u.size() <= static_cast<size_t>(scale))
		u = std::string(static_cast<size_t>(scale) + 1 - u.size(), '0') + u;
	return sign + u.substr(0, u.size() - scale) + "." + u.substr(u.size() - scale);
}

/* BigDecimal.toString() of (unscaled u, scale), Java's layout rules. */
std::string
java_text(bool negative, const std::string &u, int scale)
{
	std::string sign = (negative && u != "0") ? "-" : "";
	long adjusted = -static_cast<long>(scale) + static_cast<long>(u.size()) - 1;
	std::string out;

	if (scale == 0)
		return sign + u;
	if (scale > 0 && adjusted >= -6)
	{
		std::string padded = u;

		if (padded.size() <= static_cast<size_t>(scale))
			padded = std::string(static_cast<size_t>(scale) + 1 - padded.size(), '0') + padded;
		return sign + padded.substr(0, padded.size() - scale) + "." +
			   padded.substr(padded.size() - scale);
	}
	out = sign + u.substr(0, 1);
	if (u.size() > 1)
		out += "." + u.substr(1);
	if (adjusted != 0)
		out += std::string("E") + (adjusted > 0 ? "+" : "-") +
			   std::to_string(adjusted > 0 ? adjusted : -adjusted);
	return out;
}

/* The signed decimal of big-endian two's-complement bytes (BigInteger). */
std::string
decimal_of_twos_complement(std::vector<uint8_t> bytes)
{
	bool negative = !bytes.empty() && (bytes[0] & 0x80) != 0;
	std::string digits;

	if (negative)
	{
		unsigned carry = 1;

		for (size_t i = bytes.size(); i-- > 0;)
		{
			unsigned b = static_cast<uint8_t>(~bytes[i]) + carry;

			bytes[i] = static_cast<uint8_t>(b);
			carry = b >> 8;
		}
	}
	/* the magnitude as 32-bit limbs, most significant first */
	std::vector<uint32_t> limbs((bytes.size() + 3) / 4, 0);
	size_t pad = limbs.size() * 4 - bytes.size();

	for (size_t i = 0; i < bytes.size(); i++)
		limbs[(i + pad) / 4] |= uint32_t(bytes[i]) << (8 * (3 - (i + pad) % 4));
	/* repeated division by 10^9, nine digits at a time */
	for (;;)
	{
		uint64_t rem = 0;
		bool nonzero = false;
		char chunk[16];

		for (uint32_t &limb : limbs)
		{
			uint64_t cur = rem << 32 | limb;

			limb = static_cast<uint32_t>(cur / 1000000000u);
			rem = cur % 1000000000u;
			nonzero = nonzero || limb != 0;
		}
		std::snprintf(chunk, sizeof(chunk), nonzero ? "%09u" : "%u", static_cast<unsigned>(rem));
		digits.insert(0, chunk);
		if (!nonzero)
			break;
	}
	return (negative ? "-" : "") + digits;
}

/* Scale after stripTrailingZeros(), never below 0. */
int
stripped_scale(const Decimal &d)
{
	return d.digits.empty() || d.exponent >= 0 ? 0 : static_cast<int>(-d.exponent);
}

/* Runs every numeric encoder on one finite value and compares with 'exact'. */
void
check_finite(const NumericValue &v, const Decimal &exact, int scale)
{
	std::vector<char> text(cdc::numeric_text_max_length(v, scale));
	std::string expected = plain_text(exact, scale);
	std::string got(text.data(), cdc::numeric_to_text(v, scale, text.data()));

	check(got == expected, "numeric_to_text is the HALF_UP plain text",
		  "scale " + std::to_string(scale) + " got " + got + " expected " + expected);

	std::vector<uint8_t> bytes(cdc::numeric_unscaled_max_bytes(v, scale));
	size_t n = cdc::numeric_unscaled_bytes(v, scale, bytes.data());
	std::string u = unscaled(exact, scale);

	bytes.resize(n);
	check(n >= 1, "unscaled bytes are never empty");
	check(n == 1 ||
			  !((bytes[0] == 0x00 && bytes[1] < 0x80) || (bytes[0] == 0xFF && bytes[1] >= 0x80)),
		  "unscaled bytes are minimal (BigInteger.toByteArray)");
	check(decimal_of_twos_complement(bytes) == ((exact.negative && u != "0") ? "-" : "") + u,
		  "unscaled bytes hold round_half_up(value * 10^scale)",
		  "scale " + std::to_string(scale) + " expected " + u);

	std::vector<char> java(cdc::numeric_java_string_max_length(v, scale));
	std::string java_got(java.data(), cdc::numeric_to_java_string(v, scale, java.data()));

	check(java_got == java_text(exact.negative, u, scale),
		  "numeric_to_java_string is BigDecimal.toString()",
		  "got " + java_got + " expected " + java_text(exact.negative, u, scale));
	check(cdc::numeric_stripped_scale(v) == stripped_scale(exact),
		  "numeric_stripped_scale is stripTrailingZeros().scale() clamped at 0");

	std::string sci = (exact.negative ? "-" : "") + (exact.digits.empty() ? "0" : exact.digits) +
					  "e" + std::to_string(exact.exponent);
	double reference = std::strtod(sci.c_str(), nullptr);
	double value = cdc::numeric_to_double(v);

	if (exact.digits.empty())
		reference = 0.0; /* BigDecimal zero is unsigned */
	check(std::memcmp(&reference, &value, sizeof(double)) == 0,
		  "numeric_to_double is the correctly rounded double", sci);
}

/* Runs the encoders on a decoded value, finite or special. */
void
check_value(const NumericValue &v, cdc_fuzz::Input &in)
{
	if (v.kind != NumericValue::Kind::Finite)
	{
		double d = cdc::numeric_to_double(v);
		char text[64];
		bool refused = false;

		check(v.kind == NumericValue::Kind::NaN ? std::isnan(d)
												: std::isinf(d) && (d < 0) == v.negative,
			  "special numerics become NaN / infinities");
		try
		{
			cdc::numeric_to_text(v, 2, text);
		}
		catch (const cdc::EncodeError &)
		{
			refused = true;
		}
		check(refused, "special numerics have no decimal text");
		return;
	}

	Decimal exact = decimal_of(v);
	uint8_t selector = in.byte();
	int scale;

	switch (selector % 4)
	{
		case 0:
			scale = v.dscale;
			break;
		case 1:
			scale = cdc::numeric_stripped_scale(v);
			break;
		default:
			scale = static_cast<int>(in.range(-1100, 1100));
			break;
	}
	/*
	 * The encoders are quadratic in the digit count (fine for a row, slow
	 * for a fuzzer at PostgreSQL's 147,455 digits): spans past 20,000
	 * digits are left to the unit tests.
	 */
	if (4L * (v.weight + 1) + (scale > v.dscale ? scale : v.dscale) > 20000)
		return;
	check_finite(v, exact, scale);
	check(plain_text(exact, v.dscale).size() <= cdc::numeric_text_max_length(v, v.dscale),
		  "text bound holds at dscale");
}

/*
 * Parses PostgreSQL numeric input ("-1.50e3", "NaN", "Infinity") into an
 * exact decimal and its display scale.  False for other text, or sizes
 * PostgreSQL refuses.
 */
bool
parse_numeric_text(const std::string &text, Decimal &d, int &dscale, NumericValue::Kind &kind)
{
	std::string lower;
	size_t i = 0;
	long fraction_digits = 0;
	long exponent = 0;
	bool any = false;

	for (char c : text)
		lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
	kind = NumericValue::Kind::Finite;
	if (lower == "nan")
		return kind = NumericValue::Kind::NaN, true;
	if (lower == "infinity" || lower == "+infinity" || lower == "inf" || lower == "+inf")
		return kind = NumericValue::Kind::PosInfinity, true;
	if (lower == "-infinity" || lower == "-inf")
		return kind = NumericValue::Kind::NegInfinity, true;

	if (i < text.size() && (text[i] == '+' || text[i] == '-'))
		d.negative = text[i++] == '-';
	for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); i++, any = true)
		d.digits += text[i];
	if (i < text.size() && text[i] == '.')
		for (i++; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
			 i++, any = true, fraction_digits++)
			d.digits += text[i];
	if (!any)
		return false;
	if (i < text.size() && (text[i] == 'e' || text[i] == 'E'))
	{
		size_t start = ++i;
		bool negative = false;

		if (i < text.size() && (text[i] == '+' || text[i] == '-'))
			negative = text[i++] == '-';
		if (i == text.size() || text.size() - i > 6)
			return false;
		for (; i < text.size(); i++)
		{
			if (!std::isdigit(static_cast<unsigned char>(text[i])))
				return false;
			exponent = exponent * 10 + (text[i] - '0');
		}
		if (negative)
			exponent = -exponent;
		(void) start;
	}
	if (i != text.size())
		return false;
	d.exponent = exponent - fraction_digits;
	dscale = d.exponent < 0 ? static_cast<int>(-d.exponent) : 0;
	normalize(d);
	return dscale <= 0x3FFF;
}

/*
 * PostgreSQL's on-disk numeric (after the varlena header) of an exact
 * decimal: long or (when it fits and 'short_form') short header, base-10000
 * digits without leading or trailing zero digits.  False when the weight
 * does not fit.
 */
bool
encode_numeric(const Decimal &d, int dscale, NumericValue::Kind kind, bool short_form,
			   std::vector<int16_t> &words)
{
	std::vector<int16_t> groups;
	long weight = 0;

	words.clear();
	switch (kind)
	{
		case NumericValue::Kind::NaN:
			words.push_back(static_cast<int16_t>(0xC000));
			return true;
		case NumericValue::Kind::PosInfinity:
			words.push_back(static_cast<int16_t>(0xD000));
			return true;
		case NumericValue::Kind::NegInfinity:
			words.push_back(static_cast<int16_t>(0xF000));
			return true;
		case NumericValue::Kind::Finite:
			break;
	}
	if (!d.digits.empty())
	{
		long low = d.exponent >= 0 ? d.exponent / 4 * 4 : -((-d.exponent + 3) / 4) * 4;
		std::string padded = d.digits + std::string(static_cast<size_t>(d.exponent - low), '0');

		if (padded.size() % 4 != 0)
			padded.insert(0, 4 - padded.size() % 4, '0');
		for (size_t i = 0; i < padded.size(); i += 4)
			groups.push_back(static_cast<int16_t>(std::stoi(padded.substr(i, 4))));
		weight = low / 4 + static_cast<long>(groups.size()) - 1;
		while (!groups.empty() && groups.back() == 0)
			groups.pop_back();
	}
	if (weight < -32768 || weight > 32767)
		return false;
	bool negative = d.negative && !groups.empty();

	if (short_form && dscale <= 63 && weight >= -64 && weight <= 63)
		words.push_back(static_cast<int16_t>(0x8000 | (negative ? 0x2000 : 0) | dscale << 7 |
											 (weight < 0 ? 0x40 : 0) | (weight & 0x3F)));
	else
	{
		words.push_back(static_cast<int16_t>((negative ? 0x4000 : 0) | dscale));
		words.push_back(static_cast<int16_t>(weight));
	}
	words.insert(words.end(), groups.begin(), groups.end());
	return true;
}

/* Mode 0: numeric text, encoded as the server stores it. */
void
run_text(cdc_fuzz::Input &in)
{
	bool short_form = in.byte() & 1;
	uint8_t selector = in.byte();
	std::string text = in.rest();
	Decimal d;
	int dscale = 0;
	NumericValue::Kind kind;
	std::vector<int16_t> words;

	if (!parse_numeric_text(text, d, dscale, kind) ||
		!encode_numeric(d, dscale, kind, short_form, words))
		return;

	NumericValue v = cdc::decode_numeric(reinterpret_cast<const char *>(words.data()),
										 words.size() * sizeof(int16_t));
	uint8_t scale_byte[1] = {selector};
	cdc_fuzz::Input scale_in(scale_byte, 1);

	check(v.kind == kind, "decoded kind is the encoded one", text);
	if (kind != NumericValue::Kind::Finite)
	{
		check_value(v, scale_in);
		return;
	}
	Decimal back = decimal_of(v);

	check(v.dscale == dscale, "decoded dscale is the encoded one", text);
	check(back.digits == d.digits && back.exponent == d.exponent &&
			  back.negative == (d.negative && !d.digits.empty()),
		  "decode_numeric reads back the value encoded", text);
	check_value(v, scale_in);
}

/* Mode 1: arbitrary on-disk bytes (2-byte aligned, as the server's are). */
void
run_raw(cdc_fuzz::Input &in)
{
	uint8_t selector = in.byte();
	std::string raw = in.rest();
	std::vector<int16_t> aligned(raw.size() / 2 + 1);
	NumericValue v;

	std::memcpy(aligned.data(), raw.data(), raw.size());
	try
	{
		v = cdc::decode_numeric(reinterpret_cast<const char *>(aligned.data()), raw.size());
	}
	catch (const cdc::EncodeError &)
	{
		return;
	}
	check(v.ndigits >= 0 && (v.ndigits == 0 || v.digits != nullptr), "digits are readable");
	check(v.dscale >= 0 && v.dscale <= 0x3FFF, "dscale in PostgreSQL's range");

	uint8_t scale_byte[3] = {selector, static_cast<uint8_t>(selector * 7),
							 static_cast<uint8_t>(selector >> 1)};
	cdc_fuzz::Input scale_in(scale_byte, 3);

	check_value(v, scale_in);
}

/* Mode 2: money (Cash at 0..10 storage digits) as a numeric. */
void
run_money(cdc_fuzz::Input &in)
{
	int64_t cash = in.i64();
	int storage_digits = static_cast<int>(in.range(0, 10));
	int16_t digits[cdc::kMoneyNumericDigits];
	NumericValue v = cdc::money_to_numeric(cash, storage_digits, digits);
	Decimal exact;
	std::string magnitude = std::to_string(cash);

	exact.negative = cash < 0;
	exact.digits = cash < 0 ? magnitude.substr(1) : magnitude;
	exact.exponent = -storage_digits;
	normalize(exact);
	check(v.dscale == storage_digits, "money keeps its storage digits as dscale");
	Decimal got = decimal_of(v);

	check(got.digits == exact.digits && got.exponent == exact.exponent &&
			  got.negative == exact.negative,
		  "money_to_numeric is cash / 10^digits", magnitude);
	check_finite(v, exact, static_cast<int>(in.range(0, 30)));
}

} /* namespace */

/* libFuzzer's entry point. */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdc_fuzz::Input in(data, size);

	switch (in.byte() % 3)
	{
		case 0:
			run_text(in);
			break;
		case 1:
			run_raw(in);
			break;
		default:
			run_money(in);
			break;
	}
	return 0;
}
