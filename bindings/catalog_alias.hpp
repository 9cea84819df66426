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
#include <string_view>

namespace dbt_session::bindings {

namespace py = pybind11;

inline constexpr const char* kHiveMetastore = "hive_metastore";
inline constexpr const char* kAliasCatalogClass = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
// The class a Spark Connect server is started with (packaging/connect).
inline constexpr const char* kConnectAliasCatalogClass = "dbt_session.SessionCatalogAlias";

// The refusal of a Unity Catalog name (`value`, written as profile key `key`: "catalog" or
// "session_properties.databricks.catalog") for a session that is not on Databricks, whose one
// catalog is hive_metastore. The one text for both places that refuse it: the profile, when
// the host creates the session (credentials.py), and the connection, for any other session.
std::string unity_catalog_refusal(const std::string& key, const std::string& value);

// True when the session was started with the hive_metastore alias configured (either class).
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

// Whether Spark's error messages name the alias's catalog: set when a session is readied
// (session_state.cpp), false on a Databricks runtime, where `hive_metastore` is a real catalog.
void set_alias_in_messages(bool in_use);
bool alias_in_messages();

// Spark names the tables of the alias by the session catalog's name (the alias's `name()`
// answers "spark_catalog"), so its messages say `spark_catalog` where the SQL said
// `hive_metastore`. This names the catalog the SQL names. Column references are the exception:
// Spark qualifies a column of the session catalog with `spark_catalog`, never with the alias,
// so `hive_metastore`.`s`.`t`.`id` cannot resolve on OSS Spark; an UNRESOLVED_COLUMN message
// suggests the name without the catalog (`s`.`t`.`id`, which resolves) and says why. A
// three-part name whose catalog is not registered (a Unity Catalog name) gets a line naming it.
// `spark.sql.catalog.spark_catalog` (a conf key) is left as it is.
std::string with_catalog_as_written(std::string_view message);

}  // namespace dbt_session::bindings
