/*
 * settings.h
 *		What a session's options make of the encoders: the options parsed and
 *		validated, the envelope's and values' settings, the compiled name
 *		patterns, and what relation entries are built from.  A decoding
 *		session (decoder.cpp) and an initial snapshot (snapshot.cpp) both set
 *		themselves up here, so they accept the same options and write a row
 *		the same way.
 *
 * PG zone.
 */
#ifndef CDC_SETTINGS_H
#define CDC_SETTINGS_H

#include "pg_includes.h"

#include "envelope.h"
#include "name_patterns.h"
#include "options.h"
#include "relcache.h"

namespace cdc
{

/*
 * A session's settings.  'relcache' points into the struct itself, so it
 * is set up in place and never copied.  Trivially destructible: it lives in
 * palloc memory.
 */
struct SessionSettings
{
	PluginOptions options;
	EnvelopeOptions envelope;
	RelcacheSettings relcache; /* what relation entries are built from */

	/* column.propagate.source.type and datatype.propagate.source.type */
	NamePatterns propagate_columns;
	NamePatterns propagate_datatypes;

	/* message.prefix.include.list / exclude.list */
	NamePatterns message_prefix_include;
	NamePatterns message_prefix_exclude;
};

/*
 * Parses 'options' (DefElems with string values or none, as the server
 * hands an output plugin its options) into 'settings', and sets up the
 * encoders' settings from them, in the current memory context.  A bad
 * option or pattern fails here with an error naming it (a UserError from
 * the option core, an ERROR from the pattern compiler).  The topic prefix
 * waits for settings_resolve_topic_prefix.
 */
void settings_init(SessionSettings &settings, List *options);

/*
 * Resolves the topic prefix (topic.prefix, or the database's name, as
 * Debezium's default) for relation entries, and returns it.
 */
std::string_view settings_resolve_topic_prefix(SessionSettings &settings,
											   std::string_view database);

} /* namespace cdc */

#endif /* CDC_SETTINGS_H */
