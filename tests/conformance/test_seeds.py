"""dbt-tests-adapter's seed suites (special characters, delimiters, column types, full refresh)
on the `method: session` profile, local Spark + Delta."""

import inspect
import re
from pathlib import Path

import pytest
from dbt.tests.adapter.simple_seed import seeds
from dbt.tests.adapter.simple_seed.test_seed import (
    BaseBasicSeedTests,
    BaseSeedConfigFullRefreshOff,
    BaseSeedConfigFullRefreshOn,
    BaseSeedCustomSchema,
    BaseSeedParsing,
    BaseSeedSpecificFormats,
    BaseSeedWithEmptyDelimiter,
    BaseSeedWithUniqueDelimiter,
    BaseSeedWithWrongDelimiter,
    BaseSimpleSeedEnabledViaConfig,
    BaseSimpleSeedWithBOM,
    BaseTestEmptySeed,
)
from dbt.tests.adapter.simple_seed.test_seed_type_override import BaseSimpleSeedColumnOverride
from dbt.tests.util import copy_file, read_file, rm_dir, run_dbt


def _spark_expected_seed_sql() -> list[str]:
    """The suite's `seed_expected` table (Postgres DDL: TEXT, TIMESTAMP WITHOUT TIME ZONE,
    double-quoted column list) as Spark SQL statements."""
    sql = seeds.seeds__expected_sql
    sql = sql.replace("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP").replace("TEXT", "STRING")
    sql = re.sub(r'\("seed_id",.*?\)', "", sql, count=1)
    create, insert = (part.strip() for part in sql.split(";") if part.strip())
    return [create + " USING delta", insert]


class SparkExpectedSeed:
    @pytest.fixture(scope="class", autouse=True)
    def setUp(self, project):
        for statement in _spark_expected_seed_sql():
            project.run_sql(statement)


class TestBasicSeedsInTheSession(SparkExpectedSeed, BaseBasicSeedTests):
    def test_simple_seed_full_refresh_flag(self, project):
        """Spark and Databricks drop no dependent views with a table (no CASCADE), so after
        `seed --full-refresh` the downstream view still exists; the base class expects Postgres'
        cascade (dbt-databricks' own suite leaves this test out)."""
        self._build_relations_for_test(project)
        self._check_relation_end_state(
            run_result=run_dbt(["seed", "--full-refresh"]), project=project, exists=True
        )


class TestSeedFullRefreshConfigOnInTheSession(SparkExpectedSeed, BaseSeedConfigFullRefreshOn):
    def test_simple_seed_full_refresh_config(self, project):
        """As above: `full_refresh: true` rebuilds the seed; no cascade drops the downstream
        view."""
        self._build_relations_for_test(project)
        self._check_relation_end_state(run_result=run_dbt(["seed"]), project=project, exists=True)


class TestSeedFullRefreshConfigOffInTheSession(SparkExpectedSeed, BaseSeedConfigFullRefreshOff):
    pass


class TestSeedCustomSchemaInTheSession(SparkExpectedSeed, BaseSeedCustomSchema):
    pass


class TestSeedWithUniqueDelimiterInTheSession(SparkExpectedSeed, BaseSeedWithUniqueDelimiter):
    pass


class TestSeedWithWrongDelimiterInTheSession(SparkExpectedSeed, BaseSeedWithWrongDelimiter):
    pass


class TestSeedWithEmptyDelimiterInTheSession(SparkExpectedSeed, BaseSeedWithEmptyDelimiter):
    pass


class TestSeedEnabledViaConfigInTheSession(BaseSimpleSeedEnabledViaConfig):
    pass


class TestSeedParsingInTheSession(SparkExpectedSeed, BaseSeedParsing):
    pass


class TestSeedWithBOMInTheSession(BaseSimpleSeedWithBOM):
    @pytest.fixture(scope="class", autouse=True)
    def setUp(self, project):
        for statement in _spark_expected_seed_sql():
            project.run_sql(statement)
        # The BOM file ships next to the base class.
        copy_file(
            Path(inspect.getfile(BaseSimpleSeedWithBOM)).parent,
            "seed_bom.csv",
            project.project_root / "seeds" / "seed_bom.csv",
            "",
        )


class TestSeedSpecialCharactersAndFormatsInTheSession(BaseSeedSpecificFormats):
    """A 20,000-row seed and a unicode seed. The base class also loads `seed.with.dots.csv`:
    Spark and Databricks' Hive metastore refuse dots in a table name
    ([INVALID_SCHEMA_OR_RELATION_NAME]), and dbt-databricks' own suite leaves that seed out."""

    @pytest.fixture(scope="class")
    def seeds(self, test_data_dir):
        big_seed = read_file(self._make_big_seed(test_data_dir))
        yield {"big_seed.csv": big_seed, "seed_unicode.csv": seeds.seed__unicode_csv}
        rm_dir(test_data_dir)

    def test_simple_seed(self, project):
        assert len(run_dbt(["seed"])) == 2


class TestEmptySeedInTheSession(BaseTestEmptySeed):
    pass


_spark_column_types_yml = """
version: 2
seeds:
- name: seed_enabled
  columns:
  - name: birthday
    data_tests: [{column_type: {type: date}}]
  - name: seed_id
    data_tests: [{column_type: {type: string}}]
- name: seed_tricky
  columns:
  - name: seed_id
    data_tests: [{column_type: {type: bigint}}]
  - name: seed_id_str
    data_tests: [{column_type: {type: string}}]
  - name: a_bool
    data_tests: [{column_type: {type: boolean}}]
  - name: looks_like_a_bool
    data_tests: [{column_type: {type: string}}]
  - name: a_date
    data_tests: [{column_type: {type: timestamp}}]
  - name: looks_like_a_date
    data_tests: [{column_type: {type: string}}]
  - name: relative
    data_tests: [{column_type: {type: string}}]
  - name: weekday
    data_tests: [{column_type: {type: string}}]
"""


class TestSeedColumnTypeOverridesInTheSession(BaseSimpleSeedColumnOverride):
    """The base class names Postgres types (text, integer, timestamp without time zone); these
    are the Spark types dbt-databricks chooses for the same seeds and overrides."""

    @pytest.fixture(scope="class")
    def models(self):
        return {"schema.yml": _spark_column_types_yml}

    @staticmethod
    def seed_enabled_types():
        return {"seed_id": "string", "birthday": "date"}

    @staticmethod
    def seed_tricky_types():
        return {
            "seed_id_str": "string",
            "looks_like_a_bool": "string",
            "looks_like_a_date": "string",
        }
