// host/signal_watcher.hpp: the first signal, the repeats after it, and a second signal.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "host/signal_watcher.hpp"

namespace {

using dbt_session::host::SignalWatcher;
using namespace std::chrono_literals;

template <typename Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 200; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

}  // namespace

TEST_CASE("the first signal reacts once, repeats while pending, and a second signal stops now") {
  std::atomic<int> first{0};
  std::atomic<int> first_signal{0};
  std::atomic<int> repeats{0};
  std::atomic<bool> pending{true};
  std::atomic<int> second{0};
  {
    SignalWatcher watcher({[&](int number) {
                             first_signal = number;
                             ++first;
                           },
                           [&] {
                             ++repeats;
                             return pending.load();
                           },
                           [&](int number) { second = number; }});
    std::raise(SIGTERM);
    CHECK(eventually([&] { return first == 1; }));
    CHECK(first_signal == SIGTERM);
    // Repeats come every kRepeatMilliseconds while the reaction says it is still pending...
    CHECK(eventually([&] { return repeats >= 3; }));
    pending = false;
    std::this_thread::sleep_for(300ms);
    const int settled = repeats;
    std::this_thread::sleep_for(300ms);
    CHECK(repeats == settled);  // ...and stop once it is not.
    CHECK(second == 0);
    std::raise(SIGINT);
    CHECK(eventually([&] { return second == SIGINT; }));
    CHECK(first == 1);  // the second signal does not go through the first reaction
  }
}

TEST_CASE("a watcher that saw no signal stops without reacting") {
  std::atomic<int> reactions{0};
  {
    SignalWatcher watcher(
        {[&](int) { ++reactions; }, [&] { return ++reactions > 0; }, [&](int) { ++reactions; }});
  }
  CHECK(reactions == 0);
}
