// host/java_runtime.hpp: the java a created session would start, found before Spark starts.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "host/java_runtime.hpp"

#include "tests/cpp/expectations.hpp"
#include "tests/cpp/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::require_java;
using dbt_session::testing::mentions;
using dbt_session::testing::rejection;
using dbt_session::testing::TempDir;
using dbt_session::testing::write_file;

fs::path fake_java(const fs::path& file) {
  write_file(file, "#!/bin/sh\n");
  chmod(file.c_str(), 0755);
  return file;
}

}  // namespace

TEST_CASE("JAVA_HOME's bin/java is the java, whatever PATH holds") {
  const TempDir temp;
  const fs::path java = fake_java(temp.path() / "jdk" / "bin" / "java");
  fake_java(temp.path() / "other" / "java");
  CHECK(require_java((temp.path() / "jdk").string(), (temp.path() / "other").string()) == java);
}

TEST_CASE("without JAVA_HOME the first java on PATH is used") {
  const TempDir temp;
  fake_java(temp.path() / "b" / "java");
  const std::string path = (temp.path() / "a").string() + ":" + (temp.path() / "b").string();
  CHECK(require_java(std::nullopt, path) == temp.path() / "b" / "java");
}

TEST_CASE("a JAVA_HOME without bin/java is refused naming it and the package to install") {
  const TempDir temp;
  const std::string message =
      rejection([&] { require_java((temp.path() / "jdk").string(), "/usr/bin"); });
  CHECK(mentions(message, "JAVA_HOME is " + (temp.path() / "jdk").string()));
  CHECK(mentions(message, "openjdk-17-jre-headless"));
}

TEST_CASE("no java on PATH and no JAVA_HOME is refused") {
  const TempDir temp;
  CHECK(mentions(rejection([&] { require_java(std::nullopt, temp.path().string()); }),
                 "no java on PATH"));
  CHECK(mentions(rejection([&] { require_java(std::nullopt, std::nullopt); }), "no java on PATH"));
}
