// tests/unit_stream/test_config.cpp
//	cdc_stream's settings: flags over a file, plugin options, refusals.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "config.h"

TEST_CASE("flags override the file, plugin options pass through")
{
	std::string path = "/tmp/cdc_stream_test_config." + std::to_string(getpid());
	{
		std::ofstream out(path);
		out << "# a comment\n\npg = host=db dbname=app\nwindow=10\nplugin.topic.prefix=inv\n"
			   "subject.map.inv.public.a = other.a\n";
	}
	Config config;
	std::string config_flag = "--config=" + path;
	const char *argv[] = {"cdc_stream", "--window=20", config_flag.c_str(),
						  "--plugin.Topic.Prefix=inv2", "--plugin.skipped.operations=none"};
	REQUIRE(config_from_args(config, 5, argv));
	std::remove(path.c_str());
	CHECK(config.pg == "host=db dbname=app");
	CHECK(config.window == 20);
	REQUIRE(config.plugin_options.size() == 2);
	CHECK(config.plugin_options[0].first == "topic.prefix");
	CHECK(config.plugin_options[0].second == "inv2");
	CHECK(config.subject_map.at("inv.public.a") == "other.a");
}

TEST_CASE("bad settings are refused with their name")
{
	Config config;
	CHECK_THROWS_WITH(config_set(config, "window", "0"), Catch::Contains("window"));
	CHECK_THROWS_WITH(config_set(config, "nope", "1"), Catch::Contains("unknown setting \"nope\""));
	CHECK_THROWS_AS(config_set(config, "slot", "Bad-Name"), ConfigError);
	CHECK_THROWS_AS(config_set(config, "create.slot", "maybe"), ConfigError);
	CHECK_THROWS_AS(config_set(config, "plugin.record.mode", "value"), ConfigError);
	CHECK_THROWS_AS(config_set(config, "plugin.pretty.print", "on"), ConfigError);
	CHECK_THROWS_AS(config_set(config, "plugin.stream.in.progress", "true"), ConfigError);
	config_set(config, "plugin.pretty.print", "false");
	const char *argv[] = {"cdc_stream", "window=3"};
	CHECK_THROWS_AS(config_from_args(config, 2, argv), ConfigError);
	config_set(config, "reconnect.min.ms", "5000");
	config_set(config, "reconnect.max.ms", "1000");
	CHECK_THROWS_AS(config_validate(config), ConfigError);
}

TEST_CASE("snapshot.mode: initial needs a state file and slot creation")
{
	Config config;
	CHECK_FALSE(config.snapshot_initial);
	CHECK_THROWS_WITH(config_set(config, "snapshot.mode", "always"),
					  Catch::Contains("snapshot.mode: \"always\" (initial or no_data)"));
	config_set(config, "snapshot.mode", "initial");
	CHECK(config.snapshot_initial);
	CHECK_THROWS_WITH(config_validate(config), Catch::Contains("snapshot.state.file"));
	config_set(config, "snapshot.state.file", "/tmp/state");
	config_validate(config);
	config_set(config, "create.slot", "false");
	CHECK_THROWS_WITH(config_validate(config), Catch::Contains("create.slot=true"));
	config_set(config, "snapshot.mode", "no_data");
	config_validate(config);
}
