#pragma once
// A bounded reachability check before handing an address to Spark. Spark's own clients retry
// for minutes: a standalone driver re-registers with an absent master 3 times 20 s apart, and
// a Spark Connect client retries an unreachable server with exponential back-off. A refused
// or silent port should fail the run in seconds with a message naming the address.
#include <chrono>
#include <optional>
#include <string>

namespace dbt_session::host {

struct Endpoint {
  std::string host;
  int port = 0;
};

// The port `text` names (decimal, 1-65535), if it names one.
std::optional<int> tcp_port(const std::string& text);

// Splits "host:port" ("[::1]:port" for IPv6). HostError naming `what` when malformed.
Endpoint parse_endpoint(const std::string& text, int default_port, const std::string& what);

// Connects once (every address the name resolves to) within `timeout`, then closes.
// HostError "<what> at host:port is not reachable: <reason>" otherwise.
void require_reachable(const Endpoint& endpoint, std::chrono::milliseconds timeout,
                       const std::string& what);

}  // namespace dbt_session::host
