// host/jvm_stderr: a child started while the filter lives writes through it, and only the
// JVM's start-up warning and stack frames are dropped.
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

using dbt_session::host::is_jvm_noise;
using dbt_session::host::JvmStderrFilter;

TEST_CASE("a Java stack trace's frames are noise, its first line and causes are not") {
  CHECK(is_jvm_noise("\tat org.apache.spark.deploy.SparkSubmit.main(SparkSubmit.scala)\n"));
  CHECK(is_jvm_noise("\t... 9 more\n"));
  CHECK_FALSE(is_jvm_noise(
      "Exception in thread \"main\" org.apache.spark.SparkException: When running with master "
      "'yarn' either HADOOP_CONF_DIR or YARN_CONF_DIR must be set in the environment.\n"));
  CHECK_FALSE(is_jvm_noise("Caused by: java.io.IOException: No space left on device\n"));
  CHECK_FALSE(is_jvm_noise("  File \"models/m.py\", line 3, in boom\n"));
}

TEST_CASE("the JVM's incubator-module warning is noise, other warnings are not") {
  CHECK(is_jvm_noise("WARNING: Using incubator modules: jdk.incubator.vector\n"));
  CHECK_FALSE(is_jvm_noise("ERROR SparkContext: Error initializing SparkContext.\n"));
  CHECK_FALSE(is_jvm_noise("WARNING: An illegal reflective access operation\n"));
  CHECK_FALSE(is_jvm_noise("  WARNING: Using incubator modules: quoted in a message\n"));
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
