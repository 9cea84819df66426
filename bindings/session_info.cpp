#include "bindings/session_info.hpp"

#include "bindings/capabilities.hpp"
#include "bindings/error_translation.hpp"
#include "bindings/session_source.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {
namespace {

// The last session read and what it said. Heap-held and never destroyed, like SessionSource's
// session (Python objects must not be released after the interpreter is gone).
struct ReadInfo {
  py::object session;
  py::dict info;
};

ReadInfo& last_read() {
  static auto* read = new ReadInfo();
  return *read;
}

py::dict read_session_info(const py::object& spark) {
  py::dict info;
  info["spark_version"] = spark.attr("version");
  const auto version = runtime_version(spark);
  info["databricks_runtime"] =
      version ? py::object(py::make_tuple(version->major, version->minor)) : py::object(py::none());
  info["master"] = is_spark_connect(spark) ? py::object(py::str("spark connect"))
                                           : py::object(spark.attr("sparkContext").attr("master"));
  info["origin"] = SessionSource::instance().origin();
  return info;
}

}  // namespace

py::dict session_info() {
  py::object spark = SessionSource::instance().root();
  ReadInfo& read = last_read();
  try {
    read.info = read_session_info(spark);
    read.session = spark;
  } catch (py::error_already_set& error) {
    if (!read.session.is(spark) || !is_driver_loss(error)) rethrow_for_dbt(error);
  }
  return py::dict(read.info);  // a copy: callers may change theirs
}

}  // namespace dbt_session::bindings
