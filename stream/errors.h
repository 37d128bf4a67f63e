// stream/errors.h
//	cdc_stream's error type: a message, the exit status it ends the program
//	with, and whether a new session (reconnect with backoff) may cure it.
#pragma once

#include <stdexcept>
#include <string>

// Exit statuses, also listed in --help and the README.
enum ExitCode
{
	kExitOk = 0,
	kExitError = 1,
	kExitConfig = 2,
	kExitSlotPlugin = 3,
	kExitStreamMissing = 4,
	kExitCredentials = 5,
};

struct BridgeError : std::runtime_error
{
	BridgeError(const std::string &message, int exit_code, bool retryable)
		: std::runtime_error(message), exit_code(exit_code), retryable(retryable)
	{
	}
	int exit_code;
	bool retryable;
};
