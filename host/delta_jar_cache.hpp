#pragma once
// The Delta Lake jars a created session loads (spark.jars), from a cache on this machine: one
// folder per Delta version and Scala line, filled by `make jars` or, on an installed wheel's
// first start (pip brings delta-spark's Python half only), once from Maven Central. Where the
// cache is, and which folder the installed pyspark/delta-spark need, is defined once, in
// dbt_session.delta_jars (`make jars` fills the cache before any native build exists): the
// host asks it rather than computing the location again.
#include <filesystem>
#include <vector>

namespace dbt_session::host {

namespace fs = std::filesystem;

// The jars in one folder of the cache, sorted. HostError naming the folder and the command
// that fills it when Delta's own jar is not there.
std::vector<fs::path> delta_jars(const fs::path& folder);

// Whether the folder holds Delta's own jar (it may also hold dbt-session's Connect catalog
// alias jar, which is no Delta).
bool has_delta_spark_jar(const fs::path& folder);

// The jars of the installed Spark line's folder (dbt_session.delta_jars.installed_folder()),
// downloaded first when the folder has no Delta jar. Needs the interpreter and the GIL;
// HostError when the Spark line is unsupported or the download fails.
std::vector<fs::path> cached_or_fetched_delta_jars();

}  // namespace dbt_session::host
