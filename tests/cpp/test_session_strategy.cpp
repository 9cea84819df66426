// host/session_strategy.hpp and host/tcp_probe.hpp: which session a run uses, and why; what
// an address that does not answer is reported as.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "host/session_strategy.hpp"
#include "host/tcp_probe.hpp"
#include "tests/cpp/expectations.hpp"

namespace {

using dbt_session::host::choose_session;
using dbt_session::host::describe;
using dbt_session::host::HostOptions;
using dbt_session::host::parse_endpoint;
using dbt_session::host::redacted_remote;
using dbt_session::host::require_reachable;
using dbt_session::host::SessionEnvironment;
using dbt_session::host::SessionStrategy;
using dbt_session::host::spark_connect_endpoint;
using dbt_session::testing::mentions;
using dbt_session::testing::rejection;

HostOptions with_remote(const std::string& url) {
  HostOptions options;
  options.remote = url;
  return options;
}

HostOptions with_master(const std::string& master) {
  HostOptions options;
  options.master = master;
  return options;
}

SessionEnvironment gateway(const std::string& port, const std::string& secret) {
  SessionEnvironment environment;
  environment.gateway_port = port;
  environment.gateway_secret = secret;
  return environment;
}

// A loopback port that was just free: nothing listens on it.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("with nothing given the host creates a local session and says so") {
  const auto choice = choose_session(HostOptions{}, SessionEnvironment{});
  CHECK(choice.strategy == SessionStrategy::kCreate);
  CHECK(choice.target == "local[*]");
  CHECK(mentions(describe(choice), "create a SparkSession with master local[*]"));
}

TEST_CASE("--remote chooses Spark Connect before the gateway variables") {
  const auto choice = choose_session(with_remote("sc://h:1"), gateway("4000", "s"));
  CHECK(choice.strategy == SessionStrategy::kConnect);
  CHECK(choice.target == "sc://h:1");
  CHECK(mentions(describe(choice), "(--remote was given)"));
}

TEST_CASE("SPARK_REMOTE chooses Spark Connect before the gateway variables") {
  auto environment = gateway("4000", "s");
  environment.spark_remote = "sc://server";
  const auto choice = choose_session(HostOptions{}, environment);
  CHECK(choice.strategy == SessionStrategy::kConnect);
  CHECK(mentions(choice.reason, "SPARK_REMOTE"));
}

TEST_CASE("the gateway variables attach to the running driver, naming the Databricks runtime") {
  auto environment = gateway("4000", "s");
  environment.databricks_runtime = "17.3";
  const auto choice = choose_session(HostOptions{}, environment);
  CHECK(choice.strategy == SessionStrategy::kAttach);
  CHECK(choice.target == "4000");
  CHECK(mentions(
      describe(choice),
      "through py4j on 127.0.0.1:4000 (PYSPARK_GATEWAY_PORT is set on Databricks Runtime 17.3)"));
}

TEST_CASE("an explicit --master beats inherited SPARK_REMOTE and gateway variables") {
  auto environment = gateway("4000", "s");
  environment.spark_remote = "sc://server";
  const auto choice = choose_session(with_master("spark://m:7077"), environment);
  CHECK(choice.strategy == SessionStrategy::kCreate);
  CHECK(choice.target == "spark://m:7077");
}

TEST_CASE("contradictory or malformed session settings are refused with the offending value") {
  HostOptions both = with_remote("sc://h");
  both.master = "local[2]";
  CHECK(mentions(rejection([&] { choose_session(both, {}); }), "contradict"));
  CHECK(mentions(rejection([] { choose_session(with_remote("http://h:1"), {}); }),
                 "--remote 'http://h:1' is not a Spark Connect URL"));
  SessionEnvironment bad_remote;
  bad_remote.spark_remote = "sc://h:port";
  const std::string message = rejection([&] { choose_session({}, bad_remote); });
  CHECK(mentions(message, "SPARK_REMOTE sc://h:port"));
  CHECK(mentions(message, "'port' is not a TCP port"));
  CHECK(mentions(rejection([] { choose_session({}, gateway("http", "s")); }),
                 "PYSPARK_GATEWAY_PORT='http' is not a TCP port"));
  CHECK(
      mentions(rejection([] { choose_session({}, gateway("70000", "s")); }), "is not a TCP port"));
  SessionEnvironment no_secret;
  no_secret.gateway_port = "4000";
  CHECK(
      mentions(rejection([&] { choose_session({}, no_secret); }), "PYSPARK_GATEWAY_SECRET is not"));
}

TEST_CASE("a Spark Connect URL gives its host and port, 15002 by default") {
  CHECK(spark_connect_endpoint("sc://example.com", "--remote").port == 15002);
  CHECK(spark_connect_endpoint("sc://example.com:443/;token=abc;use_ssl=true", "--remote").host ==
        "example.com");
  CHECK(spark_connect_endpoint("sc://example.com:443/;token=abc", "--remote").port == 443);
  CHECK(spark_connect_endpoint("sc://[::1]:9", "--remote").host == "::1");
  CHECK(mentions(rejection([] { spark_connect_endpoint("sc://h:99999", "--remote"); }),
                 "'99999' is not a TCP port"));
  CHECK(mentions(rejection([] { parse_endpoint(":7077", 1, "--master x"); }), "names no host"));
}

TEST_CASE("a port nobody listens on is reported with the address and what was expected there") {
  const int port = closed_port();
  const auto started = std::chrono::steady_clock::now();
  const std::string message = rejection([&] {
    require_reachable({"127.0.0.1", port}, std::chrono::seconds(2), "the Spark standalone master");
  });
  CHECK(mentions(message, "the Spark standalone master at 127.0.0.1:" + std::to_string(port) +
                              " is not reachable"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
}

TEST_CASE("every master form Spark accepts passes --master validation") {
  for (const char* master :
       {"local", "local[2]", "local[*]", "local[4,3]", "local[*, 2]", "local-cluster[2,1,1024]",
        "local-cluster[ 2 , 1 , 512 ]", "spark://h:7077", "spark://h1:7077,h2:7077", "yarn",
        "k8s://https://api:6443", "mesos://zk://h:2181/mesos"}) {
    CAPTURE(master);
    CHECK(rejection([&] { choose_session(with_master(master), {}); }).empty());
  }
}

TEST_CASE(
    "a --master Spark would refuse after its JVM started is refused before, naming the forms") {
  for (const char* master : {"lokal", "local[]", "local[x]", "local[2", "local[2,]", "spark://",
                             "http://h:7077", "yarn-client", "k8s:/h", "", "local-cluster[2,1]"}) {
    CAPTURE(master);
    const std::string message = rejection([&] { choose_session(with_master(master), {}); });
    CHECK(mentions(message, std::string("--master '") + master + "' is not a Spark master"));
    CHECK(mentions(message, "local[N]"));
    CHECK(mentions(message, "spark://host:port"));
  }
}

TEST_CASE("local masters are the ones whose driver only this machine needs to reach") {
  using dbt_session::host::is_local_master;
  CHECK(is_local_master("local[*]"));
  CHECK(is_local_master("local-cluster[2,1,1024]"));
  CHECK_FALSE(is_local_master("spark://h:7077"));
  CHECK_FALSE(is_local_master("yarn"));
}

TEST_CASE("only a session created off a Databricks runtime is known to be OSS Spark early") {
  using dbt_session::host::creates_oss_spark;
  const SessionEnvironment nothing;
  CHECK(creates_oss_spark(choose_session(HostOptions{}, nothing), nothing));
  CHECK(creates_oss_spark(choose_session(with_master("spark://m:7077"), nothing), nothing));
  SessionEnvironment databricks;
  databricks.databricks_runtime = "17.3";
  CHECK_FALSE(creates_oss_spark(choose_session(with_master("local[1]"), databricks), databricks));
  const auto attached = gateway("4000", "s");
  CHECK_FALSE(creates_oss_spark(choose_session(HostOptions{}, attached), attached));
  CHECK_FALSE(creates_oss_spark(choose_session(with_remote("sc://h:1"), nothing), nothing));
}

TEST_CASE("a Spark Connect URL is shown without its token") {
  CHECK(redacted_remote("sc://h.cloud.databricks.com:443/;token=dapiSECRET;x-databricks-cluster-id="
                        "0123") ==
        "sc://h.cloud.databricks.com:443/;token=<redacted>;x-databricks-cluster-id=0123");
  CHECK(redacted_remote("sc://h:443/;use_ssl=true;Token=dapiSECRET") ==
        "sc://h:443/;use_ssl=true;Token=<redacted>");
  CHECK(redacted_remote("sc://localhost:15002") == "sc://localhost:15002");
  CHECK(redacted_remote("sc://h/;token") == "sc://h/;token");

  HostOptions options;
  options.remote = "sc://h:443/;token=dapiSECRET";
  const auto choice = choose_session(options, SessionEnvironment{});
  CHECK_FALSE(mentions(describe(choice), "dapiSECRET"));
  CHECK_FALSE(mentions(
      rejection([] { spark_connect_endpoint("sc://h:notaport/;token=dapiSECRET", "--remote"); }),
      "dapiSECRET"));
}
