#include "host/session_provider_factory.hpp"

#include "host/gateway_attach.hpp"
#include "host/spark_connect.hpp"
#include "host/spark_launcher.hpp"

namespace dbt_session::host {

std::unique_ptr<SessionProvider> make_session_provider(const SessionChoice& choice,
                                                       const HostOptions& options) {
  switch (choice.strategy) {
    case SessionStrategy::kConnect:
      return std::make_unique<SparkConnectClient>(choice.target);
    case SessionStrategy::kAttach:
      return std::make_unique<GatewayAttach>(std::stoi(choice.target));
    case SessionStrategy::kCreate:
      break;
  }
  HostOptions create = options;
  create.master = choice.target;
  return std::make_unique<SparkLauncher>(create, describe(choice));
}

}  // namespace dbt_session::host
