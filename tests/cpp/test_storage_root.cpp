// host/storage_root.hpp: where a created session keeps its warehouse, metastore and logs.
#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "host/host_error.hpp"
#include "host/storage_root.hpp"

#include "tests/cpp/expectations.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::default_storage_root;
using dbt_session::host::HostError;
using dbt_session::testing::mentions;
using dbt_session::testing::rejection;

const std::optional<std::string> kUnset;

}  // namespace

TEST_CASE(
    "the storage root is $DBT_SESSION_HOME, else $XDG_DATA_HOME/dbt-session, else "
    "~/.local/share/dbt-session") {
  CHECK(default_storage_root("/dsh", "/xdg", "/home/u") == fs::path("/dsh"));
  CHECK(default_storage_root(kUnset, "/xdg", "/home/u") == fs::path("/xdg/dbt-session"));
  CHECK(default_storage_root(kUnset, kUnset, "/home/u") ==
        fs::path("/home/u/.local/share/dbt-session"));
}

TEST_CASE("an empty variable counts as unset for the storage root") {
  CHECK(default_storage_root("", "/xdg", "/home/u") == fs::path("/xdg/dbt-session"));
  CHECK(default_storage_root("", "", "/home/u") == fs::path("/home/u/.local/share/dbt-session"));
}

TEST_CASE("without HOME the storage root is an error that says what to set") {
  const std::string message = rejection([] { default_storage_root(kUnset, kUnset, kUnset); });
  CHECK(mentions(message, "HOME"));
  CHECK(mentions(message, "--warehouse"));
  CHECK_THROWS_AS(default_storage_root("", "", ""), HostError);
}
