#pragma once
// The interpreter-wide Python state a model's code can change, put back once no model runs.
//
// On a Databricks cluster each Python model dbt submits runs in a Python process of its own;
// here every model runs in dbt-session's interpreter, beside dbt. Without this, a model that
// calls warnings.simplefilter('error') makes a later model's pandas warning an error; one that
// sets the root logger to DEBUG brings py4j's log of every JVM call to the console for the
// rest of the run; os.chdir, os.environ, sys.path, sys.stdout and the recursion limit would
// change every later model and dbt itself. The state is taken when a model starts while no
// other runs, and put back when the last running model ends: models that run at the same time
// (threads > 1) share one interpreter, so they share it while they overlap.
//
// What cannot be put back: a closed sys.stdout (dbt's console holds that stream) and
// os._exit(), which ends the process at once (README, "Python models").
#include <pybind11/pybind11.h>

namespace dbt_session::bindings {

namespace py = pybind11;

// Scope of one model's code; construct and destroy with the GIL held.
class ModelProcessState {
 public:
  ModelProcessState();
  ~ModelProcessState();
  ModelProcessState(const ModelProcessState&) = delete;
  ModelProcessState& operator=(const ModelProcessState&) = delete;
};

}  // namespace dbt_session::bindings
