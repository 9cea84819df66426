#include "bindings/model_deadline.hpp"

#include <pybind11/pybind11.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "bindings/job_cancellation.hpp"
#include "bindings/python_thread.hpp"

namespace dbt_session::bindings {

namespace py = pybind11;

struct ModelDeadline::Watch {
  JobLabel model;
  std::chrono::steady_clock::time_point due;
  std::mutex mutex;
  std::condition_variable returned;
  bool model_returned = false;  // guarded by mutex
  bool expired = false;         // guarded by mutex

  // Waits, without the GIL, until the model returns or `until`; true if it returned.
  bool wait_until(std::chrono::steady_clock::time_point until) {
    const py::gil_scoped_release released;
    std::unique_lock<std::mutex> lock(mutex);
    return returned.wait_until(lock, until, [this] { return model_returned; });
  }
};

namespace {

void watch(const std::shared_ptr<ModelDeadline::Watch>& watch) {
  constexpr auto kStopEvery = std::chrono::milliseconds(100);
  if (watch->wait_until(watch->due)) return;
  {
    const std::lock_guard<std::mutex> lock(watch->mutex);
    watch->expired = true;
  }
  do {
    try {
      stop_node(watch->model);
    } catch (py::error_already_set&) {
      // A Spark error of the cancel: the model's own calls report the session's state.
    }
  } while (!watch->wait_until(std::chrono::steady_clock::now() + kStopEvery));
}

}  // namespace

ModelDeadline::ModelDeadline(const JobLabel& model, double seconds)
    : watch_(std::make_shared<Watch>()) {
  watch_->model = model;
  watch_->due = std::chrono::steady_clock::now() +
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                    std::chrono::duration<double>(seconds));
  // Not a daemon: it ends when the model returns, before dbt does.
  const std::shared_ptr<Watch> shared = watch_;
  start_python_thread(
      "dbt-session-timeout " + model.node, [shared] { watch(shared); }, /*daemon=*/false);
}

ModelDeadline::~ModelDeadline() {
  {
    const std::lock_guard<std::mutex> lock(watch_->mutex);
    watch_->model_returned = true;
  }
  watch_->returned.notify_all();
}

bool ModelDeadline::expired() const {
  const std::lock_guard<std::mutex> lock(watch_->mutex);
  return watch_->expired;
}

}  // namespace dbt_session::bindings
