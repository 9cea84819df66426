// host/spark_settings.hpp: where a created session keeps its data and jars, and its conf.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "host/command_line.hpp"
#include "host/host_error.hpp"
#include "host/spark_settings.hpp"

#include "tests/cpp/expectations.hpp"
#include "tests/cpp/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::default_storage_root;
using dbt_session::host::delta_jars;
using dbt_session::host::has_delta_spark_jar;
using dbt_session::host::HostError;
using dbt_session::host::HostOptions;
using dbt_session::host::spark_settings;
using dbt_session::host::SparkSettings;
using Conf = std::vector<std::pair<std::string, std::string>>;

using dbt_session::testing::TempDir;

void touch(const fs::path& file) {
  fs::create_directories(file.parent_path());
  std::ofstream{file};
}

using dbt_session::testing::mentions;
using dbt_session::testing::rejection;

using dbt_session::host::effective;
using dbt_session::host::java_option_word;

const std::vector<fs::path> kJars = {"/cache/delta-4.0.0/a.jar", "/cache/delta-4.0.0/b.jar"};
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

TEST_CASE("a created session runs on local[*] unless --master says otherwise") {
  CHECK(spark_settings(HostOptions{}, "/root", kJars).master == "local[*]");
  HostOptions options;
  options.master = "spark://host:7077";
  CHECK(spark_settings(options, "/root", kJars).master == "spark://host:7077");
}

TEST_CASE("Delta Lake's extension and catalog are configured") {
  const SparkSettings settings = spark_settings(HostOptions{}, "/root", kJars);
  CHECK(effective(settings, "spark.sql.extensions") == "io.delta.sql.DeltaSparkSessionExtension");
  CHECK(effective(settings, "spark.sql.catalog.spark_catalog") ==
        "org.apache.spark.sql.delta.catalog.DeltaCatalog");
}

TEST_CASE("the hive_metastore catalog dbt-databricks names is configured") {
  const SparkSettings settings = spark_settings(HostOptions{}, "/root", kJars);
  CHECK(effective(settings, "spark.sql.catalog.hive_metastore") ==
        "org.apache.spark.sql.delta.catalog.DeltaCatalog");
}

TEST_CASE("a created session schedules jobs FAIR, between the dbt threads' pools") {
  CHECK(effective(spark_settings(HostOptions{}, "/root", kJars), "spark.scheduler.mode") == "FAIR");
}

TEST_CASE("the Delta jars are passed as a comma-separated spark.jars in their order") {
  CHECK(effective(spark_settings(HostOptions{}, "/root", kJars), "spark.jars") ==
        "/cache/delta-4.0.0/a.jar,/cache/delta-4.0.0/b.jar");
}

TEST_CASE("the warehouse, metastore and Derby home live under the storage root") {
  // The caller passes --warehouse as the storage root when given (host/spark_settings.hpp).
  const SparkSettings settings = spark_settings(HostOptions{}, "/data/dbt-session", kJars);
  CHECK(effective(settings, "spark.sql.catalogImplementation") == "hive");
  CHECK(effective(settings, "spark.sql.warehouse.dir") == "/data/dbt-session/warehouse");
  CHECK(effective(settings, "spark.hadoop.javax.jdo.option.ConnectionURL") ==
        "jdbc:derby:metastore_db;create=true");
  CHECK(mentions(effective(settings, "spark.driver.defaultJavaOptions").value_or(""),
                 "-Dderby.system.home=/data/dbt-session "));
  // The user's to set: Spark appends it to the default options.
  CHECK_FALSE(effective(settings, "spark.driver.extraJavaOptions"));
}

TEST_CASE("a storage root with spaces, ';' and quotes reaches the driver as one word per option") {
  const SparkSettings settings = spark_settings(HostOptions{}, "/data/my home;v2/it's", kJars);
  // `;` separates a Derby URL's attributes: the path stays out of it.
  CHECK(effective(settings, "spark.hadoop.javax.jdo.option.ConnectionURL") ==
        "jdbc:derby:metastore_db;create=true");
  CHECK(effective(settings, "spark.driver.defaultJavaOptions") ==
        "'-Dderby.system.home=/data/my home;v2/it'\\''s' "
        "'-Dlog4j2.configurationFile=file:/data/my home;v2/it'\\''s/log4j2.properties'");
  CHECK(effective(settings, "spark.sql.warehouse.dir") == "/data/my home;v2/it's/warehouse");
}

TEST_CASE("Java option words are quoted the way Spark's launcher splits them") {
  CHECK(java_option_word("-Dx=/plain/path;v2") == "-Dx=/plain/path;v2");
  CHECK(java_option_word("-Dx=/a b") == "'-Dx=/a b'");
  CHECK(java_option_word("-Dx=\"q\"\\") == "'-Dx=\"q\"\\'");
  CHECK(java_option_word("it's") == "'it'\\''s'");
  CHECK(java_option_word("") == "''");
}

TEST_CASE(
    "a local master's driver listens on loopback unless SPARK_LOCAL_IP or --conf says otherwise") {
  const SparkSettings local = spark_settings(HostOptions{}, "/root", kJars);
  CHECK(effective(local, "spark.driver.bindAddress") == "127.0.0.1");
  CHECK(effective(local, "spark.driver.host") == "127.0.0.1");
  CHECK(local.spark_local_ip == "127.0.0.1");  // the UI has no conf of its own

  HostOptions open;
  open.spark_conf = {{"spark.driver.bindAddress", "0.0.0.0"}};
  const SparkSettings opened = spark_settings(open, "/root", kJars);
  CHECK(effective(opened, "spark.driver.bindAddress") == "0.0.0.0");
  CHECK(opened.spark_local_ip == "0.0.0.0");

  const SparkSettings chosen =
      spark_settings(HostOptions{}, "/root", kJars, std::string("10.0.0.5"));
  CHECK_FALSE(effective(chosen, "spark.driver.bindAddress"));
  CHECK_FALSE(chosen.spark_local_ip);

  HostOptions cluster;
  cluster.master = "spark://host:7077";  // its workers must reach the driver
  const SparkSettings standalone = spark_settings(cluster, "/root", kJars);
  CHECK_FALSE(effective(standalone, "spark.driver.bindAddress"));
  CHECK_FALSE(effective(standalone, "spark.driver.host"));
  CHECK_FALSE(standalone.spark_local_ip);
}

TEST_CASE("a local master gets few shuffle partitions, a cluster master Spark's defaults") {
  CHECK(effective(spark_settings(HostOptions{}, "/root", kJars), "spark.sql.shuffle.partitions") ==
        "4");
  HostOptions cluster;
  cluster.master = "spark://host:7077";
  CHECK_FALSE(effective(spark_settings(cluster, "/root", kJars), "spark.sql.shuffle.partitions"));
}

TEST_CASE("the user's --conf entries come last, in order, so they win") {
  HostOptions options;
  options.spark_conf = {{"spark.sql.shuffle.partitions", "4"},
                        {"spark.sql.warehouse.dir", "/mine"},
                        {"spark.sql.shuffle.partitions", "8"}};
  const SparkSettings settings = spark_settings(options, "/root", kJars);
  REQUIRE(settings.conf.size() > options.spark_conf.size());
  const Conf tail(settings.conf.end() - static_cast<long>(options.spark_conf.size()),
                  settings.conf.end());
  CHECK(tail == options.spark_conf);
  CHECK(effective(settings, "spark.sql.warehouse.dir") == "/mine");
  CHECK(effective(settings, "spark.sql.shuffle.partitions") == "8");
}
