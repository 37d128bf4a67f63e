/*
 * json_pretty.cpp
 *		Indentation of compact JSON text, copying string contents untouched.
 */
#include "json_pretty.h"

namespace cdc
{

namespace
{

/* Starts a new line at nesting 'depth'. */
void
new_line(JsonOut &out, int depth)
{
	out.Put('\n');
	for (int i = 0; i < depth; i++)
	{
		out.Put(' ');
		out.Put(' ');
	}
}

} /* namespace */

/*
 * Walks the text once: strings are copied as they are (escapes included),
 * and outside strings line breaks go after '{', '[' and ',' and before the
 * closing bracket.  Empty objects and arrays stay on one line.
 */
void
write_pretty_json(const char *json, size_t len, JsonOut &out)
{
	int depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < len; i++)
	{
		char c = json[i];

		if (in_string)
		{
			out.Put(c);
			if (c == '\\' && i + 1 < len)
				out.Put(json[++i]);
			else if (c == '"')
				in_string = false;
			continue;
		}
		switch (c)
		{
			case '"':
				in_string = true;
				out.Put(c);
				break;
			case '{':
			case '[':
				out.Put(c);
				if (i + 1 < len && (json[i + 1] == '}' || json[i + 1] == ']'))
					out.Put(json[++i]);
				else
					new_line(out, ++depth);
				break;
			case '}':
			case ']':
				new_line(out, --depth);
				out.Put(c);
				break;
			case ',':
				out.Put(c);
				new_line(out, depth);
				break;
			case ':':
				out.Put(c);
				out.Put(' ');
				break;
			default:
				out.Put(c);
				break;
		}
	}
}

} /* namespace cdc */
