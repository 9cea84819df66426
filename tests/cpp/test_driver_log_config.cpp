// host/driver_log_config.hpp: the log4j2 configuration of a created session's driver JVM.
#include <doctest/doctest.h>

#include "host/driver_log_config.hpp"

using dbt_session::host::log4j_properties;
using dbt_session::host::properties_value;

TEST_CASE("a path is written as a .properties value log4j reads back as the same path") {
  CHECK(properties_value("/home/ann/proj/logs/spark-driver.log") ==
        "/home/ann/proj/logs/spark-driver.log");
  // log4j reads the file as ISO-8859-1: é (UTF-8 C3 A9) as \u00e9, not as the two bytes.
  CHECK(properties_value("/tmp/my proj \xC3\xA9/x.log") == "/tmp/my proj \\u00e9/x.log");
  CHECK(properties_value("/tmp/\xE6\x9D\xB1\xE4\xBA\xAC") == "/tmp/\\u6771\\u4eac");
  // Above U+FFFF: a UTF-16 surrogate pair, as Java strings hold it.
  CHECK(properties_value("/tmp/\xF0\x9F\x98\x80") == "/tmp/\\ud83d\\ude00");
  CHECK(properties_value("C:\\logs") == "C:\\\\logs");
  CHECK(properties_value("/tmp/${env:HOME}/$x") == "/tmp/$${env:HOME}/$x");
  // A byte that is not UTF-8 stays that byte of the file name.
  CHECK(properties_value("/tmp/\xE9.log") == "/tmp/\\u00e9.log");
}

TEST_CASE("the driver log's path in the configuration is escaped") {
  const std::string text = log4j_properties("/tmp/caf\xC3\xA9/spark-driver.log");
  CHECK(text.find("appender.file.fileName = /tmp/caf\\u00e9/spark-driver.log\n") !=
        std::string::npos);
}
