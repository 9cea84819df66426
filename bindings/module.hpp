#pragma once
// The one definition of the `dbt_session_native` module. It is compiled into the host
// binary as an embedded module and into an importable extension module (pytest, the
// in-process Python API); both share every line below.
#include <pybind11/pybind11.h>

namespace dbt_session::bindings {

void define_module(pybind11::module_& module);

}  // namespace dbt_session::bindings
