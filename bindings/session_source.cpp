#include "bindings/session_source.hpp"

#include "bindings/error_translation.hpp"
#include "bindings/python_thread.hpp"
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

void SessionSource::use_factory(SessionFactory factory, std::string origin, bool oss_spark,
                                bool early) {
  reset();
  origin_ = std::move(origin);
  oss_spark_ = oss_spark;
  early_ = early;
  factory_ = std::move(factory);
}

// Another thread may be creating the session and needs the GIL to finish: the creation lock
// is waited for without the GIL, and the GIL taken back once the lock is held.
template <typename Body>
void SessionSource::with_creation_lock(Body body) {
  py::gil_scoped_release release;
  std::lock_guard<std::mutex> lock(creation_);
  py::gil_scoped_acquire acquire;
  body();
}

py::object SessionSource::root() {
  if (session_ != nullptr) return *session_;
  with_creation_lock([this] {
    if (session_ != nullptr) return;
    if (early_failure_) {
      py::error_already_set failure = std::move(*early_failure_);
      early_failure_.reset();
      throw failure;
    }
    create();
  });
  return *session_;
}

void SessionSource::create() {
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

void SessionSource::start_early() {
  if (session_ != nullptr || !factory_ || !early_ || early_start_ != nullptr) return;
  py::object thread = start_python_thread(
      "dbt-session-start",
      [this] {
        with_creation_lock([this] {
          if (session_ != nullptr) return;
          try {
            create();
          } catch (py::error_already_set& error) {
            early_failure_ = std::move(error);
          }
        });
      },
      /*daemon=*/true);
  early_start_ = new py::object(std::move(thread));
}

void SessionSource::join_early_start() {
  if (early_start_ != nullptr) early_start_->attr("join")();  // Thread.join releases the GIL
}

void SessionSource::reset() {
  close_connect_states();
  forget_reported_loss();
  join_early_start();
  delete early_start_;
  early_start_ = nullptr;
  early_failure_.reset();
  delete session_;
  session_ = nullptr;
  factory_ = nullptr;
  origin_.clear();
  oss_spark_ = false;
  early_ = false;
}

}  // namespace dbt_session::bindings
