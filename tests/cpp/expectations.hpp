#pragma once
// Small checks the host tests share: "does this message mention that", "what did it reject".
#include <string>

#include "host/host_error.hpp"

namespace dbt_session::testing {

inline bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The HostError message `work` raises; "" when it raises none.
template <typename Work>
std::string rejection(Work&& work) {
  try {
    work();
  } catch (const host::HostError& error) {
    return error.what();
  }
  return "";
}

}  // namespace dbt_session::testing
