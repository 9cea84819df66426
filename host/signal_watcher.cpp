#include "host/signal_watcher.hpp"

#include <fcntl.h>
#include <poll.h>
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

// The write ends of the active watcher's pipes, for the signal handler (one watcher at a
// time), and how many SIGINT/SIGTERM it has seen.
std::atomic<int> first_pipe{-1};
std::atomic<int> second_pipe{-1};
std::atomic<int> signals_seen{0};

extern "C" void write_to_pipe(int signal_number) {
  const int saved_errno = errno;  // the interrupted code may be reading errno
  const int fd = signals_seen.fetch_add(1) == 0 ? first_pipe.load() : second_pipe.load();
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

// The next byte from `fd`, or kStop; waits at most `milliseconds` (-1: no limit), returning
// -1 when the time is up.
int next_byte(int fd, int milliseconds) {
  for (;;) {
    pollfd ready{fd, POLLIN, 0};
    const int events = poll(&ready, 1, milliseconds);
    if (events < 0 && errno == EINTR) continue;
    if (events == 0) return -1;
    unsigned char byte = kStop;
    const auto got = read(fd, &byte, 1);
    if (got < 0 && errno == EINTR) continue;
    return got == 1 ? byte : kStop;
  }
}

}  // namespace

SignalWatcher::SignalWatcher(Reactions reactions) : reactions_(std::move(reactions)) {
  if (pipe2(pipe_, O_CLOEXEC) != 0 || pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  signals_seen.store(0);
  first_pipe.store(pipe_[1]);
  second_pipe.store(stop_pipe_[1]);
  install(kWakeSignal, ignore_signal, &previous_wake_);
  install(SIGINT, write_to_pipe, &previous_interrupt_);
  install(SIGTERM, write_to_pipe, &previous_terminate_);
  watcher_ = std::thread([this] { watch(); });
  stopper_ = std::thread([this] {
    const int byte = next_byte(stop_pipe_[0], -1);
    if (byte > 0) reactions_.on_second(byte);
  });
}

void SignalWatcher::install_handlers() {
  install(SIGINT, write_to_pipe, nullptr);
  install(SIGTERM, write_to_pipe, nullptr);
}

SignalWatcher::~SignalWatcher() {
  sigaction(SIGINT, &previous_interrupt_, nullptr);
  sigaction(SIGTERM, &previous_terminate_, nullptr);
  first_pipe.store(-1);
  second_pipe.store(-1);
  const unsigned char stop = kStop;
  [[maybe_unused]] const auto written = write(pipe_[1], &stop, 1);
  [[maybe_unused]] const auto also_written = write(stop_pipe_[1], &stop, 1);
  watcher_.join();
  stopper_.join();
  sigaction(kWakeSignal, &previous_wake_, nullptr);
  for (const int fd : {pipe_[0], pipe_[1], stop_pipe_[0], stop_pipe_[1]}) close(fd);
}

void SignalWatcher::wake(std::thread::native_handle_type thread) {
  pthread_kill(thread, kWakeSignal);
}

void SignalWatcher::watch() {
  bool pending = false;
  for (;;) {
    const int byte = next_byte(pipe_[0], pending ? kRepeatMilliseconds : -1);
    if (byte == kStop) return;
    if (byte < 0) {
      pending = reactions_.while_pending();
      continue;
    }
    reactions_.on_first(byte);
    pending = true;
  }
}

}  // namespace dbt_session::host
