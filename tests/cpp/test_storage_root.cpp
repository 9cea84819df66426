// host/storage_root.hpp: where a created session keeps its warehouse, metastore and logs.
#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "host/driver_log_config.hpp"
#include "host/host_error.hpp"
#include "host/storage_root.hpp"

#include "tests/cpp/expectations.hpp"
#include "tests/cpp/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::default_storage_root;
using dbt_session::host::HostError;
using dbt_session::host::kLog4jFile;
using dbt_session::host::kScratchFolder;
using dbt_session::host::prepare_storage_root;
using dbt_session::testing::mentions;
using dbt_session::testing::read_file;
using dbt_session::testing::rejection;
using dbt_session::testing::TempDir;
using dbt_session::testing::write_file;

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

TEST_CASE("the folders a killed driver left in the scratch are removed, nothing else") {
  const TempDir root;
  const fs::path scratch = root.path() / kScratchFolder;
  write_file(scratch / "spark-1" / "userFiles-2" / "pyspark.zip", "left by a killed JVM");
  write_file(scratch / "blockmgr-3" / "0c" / "shuffle_0_0_0.data", "x");
  write_file(scratch / "artifacts-4" / "a.jar", "x");
  write_file(scratch / "liblz4-java-5.so", "x");
  write_file(scratch / "liblz4-java-5.so.lck", "");
  write_file(scratch / "snappy-1.1.10-6-libsnappyjava.so", "x");
  write_file(scratch / "notes" / "mine.txt", "not Spark's");
  write_file(root.path() / "warehouse" / "t" / "part-0.parquet", "a table's data");
  prepare_storage_root(root.path(), root.path() / "driver.log");
  CHECK_FALSE(fs::exists(scratch / "spark-1"));
  CHECK_FALSE(fs::exists(scratch / "blockmgr-3"));
  CHECK_FALSE(fs::exists(scratch / "artifacts-4"));
  CHECK_FALSE(fs::exists(scratch / "liblz4-java-5.so"));
  CHECK_FALSE(fs::exists(scratch / "liblz4-java-5.so.lck"));
  CHECK_FALSE(fs::exists(scratch / "snappy-1.1.10-6-libsnappyjava.so"));
  CHECK(fs::exists(scratch / "notes" / "mine.txt"));
  CHECK(fs::exists(root.path() / "warehouse" / "t" / "part-0.parquet"));
}

TEST_CASE("a missing home and scratch folder are created, and one that cannot be is named") {
  const TempDir root;
  prepare_storage_root(root.path() / "new home", root.path() / "driver.log");
  CHECK(fs::is_directory(root.path() / "new home" / kScratchFolder));
  write_file(root.path() / "file home", "a file where the home should be");
  const std::string message = rejection(
      [&] { prepare_storage_root(root.path() / "file home", root.path() / "driver.log"); });
  CHECK(mentions(message, (root.path() / "file home" / kScratchFolder).string()));
}

TEST_CASE("the driver's log4j2 file is written in the home and names the driver log") {
  const TempDir root;
  const fs::path driver_log = root.path() / "dbt logs" / "spark-driver.log";
  prepare_storage_root(root.path() / "home", driver_log);
  CHECK(mentions(read_file(root.path() / "home" / kLog4jFile),
                 "appender.file.fileName = " + driver_log.string()));
  fs::create_directories(root.path() / "blocked" / kScratchFolder);
  fs::create_directories(root.path() / "blocked" / kLog4jFile);  // a folder where the file goes
  const std::string message =
      rejection([&] { prepare_storage_root(root.path() / "blocked", driver_log); });
  CHECK(mentions(message, (root.path() / "blocked" / kLog4jFile).string()));
}
