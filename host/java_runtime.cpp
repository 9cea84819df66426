#include "host/java_runtime.hpp"

#include <unistd.h>

#include <sstream>

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFix =
    "Spark needs Java 17 (or 21 for Spark 4.0): install it (Debian/Ubuntu: apt-get install "
    "openjdk-17-jre-headless) or set JAVA_HOME to a Java 17 installation";

bool executable(const fs::path& file) {
  return access(file.c_str(), X_OK) == 0 && !fs::is_directory(file);
}

}  // namespace

fs::path require_java(const std::optional<std::string>& java_home,
                      const std::optional<std::string>& path) {
  if (java_home && !java_home->empty()) {
    const fs::path java = fs::path(*java_home) / "bin" / "java";
    if (executable(java)) return java;
    throw HostError("JAVA_HOME is " + *java_home + ", which has no bin/java. " + kFix);
  }
  std::istringstream dirs(path.value_or(""));
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && executable(fs::path(dir) / "java")) return fs::path(dir) / "java";
  }
  throw HostError(std::string("no java on PATH and JAVA_HOME is not set. ") + kFix);
}

}  // namespace dbt_session::host
