#include "bindings/session_state.hpp"

#include <cstdio>
#include <mutex>
#include <utility>

#include "bindings/capabilities.hpp"
#include "bindings/catalog_alias.hpp"

namespace dbt_session::bindings {
namespace {

// The Spark Connect states made so far. Heap-held and never destroyed at exit: a static
// py::object would be released after the interpreter is gone (Py_DECREF on a finalized
// interpreter crashes).
std::mutex connect_states_lock;
std::vector<py::object>* made_connect_states = nullptr;

void retain_connect_state(py::object state) {
  std::lock_guard<std::mutex> lock(connect_states_lock);
  if (made_connect_states == nullptr) made_connect_states = new std::vector<py::object>();
  made_connect_states->push_back(std::move(state));
}

}  // namespace

bool is_spark_connect(const py::handle& spark) {
  return !py::hasattr(spark, "_jsparkSession");
}

bool pyspark_before(int major, int minor) {
  static const std::pair<int, int> installed = [] {
    const std::string version =
        py::module_::import("pyspark").attr("__version__").cast<std::string>();
    int found_major = 0;
    int found_minor = 0;
    std::sscanf(version.c_str(), "%d.%d", &found_major, &found_minor);
    return std::make_pair(found_major, found_minor);
  }();
  return installed < std::make_pair(major, minor);
}

namespace {

// pyspark's DefaultPolicy backs off 50 ms, then 4x longer each time (with jitter above 2 s):
// five retries wait about 0.05 + 0.2 + 0.8 + 3.2 + 12.8 = 17 s in all.
constexpr int kConnectRetries = 5;

// Gives `state`'s client `policies` (a list) when this pyspark's client takes retry policies
// (pyspark 4.0's SparkConnectClient.set_retry_policies); otherwise it keeps its own.
void set_connect_retry_policies(const py::object& state, const py::list& policies) {
  const py::object client = state.attr("client");
  if (py::hasattr(client, "set_retry_policies")) client.attr("set_retry_policies")(policies);
}

// The one retry policy of every client bound_connect_retries set up, made by its first call
// (None for a pyspark without retry policies): a call reads the policy's max_retries before
// each retry (pyspark's RetryPolicyState.next_attempt), so lowering it shortens calls already
// waiting too. Heap-held and never destroyed at exit, like the states. GIL held.
const py::object* connect_retry_policy = nullptr;

void set_connect_max_retries(int retries) {
  if (connect_retry_policy != nullptr && !connect_retry_policy->is_none()) {
    connect_retry_policy->attr("max_retries") = retries;
  }
}

}  // namespace

void bound_connect_retries(const py::object& session) {
  if (connect_retry_policy == nullptr) {
    try {
      connect_retry_policy =
          new py::object(py::module_::import("pyspark.sql.connect.client.retries")
                             .attr("DefaultPolicy")(py::arg("max_retries") = kConnectRetries));
    } catch (py::error_already_set& error) {
      if (!error.matches(PyExc_ImportError) && !error.matches(PyExc_AttributeError)) throw;
      connect_retry_policy = new py::object(py::none());
    }
  }
  if (connect_retry_policy->is_none()) return;
  py::list policies;
  policies.append(*connect_retry_policy);
  set_connect_retry_policies(session, policies);
}

void give_up_connect_retries() {
  set_connect_max_retries(0);
}

void without_connect_retries(const py::object& session, const std::function<void()>& call) {
  const py::object client = session.attr("client");
  if (!py::hasattr(client, "get_retry_policies")) return call();
  const py::list kept = client.attr("get_retry_policies")();
  set_connect_retry_policies(session, py::list());
  try {
    call();
  } catch (...) {
    set_connect_retry_policies(session, kept);
    throw;
  }
  set_connect_retry_policies(session, kept);
}

py::object new_session_state(const py::object& root) {
  if (is_spark_connect(root)) {
    // pyspark 3.5 and 4.0: the client's ChannelBuilder holds the URL, token and headers; a
    // client made from it takes a new random server session id unless the URL pins one
    // (;session_id=...), in which case every state would be that same session: share the root
    // instead. The constructor, unlike builder.create(), leaves the process's default session
    // alone.
    const py::object channel = root.attr("_client").attr("_builder");
    if (!channel.attr("session_id").is_none()) return root;
    py::object state = root.get_type()(py::arg("connection") = channel);
    bound_connect_retries(state);
    // Kept from the start, not only once released: a cancel must reach every live server
    // session (Connect's interruptTag only sees the session it is called on).
    retain_connect_state(state);
    return state;
  }
  py::object session = root.attr("newSession")();
  // The runtime tag is a SparkContext conf on Databricks: the root always carries it.
  if (!runtime_version(root)) prepare_session(session);
  return session;
}

namespace {

// SPARK-54753 (Spark 4.0.0 and 4.0.1; fixed in 4.0.5): a session's ArtifactManager registers a
// java.lang.ref.Cleaner action that references the manager itself, so the manager, its
// SessionState and the session are never collected: every newSession() that ran a statement
// stays in the driver heap (docs/configuration.md has the measurement). Closing the manager
// runs that action and unregisters it. It drops only what this session added (artifacts, its
// own files): tables, views and the shared cache are untouched.
void close_artifact_manager(const py::object& state) {
  state.attr("_jsparkSession").attr("artifactManager")().attr("close")();
}

}  // namespace

void release_session_state(const py::object& root, const py::object& state) {
  if (!state || state.is(root)) return;
  if (!is_spark_connect(state)) {
    // A Databricks runtime's session internals are its own (and untested here): left alone.
    // Spark 3.5's SparkSession has no artifact manager (Connect's server keeps its own).
    if (!runtime_version(root) && !pyspark_before(4, 0)) close_artifact_manager(state);
    return;
  }
  // Only the server session is released here; the client is closed at the end of the
  // run: pyspark 4.0's client.close() (also run by SparkSession.__del__) shuts down a thread
  // pool that all Connect clients of the process share, and when a collected session's
  // __del__ runs on one of that pool's own threads it joins itself and the run hangs.
  // pyspark 3.5's client has no release_session (the ReleaseSession RPC is new in 4.0): there
  // the server keeps the session until it stops.
  const py::object client = state.attr("client");
  if (py::hasattr(client, "release_session")) client.attr("release_session")();
}

std::vector<py::object> connect_states() {
  std::lock_guard<std::mutex> lock(connect_states_lock);
  return made_connect_states == nullptr ? std::vector<py::object>() : *made_connect_states;
}

void close_connect_states() {
  std::vector<py::object>* states = nullptr;
  {
    std::lock_guard<std::mutex> lock(connect_states_lock);
    std::swap(states, made_connect_states);
  }
  // The next run's server may answer again (a notebook runs dbt_session.run once more).
  set_connect_max_retries(kConnectRetries);
  if (states == nullptr) return;
  for (const auto& state : *states) {
    try {
      state.attr("client").attr("close")();
    } catch (py::error_already_set&) {
      // Best effort: the channel goes with the process anyway.
    }
  }
  delete states;
}

void prepare_session(const py::object& session) {
  // On Databricks `hive_metastore` is a real catalog (the workspace's legacy metastore):
  // whatever the cluster's conf says, the local alias must never replace it.
  if (runtime_version(session)) {
    set_alias_in_messages(false);
    return;
  }
  if (has_hive_metastore_alias(session) || register_hive_metastore_alias(session)) {
    link_hive_metastore_alias(session);
    set_alias_in_messages(true);
  }
}

}  // namespace dbt_session::bindings
