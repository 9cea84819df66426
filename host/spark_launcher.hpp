#pragma once
// The create session strategy: builds a SparkSession (local[*] or spark://) with Delta when a
// dbt connection first needs one, and stops it at the end of the run. The session is
// handed to bindings::SessionSource, which every dbt connection draws from.
#include <pybind11/pybind11.h>

#include <optional>

#include "host/command_line.hpp"
#include "host/environment_variable.hpp"
#include "host/home_lock.hpp"
#include "host/session_provider.hpp"
#include "host/spark_processes.hpp"

namespace dbt_session::host {

class SparkLauncher : public SessionProvider {
 public:
  // `description`: the session choice as the host reports it (describe(SessionChoice)).
  SparkLauncher(HostOptions options, std::string description)
      : options_(std::move(options)),
        description_(std::move(description)),
        users_local_ip_(environment_variable("SPARK_LOCAL_IP")) {}
  ~SparkLauncher() override;  // stops the session it created
  SparkLauncher(const SparkLauncher&) = delete;
  SparkLauncher& operator=(const SparkLauncher&) = delete;

  void preflight() override;  // Java and a spark:// master answer; the driver's address is set
  pybind11::object acquire() override;
  bool interrupt_start() override;  // ends the driver JVM while it starts

 private:
  void export_driver_address();

  HostOptions options_;
  std::string description_;
  std::optional<std::string> users_local_ip_;  // $SPARK_LOCAL_IP before export_driver_address
  std::optional<HomeLock> home_lock_;          // held until the session has stopped
  std::optional<pybind11::object> session_;
  // The driver JVM's start: a start that fails, is interrupted, or is cut short by the end of
  // the run ends the processes it started, which would otherwise live on.
  SparkStart start_;
};

}  // namespace dbt_session::host
