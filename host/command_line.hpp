#pragma once
// dbt-session [host options] <dbt command> [dbt arguments...]
// Host options come first; the first word that is not a host option starts dbt's command
// line, which is passed to dbt untouched (so dbt's own flags never meet our parser).
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dbt_session::host {

struct HostOptions {
  std::optional<std::string> venv;
  std::string log_level = "info";
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

std::string usage();

}  // namespace dbt_session::host
