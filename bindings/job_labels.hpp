#pragma once
// Labels on the Spark jobs of one dbt invocation, for two readers:
//   - people, in the Spark UI: each job names the dbt node it ran for (job group and
//     description on classic Spark, a tag on Spark Connect);
//   - cancellation (bindings/job_cancellation.hpp): every job of the invocation carries the
//     invocation's tag, so an interrupt cancels this invocation's jobs only, never other work
//     on an attached session.
// Spark keeps these as local properties of the calling thread (classic) or per-thread tags of
// the client (Connect), and new threads do not inherit them: they are set in the thread that
// runs each statement or Python model, just before it runs.
#include <pybind11/pybind11.h>

#include <string>

namespace dbt_session::bindings {

namespace py = pybind11;

// Whose work a Spark job is: a dbt invocation (dbt's invocation_id, the one run_results.json
// names) and the node it runs for (a unique_id; empty for work outside a node). The adapter
// package gives both: dbt resets the invocation id at the start of every command.
struct JobLabel {
  std::string invocation_id;
  std::string node;
};

// Job tag of a dbt invocation: "dbt-session-<dbt invocation_id>".
std::string invocation_tag(const std::string& invocation_id);

// Spark Connect tag of a node's jobs (beside its invocation's tag): "dbt-node-<node>".
std::string node_tag(const std::string& node);

// Job group of a node in an invocation: "dbt-session-<invocation_id>:<node>" ("dbt" for an
// empty node). Spark's UI groups a node's jobs under it.
std::string node_job_group(const JobLabel& label);

// The job description the Spark UI shows: "<node>: <statement summary>".
std::string job_description(const std::string& node, const std::string& statement);

// A one-line summary of a SQL statement: dbt's leading /* query comment */ and blank space
// removed, whitespace runs collapsed, cut at `width` characters with "...".
std::string statement_summary(const std::string& sql, std::size_t width = 120);

// Spark job tags may not contain ',' (SparkContext.throwIfInvalidTag): replaced by '_'.
std::string tag_safe(std::string text);

// The Spark scheduler pool of the calling thread's jobs: "dbt-session-thread-<n>", one per
// thread that ever ran dbt work in this process (n counts them from 1).
std::string thread_scheduler_pool();

// Labels the Spark jobs the calling thread starts next with `label`'s node and invocation, and
// on classic Spark puts them in the thread's scheduler pool
// (spark.scheduler.pool): under FAIR scheduling (created sessions; an attached session keeps
// its own mode) each dbt thread's jobs get a fair share of the cores. Spark Connect has no
// client-side local properties: there the Connect server chooses the jobs' pool.
void label_thread_jobs(const py::object& session, const JobLabel& label,
                       const std::string& statement);

}  // namespace dbt_session::bindings
