/*
 * json_sink.h
 *		Binds the JSON writer's output (JsonOut) to a server StringInfo, such
 *		as the logical decoding output buffer ctx->out, and writes whole
 *		documents there (re-indented with pretty.print).
 *
 * PG zone: growing the buffer and scratch memory use palloc in the current
 * memory context.
 */
#ifndef CDC_JSON_SINK_H
#define CDC_JSON_SINK_H

#include "pg_includes.h"

#include "json_stream.h"

namespace cdc
{

/* Lets 'out' append to 'buf' from its current end. */
void json_out_attach(JsonOut &out, StringInfo buf);

/* Hands what 'out' wrote back to 'buf' (length and terminating NUL). */
void json_out_detach(JsonOut &out, StringInfo buf);

/*
 * Re-indents the compact document that fills 'buf' from 'start' on, in
 * place (json_pretty.h).
 */
void prettify_json_document(StringInfo buf, int start);

/*
 * Appends one document to 'buf', written by 'write' (called with a
 * JsonWriter &), re-indented for people when 'pretty' (pretty.print).
 */
template <typename WriteDocument>
void
write_json_document(StringInfo buf, bool pretty, WriteDocument &&write)
{
	JsonOut out;
	int start = buf->len;

	json_out_attach(out, buf);
	{
		JsonWriter writer(out);

		write(writer);
	}
	json_out_detach(out, buf);
	if (pretty)
		prettify_json_document(buf, start);
}

} /* namespace cdc */

#endif /* CDC_JSON_SINK_H */
