#pragma once
// The one exception type the host throws: a message a user can act on. `main` turns it
// into dbt's exit code 2 ("error: bad profile, bad flags").
#include <stdexcept>
#include <string>

namespace dbt_session::host {

class HostError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace dbt_session::host
