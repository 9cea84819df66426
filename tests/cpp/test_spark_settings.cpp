// host/spark_settings.hpp: a created session's conf.
#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/command_line.hpp"
#include "host/spark_settings.hpp"

#include "tests/cpp/expectations.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::effective;
using dbt_session::host::HostOptions;
using dbt_session::host::java_option_word;
using dbt_session::host::spark_settings;
using dbt_session::host::SparkSettings;
using dbt_session::testing::mentions;
using Conf = std::vector<std::pair<std::string, std::string>>;

const std::vector<fs::path> kJars = {"/cache/delta-4.0.0/a.jar", "/cache/delta-4.0.0/b.jar"};

}  // namespace

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
  CHECK(effective(settings, "spark.hadoop.hive.downloaded.resources.dir") ==
        "/data/dbt-session/hive-resources");
  CHECK(mentions(effective(settings, "spark.driver.defaultJavaOptions").value_or(""),
                 "-Dderby.system.home=/data/dbt-session "));
  // The driver's scratch (Spark's local directory) in the root, where a run's start clears
  // what a killed one left.
  CHECK(mentions(effective(settings, "spark.driver.defaultJavaOptions").value_or(""),
                 "-Djava.io.tmpdir=/data/dbt-session/spark-scratch"));
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
        "'-Dlog4j2.configurationFile=file:/data/my home;v2/it'\\''s/log4j2.properties' "
        "'-Djava.io.tmpdir=/data/my home;v2/it'\\''s/spark-scratch'");
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
