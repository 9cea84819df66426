"""dbt-tests-adapter's persist_docs suites (relation and column comments) on the
`method: session` profile, local Spark + Delta.

The base classes read the comments back from `docs generate`'s catalog. dbt-databricks builds
the Hive-metastore catalog from SHOW TABLE EXTENDED, whose schema block carries no column
comments (on Databricks too), so its own suite reads them with DESCRIBE TABLE EXTENDED; so do
these overrides. dbt-databricks' persist_docs also differs from dbt's default macro on purpose:
it documents only the columns the relation has, matching names case-insensitively, and warns
about none (DatabricksAdapter.get_persist_doc_columns).
"""

from dbt.tests.adapter.persist_docs.test_persist_docs import (
    BasePersistDocs,
    BasePersistDocsAllColumnsMissing,
    BasePersistDocsColumnMissing,
    BasePersistDocsCommentOnQuotedColumn,
    BasePersistDocsQuotedColumnCaseSensitive,
    BasePersistDocsQuotedDescriptionNotAppliedOnMismatch,
)
from dbt.tests.util import relation_from_name, run_dbt, run_dbt_and_capture

# dbt-databricks' persist_docs documents only the columns the relation has, matching names
# case-insensitively as Spark resolves them (spark.sql.caseSensitive is false by default, on
# Databricks too), and warns about none (DatabricksAdapter.get_persist_doc_columns). The base
# classes expect dbt's default persist_docs macro's "The following columns are specified in the
# schema but are not present in the database" warning and case-sensitive matching; the
# overrides below pin dbt-databricks' behaviour on the same models instead.
_NOT_PRESENT_WARNING = "are specified in the schema but are not present in the database"


def described_comments(project, name: str) -> tuple:
    """(relation comment, {column: comment}) from DESCRIBE TABLE EXTENDED: the column rows come
    first, up to a blank row; the detailed section has the relation's ('Comment', <text>, '')."""
    relation = relation_from_name(project.adapter, name)
    rows = project.run_sql(f"describe table extended {relation}", fetch="all")
    blank = next(i for i, row in enumerate(rows) if not row[0])
    columns = {col_name: comment for col_name, _, comment in rows[:blank]}
    comments = [data_type for col_name, data_type, _ in rows[blank:] if col_name == "Comment"]
    return (comments[0] or None) if comments else None, columns


class TestPersistDocsInTheSession(BasePersistDocs):
    def test_has_comments_pglike(self, project):
        table_comment, table_columns = described_comments(project, "table_model")
        assert table_comment.startswith("Table model description")
        assert table_columns["id"].startswith("id Column description")
        assert table_columns["name"].startswith("Some stuff here and then a call to")
        self._assert_common_comments(table_comment, table_columns["id"], table_columns["name"])

        view_comment, view_columns = described_comments(project, "view_model")
        assert view_comment.startswith("View model description")
        assert view_columns["id"].startswith("id Column description")
        assert view_columns["name"] is None
        self._assert_common_comments(view_comment, view_columns["id"])

        no_docs_comment, no_docs_columns = described_comments(project, "no_docs_model")
        assert no_docs_comment is None
        assert no_docs_columns == {"id": None, "name": None}


class TestPersistDocsColumnMissingInTheSession(BasePersistDocsColumnMissing):
    def test_missing_column(self, project):
        _, columns = described_comments(project, "missing_column")
        assert columns["id"].startswith("test id column description")

    def test_missing_column_warning(self, project):
        _, logs = run_dbt_and_capture(["run"])
        assert _NOT_PRESENT_WARNING not in logs


class TestPersistDocsAllColumnsMissingInTheSession(BasePersistDocsAllColumnsMissing):
    def test_all_columns_missing_does_not_crash(self, project):
        """The run succeeds; dbt-databricks skips the missing columns without a warning."""
        results, _ = run_dbt_and_capture(["run"])
        assert len(results) == 1
        assert results[0].status == "success"


class TestPersistDocsQuotedColumnCaseSensitiveInTheSession(
    BasePersistDocsQuotedColumnCaseSensitive
):
    def test_quoted_column_case_sensitive_warning(self, project):
        """`MyCol` (quoted) documents the column Spark resolves it to, `mycol`, silently."""
        _, logs = run_dbt_and_capture(["run"])
        assert _NOT_PRESENT_WARNING not in logs
        _, columns = described_comments(project, "quoted_case_sensitive")
        assert columns["mycol"].startswith("case-sensitive name")


class TestPersistDocsQuotedDescriptionAppliedCaseInsensitivelyInTheSession(
    BasePersistDocsQuotedDescriptionNotAppliedOnMismatch
):
    def test_quoted_description_not_applied_on_case_mismatch(self, project):
        """Spark stores the column as `MyCol` and resolves `mycol` to it: the documented
        description is applied, without a warning."""
        _, logs = run_dbt_and_capture(["run"])
        assert _NOT_PRESENT_WARNING not in logs
        _, columns = described_comments(project, "quoted_physical_case_mismatch")
        assert columns["MyCol"].startswith("DOCUMENTED_DESCRIPTION_SENTINEL")


class TestPersistDocsCommentOnQuotedColumnInTheSession(BasePersistDocsCommentOnQuotedColumn):
    def test_quoted_column_comments(self, project):
        run_dbt()
        _, columns = described_comments(project, "quote_model")
        assert columns["2id"].startswith("XXX")
