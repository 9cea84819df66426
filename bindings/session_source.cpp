#include "bindings/session_source.hpp"

#include "bindings/error_translation.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {

SessionSource& SessionSource::instance() {
  static auto* source = new SessionSource();  // leaked on purpose, see session_
  return *source;
}

void SessionSource::use_session(py::object session, std::string origin) {
  reset();
  origin_ = std::move(origin);
  translating_spark_errors([&] { prepare_session(session); });
  session_ = new py::object(std::move(session));
}

void SessionSource::use_factory(SessionFactory factory, std::string origin, bool oss_spark) {
  reset();
  origin_ = std::move(origin);
  oss_spark_ = oss_spark;
  factory_ = std::move(factory);
}

py::object SessionSource::root() {
  if (session_ != nullptr) return *session_;
  // Another dbt thread may be creating the session and needs the GIL to finish:
  // wait for the creation lock without holding the GIL.
  py::gil_scoped_release release;
  std::lock_guard<std::mutex> lock(creation_);
  py::gil_scoped_acquire acquire;
  if (session_ == nullptr) {
    if (!factory_) {
      raise_dbt_error("DbtRuntimeError",
                      "dbt-session: no SparkSession is available. Run dbt through the "
                      "`dbt-session` command, or call dbt_session.run(..., spark=spark).");
    }
    try {
      py::object created = factory_();
      translating_spark_errors([&] { prepare_session(created); });
      session_ = new py::object(std::move(created));
    } catch (py::error_already_set&) {
      throw;
    } catch (const std::exception& error) {  // the host's HostError: say it in dbt's terms
      raise_dbt_error("DbtRuntimeError",
                      std::string("dbt-session could not start Spark: ") + error.what());
    }
  }
  return *session_;
}

void SessionSource::reset() {
  close_connect_states();
  delete session_;
  session_ = nullptr;
  factory_ = nullptr;
  origin_.clear();
  oss_spark_ = false;
}

}  // namespace dbt_session::bindings
