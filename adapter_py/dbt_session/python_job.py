"""The `session` submission method for Python models: the compiled model runs in this
process, on the run's SparkSession, through the C++ runner (bindings/python_model.hpp).
No job, notebook, cluster id or REST call."""

from pathlib import Path
from typing import Any

from dbt.adapters.base import PythonJobHelper
from dbt_common.invocation import get_invocation_id
from dbt.adapters.databricks.logging import logger
from dbt.adapters.databricks.python_models.python_config import ParsedPythonModel
from dbt_session.native import native

SESSION_SUBMISSION = "session"

# dbt-databricks' methods that submit through the Databricks REST API (host + token).
API_SUBMISSION_METHODS = ("job_cluster", "all_purpose_cluster", "serverless_cluster", "workflow_job")


class SessionPythonJobHelper(PythonJobHelper):
    def __init__(self, parsed_model: dict[str, Any], credentials: Any) -> None:
        # PythonJobHelper.__init__ only raises NotImplementedError; there is nothing to set up.
        self.unique_id: str = parsed_model["unique_id"]
        self.path: str = parsed_model.get("original_file_path") or parsed_model.get("path", "")
        self.source: str = parsed_model.get("raw_code") or ""
        self.source_line = first_line_of(self.source, Path(parsed_model.get("root_path") or "."), self.path)
        self.packages: list[str] = list(parsed_model["config"].get("packages") or [])
        # Read as dbt-databricks' submission helpers read it: 24 hours unless set, > 0.
        self.timeout: int = ParsedPythonModel(**parsed_model).config.timeout

    def submit(self, compiled_code: str) -> None:
        if self.packages:
            logger.warning(
                f"Python model {self.unique_id}: `packages` {self.packages} are not installed in "
                "session mode; the model uses the packages installed where the session runs"
            )
        native.run_python_model(
            compiled_code,
            get_invocation_id(),
            self.unique_id,
            self.path,
            self.source,
            self.source_line,
            logger.debug,
            timeout_seconds=self.timeout,
        )


def first_line_of(source: str, project_root: Path, path: str) -> int:
    """The line of the model's file where dbt's raw_code starts (dbt strips the blank
    space around it), so tracebacks can number lines as the user's editor does."""
    try:
        text = (project_root / path).read_text()
    except OSError:
        return 1
    at = text.find(source) if source else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else 1
