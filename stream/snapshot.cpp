// stream/snapshot.cpp
//	The snapshot's reading side: a REPEATABLE READ transaction on the
//	exported snapshot, the table list, and a cursor per table fetched in
//	batches, so neither the server nor cdc_stream holds a whole table.
#include "snapshot.h"

#include <libpq-fe.h>

#include <memory>

#include "errors.h"
#include "pg_replication.h"

namespace
{

// Rows fetched from a table's cursor at a time.
constexpr int kFetchRows = 1000;

// Owns a PGconn and closes it.
struct ConnectionCloser
{
	void operator()(PGconn *conn) const
	{
		PQfinish(conn);
	}
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

// Owns a PGresult and frees it.
struct ResultClearer
{
	void operator()(PGresult *result) const
	{
		PQclear(result);
	}
};
using Result = std::unique_ptr<PGresult, ResultClearer>;

// Runs 'sql' with text parameters and checks its status.  A missing
// function means the database lacks the extension: a setup error, not
// retried; a lost connection is retried.
Result
run(PGconn *conn, const std::string &sql, const std::vector<std::string> &parameters,
	ExecStatusType expected)
{
	std::vector<const char *> values;

	for (const std::string &parameter : parameters)
		values.push_back(parameter.c_str());
	Result result(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
							   values.data(), nullptr, nullptr, 0));
	if (PQresultStatus(result.get()) == expected)
		return result;

	const char *state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
	std::string sqlstate = state != nullptr ? state : "";
	std::string message = "initial snapshot: " + connection_error(conn);
	if (sqlstate == "42883")
		throw BridgeError(message +
							  " (snapshot.mode=initial needs CREATE EXTENSION cdc_plugin in the "
							  "database)",
						  kExitError, false);
	bool retryable = PQstatus(conn) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 ||
					 sqlstate.rfind("57P", 0) == 0 || sqlstate == "40001";
	throw BridgeError(message, kExitError, retryable);
}

// The plugin options as a text[] literal of name, value pairs (the
// VARIADIC argument of the plugin's functions), record.mode=record first.
std::string
options_array(const std::vector<std::pair<std::string, std::string>> &options)
{
	std::string array = "{\"record.mode\",\"record\"";

	for (const auto &option : options)
	{
		if (option.first == "record.mode")
			continue;
		for (const std::string *text : {&option.first, &option.second})
		{
			array += ",\"";
			for (char c : *text)
			{
				if (c == '"' || c == '\\')
					array += '\\';
				array += c;
			}
			array += '"';
		}
	}
	return array + "}";
}

} // namespace

uint64_t
read_snapshot(const SnapshotSource &source, const std::function<void(std::string_view)> &on_record)
{
	const char *keywords[] = {"dbname", "fallback_application_name", nullptr};
	const char *values[] = {source.conninfo.c_str(), "cdc_stream snapshot", nullptr};
	Connection conn(PQconnectdbParams(keywords, values, 1));
	std::string options = options_array(source.plugin_options);
	char lsn[32];
	uint64_t records = 0;

	if (PQstatus(conn.get()) != CONNECTION_OK)
		throw BridgeError("initial snapshot: cannot connect to PostgreSQL: " +
							  connection_error(conn.get()),
						  kExitError, true);
	snprintf(lsn, sizeof(lsn), "%X/%X", static_cast<unsigned>(source.lsn >> 32),
			 static_cast<unsigned>(source.lsn & 0xffffffffu));
	run(conn.get(), "BEGIN ISOLATION LEVEL REPEATABLE READ", {}, PGRES_COMMAND_OK);
	char *name =
		PQescapeLiteral(conn.get(), source.snapshot_name.c_str(), source.snapshot_name.size());
	std::string set_snapshot =
		"SET TRANSACTION SNAPSHOT " + std::string(name != nullptr ? name : "''");
	PQfreemem(name);
	run(conn.get(), set_snapshot, {}, PGRES_COMMAND_OK);
	Result tables =
		run(conn.get(), "SELECT t::oid FROM cdc_snapshot_tables(VARIADIC $1::text[]) AS t",
			{options}, PGRES_TUPLES_OK);
	int ntables = PQntuples(tables.get());
	for (int i = 0; i < ntables; i++)
	{
		run(conn.get(),
			"DECLARE cdc_snapshot NO SCROLL CURSOR FOR SELECT cdc_snapshot_rows($1::oid::regclass, "
			"$2::pg_lsn, $3::boolean, $4::boolean, VARIADIC $5::text[])",
			{PQgetvalue(tables.get(), i, 0), lsn, i == 0 ? "true" : "false",
			 i == ntables - 1 ? "true" : "false", options},
			PGRES_COMMAND_OK);
		for (;;)
		{
			Result batch =
				run(conn.get(), "FETCH " + std::to_string(kFetchRows) + " FROM cdc_snapshot", {},
					PGRES_TUPLES_OK);
			int nrows = PQntuples(batch.get());
			for (int row = 0; row < nrows; row++)
				on_record(std::string_view(PQgetvalue(batch.get(), row, 0),
										   static_cast<size_t>(PQgetlength(batch.get(), row, 0))));
			records += static_cast<uint64_t>(nrows);
			if (nrows < kFetchRows)
				break;
		}
		run(conn.get(), "CLOSE cdc_snapshot", {}, PGRES_COMMAND_OK);
	}
	run(conn.get(), "COMMIT", {}, PGRES_COMMAND_OK);
	return records;
}
