/*
 * name_patterns.cpp
 *		Compiling and matching Debezium's comma-separated regular expression
 *		lists.
 */
#include "pg_includes.h"

#include "name_patterns.h"

namespace cdc
{

namespace
{

/* Converts UTF-8 (database encoding) text to the engine's wide characters. */
pg_wchar *
to_wide(const char *text, size_t len, size_t *wide_len)
{
	pg_wchar *wide = static_cast<pg_wchar *>(palloc((len + 1) * sizeof(pg_wchar)));

	*wide_len = static_cast<size_t>(pg_mb2wchar_with_len(text, wide, static_cast<int>(len)));
	return wide;
}

/*
 * Splits a list at commas not escaped by a backslash ("\," is a comma inside
 * a pattern), trimming white space around each item, as Debezium does.
 * Returns the number of items written to 'items' (palloc'd strings).
 */
int
split_list(std::string_view list, char **items)
{
	int count = 0;
	StringInfoData item;

	initStringInfo(&item);
	for (size_t i = 0; i <= list.size(); i++)
	{
		if (i == list.size() || list[i] == ',')
		{
			int start = 0;
			int end = item.len;

			while (start < end && isspace(static_cast<unsigned char>(item.data[start])))
				start++;
			while (end > start && isspace(static_cast<unsigned char>(item.data[end - 1])))
				end--;
			if (end > start)
				items[count++] = pnstrdup(item.data + start, end - start);
			resetStringInfo(&item);
			continue;
		}
		if (list[i] == '\\' && i + 1 < list.size() && list[i + 1] == ',')
			i++;
		appendStringInfoChar(&item, list[i]);
	}
	return count;
}

} /* namespace */

/*
 * Compiles every pattern anchored at both ends and case-insensitively, as
 * Debezium's Pattern.matches with CASE_INSENSITIVE.
 */
void
compile_name_patterns(NamePatterns &patterns, std::string_view option_name, std::string_view list,
					  std::string_view given)
{
	char **items = static_cast<char **>(palloc(sizeof(char *) * (list.size() / 2 + 2)));
	int count = split_list(list, items);
	std::string_view shown = given.empty() ? list : given;

	patterns.count = 0;
	patterns.patterns = static_cast<regex_t *>(palloc0(sizeof(regex_t) * (count > 0 ? count : 1)));
	for (int i = 0; i < count; i++)
	{
		char *anchored = psprintf("^(?:%s)$", items[i]);
		size_t wide_len;
		pg_wchar *wide = to_wide(anchored, strlen(anchored), &wide_len);
		int status = pg_regcomp(&patterns.patterns[i], wide, wide_len, REG_ADVANCED | REG_ICASE,
								C_COLLATION_OID);

		if (status != REG_OKAY)
		{
			char reason[256];

			pg_regerror(status, &patterns.patterns[i], reason, sizeof(reason));
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("invalid value \"%.*s\" for option \"%.*s\"",
								   static_cast<int>(shown.size()), shown.data(),
								   static_cast<int>(option_name.size()), option_name.data()),
							errdetail("The regular expression \"%s\" does not compile: %s.",
									  items[i], reason)));
		}
		patterns.count++;
	}
}

/* Tries each pattern in turn against the whole name. */
bool
name_patterns_match(const NamePatterns &patterns, const char *name)
{
	size_t wide_len;
	pg_wchar *wide;

	if (patterns.count == 0)
		return false;
	wide = to_wide(name, strlen(name), &wide_len);
	for (int i = 0; i < patterns.count; i++)
		if (pg_regexec(&patterns.patterns[i], wide, wide_len, 0, nullptr, 0, nullptr, 0) ==
			REG_OKAY)
			return true;
	return false;
}

} /* namespace cdc */
