// host/jvm_stderr: a child started while the filter lives writes through it, and only the
// JVM's start-up warning is dropped.
#include "host/jvm_stderr.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/cpp/temp_dir.hpp"

using dbt_session::host::is_jvm_start_noise;
using dbt_session::host::JvmStderrFilter;

TEST_CASE("only the JVM's incubator-module warning is start-up noise") {
  CHECK(is_jvm_start_noise("WARNING: Using incubator modules: jdk.incubator.vector\n"));
  CHECK_FALSE(is_jvm_start_noise("ERROR SparkContext: Error initializing SparkContext.\n"));
  CHECK_FALSE(is_jvm_start_noise("WARNING: An illegal reflective access operation\n"));
  CHECK_FALSE(is_jvm_start_noise("  WARNING: Using incubator modules: quoted in a message\n"));
}

TEST_CASE("a child started under the filter keeps its other lines, in order, on the real stderr") {
  const dbt_session::testing::TempDir dir;
  const auto captured = dir.path() / "stderr.txt";
  const int real_stderr = ::dup(STDERR_FILENO);
  const int file = ::open(captured.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(file >= 0);
  ::dup2(file, STDERR_FILENO);
  ::close(file);
  {
    const JvmStderrFilter filter;
    // The child inherits fd 2 (the filter's pipe), as pyspark's JVM does.
    REQUIRE(std::system("printf 'first\\nWARNING: Using incubator modules: jdk.incubator.vector\\n"
                        "ERROR last\\n' >&2") == 0);
  }
  // The forwarder ends when the child's end of the pipe is closed; wait for its last line.
  std::string text;
  for (int attempt = 0; attempt < 200 && text.find("ERROR last\n") == std::string::npos;
       ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream in(captured);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ::dup2(real_stderr, STDERR_FILENO);
  ::close(real_stderr);
  CHECK(text == "first\nERROR last\n");
}
