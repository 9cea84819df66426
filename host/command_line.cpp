#include "host/command_line.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <sstream>

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace po = boost::program_options;
namespace {

po::options_description host_options() {
  po::options_description options("Host options (before the dbt command)");
  options.add_options()("help,h", "show this help")(
      "version",
      "print the versions of dbt-session, Python, pyspark, Delta, dbt-core and dbt-databricks")(
      "venv", po::value<std::string>(),
      "virtualenv holding dbt-databricks and pyspark (default: see README)")(
      "log-level", po::value<std::string>()->default_value("info"),
      "the console's level, dbt-session's and dbt's: debug, info, warn, error, off (dbt's "
      "--log-level and --quiet also set it)")(
      "master", po::value<std::string>(),
      "Spark master for a session created here (default local[*]; spark://host:port for a "
      "standalone cluster)")(
      "remote", po::value<std::string>(),
      "Spark Connect server to use instead (sc://host:port; default $SPARK_REMOTE)")(
      "warehouse", po::value<std::string>(), "directory of the persistent warehouse and metastore")(
      "conf", po::value<std::vector<std::string>>()->composing(),
      "Spark conf key=value (repeatable)");
  return options;
}

// Splits at the first word that is not a host option (or its value): host options first, then
// dbt's words, its global flags and its command.
std::pair<std::vector<std::string>, std::vector<std::string>> split_at_dbt_command(
    const std::vector<std::string>& args, const po::options_description& options) {
  std::vector<std::string> host;
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--") {
      ++i;
      break;
    }
    if (word.size() < 2 || word[0] != '-') break;
    const bool is_long = word.rfind("--", 0) == 0;
    // Boost finds long options by name ("venv") and short ones by their dash form ("-h").
    const std::string name = is_long ? word.substr(2, word.find('=') - 2) : word.substr(0, 2);
    // An empty or dashed long name ("--=x", "---h") would match the options that have no
    // short name, or a short one: Boost compares a long name with the short names too. A short
    // option is its two characters alone: Boost would read "-hx" as -h -x and loop forever
    // formatting its error when the word holds "%original_token%" (its message placeholder).
    const bool valid_name = is_long ? !name.empty() && name[0] != '-' : word.size() == 2;
    const auto* option = valid_name ? options.find_nothrow(name, /*approx=*/false) : nullptr;
    // Not ours: dbt's flags may come before its command too (`dbt --warn-error build`).
    if (option == nullptr) break;
    host.push_back(word);
    const bool takes_value = option->semantic()->max_tokens() > 0;
    if (takes_value && word.find('=') == std::string::npos) {
      if (i + 1 >= args.size()) throw HostError("option '" + word + "' needs a value");
      host.push_back(args[++i]);
    }
  }
  return {host, std::vector<std::string>(args.begin() + static_cast<long>(i), args.end())};
}

std::pair<std::string, std::string> parse_conf(const std::string& entry) {
  const auto equals = entry.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw HostError("--conf '" + entry +
                    "' must be key=value (for example --conf spark.sql.shuffle.partitions=4)");
  }
  return {entry.substr(0, equals), entry.substr(equals + 1)};
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
  const auto options = host_options();
  auto [host_words, dbt_words] = split_at_dbt_command(args, options);

  po::variables_map values;
  try {
    // Guessing is off: `--ver` must not silently mean `--version` (or `--venv`).
    const int style =
        po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(host_words).options(options).style(style).run(), values);
    po::notify(values);
  } catch (const po::error& error) {
    throw HostError(error.what());
  }

  CommandLine command;
  command.dbt_args = std::move(dbt_words);
  HostOptions& host = command.host;
  host.show_help = values.count("help") > 0;
  host.show_version = values.count("version") > 0;
  host.log_level = values["log-level"].as<std::string>();
  if (values.count("venv")) host.venv = values["venv"].as<std::string>();
  if (values.count("master")) host.master = values["master"].as<std::string>();
  if (values.count("remote")) host.remote = values["remote"].as<std::string>();
  if (values.count("warehouse")) host.warehouse = values["warehouse"].as<std::string>();
  if (values.count("conf")) {
    for (const auto& entry : values["conf"].as<std::vector<std::string>>()) {
      host.spark_conf.push_back(parse_conf(entry));
    }
  }
  if (!host.show_help && !host.show_version && command.dbt_args.empty()) {
    throw HostError(
        "no dbt command given (for example: dbt-session build). See dbt-session --help");
  }
  if (host.log_level == "none") host.log_level = "off";  // dbt's name for it
  host.log_level_given = !values["log-level"].defaulted();
  if (host.log_level_given && !command.dbt_args.empty() &&
      !flag_value(command.dbt_args, "--log-level")) {
    // One level for the whole console, as `dbt --log-level` gives: dbt's too.
    const std::string dbt_level = host.log_level == "off" ? "none" : host.log_level;
    command.dbt_args.insert(command.dbt_args.begin(), {"--log-level", dbt_level});
  }
  return command;
}

std::optional<std::string> flag_value(const std::vector<std::string>& args, const std::string& flag,
                                      const std::string& short_flag) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if ((word == flag || (!short_flag.empty() && word == short_flag)) && i + 1 < args.size()) {
      return args[i + 1];
    }
    if (word.rfind(flag + "=", 0) == 0) return word.substr(flag.size() + 1);
  }
  return std::nullopt;
}

std::string console_log_level(const CommandLine& command, const char* dbt_log_level,
                              const char* dbt_quiet) {
  if (command.host.log_level_given) return command.host.log_level;
  std::optional<std::string> level = flag_value(command.dbt_args, "--log-level");
  if (!level && dbt_log_level != nullptr && *dbt_log_level != '\0') level = dbt_log_level;
  const auto& args = command.dbt_args;
  const bool quiet =
      std::find(args.begin(), args.end(), "--quiet") != args.end() ||
      std::find(args.begin(), args.end(), "-q") != args.end() ||
      (dbt_quiet != nullptr && (std::string(dbt_quiet) == "1" || std::string(dbt_quiet) == "true" ||
                                std::string(dbt_quiet) == "True"));
  // dbt's --quiet: "Suppress all non-error logging to stdout".
  if (quiet) return level == "none" ? "off" : "error";
  if (!level) return command.host.log_level;
  if (*level == "none") return "off";
  if (*level == "debug" || *level == "info" || *level == "warn" || *level == "error") return *level;
  return command.host.log_level;  // dbt rejects the value itself
}

std::string usage() {
  std::ostringstream text;
  text
      << "Usage: dbt-session [host options] <dbt command> [dbt arguments]\n\n"
      << "Runs dbt-databricks in-process on one SparkSession. Profiles keep `type: databricks`\n"
      << "and add `method: session` (no host, token or http_path).\n\n"
      << host_options() << "\nExamples:\n"
      << "  dbt-session build\n"
      << "  dbt-session --master local[4] --conf spark.sql.shuffle.partitions=8 run --select "
         "my_model\n"
      << "  dbt-session --remote sc://localhost:15002 build\n\n"
      << "The session: --remote or $SPARK_REMOTE (Spark Connect), else the running driver JVM "
         "named by\n"
      << "$PYSPARK_GATEWAY_PORT and $PYSPARK_GATEWAY_SECRET (attach), else a new one (--master).\n";
  return text.str();
}

}  // namespace dbt_session::host
