/*
 * json_pretty.h
 *		Re-indents one compact JSON document for people reading a stream
 *		(option pretty.print).
 *
 * C++ zone: no server header, no allocation.
 */
#ifndef CDC_JSON_PRETTY_H
#define CDC_JSON_PRETTY_H

#include <cstddef>

#include "json_stream.h"

namespace cdc
{

/*
 * Appends 'json' (compact: no whitespace outside strings, as the plugin
 * writes it) to 'out' with one member or element per line, indented by two
 * spaces per level, and ": " after keys.
 */
void write_pretty_json(const char *json, size_t len, JsonOut &out);

} /* namespace cdc */

#endif /* CDC_JSON_PRETTY_H */
