#include "host/tcp_probe.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace {

// "" when connected, else why not.
std::string try_connect(const addrinfo& address, std::chrono::milliseconds timeout) {
  const int fd =
      ::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC, address.ai_protocol);
  if (fd < 0) return std::strerror(errno);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  std::string failure;
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      failure = std::strerror(errno);
    } else {
      pollfd waiting{fd, POLLOUT, 0};
      const int ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
      int error = 0;
      socklen_t length = sizeof(error);
      if (ready == 0) {
        failure = "no answer within " + std::to_string(timeout.count()) + " ms";
      } else if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        failure = std::strerror(errno);
      } else if (error != 0) {
        failure = std::strerror(error);
      }
    }
  }
  ::close(fd);
  return failure;
}

}  // namespace

std::optional<int> tcp_port(const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const int port = std::stoi(text);
  return port >= 1 && port <= 65535 ? std::optional<int>(port) : std::nullopt;
}

Endpoint parse_endpoint(const std::string& text, int default_port, const std::string& what) {
  Endpoint endpoint;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos)
      throw HostError(what + " '" + text + "': unclosed '[' in the host");
    endpoint.host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') throw HostError(what + " '" + text + "': expected ':' after ']'");
      port = text.substr(close + 2);
    }
  } else {
    const auto colon = text.rfind(':');
    endpoint.host = text.substr(0, colon);
    if (colon != std::string::npos) port = text.substr(colon + 1);
  }
  if (endpoint.host.empty()) throw HostError(what + " '" + text + "' names no host");
  if (port.empty()) {
    endpoint.port = default_port;
  } else if (const auto number = tcp_port(port)) {
    endpoint.port = *number;
  } else {
    throw HostError(what + " '" + text + "': '" + port + "' is not a TCP port (1-65535)");
  }
  return endpoint;
}

void require_reachable(const Endpoint& endpoint, std::chrono::milliseconds timeout,
                       const std::string& what) {
  const std::string address = endpoint.host + ":" + std::to_string(endpoint.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int status =
      ::getaddrinfo(endpoint.host.c_str(), std::to_string(endpoint.port).c_str(), &hints, &found);
  if (status != 0) {
    throw HostError(what + " at " + address + " is not reachable: cannot resolve '" +
                    endpoint.host + "' (" + ::gai_strerror(status) + ")");
  }
  std::string failure = "no address";
  for (const addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
    failure = try_connect(*candidate, timeout);
    if (failure.empty()) break;
  }
  ::freeaddrinfo(found);
  if (!failure.empty()) throw HostError(what + " at " + address + " is not reachable: " + failure);
}

}  // namespace dbt_session::host
