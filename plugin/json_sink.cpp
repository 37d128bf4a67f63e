/*
 * json_sink.cpp
 *		JsonOut over a StringInfo: growth through enlargeStringInfo, scratch
 *		memory from palloc.
 */
#include "pg_includes.h"

#include "json_sink.h"

namespace cdc
{

namespace
{

/* Makes room for 'needed' more bytes, keeping one for the final NUL. */
void
grow_string_info(JsonOut &out, size_t needed)
{
	StringInfo buf = static_cast<StringInfo>(out.owner);

	buf->len = static_cast<int>(out.len);
	enlargeStringInfo(buf, static_cast<int>(needed));
	out.data = buf->data;
	out.capacity = static_cast<size_t>(buf->maxlen) - 1;
}

/* Scratch memory for the document being written, from the current context. */
void *
allocate_scratch(JsonOut &, size_t size)
{
	return palloc(size == 0 ? 1 : size);
}

} /* namespace */

/* Attaches 'out' to the end of 'buf'. */
void
json_out_attach(JsonOut &out, StringInfo buf)
{
	out.data = buf->data;
	out.len = static_cast<size_t>(buf->len);
	out.capacity = static_cast<size_t>(buf->maxlen) - 1;
	out.owner = buf;
	out.grow = grow_string_info;
	out.scratch = allocate_scratch;
}

/* Makes 'buf' a valid StringInfo again after 'out' wrote into it. */
void
json_out_detach(JsonOut &out, StringInfo buf)
{
	buf->len = static_cast<int>(out.len);
	buf->data[buf->len] = '\0';
}

} /* namespace cdc */
