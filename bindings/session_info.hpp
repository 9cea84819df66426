#pragma once
// What `dbt debug` and the connection manager report about the session every connection works
// in: Spark's version, the Databricks runtime (None off Databricks), the master ("spark
// connect" for a Connect client) and where the session came from (created, attached, connect).
#include <pybind11/pybind11.h>

namespace dbt_session::bindings {

namespace py = pybind11;

// Keys: spark_version, databricks_runtime ((major, minor) or None), master, origin. Read on
// every call; once the driver is gone, the last read of the same session answers: dbt asks on
// every connection it creates, including the one that cancels the others after an interrupt.
py::dict session_info();

}  // namespace dbt_session::bindings
