#include "bindings/session_info.hpp"

#include "bindings/capabilities.hpp"
#include "bindings/error_translation.hpp"
#include "bindings/session_source.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {

py::dict session_info() {
  py::object spark = SessionSource::instance().root();
  py::dict info;
  translating_spark_errors([&] {
    info["spark_version"] = spark.attr("version");
    const auto version = runtime_version(spark);
    info["databricks_runtime"] = version
                                     ? py::object(py::make_tuple(version->major, version->minor))
                                     : py::object(py::none());
    info["master"] = is_spark_connect(spark)
                         ? py::object(py::str("spark connect"))
                         : py::object(spark.attr("sparkContext").attr("master"));
    info["origin"] = SessionSource::instance().origin();
    return 0;
  });
  return info;
}

}  // namespace dbt_session::bindings
