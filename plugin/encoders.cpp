/*
 * encoders.cpp
 *		Debezium's value rules as pure functions: turns PostgreSQL's binary
 *		forms (bytes, floats, numerics, timestamps, times, uuids) into the
 *		exact text Debezium's JSON shows.
 *
 * C++ zone: no server header, no server call, no heap allocation.  Every
 * function writes into a buffer its caller sized (see encoders.h) and uses
 * only the stack besides.
 */
#include "encoders.h"

#include "digest.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>

namespace cdc
{

namespace
{

const char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const char kBase64UrlAlphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const char kHexDigits[] = "0123456789abcdef";

/* ---- small writers ---- */

/* Writes 'value' as exactly 'width' decimal digits (zero padded). */
char *
put_fixed(char *p, uint64_t value, int width)
{
	for (int i = width - 1; i >= 0; i--)
	{
		p[i] = static_cast<char>('0' + value % 10);
		value /= 10;
	}
	return p + width;
}

/* Writes 'value' in decimal, zero padded to at least 'min_width' digits. */
char *
put_padded(char *p, uint64_t value, int min_width)
{
	char tmp[24];
	int n = 0;

	do
	{
		tmp[n++] = static_cast<char>('0' + value % 10);
		value /= 10;
	} while (value != 0);
	while (n < min_width)
		tmp[n++] = '0';
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* ---- floating point ---- */

/*
 * A finite value as decimal digits: sign, significant digits (no dot, no
 * trailing zeros) and the decimal exponent of the first digit.
 */
struct DecimalDigits
{
	bool negative;
	char digits[24];
	int ndigits;
	int exponent;
};

/* Splits to_chars' "-d.dddde-XX" text into a DecimalDigits. */
void
split_scientific(const char *text, const char *end, DecimalDigits &out)
{
	const char *p = text;

	out.negative = false;
	out.ndigits = 0;
	out.exponent = 0;
	if (p < end && *p == '-')
	{
		out.negative = true;
		p++;
	}
	for (; p < end && *p != 'e'; p++)
	{
		if (*p != '.' && out.ndigits < static_cast<int>(sizeof(out.digits)))
			out.digits[out.ndigits++] = *p;
	}
	/* drop trailing zeros (a two-digit form may end in one), keep "0" */
	while (out.ndigits > 1 && out.digits[out.ndigits - 1] == '0')
		out.ndigits--;
	if (p < end)
	{
		bool exp_negative = false;
		int exponent = 0;

		p++; /* 'e' */
		if (p < end && (*p == '-' || *p == '+'))
			exp_negative = (*p++ == '-');
		for (; p < end; p++)
			exponent = exponent * 10 + (*p - '0');
		out.exponent = exp_negative ? -exponent : exponent;
	}
}

/*
 * Java's choice of digits (JDK 19+): the shortest decimal that rounds back
 * to the value, except that when one digit suffices Java takes the closest
 * decimal of one or two digits.  That only differs from to_chars' shortest
 * for subnormals (Double.MIN_VALUE is "4.9E-324", not "5.0E-324"): for a
 * normal value the two-digit grid is far coarser than its ulp.
 */
template <typename T>
void
java_digits(T value, DecimalDigits &out)
{
	char text[48];
	std::to_chars_result r;

	r = std::to_chars(text, text + sizeof(text), value, std::chars_format::scientific);
	split_scientific(text, r.ptr, out);

	if (out.ndigits == 1 && value != 0 &&
		(value < std::numeric_limits<T>::min() && value > -std::numeric_limits<T>::min()))
	{
		DecimalDigits two;
		T back = 0;

		r = std::to_chars(text, text + sizeof(text), value, std::chars_format::scientific, 1);
		std::from_chars_result fr = std::from_chars(text, r.ptr, back);

		if (fr.ec == std::errc() && back == value)
		{
			split_scientific(text, r.ptr, two);
			out = two;
		}
	}
}

/*
 * Lays digits out as Java's Double.toString / Float.toString do: plain
 * decimal with at least one fraction digit when 1e-3 <= |v| < 1e7,
 * otherwise "d.dddE[-]n".
 */
size_t
java_layout(const DecimalDigits &d, char *dst)
{
	char *p = dst;
	int e = d.exponent;

	if (d.negative)
		*p++ = '-';
	if (d.ndigits == 1 && d.digits[0] == '0')
	{
		std::memcpy(p, "0.0", 3);
		return static_cast<size_t>(p + 3 - dst);
	}
	if (e >= 0 && e < 7)
	{
		/* integer part: digits[0 .. e], padded with zeros */
		for (int i = 0; i <= e; i++)
			*p++ = i < d.ndigits ? d.digits[i] : '0';
		*p++ = '.';
		if (d.ndigits > e + 1)
		{
			for (int i = e + 1; i < d.ndigits; i++)
				*p++ = d.digits[i];
		}
		else
			*p++ = '0';
	}
	else if (e < 0 && e >= -3)
	{
		*p++ = '0';
		*p++ = '.';
		for (int i = -1; i > e; i--)
			*p++ = '0';
		for (int i = 0; i < d.ndigits; i++)
			*p++ = d.digits[i];
	}
	else
	{
		*p++ = d.digits[0];
		*p++ = '.';
		if (d.ndigits > 1)
		{
			for (int i = 1; i < d.ndigits; i++)
				*p++ = d.digits[i];
		}
		else
			*p++ = '0';
		*p++ = 'E';
		if (e < 0)
		{
			*p++ = '-';
			e = -e;
		}
		p = put_padded(p, static_cast<uint64_t>(e), 1);
	}
	return static_cast<size_t>(p - dst);
}

/* ---- numeric ---- */

constexpr uint16_t kNumericSignMask = 0xC000;
constexpr uint16_t kNumericPos = 0x0000;
constexpr uint16_t kNumericNeg = 0x4000;
constexpr uint16_t kNumericShort = 0x8000;
constexpr uint16_t kNumericSpecial = 0xC000;
constexpr uint16_t kNumericExtSignMask = 0xF000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPosInf = 0xD000;
constexpr uint16_t kNumericNegInf = 0xF000;
constexpr uint16_t kNumericShortSignMask = 0x2000;
constexpr uint16_t kNumericShortDscaleMask = 0x1F80;
constexpr int kNumericShortDscaleShift = 7;
constexpr uint16_t kNumericShortWeightSignMask = 0x0040;
constexpr uint16_t kNumericShortWeightMask = 0x003F;
constexpr uint16_t kNumericDscaleMask = 0x3FFF;
constexpr int kNbase = 10000;
constexpr int kDecDigits = 4;

/* Reads a native-order 16-bit word from possibly unaligned bytes. */
uint16_t
load_u16(const char *p)
{
	uint16_t v;

	std::memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Scales we accept: PostgreSQL's dscale is at most 16383 and a typmod scale
 * lies in -1000..1000; the limit only keeps the arithmetic far from int
 * overflow.
 */
constexpr int kMaxAbsScale = 1 << 20;

/* Refuses a scale outside +/-kMaxAbsScale. */
void
check_scale(int scale)
{
	if (scale > kMaxAbsScale || scale < -kMaxAbsScale)
		throw EncodeError("numeric: scale out of range");
}

/* Floor of a / b for b > 0. */
int
floor_div_int(int a, int b)
{
	int q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

/*
 * The decimal digit of |value| at 10^power, as PostgreSQL prints the value:
 * digits beyond dscale do not exist (numeric_out truncates them).
 */
int
digit_at(const NumericValue &value, int power)
{
	static const int pow10[kDecDigits] = {1, 10, 100, 1000};
	int q;
	int i;

	if (power < -value.dscale)
		return 0;
	q = floor_div_int(power, kDecDigits);
	i = value.weight - q;
	if (i < 0 || i >= value.ndigits)
		return 0;
	return (value.digits[i] / pow10[power - q * kDecDigits]) % 10;
}

/*
 * |value| * 10^scale rounded half away from zero, seen as the decimal digits
 * of an integer U without materialising them: digit(k) is U's k-th digit
 * from the most significant (k < ndigits).  ndigits is 0 when U is 0.
 */
struct ScaledInt
{
	const NumericValue *value;
	int top;	/* power in value of U's leading digit */
	int bottom; /* power in value of U's units digit (-scale) */
	int ndigits;
	bool round_up;	/* the dropped part adds one */
	int bump;		/* power that takes the +1 (lowest non-9) */
	bool carry_out; /* all nines rounded up: U = 10^(ndigits-1) */

	int digit(int k) const
	{
		int power;
		int d;

		if (carry_out)
			return k == 0 ? 1 : 0;
		power = top - k;
		d = digit_at(*value, power);
		if (round_up)
		{
			if (power == bump)
				d++;
			else if (power < bump)
				d = 0;
		}
		return d;
	}
};

/* Prepares the ScaledInt of a finite value at 'scale' places. */
ScaledInt
scale_value(const NumericValue &value, int scale)
{
	ScaledInt s;
	int lowest;
	int span;

	if (value.kind != NumericValue::Kind::Finite)
		throw EncodeError("numeric: NaN or infinity has no decimal value");
	check_scale(scale);

	s.value = &value;
	s.bottom = -scale;
	s.round_up = false;
	s.bump = 0;
	s.carry_out = false;
	s.ndigits = 0;
	s.top = s.bottom - 1;

	if (value.ndigits <= 0)
		return s;

	/* Leading digit: skip zeros from the first digit's top place down. */
	lowest = kDecDigits * (value.weight - value.ndigits + 1);
	if (lowest < -value.dscale)
		lowest = -value.dscale;
	if (lowest < s.bottom)
		lowest = s.bottom;
	for (int p = kDecDigits * value.weight + kDecDigits - 1; p >= lowest; p--)
	{
		if (digit_at(value, p) != 0)
		{
			s.top = p;
			break;
		}
	}
	s.round_up = digit_at(value, s.bottom - 1) >= 5;

	if (s.top < s.bottom)
	{
		/* nothing kept; rounding may still make it 1 */
		if (s.round_up)
		{
			s.top = s.bottom;
			s.ndigits = 1;
			s.bump = s.bottom;
		}
		return s;
	}

	span = s.top - s.bottom + 1;
	s.ndigits = span;
	if (s.round_up)
	{
		int p;

		for (p = s.bottom; p <= s.top; p++)
			if (digit_at(value, p) != 9)
				break;
		if (p > s.top)
		{
			s.carry_out = true;
			s.ndigits = span + 1;
		}
		else
			s.bump = p;
	}
	return s;
}

/* Upper bound of the digit count of U (before skipping leading zeros). */
int
scaled_digit_bound(const NumericValue &value, int scale)
{
	int n = 0;

	check_scale(scale);
	if (value.kind == NumericValue::Kind::Finite && value.ndigits > 0)
	{
		long span = static_cast<long>(kDecDigits) * value.weight + kDecDigits + scale;

		if (span > 0)
			n = static_cast<int>(span);
	}
	return n + 1; /* the rounding carry */
}

/* Little-endian 32-bit limb access inside a byte buffer. */
uint32_t
load_limb(const uint8_t *p)
{
	return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
		   (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

void
store_limb(uint8_t *p, uint32_t v)
{
	p[0] = static_cast<uint8_t>(v);
	p[1] = static_cast<uint8_t>(v >> 8);
	p[2] = static_cast<uint8_t>(v >> 16);
	p[3] = static_cast<uint8_t>(v >> 24);
}

/*
 * Turns a big-endian magnitude field whose first byte is 0x00 into the
 * minimal two's-complement bytes of +/-magnitude (BigInteger.toByteArray),
 * moved to the start of 'field'.  Returns the byte count.
 */
size_t
finish_twos_complement(uint8_t *field, size_t len, bool negative)
{
	size_t start = 0;

	if (negative)
	{
		unsigned carry = 1;

		for (size_t i = len; i-- > 0;)
		{
			unsigned b = static_cast<uint8_t>(~field[i]) + carry;

			field[i] = static_cast<uint8_t>(b);
			carry = b >> 8;
		}
		while (start + 1 < len && field[start] == 0xFF && (field[start + 1] & 0x80) != 0)
			start++;
	}
	else
	{
		while (start + 1 < len && field[start] == 0x00 && (field[start + 1] & 0x80) == 0)
			start++;
	}
	if (start > 0)
		std::memmove(field, field + start, len - start);
	return len - start;
}

/* ---- dates and times ---- */

constexpr int64_t kMicrosPerSecond = INT64_C(1000000);
constexpr int64_t kMicrosPerDay = INT64_C(86400000000);

/*
 * Proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's
 * civil_from_days, valid for any int64 day count we can meet).
 */
void
civil_from_days(int64_t days, int64_t &year, int &month, int &day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097; /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
	month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
	year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

/* "HH:MM:SS" of a second of the day. */
char *
put_hms(char *p, int64_t second_of_day)
{
	p = put_fixed(p, static_cast<uint64_t>(second_of_day / 3600), 2);
	*p++ = ':';
	p = put_fixed(p, static_cast<uint64_t>(second_of_day / 60 % 60), 2);
	*p++ = ':';
	return put_fixed(p, static_cast<uint64_t>(second_of_day % 60), 2);
}

/* ".ffffff" with trailing zeros removed, nothing when the fraction is 0. */
char *
put_minimal_fraction(char *p, int64_t micros)
{
	char digits[6];
	int n = 6;

	if (micros == 0)
		return p;
	put_fixed(digits, static_cast<uint64_t>(micros), 6);
	while (digits[n - 1] == '0')
		n--;
	*p++ = '.';
	std::memcpy(p, digits, static_cast<size_t>(n));
	return p + n;
}

/*
 * "[+-]YYYY-MM-DD" of a day count from 1970-01-01, with java.time's ISO
 * year rules: at least 4 digits, '+' above 9999, '-' before year 0.
 */
char *
put_date(char *p, int64_t unix_days)
{
	int64_t year;
	int month;
	int day;

	civil_from_days(unix_days, year, month, day);
	if (year > 9999)
		*p++ = '+';
	else if (year < 0)
		*p++ = '-';
	p = put_padded(p, static_cast<uint64_t>(year < 0 ? -year : year), 4);
	*p++ = '-';
	p = put_fixed(p, static_cast<uint64_t>(month), 2);
	*p++ = '-';
	return put_fixed(p, static_cast<uint64_t>(day), 2);
}

/*
 * "<date>THH:MM:SS[.f]Z": exactly 'precision' fraction digits for 1..9,
 * else the fraction with trailing zeros removed (ISO_OFFSET_DATE_TIME).
 */
char *
put_timestamp(char *p, int64_t unix_days, int64_t micros_of_day, int precision)
{
	int64_t micros = micros_of_day % kMicrosPerSecond;

	p = put_date(p, unix_days);
	*p++ = 'T';
	p = put_hms(p, micros_of_day / kMicrosPerSecond);
	if (precision >= 1 && precision <= 9)
	{
		char digits[9];

		put_fixed(digits, static_cast<uint64_t>(micros), 6);
		digits[6] = digits[7] = digits[8] = '0';
		*p++ = '.';
		std::memcpy(p, digits, static_cast<size_t>(precision));
		p += precision;
	}
	else
		p = put_minimal_fraction(p, micros);
	*p++ = 'Z';
	return p;
}

} /* anonymous namespace */

/* ---- bytes ---- */

/*
 * Base64 with '=' padding, as java.util.Base64's basic or URL-safe encoder
 * writes it (Kafka's JsonConverter and binary.handling.mode=base64*).
 */
void
base64_encode(const uint8_t *src, size_t n, char *dst, bool url_safe)
{
	const char *alphabet = url_safe ? kBase64UrlAlphabet : kBase64Alphabet;
	size_t i = 0;

	for (; i + 3 <= n; i += 3)
	{
		uint32_t v = (static_cast<uint32_t>(src[i]) << 16) |
					 (static_cast<uint32_t>(src[i + 1]) << 8) | src[i + 2];

		*dst++ = alphabet[v >> 18];
		*dst++ = alphabet[(v >> 12) & 0x3F];
		*dst++ = alphabet[(v >> 6) & 0x3F];
		*dst++ = alphabet[v & 0x3F];
	}
	if (n - i == 1)
	{
		uint32_t v = static_cast<uint32_t>(src[i]) << 16;

		*dst++ = alphabet[v >> 18];
		*dst++ = alphabet[(v >> 12) & 0x3F];
		*dst++ = '=';
		*dst++ = '=';
	}
	else if (n - i == 2)
	{
		uint32_t v =
			(static_cast<uint32_t>(src[i]) << 16) | (static_cast<uint32_t>(src[i + 1]) << 8);

		*dst++ = alphabet[v >> 18];
		*dst++ = alphabet[(v >> 12) & 0x3F];
		*dst++ = alphabet[(v >> 6) & 0x3F];
		*dst++ = '=';
	}
}

/* Lowercase hex, binary.handling.mode=hex. */
void
hex_encode(const uint8_t *src, size_t n, char *dst)
{
	for (size_t i = 0; i < n; i++)
	{
		*dst++ = kHexDigits[src[i] >> 4];
		*dst++ = kHexDigits[src[i] & 0x0F];
	}
}

/* ---- floating point ---- */

/* Double.toString of a finite double (float8 columns). */
size_t
format_java_double(double value, char *dst)
{
	DecimalDigits d;

	java_digits(value, d);
	return java_layout(d, dst);
}

/*
 * Float.toString of a finite float (float4 columns): the shortest digits of
 * the 32-bit value, so 3.3f is "3.3", not the double's 3.299999952316284.
 */
size_t
format_java_float(float value, char *dst)
{
	DecimalDigits d;

	java_digits(value, d);
	return java_layout(d, dst);
}

/* ---- numeric ---- */

/*
 * Reads PostgreSQL's on-disk numeric: a 2-byte header for NaN/Infinity and
 * for the short form, a 4-byte header (sign+dscale, weight) for the long
 * form, then base-10000 digits.  Only the shape is checked, not whether
 * leading/trailing zero digits were stripped.
 */
NumericValue
decode_numeric(const char *data, size_t len)
{
	NumericValue value;
	uint16_t header;
	size_t header_size;

	value.kind = NumericValue::Kind::Finite;
	value.negative = false;
	value.weight = 0;
	value.dscale = 0;
	value.digits = nullptr;
	value.ndigits = 0;

	if (data == nullptr || len < sizeof(uint16_t))
		throw EncodeError("numeric: value shorter than its header");
	header = load_u16(data);

	switch (header & kNumericSignMask)
	{
		case kNumericSpecial:
			switch (header & kNumericExtSignMask)
			{
				case kNumericNaN:
					value.kind = NumericValue::Kind::NaN;
					break;
				case kNumericPosInf:
					value.kind = NumericValue::Kind::PosInfinity;
					break;
				case kNumericNegInf:
					value.kind = NumericValue::Kind::NegInfinity;
					value.negative = true;
					break;
				default:
					throw EncodeError("numeric: unknown special value");
			}
			return value;

		case kNumericShort:
			header_size = sizeof(uint16_t);
			value.negative = (header & kNumericShortSignMask) != 0;
			value.dscale = (header & kNumericShortDscaleMask) >> kNumericShortDscaleShift;
			value.weight = header & kNumericShortWeightMask;
			if ((header & kNumericShortWeightSignMask) != 0)
				value.weight |= ~static_cast<int>(kNumericShortWeightMask);
			break;

		case kNumericPos:
		case kNumericNeg:
			header_size = 2 * sizeof(uint16_t);
			if (len < header_size)
				throw EncodeError("numeric: value shorter than its header");
			value.negative = (header & kNumericSignMask) == kNumericNeg;
			value.dscale = header & kNumericDscaleMask;
			value.weight = static_cast<int16_t>(load_u16(data + 2));
			break;

		default: /* not reached: the mask has four values */
			throw EncodeError("numeric: bad header");
	}

	if ((len - header_size) % sizeof(int16_t) != 0)
		throw EncodeError("numeric: odd number of digit bytes");
	value.ndigits = static_cast<int>((len - header_size) / sizeof(int16_t));
	value.digits = reinterpret_cast<const int16_t *>(data + header_size);
	for (int i = 0; i < value.ndigits; i++)
	{
		if (value.digits[i] < 0 || value.digits[i] >= kNbase)
			throw EncodeError("numeric: digit out of range");
	}
	if (value.ndigits == 0)
		value.digits = nullptr;
	return value;
}

/* Room numeric_unscaled_bytes needs: the bignum work area plus a sign byte. */
size_t
numeric_unscaled_max_bytes(const NumericValue &value, int scale)
{
	/* bits of a number of n decimal digits <= n * log2(10) < n * 3.322 */
	size_t n = static_cast<size_t>(scaled_digit_bound(value, scale));
	size_t bits = n * 3322 / 1000 + 1;
	size_t limbs = bits / 32 + 2;

	return 4 * limbs + 1;
}

/*
 * The Kafka Decimal bytes: U = |value| * 10^scale rounded half away from
 * zero, converted to binary, then written as BigInteger.toByteArray() of
 * +/-U.  Up to 19 digits go through a uint64; larger values through 32-bit
 * limbs kept in dst itself (schoolbook, nine decimal digits per step).
 */
size_t
numeric_unscaled_bytes(const NumericValue &value, int scale, uint8_t *dst)
{
	ScaledInt s = scale_value(value, scale);

	if (s.ndigits == 0)
	{
		dst[0] = 0;
		return 1;
	}

	if (s.ndigits <= 19)
	{
		uint64_t u = 0;

		for (int k = 0; k < s.ndigits; k++)
			u = u * 10 + static_cast<uint64_t>(s.digit(k));
		dst[0] = 0;
		for (int i = 8; i >= 1; i--)
		{
			dst[i] = static_cast<uint8_t>(u);
			u >>= 8;
		}
		return finish_twos_complement(dst, 9, value.negative);
	}
	else
	{
		static const uint32_t pow10[10] = {1,	   10,		100,	  1000,		 10000,
										   100000, 1000000, 10000000, 100000000, 1000000000};
		uint8_t *limbs = dst + 1; /* little-endian limbs after dst[0] */
		size_t nlimbs = 0;
		size_t nbytes;

		for (int k = 0; k < s.ndigits; k += 9)
		{
			int width = s.ndigits - k < 9 ? s.ndigits - k : 9;
			uint64_t carry = 0;
			uint64_t mult = pow10[width];

			for (int j = 0; j < width; j++)
				carry = carry * 10 + static_cast<uint64_t>(s.digit(k + j));
			for (size_t i = 0; i < nlimbs; i++)
			{
				uint64_t t = load_limb(limbs + 4 * i) * mult + carry;

				store_limb(limbs + 4 * i, static_cast<uint32_t>(t));
				carry = t >> 32;
			}
			if (carry != 0)
				store_limb(limbs + 4 * nlimbs++, static_cast<uint32_t>(carry));
		}

		/* little-endian bytes → big-endian, behind a 0x00 sign byte */
		nbytes = 4 * nlimbs;
		for (size_t i = 0; i < nbytes / 2; i++)
		{
			uint8_t t = limbs[i];

			limbs[i] = limbs[nbytes - 1 - i];
			limbs[nbytes - 1 - i] = t;
		}
		dst[0] = 0;
		return finish_twos_complement(dst, nbytes + 1, value.negative);
	}
}

/*
 * Scale after stripTrailingZeros(), clamped at 0: the place of the lowest
 * nonzero decimal digit (VariableScaleDecimal's "scale").
 */
int
numeric_stripped_scale(const NumericValue &value)
{
	if (value.kind != NumericValue::Kind::Finite)
		throw EncodeError("numeric: NaN or infinity has no scale");

	for (int i = value.ndigits - 1; i >= 0; i--)
	{
		int low = kDecDigits * (value.weight - i);

		if (value.digits[i] == 0)
			continue;
		for (int p = low; p < low + kDecDigits; p++)
		{
			if (digit_at(value, p) != 0)
				return p < 0 ? -p : 0;
		}
	}
	return 0;
}

/* Room numeric_to_text needs: sign, integer digits, point, |scale| places. */
size_t
numeric_text_max_length(const NumericValue &value, int scale)
{
	size_t n = 8;

	check_scale(scale);
	if (value.kind == NumericValue::Kind::Finite && value.weight >= 0)
		n += static_cast<size_t>(kDecDigits) * (value.weight + 1);
	n += static_cast<size_t>(scale < 0 ? -static_cast<long>(scale) : scale);
	return n;
}

/*
 * BigDecimal.setScale(scale, HALF_UP).toPlainString(): "-1.10", "0.00",
 * "1200" for a negative scale; zero is never signed.
 */
size_t
numeric_to_text(const NumericValue &value, int scale, char *dst)
{
	ScaledInt s = scale_value(value, scale);
	char *p = dst;
	int n = s.ndigits;

	if (n == 0)
	{
		*p++ = '0';
		if (scale > 0)
		{
			*p++ = '.';
			std::memset(p, '0', static_cast<size_t>(scale));
			p += scale;
		}
		return static_cast<size_t>(p - dst);
	}

	if (value.negative)
		*p++ = '-';
	if (scale <= 0)
	{
		for (int k = 0; k < n; k++)
			*p++ = static_cast<char>('0' + s.digit(k));
		std::memset(p, '0', static_cast<size_t>(-scale));
		p += -scale;
	}
	else if (n > scale)
	{
		for (int k = 0; k < n - scale; k++)
			*p++ = static_cast<char>('0' + s.digit(k));
		*p++ = '.';
		for (int k = n - scale; k < n; k++)
			*p++ = static_cast<char>('0' + s.digit(k));
	}
	else
	{
		*p++ = '0';
		*p++ = '.';
		std::memset(p, '0', static_cast<size_t>(scale - n));
		p += scale - n;
		for (int k = 0; k < n; k++)
			*p++ = static_cast<char>('0' + s.digit(k));
	}
	return static_cast<size_t>(p - dst);
}

/* ---- dates and times ---- */

/*
 * ZonedTimestamp text of a UTC instant, as Debezium formats it: ISO date
 * with Java's year rules (4+ digits, '+' above 9999, astronomical '-' years
 * before year 1), 'T', time, 'Z'.  precision 1..9 gives exactly that many
 * fraction digits (Debezium's fixed-width formatter; PostgreSQL has 6 at
 * most, so 7..9 pad with zeros); 0 means Debezium's ISO_OFFSET_DATE_TIME,
 * which prints the fraction with trailing zeros removed, so nothing for the
 * whole seconds a timestamptz(0) holds.
 */
size_t
format_zoned_timestamp(int64_t unix_micros, int precision, char *dst)
{
	int64_t days = floor_div(unix_micros, kMicrosPerDay);
	int64_t micros_of_day = unix_micros - days * kMicrosPerDay; /* no overflow */

	return static_cast<size_t>(put_timestamp(dst, days, micros_of_day, precision) - dst);
}

/*
 * ZonedTime text of a timetz: local time plus the zone (seconds west of
 * UTC) gives UTC, wrapped into one day; fraction with trailing zeros
 * removed, as ISO_OFFSET_TIME prints it.  24:00:00 at UTC wraps to
 * "00:00:00Z" like Debezium 3.6.1, whose parser resolves 24:00 to midnight.
 */
size_t
format_zoned_time(int64_t micros_of_day, int32_t zone_seconds_west, char *dst)
{
	int64_t utc = micros_of_day + static_cast<int64_t>(zone_seconds_west) * kMicrosPerSecond;
	char *p = dst;

	utc %= kMicrosPerDay;
	if (utc < 0)
		utc += kMicrosPerDay;
	p = put_hms(p, utc / kMicrosPerSecond);
	p = put_minimal_fraction(p, utc % kMicrosPerSecond);
	*p++ = 'Z';
	return static_cast<size_t>(p - dst);
}

/* ---- uuid ---- */

/* The 8-4-4-4-12 lowercase text of a uuid (PostgreSQL's uuid_out). */
void
format_uuid(const uint8_t bytes[16], char *dst)
{
	for (int i = 0; i < 16; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*dst++ = '-';
		*dst++ = kHexDigits[bytes[i] >> 4];
		*dst++ = kHexDigits[bytes[i] & 0x0F];
	}
}

/* ---- numeric: Java texts and doubles ---- */

/* Room numeric_to_java_string needs: the plain text plus an exponent. */
size_t
numeric_java_string_max_length(const NumericValue &value, int scale)
{
	return numeric_text_max_length(value, scale) + 16;
}

/*
 * BigDecimal.toString() of the value at 'scale' places: the plain text when
 * the scale is >= 0 and the adjusted exponent (-scale + digits - 1) is at
 * least -6, otherwise d.dddE±n with the coefficient's digits.
 */
size_t
numeric_to_java_string(const NumericValue &value, int scale, char *dst)
{
	ScaledInt s = scale_value(value, scale);
	int ncoeff = s.ndigits == 0 ? 1 : s.ndigits;
	long adjusted = -static_cast<long>(scale) + (ncoeff - 1);
	char *p = dst;

	if (scale >= 0 && adjusted >= -6)
		return numeric_to_text(value, scale, dst);

	if (s.ndigits == 0)
		*p++ = '0';
	else
	{
		if (value.negative)
			*p++ = '-';
		*p++ = static_cast<char>('0' + s.digit(0));
		if (s.ndigits > 1)
		{
			*p++ = '.';
			for (int k = 1; k < s.ndigits; k++)
				*p++ = static_cast<char>('0' + s.digit(k));
		}
	}
	if (adjusted != 0)
	{
		*p++ = 'E';
		if (adjusted > 0)
			*p++ = '+';
		else
		{
			*p++ = '-';
			adjusted = -adjusted;
		}
		p = put_padded(p, static_cast<uint64_t>(adjusted), 1);
	}
	return static_cast<size_t>(p - dst);
}

/*
 * BigDecimal.doubleValue(): the value's leading 800 significant digits
 * (more than the 767 any double's rounding boundary needs), a sticky '1'
 * when nonzero digits follow, parsed by from_chars, which rounds correctly.
 */
double
numeric_to_double(const NumericValue &value)
{
	constexpr int kMaxDigits = 800;
	char text[kMaxDigits + 40];
	char *p = text;
	int top = 0;
	int lowest;
	int power;
	int emitted = 0;
	bool found = false;
	double result = 0;
	std::from_chars_result r;

	switch (value.kind)
	{
		case NumericValue::Kind::NaN:
			return std::numeric_limits<double>::quiet_NaN();
		case NumericValue::Kind::PosInfinity:
			return std::numeric_limits<double>::infinity();
		case NumericValue::Kind::NegInfinity:
			return -std::numeric_limits<double>::infinity();
		case NumericValue::Kind::Finite:
			break;
	}
	if (value.ndigits <= 0)
		return 0.0;

	lowest = kDecDigits * (value.weight - value.ndigits + 1);
	if (lowest < -value.dscale)
		lowest = -value.dscale;
	for (power = kDecDigits * value.weight + kDecDigits - 1; power >= lowest; power--)
	{
		if (digit_at(value, power) != 0)
		{
			top = power;
			found = true;
			break;
		}
	}
	if (!found)
		return 0.0;

	if (value.negative)
		*p++ = '-';
	for (power = top; power >= lowest && emitted < kMaxDigits; power--, emitted++)
		*p++ = static_cast<char>('0' + digit_at(value, power));
	for (int rest = power; rest >= lowest; rest--)
	{
		if (digit_at(value, rest) != 0)
		{
			*p++ = '1';
			power--;
			break;
		}
	}
	/* 'power' is now one below the last digit written */
	*p++ = 'e';
	if (power + 1 < 0)
	{
		*p++ = '-';
		p = put_padded(p, static_cast<uint64_t>(-(power + 1)), 1);
	}
	else
		p = put_padded(p, static_cast<uint64_t>(power + 1), 1);

	r = std::from_chars(text, p, result);
	if (r.ec == std::errc::result_out_of_range)
	{
		result = top > 0 ? std::numeric_limits<double>::infinity() : 0.0;
		if (value.negative)
			result = -result;
	}
	else if (r.ec != std::errc())
		throw EncodeError("numeric: cannot convert to double");
	return result;
}

/* ---- money ---- */

/*
 * Cash as a NumericValue: |cash| * 10^pad split into base-10000 digits,
 * where pad aligns the decimal point to a digit boundary.
 */
NumericValue
money_to_numeric(int64_t cash, int storage_digits, int16_t digits[kMoneyNumericDigits])
{
	static const unsigned pow10[4] = {1, 10, 100, 1000};
	NumericValue value;
	unsigned __int128 magnitude;
	int16_t groups[kMoneyNumericDigits];
	int ngroups = 0;
	int pad;

	if (storage_digits < 0 || storage_digits > 10)
		throw EncodeError("money: fraction digits out of range");
	magnitude = cash < 0 ? static_cast<unsigned __int128>(-(cash + 1)) + 1
						 : static_cast<unsigned __int128>(cash);
	pad = (kDecDigits - storage_digits % kDecDigits) % kDecDigits;
	magnitude *= pow10[pad];
	while (magnitude != 0 && ngroups < kMoneyNumericDigits)
	{
		groups[ngroups++] = static_cast<int16_t>(magnitude % kNbase);
		magnitude /= kNbase;
	}
	for (int i = 0; i < ngroups; i++)
		digits[i] = groups[ngroups - 1 - i];

	value.kind = NumericValue::Kind::Finite;
	value.negative = cash < 0;
	value.dscale = storage_digits;
	value.ndigits = ngroups;
	value.digits = ngroups > 0 ? digits : nullptr;
	value.weight = ngroups > 0 ? ngroups - 1 - (storage_digits + pad) / kDecDigits : 0;
	return value;
}

/* ---- interval ---- */

namespace
{

/* An interval split the way PostgreSQL prints it and pgjdbc reads it back. */
struct IntervalParts
{
	int32_t years;
	int32_t months;
	int32_t days;
	int64_t hours;
	int64_t minutes;
	double seconds; /* PGInterval.getSeconds(): whole + micros / 1e6 */
};

/*
 * interval_out (IntervalStyle postgres) prints months/12 years, months%12
 * mons, days and a signed hh:mm:ss.ffffff whose fields share the time's
 * sign; PGInterval parses those back field by field.  Infinite intervals
 * (PG 17) print "infinity", which PGInterval reads as all zeros.
 */
IntervalParts
split_interval(int32_t months, int32_t days, int64_t micros)
{
	IntervalParts parts = {0, 0, 0, 0, 0, 0.0};
	int64_t rest;

	if ((months == INT32_MAX && days == INT32_MAX && micros == INT64_MAX) ||
		(months == INT32_MIN && days == INT32_MIN && micros == INT64_MIN))
		return parts;
	parts.years = months / 12;
	parts.months = months % 12;
	parts.days = days;
	parts.hours = micros / INT64_C(3600000000);
	rest = micros % INT64_C(3600000000);
	parts.minutes = rest / INT64_C(60000000);
	rest %= INT64_C(60000000);
	parts.seconds = static_cast<double>(rest / kMicrosPerSecond) +
					static_cast<double>(rest % kMicrosPerSecond) / 1000000.0;
	return parts;
}

/* Java's (long) cast of a double: truncation, saturating, NaN as 0. */
int64_t
java_double_to_long(double value)
{
	if (std::isnan(value))
		return 0;
	if (value >= 9223372036854775808.0)
		return INT64_MAX;
	if (value <= -9223372036854775808.0)
		return INT64_MIN;
	return static_cast<int64_t>(value);
}

/* Writes a signed decimal integer. */
char *
put_signed(char *p, int64_t value)
{
	if (value < 0)
	{
		*p++ = '-';
		return put_padded(p, static_cast<uint64_t>(-(value + 1)) + 1, 1);
	}
	return put_padded(p, static_cast<uint64_t>(value), 1);
}

} /* anonymous namespace */

/* MicroDuration.durationMicros(y, m, d, h, mi, s, 365.25 / 12). */
int64_t
interval_micro_duration(int32_t months, int32_t days, int64_t micros)
{
	IntervalParts parts = split_interval(months, days, micros);
	double number_of_days = static_cast<double>(parts.years * 12 + parts.months) * (365.25 / 12.0) +
							static_cast<double>(parts.days);
	double number_of_seconds = (((number_of_days * 24 + static_cast<double>(parts.hours)) * 60) +
								static_cast<double>(parts.minutes)) *
								   60 +
							   parts.seconds;

	return java_double_to_long(number_of_seconds * 1e6 + 0);
}

/*
 * Interval.toIsoString(y, m, d, h, mi, BigDecimal.valueOf(seconds)): the
 * seconds are Double.toString's digits as a decimal, cut (RoundingMode.DOWN)
 * to 9 places, trailing zeros stripped, printed plain.
 */
size_t
format_interval_iso(int32_t months, int32_t days, int64_t micros, char *dst)
{
	IntervalParts parts = split_interval(months, days, micros);
	DecimalDigits d;
	char *p = dst;
	char text[48];
	size_t n = 0;
	int first = 0;
	int last = -1;

	*p++ = 'P';
	p = put_signed(p, parts.years);
	*p++ = 'Y';
	p = put_signed(p, parts.months);
	*p++ = 'M';
	p = put_signed(p, parts.days);
	*p++ = 'D';
	*p++ = 'T';
	p = put_signed(p, parts.hours);
	*p++ = 'H';
	p = put_signed(p, parts.minutes);
	*p++ = 'M';

	/* seconds: digit at power k is d.digits[d.exponent - k] */
	java_digits(parts.seconds, d);
	first = d.exponent > 0 ? d.exponent : 0;
	for (int k = first; k >= -9; k--)
	{
		int i = d.exponent - k;
		char c = (i >= 0 && i < d.ndigits) ? d.digits[i] : '0';

		text[n++] = c;
		if (c != '0')
			last = k;
	}
	if (last == -1 && n > 0)
	{
		/* nothing nonzero at or above 10^-9 */
		bool any = false;

		for (size_t i = 0; i < n; i++)
			any = any || text[i] != '0';
		if (!any)
		{
			*p++ = '0';
			*p++ = 'S';
			return static_cast<size_t>(p - dst);
		}
	}
	if (d.negative)
		*p++ = '-';
	/* integer part: powers first .. 0 */
	for (int k = first; k >= 0; k--)
		*p++ = text[first - k];
	if (last < 0)
	{
		*p++ = '.';
		for (int k = -1; k >= last; k--)
			*p++ = text[first - k];
	}
	*p++ = 'S';
	return static_cast<size_t>(p - dst);
}

/* ---- bits ---- */

/*
 * Bit p of the string (0 = first) is value bit count-1-p; the bytes cover
 * the value up to its highest set bit.
 */
size_t
bits_to_bytes(const uint8_t *data, int32_t bit_count, uint8_t *dst)
{
	int32_t first_set = -1;
	int32_t value_bits;
	size_t nbytes;

	for (int32_t pos = 0; pos < bit_count; pos++)
	{
		if ((data[pos / 8] & (0x80 >> (pos % 8))) != 0)
		{
			first_set = pos;
			break;
		}
	}
	if (first_set < 0)
		return 0;
	value_bits = bit_count - first_set;
	nbytes = static_cast<size_t>((value_bits + 7) / 8);
	std::memset(dst, 0, nbytes);
	for (int32_t pos = first_set; pos < bit_count; pos++)
	{
		if ((data[pos / 8] & (0x80 >> (pos % 8))) != 0)
		{
			int32_t bit = bit_count - 1 - pos;

			dst[bit / 8] = static_cast<uint8_t>(dst[bit / 8] | (1 << (bit % 8)));
		}
	}
	return nbytes;
}

/* ---- point ---- */

/* Little-endian WKB of a point, as Point.buildWKBPoint writes it. */
void
point_wkb(double x, double y, uint8_t dst[kWkbPointSize])
{
	uint64_t bits;

	dst[0] = 1;
	dst[1] = 1;
	dst[2] = dst[3] = dst[4] = 0;
	std::memcpy(&bits, &x, sizeof(bits));
	for (int i = 0; i < 8; i++)
		dst[5 + i] = static_cast<uint8_t>(bits >> (8 * i));
	std::memcpy(&bits, &y, sizeof(bits));
	for (int i = 0; i < 8; i++)
		dst[13 + i] = static_cast<uint8_t>(bits >> (8 * i));
}

/* ---- hstore ---- */

namespace
{

/*
 * HStoreConverter.appendUntilQuote: from the byte after 'open', up to the
 * next unescaped '"' (or the end); a backslash skips over the next byte.
 */
size_t
until_quote(const char *text, size_t len, size_t open)
{
	size_t pos = open + 1;

	while (pos < len && text[pos] != '"')
	{
		if (text[pos] == '\\')
			pos++;
		pos++;
	}
	if (pos > len)
		throw EncodeError("hstore: text ends inside an escape");
	return pos;
}

} /* anonymous namespace */

/*
 * One step of HStoreConverter.fromString: the next '"' opens the key; three
 * bytes after its closing quote ("=>) comes either N(ULL) or the quoted
 * value; then one more byte is skipped.
 */
bool
HstoreReader::next(HstorePair &pair)
{
	size_t start;
	size_t end;

	if (pos_ >= len_)
		return false;
	start = pos_;
	while (start < len_ && text_[start] != '"')
		start++;
	if (start >= len_)
		throw EncodeError("hstore: expected a quoted key");
	end = until_quote(text_, len_, start);
	pair.key = text_ + start + 1;
	pair.key_len = end - start - 1;
	pos_ = end + 3;
	if (pos_ >= len_)
		throw EncodeError("hstore: expected a value");
	if (text_[pos_] == 'N')
	{
		pair.value = nullptr;
		pair.value_len = 0;
		pos_ += 4;
	}
	else
	{
		if (text_[pos_] != '"')
			throw EncodeError("hstore: expected a quoted value");
		end = until_quote(text_, len_, pos_);
		pair.value = text_ + pos_ + 1;
		pair.value_len = end - pos_ - 1;
		pos_ = end;
	}
	pos_++;
	return true;
}

/* Drops each escaping backslash, keeping the byte after it. */
size_t
hstore_unescape(const char *src, size_t len, char *dst)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
	{
		if (src[i] == '\\' && i + 1 < len)
			i++;
		dst[n++] = src[i];
	}
	return n;
}

/*
 * s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, int arithmetic
 * wrapping; UTF-8 is decoded, code points above U+FFFF count as their
 * surrogate pair.  (Bytes that are not UTF-8 count as U+FFFD, as Java's
 * decoder would make them.)
 */
int32_t
java_string_hash(const char *utf8, size_t len)
{
	const uint8_t *s = reinterpret_cast<const uint8_t *>(utf8);
	uint32_t h = 0;
	size_t i = 0;

	while (i < len)
	{
		uint32_t c = s[i];
		uint32_t cp;
		int extra;

		if (c < 0x80)
		{
			cp = c;
			extra = 0;
		}
		else if ((c & 0xE0) == 0xC0)
		{
			cp = c & 0x1F;
			extra = 1;
		}
		else if ((c & 0xF0) == 0xE0)
		{
			cp = c & 0x0F;
			extra = 2;
		}
		else if ((c & 0xF8) == 0xF0)
		{
			cp = c & 0x07;
			extra = 3;
		}
		else
		{
			cp = 0xFFFD;
			extra = 0;
		}
		i++;
		for (int k = 0; k < extra; k++)
		{
			if (i >= len || (s[i] & 0xC0) != 0x80)
			{
				cp = 0xFFFD;
				break;
			}
			cp = (cp << 6) | (s[i] & 0x3F);
			i++;
		}
		if (cp >= 0x10000)
		{
			h = 31 * h + (0xD800 + ((cp - 0x10000) >> 10));
			h = 31 * h + (0xDC00 + ((cp - 0x10000) & 0x3FF));
		}
		else
			h = 31 * h + cp;
	}
	return static_cast<int32_t>(h);
}

namespace
{

constexpr size_t kHashMapInitialCapacity = 16;
constexpr size_t kHashMapMinTreeifyCapacity = 64;
constexpr uint32_t kHashMapTreeifyThreshold = 8;

/* HashMap.hash(): the high half folded into the low half. */
uint32_t
hashmap_spread(int32_t hash)
{
	uint32_t h = static_cast<uint32_t>(hash);

	return h ^ (h >> 16);
}

/* Capacity the load factor 0.75 alone gives n entries. */
size_t
hashmap_load_capacity(size_t n)
{
	size_t capacity = kHashMapInitialCapacity;

	while (n > capacity / 4 * 3)
		capacity *= 2;
	return capacity;
}

} /* anonymous namespace */

/* Words java_hashmap_order needs: one per bucket of the largest table, +1. */
size_t
java_hashmap_work_size(size_t n)
{
	size_t capacity = hashmap_load_capacity(n);

	if (capacity < kHashMapMinTreeifyCapacity)
		capacity = kHashMapMinTreeifyCapacity;
	return capacity + 1;
}

/*
 * Replays HashMap.putVal for each key: chain lengths per bucket tell when a
 * chain of 9 would be treeified, which below capacity 64 doubles the table
 * instead; then ++size > threshold doubles it too.  Splitting on resize
 * keeps each chain's order, so the final order is a stable sort by bucket.
 */
void
java_hashmap_order(const int32_t *hashes, size_t n, uint32_t *order, uint32_t *work)
{
	size_t capacity = kHashMapInitialCapacity;
	size_t threshold = kHashMapInitialCapacity / 4 * 3;
	size_t size = 0;
	size_t sum = 0;

	std::memset(work, 0, capacity * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++)
	{
		uint32_t bucket = hashmap_spread(hashes[i]) & static_cast<uint32_t>(capacity - 1);
		uint32_t chain = work[bucket]++;
		int resizes = 0;

		if (chain >= kHashMapTreeifyThreshold && capacity < kHashMapMinTreeifyCapacity)
			resizes++;
		if (++size > threshold + (resizes ? threshold : 0))
			resizes++;
		for (int r = 0; r < resizes; r++)
		{
			capacity *= 2;
			threshold *= 2;
		}
		if (resizes > 0)
		{
			std::memset(work, 0, capacity * sizeof(uint32_t));
			for (size_t j = 0; j <= i; j++)
				work[hashmap_spread(hashes[j]) & static_cast<uint32_t>(capacity - 1)]++;
		}
	}

	/* counting sort by bucket: work[b] becomes the first slot of bucket b */
	std::memset(work, 0, (capacity + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++)
		work[hashmap_spread(hashes[i]) & static_cast<uint32_t>(capacity - 1)]++;
	for (size_t b = 0; b < capacity; b++)
	{
		uint32_t count = work[b];

		work[b] = static_cast<uint32_t>(sum);
		sum += count;
	}
	for (size_t i = 0; i < n; i++)
		order[work[hashmap_spread(hashes[i]) & static_cast<uint32_t>(capacity - 1)]++] =
			static_cast<uint32_t>(i);
}

/* ---- temporal modes ---- */

namespace
{

constexpr int64_t kMicrosPerMillisecond = 1000;
constexpr int64_t kUnixEpochSecondsAt2000 = INT64_C(946684800);

} /* anonymous namespace */

/* Floor of the µs to ms, then the epoch shift (no overflow either way). */
int64_t
timestamp_epoch_millis(int64_t pg_micros)
{
	return floor_div(pg_micros, kMicrosPerMillisecond) +
		   kPostgresEpochMicros / kMicrosPerMillisecond;
}

/*
 * TimeUnit.SECONDS.toMicros(epochSecond) (saturating at Long.MAX_VALUE /
 * MIN_VALUE) + nano / 1000 (wrapping), as Conversions.toEpochMicros does.
 */
int64_t
timestamp_epoch_micros(int64_t pg_micros)
{
	int64_t seconds = floor_div(pg_micros, kMicrosPerSecond);
	int64_t fraction = pg_micros - seconds * kMicrosPerSecond;
	int64_t base;

	seconds += kUnixEpochSecondsAt2000;
	if (seconds > INT64_MAX / kMicrosPerSecond)
		base = INT64_MAX;
	else if (seconds < -(INT64_MAX / kMicrosPerSecond))
		base = INT64_MIN;
	else
		base = seconds * kMicrosPerSecond;
	return static_cast<int64_t>(static_cast<uint64_t>(base) + static_cast<uint64_t>(fraction));
}

/* epochDay * 86400 * 10^9 + nanoOfDay with Math.*Exact's overflow checks. */
bool
timestamp_epoch_nanos(int64_t pg_micros, int64_t &nanos)
{
	int64_t days = floor_div(pg_micros, kMicrosPerDay);
	int64_t micros_of_day = pg_micros - days * kMicrosPerDay;
	int64_t day_nanos;

	days += kPostgresEpochDays;
	if (__builtin_mul_overflow(days, kMicrosPerDay * 1000, &day_nanos))
		return false;
	return !__builtin_add_overflow(day_nanos, micros_of_day * 1000, &nanos);
}

/* IsoDate: the date at midnight UTC, ISO_OFFSET_DATE ("2016-11-04Z"). */
size_t
format_iso_date(int64_t unix_days, char *dst)
{
	char *p = put_date(dst, unix_days);

	*p++ = 'Z';
	return static_cast<size_t>(p - dst);
}

/* IsoTimestamp: ISO_OFFSET_DATE_TIME of the timestamp read as UTC. */
size_t
format_iso_timestamp(int64_t pg_micros, char *dst)
{
	return format_zoned_timestamp_pg(pg_micros, 0, dst);
}

/* ZonedTimestamp text computed from the PostgreSQL epoch's days. */
size_t
format_zoned_timestamp_pg(int64_t pg_micros, int precision, char *dst)
{
	int64_t days = floor_div(pg_micros, kMicrosPerDay);
	int64_t micros_of_day = pg_micros - days * kMicrosPerDay;

	return static_cast<size_t>(
		put_timestamp(dst, days + kPostgresEpochDays, micros_of_day, precision) - dst);
}

/* ---- uuid from a name ---- */

/* MD5, then version 3 in byte 6 and variant 10xx in byte 8. */
void
name_uuid_from_bytes(const uint8_t *src, size_t n, uint8_t dst[16])
{
	Digest md5(HashAlgorithm::Md5);

	md5.update(src, n);
	md5.finish(dst);
	dst[6] = static_cast<uint8_t>((dst[6] & 0x0f) | 0x30);
	dst[8] = static_cast<uint8_t>((dst[8] & 0x3f) | 0x80);
}

/* Decodes hex text; see the header. */
size_t
hex_decode(const char *text, size_t len, uint8_t *dst)
{
	auto nibble = [](char c) -> int {
		if (c >= '0' && c <= '9')
			return c - '0';
		if (c >= 'a' && c <= 'f')
			return c - 'a' + 10;
		if (c >= 'A' && c <= 'F')
			return c - 'A' + 10;
		return -1;
	};

	if (len % 2 != 0)
		throw EncodeError("hex text of odd length");
	for (size_t i = 0; i < len; i += 2)
	{
		int high = nibble(text[i]);
		int low = nibble(text[i + 1]);

		if (high < 0 || low < 0)
			throw EncodeError("invalid hex digit");
		dst[i / 2] = static_cast<uint8_t>(high << 4 | low);
	}
	return len / 2;
}

/* Reads a 4-byte integer in the EWKB's byte order. */
static uint32_t
ewkb_uint32(const uint8_t *p, bool little_endian)
{
	if (little_endian)
		return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
	return uint32_t(p[3]) | uint32_t(p[2]) << 8 | uint32_t(p[1]) << 16 | uint32_t(p[0]) << 24;
}

/* Reads the SRID of an EWKB; see the header. */
bool
ewkb_srid(const uint8_t *ewkb, size_t len, int32_t *srid)
{
	bool little_endian;
	uint32_t type;

	if (len < 9)
		throw EncodeError("EWKB shorter than 9 bytes");
	little_endian = ewkb[0] != 0;
	type = ewkb_uint32(ewkb + 1, little_endian);
	if ((type & 0x20000000u) == 0)
		return false;
	*srid = static_cast<int32_t>(ewkb_uint32(ewkb + 5, little_endian));
	return true;
}

} /* namespace cdc */
