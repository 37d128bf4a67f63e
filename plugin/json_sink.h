/*
 * json_sink.h
 *		Binds the JSON writer's output (JsonOut) to a server StringInfo, such
 *		as the logical decoding output buffer ctx->out.
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

} /* namespace cdc */

#endif /* CDC_JSON_SINK_H */
