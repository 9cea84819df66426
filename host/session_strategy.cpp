#include "host/session_strategy.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "host/environment_variable.hpp"
#include "host/host_error.hpp"

namespace dbt_session::host {
namespace {

void require_port(const std::string& port, const char* variable) {
  if (!tcp_port(port))
    throw HostError(std::string(variable) + "='" + port + "' is not a TCP port (1-65535)");
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

Endpoint spark_connect_endpoint(const std::string& url, const std::string& source) {
  const std::string scheme = "sc://";
  if (url.rfind(scheme, 0) != 0 || url.size() == scheme.size()) {
    throw HostError(source + " '" + redacted_remote(url) +
                    "' is not a Spark Connect URL: expected sc://host[:port][/;param=value]");
  }
  const std::string rest = url.substr(scheme.size());
  return parse_endpoint(rest.substr(0, rest.find_first_of("/;")), kSparkConnectDefaultPort,
                        source + " " + redacted_remote(url));
}

std::string redacted_remote(const std::string& url) {
  // Parameters follow the first ';' as name=value pairs separated by ';' (pyspark's
  // ChannelBuilder); names are matched without regard to case.
  std::string shown = url;
  for (auto at = shown.find(';'); at != std::string::npos; at = shown.find(';', at + 1)) {
    const auto equals = shown.find('=', at);
    const auto next = shown.find(';', at + 1);
    if (equals == std::string::npos || (next != std::string::npos && equals > next)) continue;
    std::string name = shown.substr(at + 1, equals - at - 1);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name != "token") continue;
    shown.replace(equals + 1, (next == std::string::npos ? shown.size() : next) - equals - 1,
                  "<redacted>");
  }
  return shown;
}

void require_spark_master(const std::string& master) {
  // The patterns of Spark's SparkMasterRegex (local threads, failures, local-cluster).
  static const std::regex local(R"(local(\[(\*|[0-9]+)(\s*,\s*[0-9]+)?\])?)");
  static const std::regex local_cluster(
      R"(local-cluster\[\s*[0-9]+\s*,\s*[0-9]+\s*,\s*[0-9]+\s*\])");
  if (std::regex_match(master, local) || std::regex_match(master, local_cluster) ||
      master == "yarn") {
    return;
  }
  for (const char* scheme : {"spark://", "k8s://", "mesos://"}) {
    if (starts_with(master, scheme) && master.size() > std::string(scheme).size()) return;
  }
  throw HostError("--master '" + master +
                  "' is not a Spark master: expected local, local[N], local[*], local[N,F], "
                  "local-cluster[N,C,M], spark://host:port, yarn or k8s://https://host:port");
}

bool is_local_master(const std::string& master) {
  return starts_with(master, "local");
}

SessionEnvironment SessionEnvironment::from_process() {
  return {environment_variable("SPARK_REMOTE"), environment_variable("PYSPARK_GATEWAY_PORT"),
          environment_variable("PYSPARK_GATEWAY_SECRET"),
          environment_variable("DATABRICKS_RUNTIME_VERSION")};
}

SessionChoice choose_session(const HostOptions& options, const SessionEnvironment& environment) {
  if (options.remote) {
    if (options.master) {
      throw HostError(
          "--remote " + *options.remote + " and --master " + *options.master +
          " contradict each other: a Spark Connect server has its own master; give one of them");
    }
    spark_connect_endpoint(*options.remote, "--remote");
    return {SessionStrategy::kConnect, *options.remote, "--remote was given"};
  }
  if (options.master) {
    require_spark_master(*options.master);
    return {SessionStrategy::kCreate, *options.master, "--master was given"};
  }
  if (environment.spark_remote) {
    spark_connect_endpoint(*environment.spark_remote, "SPARK_REMOTE");
    return {SessionStrategy::kConnect, *environment.spark_remote, "SPARK_REMOTE is set"};
  }
  if (environment.gateway_port) {
    require_port(*environment.gateway_port, "PYSPARK_GATEWAY_PORT");
    if (!environment.gateway_secret) {
      throw HostError(
          "PYSPARK_GATEWAY_PORT=" + *environment.gateway_port +
          " is set but PYSPARK_GATEWAY_SECRET is not: attaching to a driver JVM needs both "
          "(pyspark: sc._gateway.gateway_parameters.port and .auth_token)");
    }
    std::string reason = "PYSPARK_GATEWAY_PORT is set";
    if (environment.databricks_runtime) {
      reason += " on Databricks Runtime " + *environment.databricks_runtime;
    }
    return {SessionStrategy::kAttach, *environment.gateway_port, reason};
  }
  return {SessionStrategy::kCreate, "local[*]",
          "no --remote, --master, SPARK_REMOTE or PYSPARK_GATEWAY_PORT"};
}

bool creates_oss_spark(const SessionChoice& choice, const SessionEnvironment& environment) {
  return choice.strategy == SessionStrategy::kCreate && !environment.databricks_runtime;
}

std::string describe(const SessionChoice& choice) {
  switch (choice.strategy) {
    case SessionStrategy::kConnect:
      return "connect to the Spark Connect server " + redacted_remote(choice.target) + " (" +
             choice.reason + ")";
    case SessionStrategy::kAttach:
      return "attach to the running Spark driver JVM through py4j on 127.0.0.1:" + choice.target +
             " (" + choice.reason + ")";
    case SessionStrategy::kCreate:
      return "create a SparkSession with master " + choice.target + " (" + choice.reason + ")";
  }
  return "unknown";
}

}  // namespace dbt_session::host
