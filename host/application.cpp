#include "host/application.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

#include "bindings/session_source.hpp"
#include "host/dbt_invocation.hpp"
#include "host/profile_reader.hpp"
#include "host/session_provider.hpp"
#include "host/session_strategy.hpp"
#include "host/version_report.hpp"

namespace dbt_session::host {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::optional<std::string>(value) : std::nullopt;
}

void describe_profile(const std::vector<std::string>& dbt_args) {
  const auto target = read_profile_target({dbt_args, env("DBT_PROFILES_DIR"), env("DBT_PROJECT_DIR"),
                                           env("DBT_TARGET"), fs::current_path(), env("HOME"),
                                           env("DBT_PROFILE")});
  if (!target) return;
  const std::string type = target->type.value_or("(none)");
  const std::string method = target->method.value_or("(not set)");
  spdlog::debug("profile '{}' target '{}' in {}: type {}, method {}", target->profile, target->target,
                target->file.string(), type, method);
  if (target->type && !is_templated(type) && type != "databricks") {
    spdlog::warn("profile '{}' target '{}' has type '{}': dbt-session adds a Spark session to "
                 "dbt-databricks targets only (type: databricks, method: session)",
                 target->profile, target->target, type);
  }
}

// Drops the bindings' reference to the session before the launcher stops it.
struct SessionSourceReset {
  ~SessionSourceReset() { bindings::SessionSource::instance().reset(); }
};

}  // namespace

int run_application(const CommandLine& command) {
  if (command.host.show_version) {
    std::cout << version_report() << std::flush;
    return 0;
  }
  describe_profile(command.dbt_args);
  const SessionChoice choice = choose_session(command.host, SessionEnvironment::from_process());
  const std::string how = describe(choice);
  spdlog::info("session: {}", how);
  if (choice.kind != SessionKind::kCreate && (!command.host.spark_conf.empty() || command.host.warehouse)) {
    spdlog::warn("--conf and --warehouse configure a session dbt-session creates; they are ignored when it "
                 "uses an existing one");
  }
  const auto provider = make_session_provider(choice, command.host);
  provider->preflight();
  bindings::SessionSource::instance().use_factory([&provider] { return provider->acquire(); }, how);
  const SessionSourceReset reset;
  return exit_code_for(invoke_dbt(command.dbt_args));
}

}  // namespace dbt_session::host
