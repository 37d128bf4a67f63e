/*
 * fuzz_json_pretty.cpp
 *		libFuzzer target of the pretty-printer (plugin/json_pretty.cpp).
 *
 * Any bytes: no crash, every input byte kept in order (only line breaks
 * and indentation added).  Input that parses as JSON: RapidJSON's compact
 * text of it, pretty-printed, is exactly RapidJSON's own PrettyWriter text
 * (2-space indent, ": " after keys, empty containers on one line) and
 * parses again.
 */
#include <string>

#include "fuzz_common.h"
#include "json_pretty.h"
#include "json_test_buffer.h"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

using cdc_fuzz::check;

namespace
{

/* write_pretty_json of 'json' as a string. */
std::string
pretty(const std::string &json)
{
	cdc_test::JsonTestBuffer buffer;

	cdc::write_pretty_json(json.data(), json.size(), buffer.out);
	return buffer.text();
}

/*
 * Whether 'pretty' is 'input' with only '\n' and ' ' inserted outside
 * strings (a string's bytes, escapes included, copied as they are).
 */
bool
only_whitespace_added(const std::string &input, const std::string &pretty)
{
	size_t j = 0;
	bool in_string = false;
	bool escaped = false;

	for (size_t i = 0; i < input.size(); i++)
	{
		if (!in_string)
			while (j < pretty.size() && pretty[j] != input[i] &&
				   (pretty[j] == '\n' || pretty[j] == ' '))
				j++;
		if (j >= pretty.size() || pretty[j] != input[i])
			return false;
		j++;
		char c = input[i];

		if (in_string)
		{
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
		}
		else if (c == '"')
			in_string = true;
	}
	while (j < pretty.size() && (pretty[j] == '\n' || pretty[j] == ' '))
		j++;
	return j == pretty.size();
}

} /* namespace */

/* libFuzzer's entry point. */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	std::string input(reinterpret_cast<const char *>(data), size);
	std::string raw_pretty = pretty(input);
	rapidjson::Document doc;

	check(only_whitespace_added(input, raw_pretty), "the printer only adds whitespace", raw_pretty);
	doc.Parse<rapidjson::kParseStopWhenDoneFlag>(input.data(), input.size());
	if (doc.HasParseError())
		return 0;

	rapidjson::StringBuffer compact;
	rapidjson::Writer<rapidjson::StringBuffer> writer(compact);
	rapidjson::StringBuffer reference;
	rapidjson::PrettyWriter<rapidjson::StringBuffer> pretty_writer(reference);

	/* RapidJSON reads 4441.0E305 as infinity, which its writers refuse */
	if (!doc.Accept(writer))
		return 0;
	pretty_writer.SetIndent(' ', 2);
	check(doc.Accept(pretty_writer), "PrettyWriter writes what Writer wrote");

	std::string got = pretty(std::string(compact.GetString(), compact.GetSize()));
	std::string want(reference.GetString(), reference.GetSize());

	check(got == want, "pretty text is RapidJSON's PrettyWriter text", got + "\n---\n" + want);

	rapidjson::Document back;
	std::string compact_text(compact.GetString(), compact.GetSize());

	back.Parse(got.data(), got.size());
	check(!back.HasParseError(), "pretty text parses", got);
	check(only_whitespace_added(compact_text, got), "pretty text keeps the compact tokens", got);
	return 0;
}
