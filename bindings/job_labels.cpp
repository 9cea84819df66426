#include "bindings/job_labels.hpp"

#include <atomic>
#include <cctype>
#include <cstdlib>

#include "bindings/error_translation.hpp"
#include "bindings/session_state.hpp"
#include "bindings/sql_scanning.hpp"

namespace dbt_session::bindings {
namespace {

// The tag the calling thread's jobs already carry (classic Spark keeps job tags per thread
// until removed): set once per thread and invocation instead of once per statement.
thread_local std::string thread_invocation_tag;

// The tag of the process that launched this one ($DBT_SESSION_JOB_TAG, set by
// packaging/databricks/launcher.py), on every job besides the invocation's own: when this
// process ends without cancelling its jobs (kill -9), the launcher, which owns the attached
// session, cancels them by that tag. Kept by the thread once added, like the invocation tag.
void add_launcher_tag(const py::object& context) {
  static const std::string launcher_tag = [] {
    const char* value = std::getenv("DBT_SESSION_JOB_TAG");
    return value ? tag_safe(value) : std::string();
  }();
  thread_local bool added = false;
  if (launcher_tag.empty() || added) return;
  context.attr("addJobTag")(launcher_tag);
  added = true;
}

void label_classic(const py::object& session, const std::string& tag, const std::string& group,
                   const std::string& description) {
  const py::object context = session.attr("sparkContext");
  add_launcher_tag(context);
  // interruptOnCancel: cancelling the job also interrupts its running tasks' threads, so a
  // long task stops at once instead of at its end (SparkContext.setJobGroup).
  context.attr("setJobGroup")(group, description, py::arg("interruptOnCancel") = true);
  if (thread_invocation_tag != tag) {
    if (!thread_invocation_tag.empty()) context.attr("removeJobTag")(thread_invocation_tag);
    context.attr("addJobTag")(tag);
    // Kept by the thread like the tag; set again per invocation, which may run on another
    // SparkContext (a session stopped and created again in the same process).
    context.attr("setLocalProperty")("spark.scheduler.pool", thread_scheduler_pool());
    thread_invocation_tag = tag;
  }
}

// Spark Connect has no job groups; its tags are kept per session object and thread on the
// client, so they are set afresh (no server round trip) for every statement.
void label_connect(const py::object& session, const std::string& tag, const std::string& node) {
  session.attr("clearTags")();
  session.attr("addTag")(tag);
  if (!node.empty()) session.attr("addTag")(node_tag(node));
}

std::string collapse_whitespace(const std::string& text) {
  std::string collapsed;
  bool in_space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      in_space = !collapsed.empty();
      continue;
    }
    if (in_space) collapsed += ' ';
    in_space = false;
    collapsed += c;
  }
  return collapsed;
}

}  // namespace

std::string invocation_tag(const std::string& invocation_id) {
  return tag_safe("dbt-session-" + invocation_id);
}

std::string node_tag(const std::string& node) {
  return tag_safe("dbt-node-" + node);
}

std::string node_job_group(const JobLabel& label) {
  return "dbt-session-" + label.invocation_id + ":" +
         (label.node.empty() ? std::string("dbt") : label.node);
}

std::string job_description(const std::string& node, const std::string& statement) {
  const std::string summary = statement_summary(statement);
  if (node.empty()) return summary;
  return summary.empty() ? node : node + ": " + summary;
}

std::string statement_summary(const std::string& sql, std::size_t width) {
  // Leading blank space and comments go (dbt's query comment comes first).
  const std::size_t at = skip_space_and_comments(sql);
  if (at == sql.size()) return {};
  std::string summary = collapse_whitespace(sql.substr(at));
  if (summary.size() <= width) return summary;
  std::size_t cut = width;
  // Never cut inside a UTF-8 sequence: the text becomes a Python str.
  while (cut > 0 && (static_cast<unsigned char>(summary[cut]) & 0xC0) == 0x80) --cut;
  return summary.substr(0, cut) + "...";
}

std::string tag_safe(std::string text) {
  for (char& c : text) {
    if (c == ',') c = '_';
  }
  return text;
}

void label_thread_jobs(const py::object& session, const JobLabel& label,
                       const std::string& statement) {
  const std::string tag = invocation_tag(label.invocation_id);
  translating_spark_errors([&] {
    if (is_spark_connect(session)) {
      label_connect(session, tag, label.node);
    } else {
      label_classic(session, tag, node_job_group(label), job_description(label.node, statement));
    }
  });
}

std::string thread_scheduler_pool() {
  static std::atomic<unsigned> threads{0};
  thread_local const std::string pool = "dbt-session-thread-" + std::to_string(++threads);
  return pool;
}

}  // namespace dbt_session::bindings
