#pragma once
// A fresh session state on the shared SparkSession. Classic Spark: `root.newSession()`, which
// shares the SparkContext and every table but has its own SQL conf, temp views and current
// schema. Spark Connect has no newSession(): a new client session on the root's connection
// settings gets a fresh server session (its own conf, temp views and schema) on the same
// server. Each dbt connection and each Python model works in one of these, so concurrent
// models cannot see each other's `SET`s or temp views.
#include <pybind11/pybind11.h>

#include <functional>
#include <vector>

namespace dbt_session::bindings {

namespace py = pybind11;

// A Spark Connect client session (pyspark.sql.connect): no JVM in this process.
bool is_spark_connect(const py::handle& spark);

// Whether the installed pyspark (the client, and on classic Spark the driver's Spark too) is
// older than major.minor: the one input of each Spark 3.5 vs 4.0 difference the bindings
// handle. Read once from pyspark.__version__.
bool pyspark_before(int major, int minor);

// On Spark Connect the state's client retries an unanswered call for about 17 s, not for
// pyspark's default of about 10 minutes (its DefaultPolicy: "at least 10 minutes"), so a
// statement on a server that stopped fails the model instead of hanging the run.
py::object new_session_state(const py::object& root);

// Gives a Spark Connect session's client the retries new_session_state gives each state: for
// the root session the host creates (a session a caller hands dbt_session.run keeps its own).
void bound_connect_retries(const py::object& session);

// Once a Spark Connect server is known to be gone (a call gave up, a cancel was refused): every
// client bound_connect_retries set up stops retrying, also in calls already waiting, so the
// run's remaining calls fail at once. Until close_connect_states. GIL held.
void give_up_connect_retries();

// Runs `call` (one call to the server of `session`, a Spark Connect session) with its client's
// retries off, then gives the client back its retry policies: for the cancels of an
// interrupted run, which must not wait on a server that is gone.
void without_connect_retries(const py::object& session, const std::function<void()>& call);

// Ends a state made by new_session_state: on Spark Connect releases its server session
// (Spark 4.0; otherwise kept by the server until its idle timeout) and keeps the client object
// until close_connect_states closes it; on classic OSS Spark 4 closes the session's artifact
// manager, without which Spark 4.0.0-4.0.1 never collect it (on Databricks nothing). Never
// stops `root`.
void release_session_state(const py::object& root, const py::object& state);

// Every Spark Connect state new_session_state made since the last close_connect_states, live
// or released, for a cancel to reach each server session (bindings/job_labels.cpp). GIL held.
std::vector<py::object> connect_states();

// Closes the clients of those states and forgets them, and lets Connect clients retry again, on
// the calling thread (the main thread, at the end of the run: release_session_state says why
// not earlier). GIL held.
void close_connect_states();

// Readies a session for dbt's SQL: links its `hive_metastore` alias (catalog_alias.hpp)
// when the session was started with one, or registers it first on an attached Delta session
// that has none; never on Databricks. Applied to the root session too, since users query it
// directly (a notebook's `spark` after dbt_session.run, a test).
void prepare_session(const py::object& session);

}  // namespace dbt_session::bindings
