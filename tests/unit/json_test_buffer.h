/*
 * json_test_buffer.h
 *		A JsonOut backed by plain heap memory, so unit tests can run the
 *		encoders and the envelope without a server.
 */
#ifndef CDC_JSON_TEST_BUFFER_H
#define CDC_JSON_TEST_BUFFER_H

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "json_stream.h"

namespace cdc_test
{

/* Owns the output bytes and every scratch allocation of one test. */
class JsonTestBuffer
{
  public:
	JsonTestBuffer()
	{
		out.data = nullptr;
		out.len = 0;
		out.capacity = 0;
		out.owner = this;
		out.grow = grow;
		out.scratch = scratch;
	}

	~JsonTestBuffer()
	{
		std::free(out.data);
	}

	JsonTestBuffer(const JsonTestBuffer &) = delete;
	JsonTestBuffer &operator=(const JsonTestBuffer &) = delete;

	std::string text() const
	{
		return std::string(out.data ? out.data : "", out.len);
	}

	cdc::JsonOut out;

  private:
	/* Doubles the buffer until 'needed' more bytes fit. */
	static void grow(cdc::JsonOut &out, size_t needed)
	{
		size_t capacity = out.capacity == 0 ? 16 : out.capacity;

		while (capacity - out.len < needed)
			capacity *= 2;
		out.data = static_cast<char *>(std::realloc(out.data, capacity));
		if (out.data == nullptr)
			throw std::bad_alloc();
		out.capacity = capacity;
	}

	/* Scratch memory kept until the buffer goes away. */
	static void *scratch(cdc::JsonOut &out, size_t size)
	{
		JsonTestBuffer *self = static_cast<JsonTestBuffer *>(out.owner);

		self->scratch_blocks_.emplace_back(new char[size == 0 ? 1 : size]);
		return self->scratch_blocks_.back().get();
	}

	std::vector<std::unique_ptr<char[]>> scratch_blocks_;
};

} /* namespace cdc_test */

#endif /* CDC_JSON_TEST_BUFFER_H */
