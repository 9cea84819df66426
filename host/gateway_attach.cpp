#include "host/gateway_attach.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "host/host_error.hpp"
#include "host/tcp_probe.hpp"

namespace dbt_session::host {
namespace py = pybind11;

void GatewayAttach::preflight() {
  if (gateway_) return;
  const std::string address = "127.0.0.1:" + std::to_string(port_);
  require_reachable({"127.0.0.1", port_}, std::chrono::seconds(5),
                    "the Spark driver's py4j gateway (PYSPARK_GATEWAY_PORT)");
  // pyspark's own connection code: it reads PYSPARK_GATEWAY_PORT/SECRET, honours
  // PYSPARK_PIN_THREAD like the parent, and imports the JVM packages pyspark expects (its
  // first commands: py4j authenticates there, so a wrong secret fails here).
  const auto java_gateway = py::module_::import("pyspark.java_gateway");
  try {
    gateway_ = java_gateway.attr("launch_gateway")();
    gateway_->attr("jvm").attr("java").attr("lang").attr("System").attr("getProperty")(
        "java.version");
  } catch (py::error_already_set& error) {
    if (error.matches(PyExc_KeyboardInterrupt)) throw;
    const std::string reason = py::str(error.value()).cast<std::string>();
    throw HostError(
        "the py4j gateway at " + address +
        " (PYSPARK_GATEWAY_PORT) did not accept PYSPARK_GATEWAY_SECRET: " + reason.substr(0, 300) +
        "\nPass the parent's sc._gateway.gateway_parameters.port and .auth_token together.");
  }
}

py::object GatewayAttach::acquire() {
  spdlog::info("attaching to the Spark driver JVM through py4j on 127.0.0.1:{}", port_);
  const auto started = std::chrono::steady_clock::now();
  preflight();
  const py::object gateway = *gateway_;
  const py::object jvm = gateway.attr("jvm");
  const py::object default_session = jvm.attr("org")
                                         .attr("apache")
                                         .attr("spark")
                                         .attr("sql")
                                         .attr("SparkSession")
                                         .attr("getDefaultSession")();
  if (!default_session.attr("isDefined")().cast<bool>()) {
    throw HostError("the JVM behind PYSPARK_GATEWAY_PORT=" + std::to_string(port_) +
                    " has no default SparkSession: start one in the parent "
                    "(SparkSession.builder.getOrCreate()) "
                    "before launching dbt-session");
  }
  const py::object jspark_session = default_session.attr("get")();
  const py::object jsc = jvm.attr("org").attr("apache").attr("spark").attr("api").attr("java").attr(
      "JavaSparkContext")(jspark_session.attr("sparkContext")());
  const auto pyspark = py::module_::import("pyspark");
  const py::object context =
      pyspark.attr("SparkContext")(py::arg("gateway") = gateway, py::arg("jsc") = jsc);
  const py::object spark =
      py::module_::import("pyspark.sql")
          .attr("SparkSession")(context, py::arg("jsparkSession") = jspark_session);
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("attached to Spark {} (master {}, application {}) in {:.1f}s",
               spark.attr("version").cast<std::string>(),
               context.attr("master").cast<std::string>(),
               context.attr("applicationId").cast<std::string>(), seconds);
  return spark;
}

GatewayAttach::~GatewayAttach() {
  if (!gateway_) return;
  try {
    // Closes this process's connections and its py4j callback server (a non-daemon thread
    // that would keep the interpreter from finalizing). Not `shutdown()`: that asks the
    // JVM's gateway server to stop, cutting off the parent.
    gateway_->attr("close")(py::arg("keep_callback_server") = true);
    gateway_->attr("shutdown_callback_server")();
  } catch (py::error_already_set& error) {
    spdlog::warn("closing the py4j connection to the driver failed: {}", error.what());
  }
  gateway_.reset();
}

}  // namespace dbt_session::host
