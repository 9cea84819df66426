#pragma once
// dbt-databricks defaults the catalog to `hive_metastore` and renders three-part names.
// On OSS Spark the session catalog is `spark_catalog`, so a session we create registers
// Delta's catalog under the name `hive_metastore` (spark.sql.catalog.hive_metastore) and each
// session state points that catalog at its own session catalog. DeltaCatalog extends Spark's
// DelegatingCatalogExtension: `setDelegateCatalog` is public, `initialize` does nothing, and
// `name()` answers the delegate's name ("spark_catalog"), so Spark treats every
// `hive_metastore.x.y` exactly as the session catalog, views included.
#include <pybind11/pybind11.h>

#include <string>

namespace dbt_session::bindings {

namespace py = pybind11;

inline constexpr const char* kHiveMetastore = "hive_metastore";
inline constexpr const char* kAliasCatalogClass = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

// True when the session was started with the hive_metastore alias configured.
bool has_hive_metastore_alias(const py::handle& spark);

// A session dbt-session attached to (a notebook's, a launcher's, a plain local session) may
// have Delta's catalog as its session catalog and no `hive_metastore` catalog at all. Spark
// looks a catalog plugin up by name when it is first used (CatalogManager.catalog reads
// spark.sql.catalog.<name> from the session's SQL conf, Spark 3.5 and 4.0), so the alias can be
// configured at run time, on each session state (newSession() starts from the SparkContext's
// conf). Sets it on such a classic session and returns true; leaves any other session alone
// (one with a hive_metastore catalog of its own, one without Delta, Spark Connect).
bool register_hive_metastore_alias(const py::handle& spark);

// Points this session state's `hive_metastore` catalog at its session catalog. Needed once
// per session state (spark.newSession() gets fresh catalog instances). Classic sessions only:
// a Spark Connect server must be started with the alias itself.
void link_hive_metastore_alias(const py::handle& spark);

}  // namespace dbt_session::bindings
