#include "host/spark_connect.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "bindings/session_state.hpp"
#include "host/host_error.hpp"
#include "host/session_strategy.hpp"
#include "host/tcp_probe.hpp"

namespace dbt_session::host {
namespace py = pybind11;

void SparkConnectClient::preflight() {
  // pyspark's client retries an unreachable server with back-off for minutes; a refused or
  // silent port fails here in seconds instead.
  require_reachable(spark_connect_endpoint(url_, "the Spark Connect URL"), std::chrono::seconds(10),
                    "the Spark Connect server " + redacted_remote(url_));
}

py::object SparkConnectClient::acquire() {
  preflight();
  spdlog::info("connecting to Spark Connect server {}", redacted_remote(url_));
  const auto started = std::chrono::steady_clock::now();
  py::object spark;
  try {
    // pyspark refuses a remote that differs from $SPARK_REMOTE, and code that asks
    // `SparkSession.builder.getOrCreate()` (pandas-on-Spark) should find this server.
    py::module_::import("os").attr("environ")["SPARK_REMOTE"] = url_;
    spark = py::module_::import("pyspark.sql")
                .attr("SparkSession")
                .attr("builder")
                .attr("remote")(url_)
                .attr("getOrCreate")();
  } catch (py::error_already_set& error) {
    if (!error.matches(PyExc_ImportError)) throw;
    throw HostError(
        std::string(
            "the Spark Connect client needs grpcio, grpcio-status and "
            "googleapis-common-protos in the virtualenv (pip install 'pyspark[connect]'): ") +
        error.what());
  }
  session_ = spark;
  bindings::bound_connect_retries(spark);
  // The first RPC: the version of the server, and proof that it answers Spark Connect.
  const std::string version = spark.attr("version").cast<std::string>();
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("Spark Connect session on Spark {} ready in {:.1f}s", version, seconds);
  return spark;
}

SparkConnectClient::~SparkConnectClient() {
  if (!session_) return;
  try {
    session_->attr("stop")();  // releases our server session and closes the channel
  } catch (py::error_already_set& error) {
    spdlog::warn("closing the Spark Connect session failed: {}", error.what());
  }
  session_.reset();
}

}  // namespace dbt_session::host
