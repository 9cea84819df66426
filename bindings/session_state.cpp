#include "bindings/session_state.hpp"

#include "bindings/catalog_alias.hpp"
#include "bindings/session_handle.hpp"

namespace dbt_session::bindings {

py::object new_session_state(const py::object& root) {
  // Spark Connect sessions have no newSession(); a fresh server session is a later step.
  if (!py::hasattr(root, "_jsparkSession")) return root;
  py::object session = root.attr("newSession")();
  // The runtime tag is a SparkContext conf on Databricks: the root always carries it.
  if (!runtime_version(root)) prepare_session(session);
  return session;
}

void prepare_session(const py::object& session) {
  // On Databricks `hive_metastore` is a real catalog (the workspace's legacy metastore):
  // whatever the cluster's conf says, the local alias must never replace it.
  if (runtime_version(session)) return;
  if (has_hive_metastore_alias(session)) link_hive_metastore_alias(session);
}

}  // namespace dbt_session::bindings
