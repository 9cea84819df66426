#include <pybind11/embed.h>

#include "bindings/module.hpp"

PYBIND11_EMBEDDED_MODULE(dbt_session_native, module) {
  dbt_session::bindings::define_module(module);
}
