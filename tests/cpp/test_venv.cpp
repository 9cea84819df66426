// host/venv.hpp: which virtualenv the host embeds, and whether its Python fits the build.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "host/host_error.hpp"
#include "host/venv.hpp"

#include "tests/cpp/expectations.hpp"
#include "tests/cpp/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::find_venv;
using dbt_session::host::HostError;
using dbt_session::host::inspect_venv;
using dbt_session::host::require_python;
using dbt_session::host::Venv;
using dbt_session::host::VenvSearch;

using dbt_session::testing::TempDir;
using dbt_session::testing::write_file;

// A directory that looks like a virtualenv: pyvenv.cfg and bin/python (never run).
fs::path make_venv(const fs::path& dir,
                   const std::string& config = "home = /usr/bin\nversion = 3.11.7\n") {
  write_file(dir / "pyvenv.cfg", config);
  write_file(dir / "bin" / "python", "");
  return dir;
}

using dbt_session::testing::mentions;
using dbt_session::testing::rejection;

// Four valid venvs, one per place find_venv looks, so each test removes what it must skip.
struct FourVenvs {
  TempDir temp;
  fs::path explicit_dir = make_venv(temp.path() / "explicit");
  fs::path active = make_venv(temp.path() / "active");
  fs::path installed = make_venv(temp.path() / "installed");
  fs::path build_default = make_venv(temp.path() / "default");

  VenvSearch search() const {
    return {explicit_dir, active, installed / "bin" / "dbt-session", build_default};
  }
};

Venv with_version(const std::string& version) {
  return Venv{"/venvs/v", "/venvs/v/bin/python", version, "/usr/bin"};
}

}  // namespace

TEST_CASE("an explicit --venv wins over every other place") {
  const FourVenvs venvs;
  CHECK(find_venv(venvs.search()).root == venvs.explicit_dir);
}

TEST_CASE("$VIRTUAL_ENV is used when no --venv is given") {
  const FourVenvs venvs;
  VenvSearch search = venvs.search();
  search.explicit_dir.reset();
  CHECK(find_venv(search).root == venvs.active);
}

TEST_CASE("the venv the binary is installed in comes before the build's default") {
  const FourVenvs venvs;
  VenvSearch search = venvs.search();
  search.explicit_dir.reset();
  search.active_env.reset();
  CHECK(find_venv(search).root == venvs.installed);
}

TEST_CASE("the build's default venv is the last resort") {
  const FourVenvs venvs;
  VenvSearch search = venvs.search();
  search.explicit_dir.reset();
  search.active_env.reset();
  search.executable.clear();
  CHECK(find_venv(search).root == venvs.build_default);
}

TEST_CASE("a place without pyvenv.cfg is skipped") {
  const FourVenvs venvs;
  fs::remove(venvs.active / "pyvenv.cfg");
  fs::remove(venvs.installed / "pyvenv.cfg");
  VenvSearch search = venvs.search();
  search.explicit_dir.reset();
  CHECK(find_venv(search).root == venvs.build_default);
}

TEST_CASE("when no venv is found the error lists every place tried") {
  const TempDir temp;
  const VenvSearch search{std::nullopt, temp.path() / "active",
                          temp.path() / "installed" / "bin" / "dbt-session",
                          temp.path() / "default"};
  const std::string message = rejection([&] { find_venv(search); });
  CHECK(mentions(message, (temp.path() / "active").string()));
  CHECK(mentions(message, (temp.path() / "installed").string()));
  CHECK(mentions(message, (temp.path() / "default").string()));
  CHECK(mentions(message, "--venv"));
}

TEST_CASE(
    "an explicit --venv that is not a virtualenv is an error, not a reason to look elsewhere") {
  const FourVenvs venvs;
  fs::remove(venvs.explicit_dir / "pyvenv.cfg");
  const std::string message = rejection([&] { find_venv(venvs.search()); });
  CHECK(mentions(message, venvs.explicit_dir.string()));
  CHECK(mentions(message, "pyvenv.cfg"));
}

TEST_CASE("a virtualenv without bin/python is rejected naming it") {
  const TempDir temp;
  const fs::path dir = make_venv(temp.path() / "broken");
  fs::remove(dir / "bin" / "python");
  const std::string message = rejection([&] { inspect_venv(dir); });
  CHECK(mentions(message, dir.string()));
  CHECK(mentions(message, "bin/python"));
}

TEST_CASE("the venv's python is <root>/bin/python with an absolute root") {
  const TempDir temp;
  make_venv(temp.path() / "venv");
  const Venv venv = inspect_venv(temp.path() / "venv" / "." / "");
  CHECK(venv.root.is_absolute());
  CHECK(fs::equivalent(venv.root, temp.path() / "venv"));
  CHECK(venv.python == venv.root / "bin" / "python");
}

TEST_CASE("the Python version is read from the `version` key python -m venv writes") {
  const TempDir temp;
  make_venv(temp.path(),
            "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n");
  CHECK(inspect_venv(temp.path()).version == "3.11.7");
}

TEST_CASE("the Python version is read from the `version_info` key virtualenv writes") {
  const TempDir temp;
  make_venv(temp.path(),
            "home = /usr/bin\nimplementation = CPython\nversion_info = 3.11.9.final.0\nvirtualenv "
            "= 20.26.0\n");
  CHECK(inspect_venv(temp.path()).version == "3.11.9.final.0");
}

TEST_CASE("spaces and carriage returns around pyvenv.cfg keys and values are ignored") {
  const TempDir temp;
  make_venv(temp.path(), "home=/usr/bin\r\n   version   =  3.11.4 \r\n");
  CHECK(inspect_venv(temp.path()).version == "3.11.4");
}

TEST_CASE("a pyvenv.cfg that names no Python version is rejected naming the file") {
  const TempDir temp;
  make_venv(temp.path(), "home = /usr/bin\nprompt = versionless\n");
  CHECK(mentions(rejection([&] { inspect_venv(temp.path()); }),
                 (temp.path() / "pyvenv.cfg").string()));
}

TEST_CASE("require_python accepts the build's major.minor at any patch level") {
  CHECK_NOTHROW(require_python(with_version("3.11"), 3, 11));
  CHECK_NOTHROW(require_python(with_version("3.11.7"), 3, 11));
  CHECK_NOTHROW(require_python(with_version("3.11.9.final.0"), 3, 11));
}

TEST_CASE("a Python version mismatch names both versions and the venv") {
  const std::string message = rejection([] { require_python(with_version("3.12.1"), 3, 11); });
  CHECK(mentions(message, "3.12.1"));
  CHECK(mentions(message, "3.11"));
  CHECK(mentions(message, "/venvs/v"));
}

TEST_CASE("3.11 matches neither 3.1 nor 3.110") {
  CHECK_THROWS_AS(require_python(with_version("3.1"), 3, 11), HostError);
  CHECK_THROWS_AS(require_python(with_version("3.1.5"), 3, 11), HostError);
  CHECK_THROWS_AS(require_python(with_version("3.110"), 3, 11), HostError);
  CHECK_THROWS_AS(require_python(with_version("3.110.2"), 3, 11), HostError);
  CHECK_THROWS_AS(require_python(with_version("3.11.7"), 3, 1), HostError);
}

TEST_CASE("major_minor reads 3.12 from venv's and virtualenv's version strings") {
  CHECK(dbt_session::host::major_minor("3.12.3") == "3.12");
  CHECK(dbt_session::host::major_minor("3.11.9.final.0") == "3.11");
  CHECK(dbt_session::host::major_minor("3.12") == "3.12");
}
