#pragma once
// dbt-session [host options] <dbt command> [dbt arguments...]
// Host options come first; the first word that is not a host option starts dbt's command
// line, which is passed to dbt untouched (so dbt's own flags never meet our parser): dbt's
// global flags may come before its command, as with dbt itself. --log-level is both: it sets
// dbt-session's level and is passed to dbt.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dbt_session::host {

struct HostOptions {
  std::optional<std::string> venv;
  std::string log_level = "info";
  bool log_level_given = false;  // --log-level was on the command line (also passed to dbt)
  std::optional<std::string> master;
  std::optional<std::string> remote;  // --remote sc://host:port (Spark Connect)
  std::optional<std::string> warehouse;
  std::vector<std::pair<std::string, std::string>> spark_conf;  // --conf key=value, in order
  bool show_version = false;
  bool show_help = false;
};

struct CommandLine {
  HostOptions host;
  std::vector<std::string> dbt_args;
};

// Throws HostError naming the offending word (unknown option, missing value, bad --conf).
CommandLine parse_command_line(const std::vector<std::string>& args);

// The value following `flag` (e.g. "--target" / "-t") in dbt's arguments, or after `flag=`.
std::optional<std::string> flag_value(const std::vector<std::string>& args, const std::string& flag,
                                      const std::string& short_flag = "");

// The level of dbt-session's own console lines: --log-level when given, else what dbt's own
// console gets (its --log-level or --quiet, then $DBT_LOG_LEVEL or $DBT_QUIET), so a quiet dbt
// console is a quiet console.
std::string console_log_level(const CommandLine& command, const char* dbt_log_level,
                              const char* dbt_quiet);

std::string usage();

}  // namespace dbt_session::host
