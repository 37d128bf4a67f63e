/*
 * json_sink.cpp
 *		JsonOut over a StringInfo: growth through enlargeStringInfo, scratch
 *		memory from palloc; pretty printing of a document written there.
 */
#include "pg_includes.h"

#include "json_sink.h"

#include "json_pretty.h"

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

/*
 * Moves the compact text aside (into the current memory context) and
 * writes it back indented.
 */
void
prettify_json_document(StringInfo buf, int start)
{
	JsonOut out;
	int compact_len = buf->len - start;
	char *compact = static_cast<char *>(palloc(compact_len));

	memcpy(compact, buf->data + start, compact_len);
	buf->len = start;
	json_out_attach(out, buf);
	write_pretty_json(compact, static_cast<size_t>(compact_len), out);
	json_out_detach(out, buf);
}

} /* namespace cdc */
