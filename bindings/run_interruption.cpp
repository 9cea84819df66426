#include "bindings/run_interruption.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace dbt_session::bindings {
namespace {

std::atomic<int> in_flight{0};
// The labels of the statements in flight: a statement may end without the GIL, so a mutex.
std::mutex labels_mutex;
std::multimap<std::string, std::string>& in_flight_labels() {  // invocation id -> node
  static auto* labels = new std::multimap<std::string, std::string>();
  return *labels;
}

// dbt's main thread reaches cancel_open after closing its thread pool: well under a second
// even on a loaded machine. The bound only matters when nothing in dbt cancels connections
// (a statement on a thread dbt's pool does not own).
constexpr auto kAwaitDbtCancelBound = std::chrono::seconds(5);

std::atomic<bool> run_interrupted{false};
std::mutex cancel_mutex;
std::condition_variable cancel_seen;
bool connections_cancelled = false;  // guarded by cancel_mutex

bool on_python_main_thread() {
  try {
    const auto threading = py::module_::import("threading");
    return threading.attr("get_ident")().equal(threading.attr("main_thread")().attr("ident"));
  } catch (py::error_already_set&) {
    return true;  // not knowing, never wait: dbt's KeyboardInterrupt runs on the main thread
  }
}

void await_dbt_cancel() {
  if (!run_interrupted.load() || on_python_main_thread()) return;
  const py::gil_scoped_release released;
  std::unique_lock<std::mutex> lock(cancel_mutex);
  cancel_seen.wait_for(lock, kAwaitDbtCancelBound, [] { return connections_cancelled; });
}

// Read and written with the GIL held; heap-held and never destroyed (they hold Python
// objects, which must not be released after the interpreter is gone).
std::map<unsigned long, JobLabel>& model_threads() {
  static auto* threads = new std::map<unsigned long, JobLabel>();
  return *threads;
}

std::vector<std::pair<std::string, py::object>>& left_running() {
  static auto* threads = new std::vector<std::pair<std::string, py::object>>();
  return *threads;
}

}  // namespace

StatementInFlight::StatementInFlight(const JobLabel& label)
    : label_(label), exceptions_at_start_(std::uncaught_exceptions()) {
  {
    const std::lock_guard<std::mutex> lock(labels_mutex);
    in_flight_labels().emplace(label_.invocation_id, label_.node);
  }
  ++in_flight;
}

StatementInFlight::~StatementInFlight() {
  --in_flight;
  {
    const std::lock_guard<std::mutex> lock(labels_mutex);
    auto& labels = in_flight_labels();
    const auto [first, last] = labels.equal_range(label_.invocation_id);
    for (auto entry = first; entry != last; ++entry) {
      if (entry->second == label_.node) {
        labels.erase(entry);
        break;
      }
    }
  }
  if (std::uncaught_exceptions() > exceptions_at_start_) await_dbt_cancel();
}

void note_run_interrupted() {
  run_interrupted.store(true);
}

bool run_was_interrupted() {
  return run_interrupted.load();
}

void note_connections_cancelled() {
  {
    const std::lock_guard<std::mutex> lock(cancel_mutex);
    connections_cancelled = true;
  }
  cancel_seen.notify_all();
}

int statements_in_flight() {
  return in_flight.load();
}

std::vector<JobLabel> statements_in_flight_of(const std::string& invocation_id) {
  const std::lock_guard<std::mutex> lock(labels_mutex);
  std::vector<JobLabel> labels;
  const auto [first, last] = in_flight_labels().equal_range(invocation_id);
  for (auto entry = first; entry != last; ++entry) labels.push_back({invocation_id, entry->second});
  return labels;
}

ModelThread::ModelThread(JobLabel model) : ident_(PyThread_get_thread_ident()) {
  model_threads()[ident_] = std::move(model);
}

ModelThread::~ModelThread() {
  model_threads().erase(ident_);
  // An interrupt that came as the model returned must not surface later in dbt's own code.
  PyThreadState_SetAsyncExc(ident_, nullptr);
}

int interrupt_model_threads() {
  for (const auto& entry : model_threads()) {
    PyThreadState_SetAsyncExc(entry.first, PyExc_KeyboardInterrupt);
  }
  return static_cast<int>(model_threads().size());
}

void stop_model_thread(const JobLabel& model, PyObject* exception_type) {
  for (const auto& [ident, running] : model_threads()) {
    if (running.invocation_id == model.invocation_id && running.node == model.node) {
      PyThreadState_SetAsyncExc(ident, exception_type);
    }
  }
}

std::vector<std::string> running_python_models() {
  std::vector<std::string> models;
  for (const auto& entry : model_threads()) models.push_back(entry.second.node);
  return models;
}

std::optional<std::string> python_model_on_this_thread() {
  const auto found = model_threads().find(PyThread_get_thread_ident());
  if (found == model_threads().end()) return std::nullopt;
  return found->second.node;
}

py::list new_threads(const py::list& before) {
  const py::set known(before);
  py::list started;
  for (const auto thread : py::module_::import("threading").attr("enumerate")()) {
    if (!known.contains(thread) && thread.attr("is_alive")().cast<bool>()) started.append(thread);
  }
  return started;
}

void record_model_threads(const std::string& model, const py::list& threads) {
  for (const auto thread : threads) {
    if (thread.attr("daemon").cast<bool>()) continue;
    left_running().emplace_back(model, py::reinterpret_borrow<py::object>(thread));
  }
}

std::vector<std::string> lingering_model_threads() {
  std::vector<std::string> lingering;
  for (const auto& [model, thread] : left_running()) {
    if (!thread.attr("is_alive")().cast<bool>()) continue;
    lingering.push_back(model + " (thread '" + thread.attr("name").cast<std::string>() + "')");
  }
  return lingering;
}

}  // namespace dbt_session::bindings
