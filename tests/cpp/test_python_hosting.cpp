// host/python_hosting.hpp: which libpython and native module the launcher finds, and which of
// its two ways (embedded, exec) it takes.
#include <doctest/doctest.h>

#include <optional>

#include "host/python_hosting.hpp"

#include "tests/cpp/expectations.hpp"
#include "tests/cpp/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::CheckoutPaths;
using dbt_session::host::choose_hosting;
using dbt_session::host::find_native_module;
using dbt_session::host::find_shared_libpython;
using dbt_session::host::Hosting;
using dbt_session::host::Venv;
using dbt_session::testing::mentions;
using dbt_session::testing::rejection;
using dbt_session::testing::TempDir;
using dbt_session::testing::write_file;

const std::string kModule = "dbt_session_native.cpython-312-x86_64-linux-gnu.so";

// A venv made from a base installation at <temp>/base (its python in base/bin).
Venv venv_in(const TempDir& temp) {
  return Venv{temp.path() / "venv", temp.path() / "venv" / "bin" / "python", "3.12.3",
              temp.path() / "base" / "bin"};
}

}  // namespace

TEST_CASE("a base installation with lib/libpython3.X.so.1.0 has a shared libpython") {
  const TempDir temp;
  write_file(temp.path() / "base" / "lib" / "libpython3.12.so.1.0", "");
  CHECK(find_shared_libpython(venv_in(temp), 12) ==
        temp.path() / "base" / "lib" / "libpython3.12.so.1.0");
}

TEST_CASE("a distribution's libpython in lib/x86_64-linux-gnu is found too") {
  const TempDir temp;
  write_file(temp.path() / "base" / "lib" / "x86_64-linux-gnu" / "libpython3.12.so.1.0", "");
  CHECK(find_shared_libpython(venv_in(temp), 12).has_value());
}

TEST_CASE("a statically linked Python, or another minor's libpython, has no shared libpython") {
  const TempDir temp;
  write_file(temp.path() / "base" / "bin" / "python3.12", "");
  write_file(temp.path() / "base" / "lib" / "libpython3.11.so.1.0", "");
  CHECK_FALSE(find_shared_libpython(venv_in(temp), 12).has_value());
}

TEST_CASE("a venv whose pyvenv.cfg names no home has no shared libpython to look for") {
  const TempDir temp;
  Venv venv = venv_in(temp);
  venv.home.clear();
  CHECK_FALSE(find_shared_libpython(venv, 12).has_value());
}

TEST_CASE("the native module installed in the venv wins over the checkout's build") {
  const TempDir temp;
  const fs::path installed =
      temp.path() / "venv" / "lib" / "python3.12" / "site-packages" / kModule;
  write_file(installed, "");
  write_file(temp.path() / "build" / kModule, "");
  CHECK(find_native_module(venv_in(temp), {{}, temp.path() / "build"}, kModule) == installed);
}

TEST_CASE("without an installed native module the checkout's build is used, else none") {
  const TempDir temp;
  const CheckoutPaths checkout{{}, temp.path() / "build"};
  CHECK_FALSE(find_native_module(venv_in(temp), checkout, kModule).has_value());
  write_file(temp.path() / "build" / kModule, "");
  CHECK(find_native_module(venv_in(temp), checkout, kModule) == temp.path() / "build" / kModule);
}

TEST_CASE("by default the run is embedded when libpython and the module are there, else exec'd") {
  const fs::path lib = "/p/lib/libpython3.12.so.1.0";
  const fs::path module = "/v/" + kModule;
  CHECK(choose_hosting(nullptr, lib, module) == Hosting::kEmbedded);
  CHECK(choose_hosting(nullptr, std::nullopt, module) == Hosting::kExec);
  CHECK(choose_hosting(nullptr, lib, std::nullopt) == Hosting::kExec);
  CHECK(choose_hosting("exec", lib, module) == Hosting::kExec);
  CHECK(choose_hosting("embedded", lib, module) == Hosting::kEmbedded);
}

TEST_CASE("DBT_SESSION_HOSTING=embedded without a shared libpython names the package to install") {
  const std::string message =
      rejection([] { choose_hosting("embedded", std::nullopt, fs::path("/m.so")); });
  CHECK(mentions(message, "libpython3.X"));
  CHECK(mentions(message, "DBT_SESSION_HOSTING"));
}

TEST_CASE("an unknown DBT_SESSION_HOSTING value is rejected naming the choices") {
  const std::string message =
      rejection([] { choose_hosting("embed", std::nullopt, std::nullopt); });
  CHECK(mentions(message, "'embed'"));
  CHECK(mentions(message, "embedded, exec"));
}
