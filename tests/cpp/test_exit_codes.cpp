// host/dbt_invocation.hpp exit_code_for: dbt's own exit codes, plus the shell's 130 for SIGINT.
#include <doctest/doctest.h>

#include "host/dbt_invocation.hpp"

namespace {

using dbt_session::host::DbtOutcome;
using dbt_session::host::exit_code_for;

}  // namespace

TEST_CASE("a successful dbt run exits with 0") {
  CHECK(exit_code_for(DbtOutcome::kSuccess) == 0);
}

TEST_CASE("a failed model or test exits with 1") {
  CHECK(exit_code_for(DbtOutcome::kFailure) == 1);
}

TEST_CASE("dbt being unable to run exits with 2") {
  CHECK(exit_code_for(DbtOutcome::kError) == 2);
}

TEST_CASE("an interrupted run exits with 130, as a shell reports SIGINT") {
  CHECK(exit_code_for(DbtOutcome::kInterrupted) == 130);
}
