#include "bindings/catalog_alias.hpp"

namespace dbt_session::bindings {

bool has_hive_metastore_alias(const py::handle& spark) {
  const py::object configured = spark.attr("conf").attr("get")(
      std::string("spark.sql.catalog.") + kHiveMetastore, py::none());
  return !configured.is_none() && configured.cast<std::string>() == kAliasCatalogClass;
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

}  // namespace dbt_session::bindings
