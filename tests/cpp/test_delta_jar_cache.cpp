// host/delta_jar_cache.hpp: the Delta jars of one cache folder.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "host/delta_jar_cache.hpp"

#include "tests/cpp/expectations.hpp"
#include "tests/cpp/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::delta_jars;
using dbt_session::host::has_delta_spark_jar;
using dbt_session::testing::mentions;
using dbt_session::testing::rejection;
using dbt_session::testing::TempDir;

void touch(const fs::path& file) {
  fs::create_directories(file.parent_path());
  std::ofstream{file};
}

}  // namespace

TEST_CASE("delta_jars lists the folder's *.jar files, sorted") {
  const TempDir cache;
  const fs::path dir = cache.path() / "delta-4.0.0_2.13";
  touch(dir / "delta-storage-4.0.0.jar");
  touch(dir / "antlr4-runtime-4.13.1.jar");
  touch(dir / "delta-spark_2.13-4.0.0.jar");
  touch(dir / "README.txt");
  touch(dir / "checksums.jar.sha1");
  touch(cache.path() / "delta-3.2.0_2.12" / "delta-spark_2.12-3.2.0.jar");
  CHECK(delta_jars(dir) == std::vector<fs::path>{dir / "antlr4-runtime-4.13.1.jar",
                                                 dir / "delta-spark_2.13-4.0.0.jar",
                                                 dir / "delta-storage-4.0.0.jar"});
}

TEST_CASE("missing Delta jars are an error naming the folder and `make jars`") {
  const TempDir cache;
  const fs::path dir = cache.path() / "delta-4.0.0_2.13";
  SUBCASE("no folder for the version") {}
  SUBCASE("a folder without jars") {
    touch(dir / "README.txt");
  }
  SUBCASE("a folder with other jars but not Delta's") {
    touch(dir / "dbt-session-catalog-alias.jar");
  }
  const std::string message = rejection([&] { delta_jars(dir); });
  CHECK(mentions(message, dir.string()));
  CHECK(mentions(message, "make jars"));
  CHECK_FALSE(has_delta_spark_jar(dir));
}
