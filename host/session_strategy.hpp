#pragma once
// The session strategy: how the host obtains its SparkSession (create, attach or connect),
// chosen once per run from the command line and the environment, in this order:
//   1. connect (Spark Connect): --remote sc://..., else $SPARK_REMOTE (Databricks standard
//      access mode and serverless work this way too);
//   2. attach: $PYSPARK_GATEWAY_PORT and $PYSPARK_GATEWAY_SECRET name a running driver JVM
//      (a Databricks driver, a notebook's Python, dbt_session's launcher);
//   3. create: --master, default local[*] (spark://host:port for a standalone cluster).
// An explicit --master beats the environment: asking for a new session on the command line
// is never overridden by a variable inherited from a parent process.
#include <optional>
#include <string>

#include "host/command_line.hpp"
#include "host/tcp_probe.hpp"

namespace dbt_session::host {

// Each is implemented by a SessionProvider (host/session_provider.hpp): kConnect by
// SparkConnectClient, kAttach by GatewayAttach, kCreate by SparkLauncher.
enum class SessionStrategy { kConnect, kAttach, kCreate };

// The variables the choice reads, so the choice is a pure function (tests/cpp).
struct SessionEnvironment {
  std::optional<std::string> spark_remote;        // SPARK_REMOTE
  std::optional<std::string> gateway_port;        // PYSPARK_GATEWAY_PORT
  std::optional<std::string> gateway_secret;      // PYSPARK_GATEWAY_SECRET
  std::optional<std::string> databricks_runtime;  // DATABRICKS_RUNTIME_VERSION

  static SessionEnvironment from_process();
};

struct SessionChoice {
  SessionStrategy strategy = SessionStrategy::kCreate;
  std::string target;  // the sc:// URL, the gateway port, or the master
  std::string reason;  // which option or variable decided, for the log and `dbt debug`
};

// HostError for contradictions (--remote with --master) and malformed values (a gateway
// port that is not a port, a port without its secret, a remote that is not sc://).
SessionChoice choose_session(const HostOptions& options, const SessionEnvironment& environment);

inline constexpr int kSparkConnectDefaultPort = 15002;

// host:port of sc://host[:port][/;param=value;...], the one check of a Spark Connect URL (at
// the choice, so a malformed one fails before Python starts, and again when connecting).
// HostError naming `source` (--remote, SPARK_REMOTE) and the URL when malformed.
Endpoint spark_connect_endpoint(const std::string& url, const std::string& source);

// `url` as it may be shown (console, logs, errors): the value of its `token` parameter (a
// Databricks personal access token in sc://host:443/;token=...) replaced by "<redacted>".
std::string redacted_remote(const std::string& url);

// HostError unless `master` has one of the forms Spark's SparkContext accepts: local,
// local[N|*], local[N|*,F], local-cluster[N,C,M], spark://..., yarn, k8s://..., mesos://...
// (Spark 3.5). Spark itself reports another value only after its JVM started, as a Java
// exception followed by pyspark's [JAVA_GATEWAY_EXITED] traceback.
void require_spark_master(const std::string& master);

// Whether a created session with this master runs entirely on this machine (local,
// local[...], local-cluster[...]): its driver need not be reachable from other hosts.
bool is_local_master(const std::string& master);

// Whether the session this choice leads to is one dbt-session creates off Databricks (no
// DATABRICKS_RUNTIME_VERSION): OSS Spark, whose only catalog dbt-databricks can name is
// hive_metastore, so a Unity Catalog name in the profile can be refused before Spark starts.
// An attached or Spark Connect session may be a Databricks one (standard access mode and
// serverless connect that way): what it has is known only once it answers.
bool creates_oss_spark(const SessionChoice& choice, const SessionEnvironment& environment);

// One line: "attach to the Spark driver JVM through py4j on 127.0.0.1:41234 (PYSPARK_GATEWAY_PORT
// is set)".
std::string describe(const SessionChoice& choice);

}  // namespace dbt_session::host
