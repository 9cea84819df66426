#include "bindings/session_state.hpp"

#include "bindings/catalog_alias.hpp"

namespace dbt_session::bindings {

py::object new_session_state(const py::object& root) {
  // Spark Connect sessions have no newSession(); a fresh server session is a later step.
  if (!py::hasattr(root, "_jsparkSession")) return root;
  py::object session = root.attr("newSession")();
  prepare_session(session);
  return session;
}

void prepare_session(const py::object& session) {
  if (has_hive_metastore_alias(session)) link_hive_metastore_alias(session);
}

}  // namespace dbt_session::bindings
