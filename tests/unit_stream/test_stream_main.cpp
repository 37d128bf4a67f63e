// tests/unit_stream/test_stream_main.cpp
//	Catch2's main for cdc_stream's unit tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
