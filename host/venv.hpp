#pragma once
// Which virtualenv's Python the host embeds. Search order (first that exists wins):
//   1. --venv DIR
//   2. $VIRTUAL_ENV (an activated venv)
//   3. the venv the binary is installed in (<venv>/bin/dbt-session, as pip installs it)
//   4. the checkout's .venv the binary was built for (compile-time default)
#include <filesystem>
#include <optional>
#include <string>

namespace dbt_session::host {

namespace fs = std::filesystem;

struct VenvSearch {
  std::optional<fs::path> explicit_dir;  // --venv
  std::optional<fs::path> active_env;    // $VIRTUAL_ENV
  fs::path executable;                   // this binary
  fs::path build_default;                // DBT_SESSION_DEFAULT_VENV
};

struct Venv {
  fs::path root;
  fs::path python;      // <root>/bin/python: PyConfig.executable, so getpath finds pyvenv.cfg
  std::string version;  // "3.11.7", from pyvenv.cfg
  fs::path home;        // the base installation's bin directory (pyvenv.cfg `home`), if given
};

// The venv to use, or HostError listing the places that were tried.
Venv find_venv(const VenvSearch& search);

// Reads <dir>/pyvenv.cfg; HostError if `dir` is not a virtualenv.
Venv inspect_venv(const fs::path& dir);

// "3.12" of "3.12.3" (or of virtualenv's "3.12.3.final.0").
std::string major_minor(const std::string& version);

// HostError unless the venv's Python has this major.minor (the one dbt-session was built for).
void require_python(const Venv& venv, int major, int minor);

}  // namespace dbt_session::host
