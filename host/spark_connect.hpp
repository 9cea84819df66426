#pragma once
// The connect session strategy: a Spark Connect client session on a server (sc://host:port), the
// way Databricks standard access mode, serverless and any Spark Connect server are reached.
// The server owns the SparkContext; stopping our client session releases only its own server
// session. Each dbt connection later gets a fresh server session of its own
// (bindings/session_state.hpp).
#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "host/session_provider.hpp"

namespace dbt_session::host {

class SparkConnectClient : public SessionProvider {
 public:
  explicit SparkConnectClient(std::string url) : url_(std::move(url)) {}
  ~SparkConnectClient() override;
  SparkConnectClient(const SparkConnectClient&) = delete;
  SparkConnectClient& operator=(const SparkConnectClient&) = delete;

  void preflight() override;
  pybind11::object acquire() override;

 private:
  std::string url_;
  std::optional<pybind11::object> session_;
};

}  // namespace dbt_session::host
