#pragma once
// The `dbt-session` executable's whole job, before any Python: read the host options, find the
// environment's Python (host/venv), check it is the minor this build is for, and hand the run
// to it (host/python_hosting). Knows nothing of Spark or dbt.
#include <string>
#include <vector>

#include "host/python_hosting.hpp"

namespace dbt_session::host {

struct LaunchDefaults {
  fs::path default_venv;  // the checkout's .venv (empty in a wheel)
  CheckoutPaths checkout;
};

// `args` without the program name. dbt's exit code (or 0 for --help); HostError for bad input.
int launch(const std::vector<std::string>& args, const LaunchDefaults& defaults);

}  // namespace dbt_session::host
