// host/command_line.hpp under libFuzzer: the input's NUL-separated words are an argv (as the
// kernel gives it: any byte but NUL). parse_command_line either throws HostError (a message for
// the user; any other exception is a crash here) or splits exactly where a second reading of
// its contract does: host options and their values up to the first word that is not one (or
// after a `--`), dbt's words untouched after it (a host --log-level put before them, unless
// they set dbt's), each host value the word that gave it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "host/command_line.hpp"
#include "host/host_error.hpp"
#include "tests/fuzz/reference_lexer.hpp"

namespace {

using namespace dbt_session::host;
using dbt_session::fuzz::require;
using dbt_session::fuzz::violated;

// Host option -> whether it takes a value.
const std::map<std::string, bool> kOptions = {
    {"--help", false},  {"-h", false},         {"--version", false},
    {"--venv", true},   {"--log-level", true}, {"--master", true},
    {"--remote", true}, {"--warehouse", true}, {"--conf", true}};

struct Expected {
  std::size_t dbt_start = 0;
  std::map<std::string, std::vector<std::string>> values;  // "--venv" -> its values, in order
};

// The contract read again; nullopt where the words must be refused.
std::optional<Expected> expected_split(const std::vector<std::string>& args) {
  Expected expected;
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--") {
      ++i;
      break;
    }
    if (word.size() < 2 || word[0] != '-') break;
    const std::size_t equals = word.find('=');
    // A short option is its two characters alone ("-h=" is no host option).
    const bool is_long = word.rfind("--", 0) == 0;
    const std::string name = is_long ? word.substr(0, equals) : word;
    const auto option = kOptions.find(name);
    if (option == kOptions.end()) break;  // dbt's flag (or dbt's error): dbt's words start here
    if (!option->second) {
      if (equals != std::string::npos) return std::nullopt;
      expected.values[name].push_back("");
    } else if (equals != std::string::npos) {
      expected.values[name].push_back(word.substr(equals + 1));
    } else if (i + 1 < args.size()) {
      expected.values[name].push_back(args[++i]);
    } else {
      return std::nullopt;
    }
  }
  expected.dbt_start = i;
  return expected;
}

std::optional<std::string> single(const Expected& expected, const std::string& name) {
  const auto found = expected.values.find(name);
  if (found == expected.values.end()) return std::nullopt;
  return found->second.back();
}

void check(const std::vector<std::string>& args, const CommandLine& command) {
  const auto expected = expected_split(args);
  require(expected.has_value(), "words the contract refuses were accepted");
  std::vector<std::string> dbt(args.begin() + static_cast<long>(expected->dbt_start), args.end());
  // A host --log-level is dbt's too, unless dbt's words set dbt's.
  const auto level = single(*expected, "--log-level");
  const bool dbt_sets_level = std::any_of(dbt.begin(), dbt.end(), [&](const std::string& word) {
    return (word == "--log-level" && &word != &dbt.back()) || word.rfind("--log-level=", 0) == 0;
  });
  if (level && !dbt.empty() && !dbt_sets_level) {
    dbt.insert(dbt.begin(), {"--log-level", *level == "off" || *level == "none" ? "none" : *level});
  }
  require(command.dbt_args == dbt, "dbt's words are not the words after the host options");
  const HostOptions& host = command.host;
  require(host.venv == single(*expected, "--venv"), "--venv");
  require(host.master == single(*expected, "--master"), "--master");
  require(host.remote == single(*expected, "--remote"), "--remote");
  require(host.warehouse == single(*expected, "--warehouse"), "--warehouse");
  const std::string given = single(*expected, "--log-level").value_or("info");
  require(host.log_level == (given == "none" ? "off" : given), "--log-level");
  require(host.show_version == expected->values.count("--version") > 0, "--version");
  require(host.show_help == (expected->values.count("--help") + expected->values.count("-h") > 0),
          "--help");
  const auto conf = expected->values.find("--conf");
  const std::size_t confs = conf == expected->values.end() ? 0 : conf->second.size();
  require(host.spark_conf.size() == confs, "a --conf entry lost or invented");
  for (std::size_t c = 0; c < confs; ++c) {
    const auto& [key, value] = host.spark_conf[c];
    require(
        !key.empty() && conf->second[c] == key + "=" + value && key.find('=') == std::string::npos,
        "--conf key=value read wrongly", conf->second[c]);
  }
  require(host.show_help || host.show_version || !command.dbt_args.empty(),
          "accepted without a dbt command");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.emplace_back();
    } else {
      args.back() += static_cast<char>(data[i]);
    }
  }
  if (size == 0) args.clear();
  try {
    check(args, parse_command_line(args));
  } catch (const HostError& error) {
    require(*error.what() != '\0', "a HostError without a message");
  } catch (const std::exception& error) {
    violated("an exception other than HostError escaped", error.what());
  }
  return 0;
}
