#pragma once
// A Python model's `timeout` (dbt-databricks' PythonModelConfig.timeout: seconds, 24 hours
// unless the model sets it). On Databricks dbt stops waiting for the model's job run after it
// and fails the model ("Python model run timed out"). Here the model runs on dbt's worker
// thread, which the run needs back: once the time is up, a thread of the deadline's own
// cancels the model's Spark jobs (its job group) and stops its Python code (ModelCancelled
// at its next line, bindings/job_cancellation.hpp), every 0.1 s until the model returns. A
// call that blocks in C (time.sleep, a library's computation) ends first.
#include <memory>

#include "bindings/job_labels.hpp"

namespace dbt_session::bindings {

class ModelDeadline {
 public:
  // Starts the watch of `model`'s code, which runs on the calling thread. GIL held.
  ModelDeadline(const JobLabel& model, double seconds);
  // Ends the watch (the model returned); does not wait for the watching thread.
  ~ModelDeadline();
  ModelDeadline(const ModelDeadline&) = delete;
  ModelDeadline& operator=(const ModelDeadline&) = delete;

  // Whether the time ran out before the model returned.
  bool expired() const;

  struct Watch;  // shared with the watching thread, which may outlive this object

 private:
  std::shared_ptr<Watch> watch_;
};

}  // namespace dbt_session::bindings
