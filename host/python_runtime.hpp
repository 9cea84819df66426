#pragma once
// The embedded interpreter, alive exactly as long as this object. PyConfig names the venv's
// python as `executable`: CPython's getpath finds pyvenv.cfg beside it, takes the base
// installation from its `home`, and site adds the venv's site-packages (never set `home`
// to a venv yourself).
#include <pybind11/embed.h>

#include <memory>

#include "host/venv.hpp"

namespace dbt_session::host {

class PythonRuntime {
 public:
  PythonRuntime(const Venv& venv, const fs::path& adapter_dir);
  ~PythonRuntime();
  PythonRuntime(const PythonRuntime&) = delete;
  PythonRuntime& operator=(const PythonRuntime&) = delete;

 private:
  std::unique_ptr<pybind11::scoped_interpreter> interpreter_;
};

}  // namespace dbt_session::host
