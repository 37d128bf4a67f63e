/*
 * json_stream.h
 *		The one place RapidJSON is configured and included: an output stream
 *		that appends to a growable byte buffer, and a fixed-arena allocator for
 *		the writer's nesting stack.
 *
 * This header includes no server header, so the encoders and the envelope
 * (C++ zone) and their unit tests can use it.  The buffer grows through a
 * function pointer: inside the server it enlarges the output StringInfo
 * (json_sink.cpp), in unit tests it reallocates plain memory.
 */
#ifndef CDC_JSON_STREAM_H
#define CDC_JSON_STREAM_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#ifdef CDC_UNIT_TEST
#include <cassert>
#define RAPIDJSON_ASSERT(x) assert(x)
#else
/* Assert() from the server, declared without pulling in server headers. */
extern "C" void cdc_json_assert_failed(const char *condition, const char *file, int line);
#define RAPIDJSON_ASSERT(x) ((x) ? (void) 0 : cdc_json_assert_failed(#x, __FILE__, __LINE__))
#endif
#define RAPIDJSON_HAS_STDSTRING				0
#define RAPIDJSON_48BITPOINTER_OPTIMIZATION 0

#include <rapidjson/writer.h>

namespace cdc
{

/*
 * A byte buffer the JSON writer appends to.  'data[0 .. len)' is written,
 * 'capacity' bytes are usable; 'grow' must make room for at least 'needed'
 * more bytes (and refresh data and capacity) or not return.
 */
struct JsonOut
{
	typedef char Ch;

	char *data;
	size_t len;
	size_t capacity;
	void *owner;
	void (*grow)(JsonOut &out, size_t needed);

	/*
	 * Scratch memory valid until the document is finished (numeric digits,
	 * big-integer work); never null.
	 */
	void *(*scratch)(JsonOut &out, size_t size);

	void Reserve(size_t needed)
	{
		if (capacity - len < needed)
			grow(*this, needed);
	}

	void Put(char c)
	{
		Reserve(1);
		data[len++] = c;
	}

	void PutUnchecked(char c)
	{
		data[len++] = c;
	}

	void Append(const char *bytes, size_t n)
	{
		Reserve(n);
		AppendUnchecked(bytes, n);
	}

	/* Appends after the caller has reserved room for all of it. */
	void AppendUnchecked(const char *bytes, size_t n)
	{
		std::memcpy(data + len, bytes, n);
		len += n;
	}

	void Flush()
	{
	}

	/* Unused by the writer; required by RapidJSON's stream concept. */
	char Peek() const
	{
		return '\0';
	}
	char Take()
	{
		return '\0';
	}
	size_t Tell() const
	{
		return len;
	}
	char *PutBegin()
	{
		return nullptr;
	}
	size_t PutEnd(char *)
	{
		return 0;
	}
};

/* RapidJSON's reserve-then-write fast path, found by argument lookup. */
inline void
PutReserve(JsonOut &out, size_t count)
{
	out.Reserve(count);
}

inline void
PutUnsafe(JsonOut &out, char c)
{
	out.PutUnchecked(c);
}

/*
 * Allocator for the writer's nesting stack.  Our documents nest a handful of
 * levels, so a fixed arena inside the object is enough; nothing is ever taken
 * from malloc or palloc, and skipping the destructor (a server ERROR longjmps
 * over it) loses nothing.
 */
class ArenaAllocator
{
  public:
	static const bool kNeedFree = false;

	void *Malloc(size_t size)
	{
		if (size == 0)
			return nullptr;
		if (size > sizeof(arena_))
			throw std::bad_alloc();
		return arena_;
	}

	void *Realloc(void *original, size_t, size_t new_size)
	{
		if (original != nullptr && original != arena_)
			throw std::bad_alloc();
		return Malloc(new_size);
	}

	static void Free(void *)
	{
	}

  private:
	alignas(std::max_align_t) unsigned char arena_[2048];
};

/*
 * The writer every encoder uses: UTF-8 in and out, no validation (the server
 * has validated the text already).  Besides RapidJSON's calls it lets an
 * encoder append a value's text itself (Base64, digits) straight into the
 * output, after the writer has put the separator in front of it.
 */
class JsonWriter
	: public rapidjson::Writer<JsonOut, rapidjson::UTF8<>, rapidjson::UTF8<>, ArenaAllocator>
{
	typedef rapidjson::Writer<JsonOut, rapidjson::UTF8<>, rapidjson::UTF8<>, ArenaAllocator> Base;

  public:
	/* The stack memory is only referenced by the base, not used, until written. */
	explicit JsonWriter(JsonOut &out) : Base(out, &stack_memory_, 32)
	{
	}

	JsonOut &out()
	{
		return *os_;
	}

	/*
	 * Puts the separator for a value of 'type' and returns the output; the
	 * caller then appends the complete value text (quotes included).
	 */
	JsonOut &begin_raw_value(rapidjson::Type type)
	{
		Prefix(type);
		return *os_;
	}

	/*
	 * Strings and keys as Jackson writes them: '"', '\\' and control
	 * characters escaped (short forms where JSON has them, \u00XX else), a
	 * character outside the Basic Multilingual Plane as its escaped UTF-16
	 * surrogate pair ("\uD83D\uDE00", as Jackson's UTF-8 generator writes
	 * it), everything else as it is.  Text needing no escape is copied in
	 * one piece.
	 */
	bool String(const char *text, rapidjson::SizeType length, bool copy = false)
	{
		(void) copy;
		Prefix(rapidjson::kStringType);
		write_json_string(*os_, text, length, escape_beyond_bmp_);
		return true;
	}

	/*
	 * From now on, characters beyond the Basic Multilingual Plane go out as
	 * they are, as Jackson's Writer-based generator leaves them: for JSON
	 * text that Debezium builds as a Java string (hstore's json mode), which
	 * the converter then escapes once as a whole.
	 */
	void keep_characters_beyond_bmp()
	{
		escape_beyond_bmp_ = false;
	}

	bool String(const char *text)
	{
		return String(text, static_cast<rapidjson::SizeType>(std::char_traits<char>::length(text)));
	}

	bool Key(const char *text, rapidjson::SizeType length, bool copy = false)
	{
		return String(text, length, copy);
	}

	bool Key(const char *text)
	{
		return String(text);
	}

	/*
	 * A value given as complete JSON text, copied in one piece (RapidJSON's
	 * own RawValue copies byte by byte; cached schema blocks are kilobytes).
	 */
	bool RawValue(const char *json, size_t length, rapidjson::Type type)
	{
		Prefix(type);
		os_->Append(json, length);
		return true;
	}

	/*
	 * Writes a key whose text was rendered before by write_json_string
	 * (quotes and escapes included): a column name, for instance.
	 */
	bool RenderedKey(const char *quoted, size_t length)
	{
		Prefix(rapidjson::kStringType);
		os_->Append(quoted, length);
		return true;
	}

	/*
	 * Writes a quoted JSON string (json_stream.cpp), for text written raw;
	 * characters beyond the BMP as escaped surrogate pairs unless told not to.
	 */
	static void write_json_string(JsonOut &out, const char *text, size_t length,
								  bool escape_beyond_bmp = true);

  private:
	ArenaAllocator stack_memory_;
	bool escape_beyond_bmp_ = true;
};

} /* namespace cdc */

#endif /* CDC_JSON_STREAM_H */
