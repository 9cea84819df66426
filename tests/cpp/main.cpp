// The doctest runner owns one interpreter for the whole suite (units that touch Python
// share it; pybind11 cannot restart an interpreter reliably).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <pybind11/embed.h>

int main(int argc, char** argv) {
  pybind11::scoped_interpreter interpreter;
  doctest::Context context(argc, argv);
  return context.run();
}
