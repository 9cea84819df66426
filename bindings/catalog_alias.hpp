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

// Points this session state's `hive_metastore` catalog at its session catalog. Needed once
// per session state (spark.newSession() gets fresh catalog instances). Classic sessions only:
// a Spark Connect server must be started with the alias itself.
void link_hive_metastore_alias(const py::handle& spark);

}  // namespace dbt_session::bindings
