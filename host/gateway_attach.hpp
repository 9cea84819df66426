#pragma once
// The attach session strategy: the SparkSession of a driver JVM that is already running (a
// Databricks cluster's driver, a notebook's or a launcher's Python), reached through py4j
// with the JVM's gateway port and secret ($PYSPARK_GATEWAY_PORT, $PYSPARK_GATEWAY_SECRET).
// A plain `SparkSession.builder.getOrCreate()` would try to make a second SparkContext in
// that JVM and fail; instead this wraps the JVM's default SparkSession and its SparkContext
// explicitly (pyspark's `SparkContext(gateway=, jsc=)` and `SparkSession(sc, jsparkSession=)`).
// The session belongs to the parent: it is never stopped here, and only this process's py4j
// connections are closed at the end (py4j's `shutdown` would stop the parent's gateway).
#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "host/session_provider.hpp"

namespace dbt_session::host {

class GatewayAttach : public SessionProvider {
 public:
  explicit GatewayAttach(int port) : port_(port) {}
  ~GatewayAttach() override;
  GatewayAttach(const GatewayAttach&) = delete;
  GatewayAttach& operator=(const GatewayAttach&) = delete;

  void preflight() override;  // connects and authenticates
  pybind11::object acquire() override;

 private:
  int port_;
  std::optional<pybind11::object> gateway_;
};

}  // namespace dbt_session::host
