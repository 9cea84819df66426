#include "host/early_signals.hpp"

#include <unistd.h>

#include <csignal>

namespace dbt_session::host {
namespace {

extern "C" void end_at_once(int) {
  static constexpr char kMessage[] = "dbt-session: interrupted before the run started\n";
  [[maybe_unused]] const auto written = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  _exit(130);
}

}  // namespace

void end_on_signal_until_watched() {
  struct sigaction action {};
  action.sa_handler = end_at_once;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace dbt_session::host
