#include "host/python_hosting.hpp"

#include <dlfcn.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "host/early_signals.hpp"
#include "host/embedded_entry.hpp"
#include "host/host_error.hpp"

namespace dbt_session::host {
namespace {

// The run's extra sys.path entries, in order (appended: an installed copy wins).
std::vector<std::string> extra_paths(const CheckoutPaths& checkout) {
  std::vector<std::string> paths;
  for (const auto& dir : {checkout.module_dir, checkout.adapter_dir}) {
    if (!dir.empty() && fs::is_directory(dir)) paths.push_back(dir.string());
  }
  return paths;
}

std::vector<const char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<const char*> pointers;
  for (const auto& text : strings) pointers.push_back(text.c_str());
  return pointers;
}

}  // namespace

std::optional<fs::path> find_shared_libpython(const Venv& venv, int minor) {
  if (venv.home.empty()) return std::nullopt;
  const std::string name = "libpython3." + std::to_string(minor) + ".so.1.0";
  // <prefix>/lib (a source build, pyenv, conda) or the distribution's multiarch directory.
  const fs::path prefix = venv.home.parent_path();
  for (const fs::path& dir :
       {prefix / "lib", prefix / "lib" / "x86_64-linux-gnu", prefix / "lib64"}) {
    if (fs::exists(dir / name)) return dir / name;
  }
  return std::nullopt;
}

std::optional<fs::path> find_native_module(const Venv& venv, const CheckoutPaths& checkout,
                                           const std::string& file_name) {
  const std::string minor = major_minor(venv.version);
  for (const fs::path& dir :
       {venv.root / "lib" / ("python" + minor) / "site-packages", checkout.module_dir}) {
    if (!dir.empty() && fs::exists(dir / file_name)) return dir / file_name;
  }
  return std::nullopt;
}

Hosting choose_hosting(const char* requested, const std::optional<fs::path>& libpython,
                       const std::optional<fs::path>& module) {
  const std::string choice = requested ? requested : "";
  if (choice == "exec") return Hosting::kExec;
  if (choice == "embedded") {
    if (!libpython) {
      throw HostError(
          "DBT_SESSION_HOSTING=embedded, but this Python has no shared libpython "
          "(install your distribution's libpython3.X package, or unset DBT_SESSION_HOSTING)");
    }
    if (!module)
      throw HostError(
          "DBT_SESSION_HOSTING=embedded, but the dbt_session_native module was not found");
    return Hosting::kEmbedded;
  }
  if (!choice.empty()) {
    throw HostError("DBT_SESSION_HOSTING='" + choice +
                    "' is not one of: embedded, exec (or unset: automatic)");
  }
  return libpython && module ? Hosting::kEmbedded : Hosting::kExec;
}

int run_embedded(const fs::path& libpython, const fs::path& module, const Venv& venv,
                 const CheckoutPaths& checkout, const std::vector<std::string>& args) {
  // RTLD_GLOBAL: the module, like every extension module, takes the C API from the process.
  if (!dlopen(libpython.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
    throw HostError("cannot load " + libpython.string() + ": " + dlerror());
  }
  void* native = dlopen(module.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (!native) throw HostError("cannot load " + module.string() + ": " + dlerror());
  using Entry = decltype(&dbt_session_run_embedded);
  const auto entry = reinterpret_cast<Entry>(dlsym(native, kEmbeddedEntry));
  if (!entry)
    throw HostError(module.string() + " has no " + kEmbeddedEntry + ": reinstall dbt-session");
  spdlog::debug("Python {}: embedded from {}", venv.version, libpython.string());
  const auto paths = extra_paths(checkout);
  const auto path_pointers = c_strings(paths);
  const auto arg_pointers = c_strings(args);
  return entry(venv.python.c_str(), static_cast<int>(path_pointers.size()), path_pointers.data(),
               static_cast<int>(arg_pointers.size()), arg_pointers.data());
}

void exec_python(const Venv& venv, const CheckoutPaths& checkout,
                 const std::vector<std::string>& args) {
  // -P: no script directory or cwd in front of sys.path (a project's own `dbt/` folder must not
  // shadow dbt). argv after -c: the path count, the paths, then dbt-session's arguments. Its
  // first lines handle the signals held across the exec (host/early_signals.hpp) until
  // run_host installs the host's own handlers.
  const std::string bootstrap =
      "import os, signal, sys\n"
      "def end_at_once(number, frame):\n"
      "    os.write(2, b'" +
      std::string(kInterruptedBeforeStart) +
      "\\n')\n"
      "    os._exit(130)\n"
      "for number in (signal.SIGINT, signal.SIGTERM):\n"
      "    signal.signal(number, end_at_once)\n"
      "signal.pthread_sigmask(signal.SIG_UNBLOCK, (signal.SIGINT, signal.SIGTERM))\n"
      "count = int(sys.argv[1])\n"
      "sys.path.extend(sys.argv[2:2 + count])\n"
      "import dbt_session_native\n"
      "sys.exit(dbt_session_native.run_host(sys.argv[2 + count:]))\n";
  const auto paths = extra_paths(checkout);
  std::vector<std::string> words = {venv.python.string(), "-P", "-c", bootstrap,
                                    std::to_string(paths.size())};
  words.insert(words.end(), paths.begin(), paths.end());
  words.insert(words.end(), args.begin(), args.end());
  spdlog::debug("Python {}: the run continues in {}", venv.version, venv.python.string());
  auto argv = c_strings(words);
  argv.push_back(nullptr);
  hold_signals_across_exec();
  execv(venv.python.c_str(), const_cast<char* const*>(argv.data()));
  unblock_held_signals();
  throw HostError("cannot run " + venv.python.string() + ": " + std::strerror(errno));
}

}  // namespace dbt_session::host
