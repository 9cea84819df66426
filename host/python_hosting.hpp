#pragma once
// How the launcher gives the run a Python: the interpreter must be the environment's own,
// because a CPython build only works with the standard library it was built with (Debian's
// and Ubuntu's python3.X compile `math`, `_socket`, `select`, … into the executable, where
// another build looks for them in lib-dynload). Two ways, the same run either way:
//   embedded: the environment's base installation has a shared libpython3.X.so — load it,
//             load the native module, and start the interpreter here (host/python_runtime);
//   exec:     it has none (distribution Pythons, linked statically) — replace this process
//             by the environment's python, which imports the native module and calls the
//             same run (`dbt_session_native.run_host`).
// $DBT_SESSION_HOSTING=embedded|exec chooses one; default: embedded when possible.
#include <optional>
#include <string>
#include <vector>

#include "host/venv.hpp"

namespace dbt_session::host {

enum class Hosting { kEmbedded, kExec };

// Where the run finds what the environment lacks: the checkout's adapter package and native
// module (empty in a wheel, which installs both in site-packages).
struct CheckoutPaths {
  fs::path adapter_dir;
  fs::path module_dir;
};

// The shared libpython3.<minor> of the venv's base installation (pyvenv.cfg `home`), if any.
std::optional<fs::path> find_shared_libpython(const Venv& venv, int minor);

// The native module for this Python: the venv's site-packages, else the checkout's build.
std::optional<fs::path> find_native_module(const Venv& venv, const CheckoutPaths& checkout,
                                           const std::string& file_name);

// $DBT_SESSION_HOSTING, checked: HostError for an unknown value or for `embedded` without a
// shared libpython. `libpython` and `module` are what the two find_ functions found.
Hosting choose_hosting(const char* requested, const std::optional<fs::path>& libpython,
                       const std::optional<fs::path>& module);

// Loads libpython and the native module into this process and runs there; dbt's exit code.
int run_embedded(const fs::path& libpython, const fs::path& module, const Venv& venv,
                 const CheckoutPaths& checkout, const std::vector<std::string>& args);

// Replaces this process by the venv's python running the same run; returns only by throwing.
[[noreturn]] void exec_python(const Venv& venv, const CheckoutPaths& checkout,
                              const std::vector<std::string>& args);

}  // namespace dbt_session::host
