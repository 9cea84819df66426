#pragma once
// Runs a dbt Python model's compiled code (the user's file plus dbt-databricks' tail, which
// calls model(dbt, spark) and writes the result with saveAsTable) in this process.
//   - ONE fresh dict as globals and locals: dbt's `dbtObj` lambdas resolve ref/source
//     through the module globals, which separate locals would hide.
//   - `spark` is a session state of the model's own (bindings/session_state.hpp): its temp
//     views and conf changes end with it and never touch another model's.
//   - compiled under a file name naming the model, registered with linecache, so a
//     traceback shows the model and the line of the user's file.
//   - `print` in the model, and the Python warnings raised on its thread while it runs
//     (pandas-on-Spark's advice, deprecations), go to dbt's debug log with the model's name,
//     not to the console.
//   - `spark.stop()` is refused, and so is stopping the run's root session or its SparkContext
//     from the model's thread: every later model needs them.
//   - what the model changes in the interpreter (warning filters, logging, cwd, environ,
//     sys.path) is put back when it ends (bindings/model_process_state.hpp); how a failure is
//     told is bindings/python_model_failure.hpp.
#include <pybind11/pybind11.h>

#include <string>

namespace dbt_session::bindings {

namespace py = pybind11;

struct PythonModel {
  std::string invocation_id;   // dbt's, for the model's job labels (bindings/job_labels.hpp)
  std::string unique_id;       // model.<package>.<name>
  std::string path;            // models/<name>.py, as dbt reports it
  std::string source;          // dbt's raw_code: the file, less leading/trailing blank space
  long source_line = 1;        // the line of the file where raw_code starts
  double timeout_seconds = 0;  // its `timeout` (bindings/model_deadline.hpp); 0: none
};

// Where the user's file sits inside the compiled code: dbt-databricks' materialization
// renders a few blank lines before it and its own code after it.
struct SourceSpan {
  long first_line = 1;  // compiled line holding the file's line 1
  long line_count = 0;  // 0: not found, every line is taken as the user's
};
SourceSpan locate_source(const std::string& compiled, const std::string& source);

// The file name tracebacks show for the model: "models/x.py (model.pkg.x)".
std::string code_name(const PythonModel& model);

// Runs the code; a failure raises DbtRuntimeError naming the model, with the user's frames
// and the exception (chained to it with `from`). `log` receives the model's print() text
// and its warnings.
void run_python_model(const std::string& code, const PythonModel& model, const py::object& log);

}  // namespace dbt_session::bindings
