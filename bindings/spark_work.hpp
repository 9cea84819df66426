#pragma once
// What Spark did for one dbt node: the jobs of the node's job group (job_labels.hpp), read
// from Spark's status tracker and status store on classic Spark. Spark Connect clients have
// neither (the server keeps them), so a node run over Connect reports nothing here.
#include <pybind11/pybind11.h>

#include "bindings/job_labels.hpp"

namespace dbt_session::bindings {

namespace py = pybind11;

// {"spark_job_ids": [int], "spark_job_time_ms": int, "spark_task_time_ms": int,
//  "spark_bytes_written": int} for the jobs of `label` (a node in a dbt invocation): job
// time is the wall time during which at least one of them ran, task time the executors' run
// time of their stages, bytes written what their stages wrote to storage. Keys Spark cannot
// answer are left out (an empty dict on Spark Connect or without a session).
py::dict node_spark_work(const JobLabel& label);

}  // namespace dbt_session::bindings
