#pragma once
// The embedded interpreter, alive exactly as long as this object. PyConfig names the venv's
// python as `executable`: CPython's getpath finds pyvenv.cfg beside it, takes the base
// installation from its `home`, and site adds the venv's site-packages (never set `home`
// to a venv yourself).
#include <pybind11/embed.h>

#include <memory>
#include <string>
#include <vector>

namespace dbt_session::host {

class PythonRuntime {
 public:
  // `extra_paths` are appended to sys.path (the checkout's packages, for a venv without them).
  PythonRuntime(const std::string& python, const std::vector<std::string>& extra_paths);
  ~PythonRuntime();
  PythonRuntime(const PythonRuntime&) = delete;
  PythonRuntime& operator=(const PythonRuntime&) = delete;

 private:
  std::unique_ptr<pybind11::scoped_interpreter> interpreter_;
};

}  // namespace dbt_session::host
