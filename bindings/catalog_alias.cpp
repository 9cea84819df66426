#include "bindings/catalog_alias.hpp"

#include <atomic>

#include "bindings/sql_scanning.hpp"

namespace dbt_session::bindings {

namespace {

std::atomic<bool> alias_named_in_messages{false};

constexpr std::string_view kSessionCatalog = "spark_catalog";
constexpr std::string_view kQuotedSessionCatalog = "`spark_catalog`.";

// `spark_catalog` as a name of its own at `at`: not part of a longer name, not the last part of
// a dotted conf key.
bool session_catalog_at(std::string_view message, std::size_t at) {
  if (message.compare(at, kSessionCatalog.size(), kSessionCatalog) != 0) return false;
  if (at > 0 && (is_word_char(message[at - 1]) || message[at - 1] == '.')) return false;
  const std::size_t end = at + kSessionCatalog.size();
  return end == message.size() || !is_word_char(message[end]);
}

// For Spark's REQUIRES_SINGLE_PART_NAMESPACE at a three-part name `c`.`s`.`t` whose catalog `c`
// is not registered: Spark reads `c`.`s` as a namespace of the session catalog. On OSS Spark
// that is a Unity Catalog name (a source's or model's database) more often than a mistake.
std::string unknown_catalog_advice(std::string_view message) {
  if (message.find("[REQUIRES_SINGLE_PART_NAMESPACE]") == std::string_view::npos) return "";
  const std::size_t got = message.find("but got `");
  if (got == std::string_view::npos) return "";
  const std::size_t begin = got + std::string_view("but got ").size();
  const std::size_t end = message.find('`', begin + 1);
  if (end == std::string_view::npos) return "";
  const std::string catalog(message.substr(begin, end + 1 - begin));
  const std::string name = ascii_lower(catalog.substr(1, catalog.size() - 2));
  if (name == kHiveMetastore || name == kSessionCatalog) return "";
  return "\nOn OSS Spark the only catalog is hive_metastore, so " + catalog +
         " in a three-part name is read as a schema of it. If " + catalog +
         " is a Unity Catalog catalog (a source's or a model's database), use the database "
         "hive_metastore for local runs, or run on Databricks.";
}

}  // namespace

void set_alias_in_messages(bool in_use) {
  alias_named_in_messages = in_use;
}

bool alias_in_messages() {
  return alias_named_in_messages;
}

std::string with_catalog_as_written(std::string_view message) {
  const bool column = message.find("[UNRESOLVED_COLUMN") != std::string_view::npos;
  std::string written;
  written.reserve(message.size());
  for (std::size_t at = 0; at < message.size();) {
    if (column && message.compare(at, kQuotedSessionCatalog.size(), kQuotedSessionCatalog) == 0) {
      at += kQuotedSessionCatalog.size();  // the suggestion that resolves: `s`.`t`.`id`
    } else if (session_catalog_at(message, at)) {
      written += kHiveMetastore;
      at += kSessionCatalog.size();
    } else {
      written += message[at++];
    }
  }
  written += unknown_catalog_advice(message);
  if (column &&
      message.find(std::string("with name `") + kHiveMetastore + "`.") != std::string_view::npos) {
    written +=
        "\nOn OSS Spark a column reference cannot name the catalog: qualify the column with "
        "the schema and table (`schema`.`table`.`column`) or the table alone.";
  }
  return written;
}

bool has_hive_metastore_alias(const py::handle& spark) {
  const py::object configured = spark.attr("conf").attr("get")(
      std::string("spark.sql.catalog.") + kHiveMetastore, py::none());
  if (configured.is_none()) return false;
  const auto catalog_class = configured.cast<std::string>();
  return catalog_class == kAliasCatalogClass || catalog_class == kConnectAliasCatalogClass;
}

bool register_hive_metastore_alias(const py::handle& spark) {
  if (!py::hasattr(spark, "_jsparkSession")) return false;
  const py::object conf = spark.attr("conf");
  const std::string alias_key = std::string("spark.sql.catalog.") + kHiveMetastore;
  if (!conf.attr("get")(alias_key, py::none()).is_none()) return false;
  const py::object session_catalog =
      conf.attr("get")("spark.sql.catalog.spark_catalog", py::none());
  if (session_catalog.is_none() || session_catalog.cast<std::string>() != kAliasCatalogClass) {
    return false;
  }
  conf.attr("set")(alias_key, kAliasCatalogClass);
  return true;
}

void link_hive_metastore_alias(const py::handle& spark) {
  if (!py::hasattr(spark, "_jsparkSession")) return;  // Spark Connect: nothing to reach
  const py::object jsession = spark.attr("_jsparkSession");
  // Catalogs are loaded with the conf of the thread's *active* session (SQLConf.get). py4j
  // pins each Python thread to its own JVM thread, where no session is active yet: without
  // this, a dbt worker thread gets CATALOG_NOT_FOUND for hive_metastore.
  spark.attr("sparkContext").attr("_jvm").attr("SparkSession").attr("setActiveSession")(jsession);
  const py::object catalogs = jsession.attr("sessionState")().attr("catalogManager")();
  catalogs.attr("catalog")(kHiveMetastore)
      .attr("setDelegateCatalog")(catalogs.attr("catalog")("spark_catalog"));
}

std::string unity_catalog_refusal(const std::string& key, const std::string& value) {
  const std::string written =
      key == "catalog" ? "`catalog` (or its alias `database`)" : "`" + key + "`";
  return "profiles.yml: " + written + " is '" + value +
         "', a Unity Catalog name, and this Spark session is not on Databricks: local and OSS "
         "Spark have one catalog, " +
         kHiveMetastore + ". Remove " + written + " from the target (dbt-databricks then uses " +
         kHiveMetastore + ") or set it to " + kHiveMetastore +
         "; Unity Catalog names work when dbt-session runs on a Databricks runtime or connects "
         "to one (--remote / SPARK_REMOTE)";
}

}  // namespace dbt_session::bindings
