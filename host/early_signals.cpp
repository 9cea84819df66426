#include "host/early_signals.hpp"

#include <pthread.h>
#include <unistd.h>

#include <csignal>

namespace dbt_session::host {
namespace {

extern "C" void end_at_once(int) {
  [[maybe_unused]] auto written =
      write(STDERR_FILENO, kInterruptedBeforeStart.data(), kInterruptedBeforeStart.size());
  written = write(STDERR_FILENO, "\n", 1);
  _exit(130);
}

sigset_t held_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

void end_on_signal_until_watched() {
  struct sigaction action {};
  action.sa_handler = end_at_once;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void hold_signals_across_exec() {
  const sigset_t signals = held_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void unblock_held_signals() {
  const sigset_t signals = held_signals();
  pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
}

}  // namespace dbt_session::host
