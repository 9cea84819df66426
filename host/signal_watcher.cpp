#include "host/signal_watcher.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <system_error>

namespace dbt_session::host {
namespace {

// SIGUSR2 only wakes the main thread; nothing in dbt, pyspark or py4j uses it in this
// process (the JVM is a child process with its own handlers).
constexpr int kWakeSignal = SIGUSR2;
constexpr unsigned char kStop = 0;

// The write end of the active watcher's pipe, for the signal handler (one watcher at a time).
std::atomic<int> signal_pipe{-1};

extern "C" void write_to_pipe(int signal_number) {
  const int saved_errno = errno;  // the interrupted code may be reading errno
  const int fd = signal_pipe.load();
  const auto byte = static_cast<unsigned char>(signal_number);
  if (fd >= 0) {
    [[maybe_unused]] const auto written = write(fd, &byte, 1);
  }
  errno = saved_errno;
}

extern "C" void ignore_signal(int) {}

void install(int signal_number, void (*handler)(int), struct sigaction* previous) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: the woken wait must return EINTR
  sigaction(signal_number, &action, previous);
}

}  // namespace

SignalWatcher::SignalWatcher(OnSignal on_signal) : on_signal_(std::move(on_signal)) {
  if (pipe2(pipe_, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  signal_pipe.store(pipe_[1]);
  install(kWakeSignal, ignore_signal, &previous_wake_);
  install(SIGINT, write_to_pipe, &previous_interrupt_);
  install(SIGTERM, write_to_pipe, &previous_terminate_);
  watcher_ = std::thread([this] { watch(); });
}

void SignalWatcher::install_handlers() {
  install(SIGINT, write_to_pipe, nullptr);
  install(SIGTERM, write_to_pipe, nullptr);
}

SignalWatcher::~SignalWatcher() {
  sigaction(SIGINT, &previous_interrupt_, nullptr);
  sigaction(SIGTERM, &previous_terminate_, nullptr);
  signal_pipe.store(-1);
  const unsigned char stop = kStop;
  [[maybe_unused]] const auto written = write(pipe_[1], &stop, 1);
  watcher_.join();
  sigaction(kWakeSignal, &previous_wake_, nullptr);
  close(pipe_[0]);
  close(pipe_[1]);
}

void SignalWatcher::wake(std::thread::native_handle_type thread) { pthread_kill(thread, kWakeSignal); }

void SignalWatcher::watch() {
  for (;;) {
    unsigned char byte = 0;
    const auto got = read(pipe_[0], &byte, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0 || byte == kStop) return;
    on_signal_(byte);
  }
}

}  // namespace dbt_session::host
