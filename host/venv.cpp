#include "host/venv.hpp"

#include <fstream>
#include <initializer_list>
#include <vector>

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// pyvenv.cfg is "key = value" lines: the first value of any of `keys`.
std::optional<std::string> read_config_value(const fs::path& config,
                                             std::initializer_list<const char*> keys) {
  std::ifstream in(config);
  std::string line;
  while (std::getline(in, line)) {
    const auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    const std::string key = trim(line.substr(0, equals));
    for (const char* wanted : keys) {
      if (key == wanted) return trim(line.substr(equals + 1));
    }
  }
  return std::nullopt;
}

}  // namespace

Venv inspect_venv(const fs::path& dir) {
  const fs::path config = dir / "pyvenv.cfg";
  if (!fs::exists(config)) {
    throw HostError("'" + dir.string() +
                    "' is not a virtualenv (no pyvenv.cfg). Create one with "
                    "`make setup`, or pass --venv DIR");
  }
  Venv venv{fs::absolute(dir).lexically_normal(), {}, {}, {}};
  venv.python = venv.root / "bin" / "python";
  if (!fs::exists(venv.python))
    throw HostError("virtualenv '" + dir.string() + "' has no bin/python");
  // `version` (venv) or `version_info` (virtualenv)
  const auto version = read_config_value(config, {"version", "version_info"});
  if (!version)
    throw HostError(config.string() + " does not say which Python version the venv uses");
  venv.version = *version;
  venv.home = read_config_value(config, {"home"}).value_or("");
  return venv;
}

Venv find_venv(const VenvSearch& search) {
  std::vector<fs::path> candidates;
  if (search.explicit_dir) return inspect_venv(*search.explicit_dir);  // never second-guessed
  if (search.active_env) candidates.push_back(*search.active_env);
  if (!search.executable.empty())
    candidates.push_back(search.executable.parent_path().parent_path());
  if (!search.build_default.empty()) candidates.push_back(search.build_default);
  std::string tried;
  for (const auto& candidate : candidates) {
    if (fs::exists(candidate / "pyvenv.cfg")) return inspect_venv(candidate);
    tried += "\n  " + candidate.string();
  }
  throw HostError("no virtualenv found; tried:" + tried +
                  "\nRun `make setup` in the dbt-session checkout, or pass --venv DIR");
}

std::string major_minor(const std::string& version) {
  return version.substr(0, version.find('.', version.find('.') + 1));
}

void require_python(const Venv& venv, int major, int minor) {
  const std::string expected = std::to_string(major) + "." + std::to_string(minor);
  const bool matches = venv.version == expected || venv.version.rfind(expected + ".", 0) == 0;
  if (!matches) {
    throw HostError(
        "virtualenv '" + venv.root.string() + "' uses Python " + venv.version +
        ", but this dbt-session was built for Python " + expected +
        ": install the dbt-session wheel built for Python " + major_minor(venv.version) +
        " (its file name has cp3XX for Python 3.XX), or use a Python " + expected + " venv");
  }
}

}  // namespace dbt_session::host
