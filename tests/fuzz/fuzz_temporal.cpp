/*
 * fuzz_temporal.cpp
 *		libFuzzer target of the date, time, timestamp and interval encoders
 *		(plugin/encoders.cpp), over the whole int64 range of timestamps.
 *
 * References: glibc's gmtime_r (proleptic Gregorian, astronomical years)
 * for every date and timestamp text, 128-bit arithmetic for the epoch
 * conversions, the interval's parts read back from its ISO text, and the
 * exact total (long double) for MicroDuration.  Output buffers are exactly
 * the promised maximum, so ASan catches a longer text.
 */
#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <string>
#include <vector>

#include "encoders.h"
#include "fuzz_common.h"

using cdc_fuzz::check;

namespace
{

constexpr int64_t kMicrosPerSecond = 1000000;

/* Floor division of 128-bit values. */
__int128
floor_div128(__int128 a, __int128 b)
{
	__int128 q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/*
 * The ISO text java.time writes for an instant given as µs since the Unix
 * epoch: '+' above year 9999, '-' and at least 4 digits before year 0;
 * 'precision' 1..9 fixed fraction digits, else the minimal fraction.
 */
std::string
reference_timestamp(__int128 unix_micros, int precision, bool date_only)
{
	int64_t seconds = static_cast<int64_t>(floor_div128(unix_micros, kMicrosPerSecond));
	int64_t micros = static_cast<int64_t>(unix_micros - __int128(seconds) * kMicrosPerSecond);
	time_t t = static_cast<time_t>(seconds);
	struct tm tm;
	char buf[96];
	std::string out;
	long year;

	check(gmtime_r(&t, &tm) != nullptr, "gmtime_r covers the range");
	year = static_cast<long>(tm.tm_year) + 1900;
	if (year > 9999)
		out += '+';
	else if (year < 0)
		out += '-';
	std::snprintf(buf, sizeof(buf), "%04ld-%02d-%02d", year < 0 ? -year : year, tm.tm_mon + 1,
				  tm.tm_mday);
	out += buf;
	if (date_only)
		return out + "Z";
	std::snprintf(buf, sizeof(buf), "T%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	out += buf;
	std::snprintf(buf, sizeof(buf), "%06ld000", static_cast<long>(micros));
	if (precision >= 1 && precision <= 9)
		out += "." + std::string(buf, static_cast<size_t>(precision));
	else if (micros != 0)
	{
		std::string fraction(buf, 6);

		while (fraction.back() == '0')
			fraction.pop_back();
		out += "." + fraction;
	}
	return out + "Z";
}

/* "HH:MM:SS[.f]Z" of µs into a day, fraction minimal. */
std::string
reference_time(int64_t micros_of_day)
{
	char buf[64];
	std::string fraction;

	std::snprintf(buf, sizeof(buf), "%02ld:%02ld:%02ld",
				  static_cast<long>(micros_of_day / 3600000000),
				  static_cast<long>(micros_of_day / 60000000 % 60),
				  static_cast<long>(micros_of_day / 1000000 % 60));
	if (micros_of_day % 1000000 != 0)
	{
		char digits[16];

		std::snprintf(digits, sizeof(digits), "%06ld", static_cast<long>(micros_of_day % 1000000));
		fraction = digits;
		while (fraction.back() == '0')
			fraction.pop_back();
		fraction = "." + fraction;
	}
	return buf + fraction + "Z";
}

/* Timestamps: texts and epoch conversions of one PostgreSQL µs value. */
void
run_timestamp(cdc_fuzz::Input &in)
{
	int64_t pg = in.i64();
	int precision = static_cast<int>(in.range(0, 9));
	__int128 unix_micros = __int128(pg) + cdc::kPostgresEpochMicros;
	char text[cdc::kTimeTextMax];
	std::string got;
	int64_t nanos;

	got.assign(text, cdc::format_zoned_timestamp_pg(pg, precision, text));
	check(got == reference_timestamp(unix_micros, precision, false),
		  "format_zoned_timestamp_pg is the ISO instant", got);
	got.assign(text, cdc::format_iso_timestamp(pg, text));
	check(got == reference_timestamp(unix_micros, 0, false), "format_iso_timestamp", got);
	if (unix_micros >= INT64_MIN && unix_micros <= INT64_MAX)
	{
		got.assign(text,
				   cdc::format_zoned_timestamp(static_cast<int64_t>(unix_micros), precision, text));
		check(got == reference_timestamp(unix_micros, precision, false),
			  "format_zoned_timestamp is the ISO instant", got);
		check(cdc::timestamp_epoch_micros(pg) == static_cast<int64_t>(unix_micros),
			  "timestamp_epoch_micros is exact where it fits");
	}
	check(cdc::timestamp_epoch_millis(pg) == static_cast<int64_t>(floor_div128(unix_micros, 1000)),
		  "timestamp_epoch_millis is the floored ms");

	__int128 exact_nanos = unix_micros * 1000;
	bool fits = exact_nanos >= INT64_MIN && exact_nanos <= INT64_MAX;

	if (cdc::timestamp_epoch_nanos(pg, nanos))
		check(fits && nanos == static_cast<int64_t>(exact_nanos), "timestamp_epoch_nanos is exact");
	else
	{
		/* Java refuses when epochDay * 86400e9 overflows, even if the sum would fit */
		__int128 day_nanos = floor_div128(unix_micros, 86400000000LL) * 86400000000000LL;

		check(!fits || day_nanos < INT64_MIN || day_nanos > INT64_MAX,
			  "timestamp_epoch_nanos refuses only what overflows");
	}
}

/* Dates: ISO date of a PostgreSQL date's epoch days (int32 plus the shift). */
void
run_date(cdc_fuzz::Input &in)
{
	int64_t unix_days =
		static_cast<int64_t>(static_cast<int32_t>(in.u32())) + cdc::kPostgresEpochDays;
	char text[cdc::kTimeTextMax];
	std::string got(text, cdc::format_iso_date(unix_days, text));

	check(got == reference_timestamp(__int128(unix_days) * 86400000000LL, 0, true),
		  "format_iso_date", got);
}

/* Times with zone: local time of day shifted to UTC. */
void
run_time(cdc_fuzz::Input &in)
{
	int64_t micros = in.range(0, 86400000000LL);
	int32_t zone = static_cast<int32_t>(in.range(-57599, 57599));
	char text[cdc::kTimeTextMax];
	int64_t utc = (micros + int64_t(zone) * kMicrosPerSecond) % 86400000000LL;
	std::string got(text, cdc::format_zoned_time(micros, zone, text));

	if (utc < 0)
		utc += 86400000000LL;
	check(got == reference_time(utc), "format_zoned_time is the UTC time of day", got);
}

/* Reads a signed integer at text[*pos] up to 'unit'; false when absent. */
bool
read_part(const std::string &text, size_t *pos, char unit, int64_t *value, std::string *fraction)
{
	size_t start = *pos;
	size_t end = text.find(unit, start);

	if (end == std::string::npos || end == start)
		return false;
	std::string part = text.substr(start, end - start);
	size_t dot = part.find('.');

	if (fraction != nullptr && dot != std::string::npos)
	{
		*fraction = part.substr(dot + 1);
		part.resize(dot);
	}
	*value = std::stoll(part == "-" ? "-0" : part);
	*pos = end + 1;
	return true;
}

/* Intervals: the ISO text read back, and MicroDuration near the exact total. */
void
run_interval(cdc_fuzz::Input &in)
{
	int32_t months = static_cast<int32_t>(in.u32());
	int32_t days = static_cast<int32_t>(in.u32());
	int64_t micros = in.i64();
	std::vector<char> text(cdc::kIntervalTextMax);
	std::string got(text.data(), cdc::format_interval_iso(months, days, micros, text.data()));
	bool infinite = (months == INT32_MAX && days == INT32_MAX && micros == INT64_MAX) ||
					(months == INT32_MIN && days == INT32_MIN && micros == INT64_MIN);
	int64_t y, m, d, h, mi, s;
	std::string fraction;
	size_t pos = 1;

	check(got[0] == 'P', "interval text starts with P", got);
	check(read_part(got, &pos, 'Y', &y, nullptr) && read_part(got, &pos, 'M', &m, nullptr) &&
			  read_part(got, &pos, 'D', &d, nullptr) && got[pos++] == 'T' &&
			  read_part(got, &pos, 'H', &h, nullptr) && read_part(got, &pos, 'M', &mi, nullptr) &&
			  read_part(got, &pos, 'S', &s, &fraction) && pos == got.size(),
		  "interval text is P<y>Y<m>M<d>DT<h>H<mi>M<s>S", got);
	if (infinite)
	{
		check(got == "P0Y0M0DT0H0M0S", "infinite interval reads as zero", got);
		check(cdc::interval_micro_duration(months, days, micros) == 0, "infinite duration is 0");
		return;
	}
	/*
	 * Seconds: pgjdbc's double whole + µs / 1e6, its shortest digits
	 * (std::to_chars, as Double.toString), cut to 9 places, zeros stripped.
	 */
	int64_t rest = micros % 60000000;
	double seconds = static_cast<double>(rest / kMicrosPerSecond) +
					 static_cast<double>(rest % kMicrosPerSecond) / 1000000.0;
	char shortest[64];
	std::to_chars_result r =
		std::to_chars(shortest, shortest + sizeof(shortest), seconds, std::chars_format::fixed);
	std::string expected(shortest, r.ptr);
	size_t dot = expected.find('.');

	if (dot != std::string::npos)
	{
		expected.resize(std::min(expected.size(), dot + 10));
		while (expected.back() == '0')
			expected.pop_back();
		if (expected.back() == '.')
			expected.pop_back();
	}
	if (expected == "-0")
		expected = "0";
	check(got.substr(got.rfind('M') + 1) == expected + "S",
		  "seconds are Double.toString cut to 9 places", got + " expected " + expected);
	check(fraction.size() <= 9, "seconds have at most 9 places", got);
	fraction.resize(9, '0');

	bool negative_seconds = got.find('-', got.rfind('M') + 1) != std::string::npos;
	__int128 second_nanos = __int128(s < 0 ? -s : s) * 1000000000 + std::stoll(fraction);

	if (negative_seconds)
		second_nanos = -second_nanos;
	__int128 error = second_nanos - __int128(rest) * 1000;
	check(error > -1000 && error < 1000, "seconds text is within 1 µs of the seconds", got);
	check(y * 12 + m == months, "years and months add up to the months", got);
	check(d == days, "days are the days", got);
	check(__int128(h) * 3600000000LL + __int128(mi) * 60000000LL + rest == micros,
		  "hours and minutes add up to the µs", got);

	long double total = (static_cast<long double>(months) * 30.4375L + days) * 86400000000.0L +
						static_cast<long double>(micros);
	int64_t duration = cdc::interval_micro_duration(months, days, micros);

	if (total >= 9.2e18L || total <= -9.2e18L)
		return; /* saturation in Java's (long) cast; only a crash would matter */
	check(std::fabs(static_cast<long double>(duration) - total) <= 2.0L + std::fabs(total) * 1e-14L,
		  "MicroDuration is the total µs up to double rounding", got);
}

/* Bit strings: BitSet.toByteArray of the bits read as a number. */
void
run_bits(cdc_fuzz::Input &in)
{
	std::string raw = in.rest();
	int32_t bit_count =
		static_cast<int32_t>(raw.size() * 8) - (raw.empty() ? 0 : uint8_t(raw[0]) % 8);
	std::vector<uint8_t> dst(static_cast<size_t>(bit_count + 7) / 8);
	std::vector<uint8_t> expected;
	const uint8_t *data = reinterpret_cast<const uint8_t *>(raw.data());

	size_t n = cdc::bits_to_bytes(data, bit_count, dst.data());

	for (int32_t bit = 0; bit < bit_count; bit++)
	{
		int32_t p = bit_count - 1 - bit; /* string position of value bit 'bit' */

		if (data[p / 8] & (0x80 >> (p % 8)))
		{
			expected.resize(static_cast<size_t>(bit / 8 + 1), 0);
			expected[static_cast<size_t>(bit / 8)] |= static_cast<uint8_t>(1 << (bit % 8));
		}
	}
	check(n == expected.size() && std::equal(expected.begin(), expected.end(), dst.begin()),
		  "bits_to_bytes is BitSet.toByteArray");
}

} /* namespace */

/* libFuzzer's entry point: the first byte picks the encoder family. */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cdc_fuzz::Input in(data, size);

	switch (in.byte() % 5)
	{
		case 0:
			run_timestamp(in);
			break;
		case 1:
			run_date(in);
			break;
		case 2:
			run_time(in);
			break;
		case 3:
			run_interval(in);
			break;
		default:
			run_bits(in);
			break;
	}
	return 0;
}
