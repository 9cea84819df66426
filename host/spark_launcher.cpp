#include "host/spark_launcher.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>

#include "bindings/error_translation.hpp"
#include "bindings/run_interruption.hpp"
#include "host/delta_jar_cache.hpp"
#include "host/driver_log_config.hpp"
#include "host/environment_variable.hpp"
#include "host/host_error.hpp"
#include "host/java_runtime.hpp"
#include "host/jvm_stderr.hpp"
#include "host/spark_processes.hpp"
#include "host/spark_settings.hpp"
#include "host/storage_root.hpp"
#include "host/tcp_probe.hpp"
#include "host/version_report.hpp"

namespace dbt_session::host {
namespace py = pybind11;
namespace {

constexpr int kStandaloneMasterDefaultPort = 7077;

py::module_ import_or_explain(const char* module, const char* package) {
  try {
    return py::module_::import(module);
  } catch (py::error_already_set& error) {
    if (!error.matches(PyExc_ImportError)) throw;
    throw HostError(std::string(package) + " is not installed in the virtualenv (" +
                    py::module_::import("sys").attr("prefix").cast<std::string>() +
                    "): session mode needs it. Run `make setup` or `pip install " + package + "`");
  }
}

// A standalone driver registers with an absent master 3 times, 20 s apart, before giving up
// ("All masters are unresponsive"): check the masters answer first. spark://h1:p1,h2:p2 lists
// standby masters; one reachable is enough.
void require_standalone_master(const std::string& master) {
  const std::string scheme = "spark://";
  if (master.rfind(scheme, 0) != 0) return;
  std::string failures;
  std::size_t start = scheme.size();
  while (start <= master.size()) {
    const auto comma = master.find(',', start);
    const std::string address =
        master.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    try {
      require_reachable(parse_endpoint(address, kStandaloneMasterDefaultPort, "--master " + master),
                        std::chrono::seconds(5), "the Spark standalone master");
      return;
    } catch (const HostError& error) {
      failures += std::string(failures.empty() ? "" : "; ") + error.what();
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  throw HostError("--master " + master + ": " + failures);
}

// pyspark starts the driver JVM with spark-submit, whose stderr is this process's: when the
// JVM ends before its gateway answers, spark-submit's own error is already on the console
// above, and pyspark's [JAVA_GATEWAY_EXITED] traceback would only bury it.
bool is_gateway_exit(py::error_already_set& error) {
  // getCondition since pyspark 4.0 (getErrorClass warns there), getErrorClass in 3.5.
  const char* accessor =
      py::hasattr(error.value(), "getCondition") ? "getCondition" : "getErrorClass";
  if (!py::hasattr(error.value(), accessor)) return false;
  const py::object error_class = error.value().attr(accessor)();
  return !error_class.is_none() && error_class.cast<std::string>() == "JAVA_GATEWAY_EXITED";
}

constexpr const char* kInterruptedStart =
    "the run was interrupted while Spark's driver JVM was starting; the JVM was stopped";

bool is_keyboard_interrupt(const std::exception_ptr& exception) {
  try {
    std::rethrow_exception(exception);
  } catch (py::error_already_set& error) {
    return error.matches(PyExc_KeyboardInterrupt);
  } catch (...) {
    return false;
  }
}

// The driver JVM, launched in a session (process group) of its own. pyspark already starts it
// with SIGINT ignored, so that Ctrl-C reaches only Python, which cancels the jobs; a SIGTERM to
// the whole group (`timeout`, a scheduler's stop) would still stop the JVM under the running
// statements, which then fail with the dying driver's errors (a stopped SparkContext, a missing
// catalog, pyspark's accumulator server tracebacks). In its own session the JVM gets signals
// from this process only: the host cancels the jobs, stops the session, and the JVM also exits
// when this process is gone (it reads its stdin pipe to the end: pyspark's PythonGatewayServer).
// SparkContext(conf, gateway) is pyspark's way to use a launched gateway; getOrCreate then
// finds that context, as it would one it made from the same conf.
void launch_driver_jvm(const SparkSettings& settings) {
  const auto pyspark = py::module_::import("pyspark");
  py::object conf = pyspark.attr("SparkConf")();
  conf.attr("set")("spark.master", settings.master);
  for (const auto& [key, value] : settings.conf) conf.attr("set")(key, value);
  py::dict popen_options;
  popen_options["start_new_session"] = true;
  const py::object gateway =
      py::module_::import("pyspark.java_gateway").attr("launch_gateway")(conf, popen_options);
  pyspark.attr("SparkContext")(py::arg("conf") = conf, py::arg("gateway") = gateway);
}

// getOrCreate after launching the driver JVM (launch_driver_jvm).
py::object start_driver(const py::object& builder, const SparkSettings& settings) {
  try {
    launch_driver_jvm(settings);
    return builder.attr("getOrCreate")();
  } catch (py::error_already_set& error) {
    if (!is_gateway_exit(error)) throw;
    throw HostError(
        "Spark's driver JVM (spark-submit, master " + settings.master +
        ") exited while starting; its own error is printed above. When that names none of "
        "your settings (--master, --conf), check JAVA_HOME and `java -version`: Spark 4.0 runs "
        "on Java 17 or 21, Spark 3.5 on 8, 11 or 17");
  }
}

// Next to dbt's own log: the session starts inside dbt's command, whose flags name the log
// folder (--log-path, DBT_LOG_PATH, <project>/logs). Outside dbt, the storage root.
fs::path driver_log_folder(const fs::path& storage_root) {
  try {
    const py::object path =
        py::getattr(py::module_::import("dbt.flags").attr("get_flags")(), "LOG_PATH", py::none());
    if (!path.is_none()) {
      const fs::path folder = fs::absolute(py::str(path).cast<std::string>());
      fs::create_directories(folder);
      return folder;
    }
  } catch (py::error_already_set&) {
    // No dbt flags yet.
  } catch (const fs::filesystem_error&) {
    // An unwritable log folder: dbt says so itself.
  }
  return storage_root;
}

}  // namespace

void SparkLauncher::preflight() {
  require_java(environment_variable("JAVA_HOME"), environment_variable("PATH"));
  if (options_.master) require_standalone_master(*options_.master);
  export_driver_address();
}

// The driver JVM's SPARK_LOCAL_IP (SparkSettings::spark_local_ip), which pyspark's launch
// passes on from os.environ. Set here, on the main thread before dbt runs, and left set: the
// session starts on another thread while dbt reads os.environ (dbt_common's env_secrets
// iterates it), and a change then fails that read (KeyError). The address depends on the
// master and --conf only, not on the storage root or the jars.
void SparkLauncher::export_driver_address() {
  const auto address = spark_settings(options_, fs::path(), {}, users_local_ip_).spark_local_ip;
  if (!address) return;
  const py::object environ = py::module_::import("os").attr("environ");
  const py::object current = environ.attr("get")("SPARK_LOCAL_IP");
  if (current.is_none() || current.cast<std::string>() != *address) {
    environ[py::str("SPARK_LOCAL_IP")] = *address;
  }
}

py::object SparkLauncher::acquire() {
  preflight();
  const auto pyspark = import_or_explain("pyspark.sql", "pyspark");
  const auto jars = cached_or_fetched_delta_jars();
  const fs::path root = options_.warehouse
                            ? fs::path(*options_.warehouse)
                            : default_storage_root(environment_variable("DBT_SESSION_HOME"),
                                                   environment_variable("XDG_DATA_HOME"),
                                                   environment_variable("HOME"));
  const SparkSettings settings = spark_settings(options_, root, jars, users_local_ip_);
  if (!home_lock_) home_lock_.emplace(root);
  const fs::path driver_log = driver_log_folder(root) / kDriverLogFile;
  prepare_storage_root(root, driver_log);
  py::object builder = pyspark.attr("SparkSession").attr("builder").attr("master")(settings.master);
  for (const auto& [key, value] : settings.conf) builder = builder.attr("config")(key, value);
  // Said only for a start that goes ahead: the run can end (a project that fails before it
  // needs a session) while this thread prepares the start, and then nothing starts.
  if (!start_.begin()) throw HostError(kInterruptedStart);
  spdlog::info("session: {}", description_);
  spdlog::info("Spark's driver log: {}", driver_log.string());
  spdlog::info("starting Spark (master {}, warehouse {})", settings.master, root.string());
  const auto started = std::chrono::steady_clock::now();
  py::object spark;
  try {
    {
      const JvmStderrFilter jvm_stderr;
      spark = start_driver(builder, settings);
    }
    spark.attr("sparkContext").attr("setLogLevel")("WARN");
    // The Hive metastore (embedded Derby) opens on the first catalog call, seconds after the
    // JVM is up (8 s of a 19 s start on this project's CI machine), and the first SQL statement
    // of a JVM loads and initializes Spark's analysis and execution classes (about 1 s here,
    // for any statement). One statement does both here, so they count as starting Spark, which
    // overlaps dbt's parse (bindings::SessionSource::start_early), instead of as a silent first
    // statement after it. It is part of the start: no Spark job runs that a cancel could stop,
    // so a signal meanwhile ends the JVM, as one during the launch does. Its error (an invalid
    // --conf value fails the session state's creation) is translated while the JVM that can
    // name the cause still runs.
    bindings::translating_spark_errors(
        [&] { spark.attr("sql")("SHOW DATABASES").attr("collect")(); });
  } catch (...) {
    bool interrupted = false;
    {
      const py::gil_scoped_release release;  // while the JVM runs its shutdown hooks
      interrupted = start_.abandon();
    }
    // The interrupt is dbt's KeyboardInterrupt when one reached this thread; otherwise the
    // JVM's end is pyspark's error, which would blame Java.
    if (interrupted && !is_keyboard_interrupt(std::current_exception())) {
      throw HostError(kInterruptedStart);
    }
    throw;
  }
  start_.finish();
  session_ = spark;

  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const py::object ui = spark.attr("sparkContext").attr("uiWebUrl");
  spdlog::info("Spark {} ready in {:.1f}s; Spark UI: {}", spark.attr("version").cast<std::string>(),
               seconds, ui.is_none() ? std::string("disabled") : ui.cast<std::string>());
  return spark;
}

namespace {

// Asked in a destructor, where nothing may be thrown (an interrupt while asking included).
bool lost_driver(const py::error_already_set& error) noexcept {
  try {
    return bindings::is_driver_loss(error);
  } catch (...) {
    return false;
  }
}

}  // namespace

bool SparkLauncher::interrupt_start() {
  return start_.interrupt();
}

SparkLauncher::~SparkLauncher() {
  start_.abandon();
  if (!session_) return;
  try {
    session_->attr("stop")();
  } catch (py::error_already_set& error) {
    // The signal watcher has ended with dbt's run: Ctrl-C now reaches this call as Python's
    // KeyboardInterrupt. The driver JVM exits with this process (pyspark's gateway ends when
    // its stdin closes), so the interrupt only ends the stop; the run says so with 130.
    if (error.matches(PyExc_KeyboardInterrupt)) {
      bindings::note_run_interrupted();
      spdlog::warn("interrupted while stopping Spark; its driver JVM ends with this process");
    } else if (!lost_driver(error)) {
      // A lost driver was reported by the statements that met it; there is nothing to stop.
      spdlog::warn("stopping Spark failed: {}", error.what());
    }
  }
  session_.reset();
}

}  // namespace dbt_session::host
