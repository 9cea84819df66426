#pragma once
// The Databricks runtime version of a session. Databricks reports its runtime in the Spark
// conf `spark.databricks.clusterUsageTags.sparkVersion` (e.g. "17.3.x-scala2.13");
// dbt-databricks turns that into a (major, minor) tuple and compares it with each
// DBRCapability's minimum (SqlUtils.extract_dbr_version: the first "<major>.<minor|x>", with
// "x" meaning any minor, represented as sys.maxsize). OSS Spark has no such conf.
#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace dbt_session::bindings {

struct DbrVersion {
  std::int64_t major = 0;
  std::int64_t minor = 0;                               // kAnyMinor for "x"
  static constexpr std::int64_t kAnyMinor = INT64_MAX;  // Python's sys.maxsize on 64-bit
};

// The conf dbt-databricks reads to learn the runtime version of a cluster.
inline constexpr const char* kDbrVersionConf = "spark.databricks.clusterUsageTags.sparkVersion";

std::optional<DbrVersion> parse_dbr_version(std::string_view spark_version_tag);

// The runtime version `spark` reports in kDbrVersionConf; nullopt off Databricks.
std::optional<DbrVersion> runtime_version(const pybind11::handle& spark);

}  // namespace dbt_session::bindings
