#include <pybind11/pybind11.h>

#include "bindings/module.hpp"

PYBIND11_MODULE(dbt_session_native, module) { dbt_session::bindings::define_module(module); }
