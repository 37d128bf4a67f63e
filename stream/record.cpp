// stream/record.cpp
//	A small scanner over JSON text: finds members of objects and the extent
//	of values without building a document, enough to take a record apart.
#include "record.h"

#include <string>

namespace
{

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
		while (pos_ < text_.size() && text_[pos_] != '"')
			pos_ += text_[pos_] == '\\' ? 2 : 1;
		if (pos_ >= text_.size())
			fail("unterminated string");
		return text_.substr(start, pos_++ - start);
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
		{
			int depth = 0;
			do
			{
				char d = text_[pos_];
				if (d == '"')
				{
					string();
					continue;
				}
				if (d == '{' || d == '[')
					depth++;
				else if (d == '}' || d == ']')
					depth--;
				pos_++;
			} while (depth > 0 && pos_ < text_.size());
			if (depth != 0)
				fail("unterminated object or array");
		}
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

// Fills xid and ts_ms from a record value: an event's source block, or a
// transaction record's "id" ("<xid>:<lsn>") and ts_ms; inside "payload"
// when the value carries its schema.
void
read_value(std::string_view value, Record &record)
{
	Scanner scanner(value);

	scanner.object([&](std::string_view name) {
		if (name == "source")
		{
			Scanner source(scanner.value());
			source.object([&](std::string_view field) {
				std::string_view text = source.value();
				if (field == "txId")
					record.xid = static_cast<uint32_t>(unsigned_value(text));
				else if (field == "ts_ms")
					record.ts_ms = static_cast<int64_t>(unsigned_value(text));
			});
		}
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
		else if (name == "payload")
		{
			/* schemas.enable: {"schema":…,"payload":<the value>} */
			std::string_view payload = scanner.value();
			if (!payload.empty() && payload.front() == '{')
				read_value(payload, record);
		}
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
			record.value = scanner.value();
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
	if (!record.tombstone)
	{
		if (record.value.front() != '{')
			throw RecordError("record value is neither an object nor null");
		read_value(record.value, record);
	}
	return record;
}
