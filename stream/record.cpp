// stream/record.cpp
//	A small scanner over JSON text: finds members of objects and the extent
//	of values without building a document, enough to take a record apart.
#include "record.h"

#include <array>
#include <cstring>
#include <string>

namespace
{

// Which bytes matter when skipping an object or array: quotes and brackets.
constexpr std::array<bool, 256> kStructural = [] {
	std::array<bool, 256> is{};
	for (unsigned char c : {'"', '{', '}', '[', ']'})
		is[c] = true;
	return is;
}();

// Walks JSON text; positions are offsets into 'text'.
class Scanner
{
  public:
	explicit Scanner(std::string_view text) : text_(text)
	{
	}

	// Skips spaces, tabs and line breaks.
	void skip_space()
	{
		while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
									   text_[pos_] == '\n' || text_[pos_] == '\r'))
			pos_++;
	}

	// The next character after space ('\0' at the end), not consumed.
	char peek()
	{
		skip_space();
		return pos_ < text_.size() ? text_[pos_] : '\0';
	}

	// Where the next value starts: the offset after space.
	size_t offset_of_next()
	{
		skip_space();
		return pos_;
	}

	// Consumes 'c' after optional space, or fails.
	void expect(char c)
	{
		skip_space();
		if (pos_ >= text_.size() || text_[pos_] != c)
			fail(std::string("expected '") + c + "'");
		pos_++;
	}

	// True (and consumed) if the next character after space is 'c'.
	bool accept(char c)
	{
		skip_space();
		if (pos_ < text_.size() && text_[pos_] == c)
		{
			pos_++;
			return true;
		}
		return false;
	}

	// A string's raw contents between its quotes (escapes left as they are).
	std::string_view string()
	{
		expect('"');
		size_t start = pos_;
		skip_string_body();
		return text_.substr(start, pos_ - 1 - start);
	}

	// The raw text of the next value of any kind, skipped over.
	std::string_view value()
	{
		skip_space();
		size_t start = pos_;
		if (pos_ >= text_.size())
			fail("value expected");
		char c = text_[pos_];
		if (c == '"')
			string();
		else if (c == '{' || c == '[')
			skip_container();
		else
		{
			while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' &&
				   text_[pos_] != ']' && text_[pos_] != ' ' && text_[pos_] != '\n')
				pos_++;
			if (pos_ == start)
				fail("value expected");
		}
		return text_.substr(start, pos_ - start);
	}

	// Calls visit(name, value scanner position) for each member of the
	// object that starts here; visit must consume the member's value.
	template <typename Visit> void object(Visit &&visit)
	{
		expect('{');
		if (accept('}'))
			return;
		do
		{
			std::string_view name = string();
			expect(':');
			visit(name);
		} while (accept(','));
		expect('}');
	}

	// Fails unless only space is left.
	void end()
	{
		skip_space();
		if (pos_ != text_.size())
			fail("text after the record");
	}

	[[noreturn]] void fail(const std::string &what) const
	{
		throw RecordError("record is not valid JSON: " + what + " at offset " +
						  std::to_string(pos_));
	}

  private:
	// Moves past the closing quote of the string whose contents start at
	// pos_: the next quote not escaped by an odd run of backslashes.
	void skip_string_body()
	{
		const char *data = text_.data();
		size_t from = pos_;

		for (;;)
		{
			const void *quote = memchr(data + from, '"', text_.size() - from);
			if (quote == nullptr)
				fail("unterminated string");
			size_t at = static_cast<size_t>(static_cast<const char *>(quote) - data);
			size_t backslashes = 0;
			while (at - backslashes > pos_ && data[at - backslashes - 1] == '\\')
				backslashes++;
			if (backslashes % 2 == 0)
			{
				pos_ = at + 1;
				return;
			}
			from = at + 1;
		}
	}

	// Moves past the object or array that starts at pos_, looking only at
	// the characters that open or close something (most bytes are neither).
	void skip_container()
	{
		const unsigned char *data = reinterpret_cast<const unsigned char *>(text_.data());
		size_t size = text_.size();
		int depth = 0;

		while (pos_ < size)
		{
			unsigned char c = data[pos_++];
			if (!kStructural[c])
				continue;
			if (c == '"')
				skip_string_body();
			else if (c == '{' || c == '[')
				depth++;
			else if (--depth == 0)
				return;
		}
		fail("unterminated object or array");
	}

	std::string_view text_;
	size_t pos_ = 0;
};

// A non-negative decimal integer's value, or 0 for null and anything else.
uint64_t
unsigned_value(std::string_view text)
{
	uint64_t number = 0;
	for (char c : text)
	{
		if (c < '0' || c > '9')
			return 0;
		number = number * 10 + static_cast<uint64_t>(c - '0');
	}
	return number;
}

// Reads the record value object at the scanner in one pass, filling xid
// and ts_ms from an event's source block, or from a transaction record's
// "id" ("<xid>:<lsn>") and ts_ms; inside "payload" when the value carries
// its schema.
void
read_value(Scanner &scanner, Record &record)
{
	scanner.object([&](std::string_view name) {
		if (name == "source" && scanner.peek() == '{')
			scanner.object([&](std::string_view field) {
				std::string_view text = scanner.value();
				if (field == "txId")
					record.xid = static_cast<uint32_t>(unsigned_value(text));
				else if (field == "ts_ms")
					record.ts_ms = static_cast<int64_t>(unsigned_value(text));
			});
		else if (name == "id")
		{
			std::string_view text = scanner.value();
			if (text.size() > 2 && text.front() == '"')
			{
				size_t colon = text.find(':');
				if (colon != std::string_view::npos)
					record.xid = static_cast<uint32_t>(unsigned_value(text.substr(1, colon - 1)));
			}
		}
		else if (name == "payload" && scanner.peek() == '{')
			/* schemas.enable: {"schema":…,"payload":<the value>} */
			read_value(scanner, record);
		else if (name == "ts_ms" && record.ts_ms == 0)
			record.ts_ms = static_cast<int64_t>(unsigned_value(scanner.value()));
		else
			scanner.value();
	});
}

} // namespace

Record
parse_record(std::string_view text)
{
	Scanner scanner(text);
	Record record;
	bool has_topic = false, has_key = false, has_value = false;

	scanner.object([&](std::string_view name) {
		if (name == "topic")
		{
			record.topic = scanner.string();
			has_topic = true;
		}
		else if (name == "key")
		{
			record.key = scanner.value();
			has_key = true;
		}
		else if (name == "value")
		{
			size_t start = scanner.offset_of_next();
			if (scanner.peek() == '{')
				read_value(scanner, record);
			else
				scanner.value();
			record.value = text.substr(start, scanner.offset_of_next() - start);
			has_value = true;
		}
		else
			scanner.value();
	});
	scanner.end();
	if (!has_topic || !has_key || !has_value)
		throw RecordError("record lacks topic, key or value (is plugin.record.mode 'record'?)");
	if (record.topic.empty() || record.topic.find('\\') != std::string_view::npos)
		throw RecordError("record has an empty or escaped topic");
	record.tombstone = record.value == "null";
	if (!record.tombstone && record.value.front() != '{')
		throw RecordError("record value is neither an object nor null");
	return record;
}
