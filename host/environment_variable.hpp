#pragma once
// One reading of the process environment for the host: a variable set to the empty string
// counts as unset, as a shell user expects of `FOO= dbt-session …` and as every reader here
// treated it on its own before.
#include <cstdlib>
#include <optional>
#include <string>

namespace dbt_session::host {

inline std::optional<std::string> environment_variable(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? std::optional<std::string>(value) : std::nullopt;
}

}  // namespace dbt_session::host
