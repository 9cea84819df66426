// bindings/capabilities.hpp: the Databricks runtime version, read as dbt-databricks reads it
// (SqlUtils.extract_dbr_version: re.search(r"([1-9][0-9]*)\.(x|0|[1-9][0-9]*)", tag)).
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bindings/capabilities.hpp"

namespace {

using dbt_session::bindings::DbrVersion;
using dbt_session::bindings::parse_dbr_version;

constexpr std::int64_t kAny = DbrVersion::kAnyMinor;

// "major.minor" (minor "x" for any), or "none": one string so a failed CHECK shows both sides.
std::string parsed(const std::string& tag) {
  const std::optional<DbrVersion> version = parse_dbr_version(tag);
  if (!version) return "none";
  return std::to_string(version->major) + "." +
         (version->minor == kAny ? "x" : std::to_string(version->minor));
}

}  // namespace

TEST_CASE("a Databricks runtime tag gives its major and minor version") {
  CHECK(parsed("17.3.x-scala2.13") == "17.3");
  CHECK(parsed("16.4.x-photon-scala2.12") == "16.4");
  CHECK(parsed("15.4.x-cpu-ml-scala2.12") == "15.4");
  CHECK(parsed("10.4.x-scala2.12") == "10.4");
  CHECK(parsed("13.3") == "13.3");
}

TEST_CASE("a tag with 'x' for the minor version matches any minor") {
  const auto version = parse_dbr_version("17.x-scala2.13");
  REQUIRE(version);
  CHECK(version->major == 17);
  CHECK(version->minor == DbrVersion::kAnyMinor);
  CHECK(parsed("1.x") == "1.x");
}

TEST_CASE("any minor is Python's sys.maxsize, above every real minor version") {
  CHECK(DbrVersion::kAnyMinor == INT64_MAX);
}

TEST_CASE("text that holds no version gives none") {
  CHECK(parsed("") == "none");
  CHECK(parsed("abc") == "none");
  CHECK(parsed("17") == "none");
  CHECK(parsed("17.") == "none");
  CHECK(parsed("123.-scala") == "none");
  CHECK(parsed("client") == "none");
}

TEST_CASE("a major version of zero is not a version") {
  CHECK(parsed("0.1") == "none");
  CHECK(parsed("0.x") == "none");
}

TEST_CASE("the version is searched for anywhere in the tag") {
  CHECK(parsed("dbr-15.4-lts") == "15.4");
  CHECK(parsed("v0.17.3") == "17.3");
  CHECK(parsed("runtime 14.3 LTS (Scala 2.12)") == "14.3");
}

TEST_CASE("a leading zero is skipped the way the regex skips it") {
  CHECK(parsed("01.2") == "1.2");
  CHECK(parsed("017.3.x") == "17.3");
}

TEST_CASE("a minor version of 0 is read alone, as the regex's '0' alternative matches first") {
  CHECK(parsed("10.0.x-scala2.12") == "10.0");
  CHECK(parsed("17.05") == "17.0");
}

TEST_CASE("the runtime version is read from the conf dbt-databricks reads") {
  CHECK(std::string(dbt_session::bindings::kDbrVersionConf) ==
        "spark.databricks.clusterUsageTags.sparkVersion");
}
