#pragma once
// The provider of the session strategy chosen for the run (host/session_strategy.hpp): the one
// place that knows every strategy's class, so application.cpp needs none of them and the
// strategies need not know each other.
#include <memory>

#include "host/command_line.hpp"
#include "host/session_provider.hpp"
#include "host/session_strategy.hpp"

namespace dbt_session::host {

// `options` configure a created session (--conf, --warehouse); the choice's target replaces
// their master.
std::unique_ptr<SessionProvider> make_session_provider(const SessionChoice& choice,
                                                       const HostOptions& options);

}  // namespace dbt_session::host
