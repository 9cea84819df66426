#pragma once
// The created session's settings (host/spark_settings) for Python: dbt_session.local_spark,
// the test topologies and the benchmarks build their SparkSession from the same definition
// the host uses, so the suites run the session users get.
#include <pybind11/pybind11.h>

namespace dbt_session::host {

// created_session(), delta_jars() and prepare_storage_root() on the native module.
void define_settings_binding(pybind11::module_& module);

}  // namespace dbt_session::host
