// host/command_line.hpp: host options before the dbt command, dbt's words after it untouched.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "host/command_line.hpp"
#include "host/host_error.hpp"
#include "tests/cpp/expectations.hpp"

namespace {

using dbt_session::host::CommandLine;
using dbt_session::host::HostError;
using dbt_session::host::parse_command_line;
using Args = std::vector<std::string>;
using Conf = std::vector<std::pair<std::string, std::string>>;

// The message of the HostError the arguments are rejected with; "" when they are accepted
// (so a CHECK on the message fails instead of the test passing by accident).
std::string rejection(const Args& args) {
  try {
    parse_command_line(args);
  } catch (const HostError& error) {
    return error.what();
  }
  return "";
}

using dbt_session::testing::mentions;

}  // namespace

TEST_CASE("the first word that is not a host option starts dbt's command line") {
  const CommandLine command =
      parse_command_line({"--master", "local[2]", "run", "--select", "my_model"});
  CHECK(command.host.master == "local[2]");
  CHECK(command.dbt_args == Args{"run", "--select", "my_model"});
}

TEST_CASE("a bare dbt command gets the default host options") {
  const CommandLine command = parse_command_line({"build"});
  CHECK(command.dbt_args == Args{"build"});
  CHECK(command.host.log_level == "info");
  CHECK_FALSE(command.host.venv);
  CHECK_FALSE(command.host.master);
  CHECK_FALSE(command.host.warehouse);
  CHECK(command.host.spark_conf.empty());
  CHECK_FALSE(command.host.show_help);
  CHECK_FALSE(command.host.show_version);
}

TEST_CASE("every host option taking a value is read") {
  const CommandLine command =
      parse_command_line({"--venv", "/opt/venv", "--log-level", "debug", "--master",
                          "spark://h:7077", "--warehouse", "/data", "run"});
  CHECK(command.host.venv == "/opt/venv");
  CHECK(command.host.log_level == "debug");
  CHECK(command.host.master == "spark://h:7077");
  CHECK(command.host.warehouse == "/data");
  CHECK(command.dbt_args == Args{"--log-level", "debug", "run"});
}

TEST_CASE("an option's value may be attached with '='") {
  const CommandLine command = parse_command_line({"--master=local[4]", "--venv=/v", "run"});
  CHECK(command.host.master == "local[4]");
  CHECK(command.host.venv == "/v");
  CHECK(command.dbt_args == Args{"run"});
}

TEST_CASE(
    "dbt's flags after the command pass through untouched, even those named like host options") {
  const Args dbt = {"build",  "--select", "tag:nightly", "--target",         "prod", "-t",
                    "dev",    "--conf",   "novalue",     "--venv",           "x",    "--version",
                    "--help", "--",       "--ver",       "--profiles-dir=/p"};
  const CommandLine command = parse_command_line(dbt);
  CHECK(command.dbt_args == dbt);
  CHECK_FALSE(command.host.venv);
  CHECK(command.host.spark_conf.empty());
  CHECK_FALSE(command.host.show_help);
  CHECK_FALSE(command.host.show_version);
}

TEST_CASE("'--' ends the host options, so dbt's first word may look like an option") {
  const CommandLine command = parse_command_line({"--log-level", "warn", "--", "--version"});
  CHECK(command.dbt_args == Args{"--log-level", "warn", "--version"});
  CHECK(command.host.log_level == "warn");
  CHECK_FALSE(command.host.show_version);

  CHECK(parse_command_line({"--", "run"}).dbt_args == Args{"run"});
}

TEST_CASE("an option that is not the host's starts dbt's command line, as dbt's global flags do") {
  CHECK(parse_command_line({"--warn-error", "--log-format", "json", "build"}).dbt_args ==
        Args{"--warn-error", "--log-format", "json", "build"});
  const CommandLine command = parse_command_line({"--master", "local[1]", "--debug", "run"});
  CHECK(command.host.master == "local[1]");
  CHECK(command.dbt_args == Args{"--debug", "run"});
  // dbt names what it does not know: a misspelt host option reaches it as it was typed.
  CHECK(parse_command_line({"--mastr", "local[1]", "run"}).dbt_args ==
        Args{"--mastr", "local[1]", "run"});
}

// Found by tests/fuzz/fuzz_command_line: Boost compares a long name with the short names too,
// so "--=x" (empty name) escaped as Boost's "option is ambiguous" and "---h" read as -h.
TEST_CASE("an empty or dashed long option name matches no host option") {
  for (const std::string word : {"--=x", "--=", "---h", "---help", "---venv=/v"}) {
    CAPTURE(word);
    const CommandLine command = parse_command_line({word, "run"});
    CHECK(command.dbt_args == Args{word, "run"});
    CHECK_FALSE(command.host.show_help);
    CHECK_FALSE(command.host.venv);
  }
}

// Found by tests/fuzz/fuzz_command_line: Boost read "-hx" as -h -x, and its error message for
// a word holding "%original_token%" (its own placeholder) never finished formatting.
TEST_CASE("a short option is its two characters alone") {
  for (const std::string word : {"-hx", "-hh", "-h%option%"}) {
    CAPTURE(word);
    const CommandLine command = parse_command_line({word, "run"});
    CHECK(command.dbt_args == Args{word, "run"});
    CHECK_FALSE(command.host.show_help);
  }
  CHECK(parse_command_line({"-h"}).host.show_help);
}

TEST_CASE("abbreviated host option names are not guessed") {
  for (const std::string word :
       {"--ver", "--vers", "--ven", "--mast", "--ware", "--log", "--con", "--hel"}) {
    CAPTURE(word);
    const CommandLine command = parse_command_line({word, "value", "run"});
    CHECK(command.dbt_args == Args{word, "value", "run"});
    CHECK_FALSE(command.host.show_version);
    CHECK_FALSE(command.host.venv);
    CHECK_FALSE(command.host.master);
  }
}

TEST_CASE("--log-level sets the host's level and dbt's, unless dbt's arguments set dbt's") {
  CHECK(parse_command_line({"--log-level", "warn", "run"}).dbt_args ==
        Args{"--log-level", "warn", "run"});
  const CommandLine off = parse_command_line({"--log-level", "off", "run"});
  CHECK(off.host.log_level == "off");
  CHECK(off.dbt_args == Args{"--log-level", "none", "run"});
  CHECK(parse_command_line({"--log-level", "none", "run"}).host.log_level == "off");
  CHECK(parse_command_line({"--log-level", "warn", "run", "--log-level", "debug"}).dbt_args ==
        Args{"run", "--log-level", "debug"});
  CHECK(parse_command_line({"run"}).dbt_args == Args{"run"});
}

TEST_CASE("the host's console follows dbt's --log-level and --quiet unless --log-level is given") {
  using dbt_session::host::console_log_level;
  const auto level = [](const Args& args, const char* env_level = nullptr,
                        const char* env_quiet = nullptr) {
    return console_log_level(parse_command_line(args), env_level, env_quiet);
  };
  CHECK(level({"run"}) == "info");
  CHECK(level({"run", "--quiet"}) == "error");
  CHECK(level({"-q", "run"}) == "error");
  CHECK(level({"run", "--log-level", "warn"}) == "warn");
  CHECK(level({"run", "--log-level=none"}) == "off");
  CHECK(level({"run"}, "debug") == "debug");
  CHECK(level({"run"}, nullptr, "true") == "error");
  CHECK(level({"--log-level", "debug", "run", "--quiet"}) == "debug");
  CHECK(level({"run", "--log-level", "loud"}) == "info");  // dbt rejects it itself
}

TEST_CASE("--conf is repeatable and keeps the order it was given in") {
  const CommandLine command =
      parse_command_line({"--conf", "spark.b=2", "--conf", "spark.a=1", "--conf=spark.b=3", "run"});
  CHECK(command.host.spark_conf == Conf{{"spark.b", "2"}, {"spark.a", "1"}, {"spark.b", "3"}});
}

TEST_CASE("--conf splits at the first '=' so values may contain '='") {
  CHECK(parse_command_line({"--conf=spark.x=a=b", "run"}).host.spark_conf ==
        Conf{{"spark.x", "a=b"}});
  CHECK(parse_command_line({"--conf", "spark.y=k=v", "run"}).host.spark_conf ==
        Conf{{"spark.y", "k=v"}});
  CHECK(parse_command_line({"--conf", "spark.empty=", "run"}).host.spark_conf ==
        Conf{{"spark.empty", ""}});
}

TEST_CASE("a --conf entry that is not key=value is rejected naming the entry") {
  CHECK(mentions(rejection({"--conf", "spark.sql.shuffle.partitions", "run"}),
                 "spark.sql.shuffle.partitions"));
  CHECK(mentions(rejection({"--conf", "=4", "run"}), "'=4'"));
  CHECK_THROWS_AS(parse_command_line({"--conf=", "run"}), HostError);
}

TEST_CASE("an option missing its value is rejected naming the option") {
  CHECK(mentions(rejection({"--master"}), "--master"));
  CHECK(mentions(rejection({"--conf"}), "--conf"));
  CHECK(mentions(rejection({"--log-level", "debug", "--venv"}), "--venv"));
}

TEST_CASE("a switch given a value is rejected") {
  CHECK_THROWS_AS(parse_command_line({"--help=yes"}), HostError);
  CHECK_THROWS_AS(parse_command_line({"--version=1", "run"}), HostError);
}

TEST_CASE("without a dbt command the host refuses to start") {
  CHECK(mentions(rejection({}), "no dbt command"));
  CHECK(mentions(rejection({"--master", "local[2]"}), "no dbt command"));
  CHECK(mentions(rejection({"--"}), "no dbt command"));
}

TEST_CASE("--help and --version need no dbt command") {
  CHECK(parse_command_line({"--help"}).host.show_help);
  const CommandLine version = parse_command_line({"--version"});
  CHECK(version.host.show_version);
  CHECK_FALSE(version.host.show_help);
  CHECK(version.dbt_args.empty());
}

TEST_CASE("-h is the short form of --help") {
  CHECK(parse_command_line({"-h"}).host.show_help);
  CHECK(parse_command_line({"-h", "run"}).dbt_args == Args{"run"});
}

TEST_CASE("the usage text lists every host option") {
  const std::string text = dbt_session::host::usage();
  for (const std::string option : {"--help", "--version", "--venv", "--log-level", "--master",
                                   "--remote", "--warehouse", "--conf"}) {
    CAPTURE(option);
    CHECK(mentions(text, option));
  }
}
