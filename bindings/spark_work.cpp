#include "bindings/spark_work.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "bindings/job_labels.hpp"
#include "bindings/session_source.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {
namespace {

using Interval = std::pair<std::int64_t, std::int64_t>;

// Milliseconds of the union of the intervals (jobs of one node may overlap: Python models
// can run jobs from several threads).
std::int64_t covered_ms(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end());
  std::int64_t total = 0;
  std::int64_t end = INT64_MIN;
  for (const auto& [from, to] : intervals) {
    if (to <= end) continue;
    total += to - std::max(from, end);
    end = to;
  }
  return total;
}

// A java.util.Date inside a scala.Option, in epoch milliseconds.
std::optional<std::int64_t> option_time(const py::object& option) {
  if (!option.attr("isDefined")().cast<bool>()) return std::nullopt;
  return option.attr("get")().attr("getTime")().cast<std::int64_t>();
}

// Task time, bytes written and job intervals from the JVM status store (private[spark] in
// Scala, public to py4j). Its listener fills it asynchronously: the events of the jobs that
// just ended are waited for, at most two seconds.
void read_status_store(const py::object& context, const py::list& job_ids, py::dict& work) {
  const py::object jvm_context = context.attr("_jsc").attr("sc")();
  try {
    jvm_context.attr("listenerBus")().attr("waitUntilEmpty")(2000);
  } catch (py::error_already_set&) {
    // A busy listener bus: the numbers below may miss the last job's stages.
  }
  const py::object store = jvm_context.attr("statusStore")();
  std::int64_t task_ms = 0;
  std::int64_t bytes = 0;
  std::vector<Interval> intervals;
  for (const auto id : job_ids) {
    const py::object job = store.attr("job")(id);
    const auto start = option_time(job.attr("submissionTime")());
    const auto end = option_time(job.attr("completionTime")());
    if (start && end) intervals.emplace_back(*start, *end);
    const py::object stages = job.attr("stageIds")();
    const int count = stages.attr("size")().cast<int>();
    for (int i = 0; i < count; ++i) {
      try {
        const py::object stage = store.attr("lastStageAttempt")(stages.attr("apply")(i));
        task_ms += stage.attr("executorRunTime")().cast<std::int64_t>();
        bytes += stage.attr("outputBytes")().cast<std::int64_t>();
      } catch (py::error_already_set&) {
        // A stage the store no longer retains (or never ran: skipped) adds nothing.
      }
    }
  }
  work["spark_job_time_ms"] = covered_ms(std::move(intervals));
  work["spark_task_time_ms"] = task_ms;
  work["spark_bytes_written"] = bytes;
}

}  // namespace

py::dict node_spark_work(const JobLabel& label) {
  py::dict work;
  SessionSource& source = SessionSource::instance();
  if (!source.has_session()) return work;
  const py::object root = source.root();
  if (is_spark_connect(root)) return work;
  try {
    const py::object context = root.attr("sparkContext");
    const std::string group = node_job_group(label);
    py::list job_ids = context.attr("statusTracker")().attr("getJobIdsForGroup")(group);
    job_ids.attr("sort")();
    work["spark_job_ids"] = job_ids;
    read_status_store(context, job_ids, work);
  } catch (py::error_already_set&) {
    // A report, not the model's outcome: what could be read stays, the rest is left out
    // (a runtime whose status store differs from Apache Spark's).
  }
  return work;
}

}  // namespace dbt_session::bindings
