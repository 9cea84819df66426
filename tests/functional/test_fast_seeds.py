"""Seeds in session mode load their rows with one DataFrame write (adapter_py/dbt_session/seeds.py,
bindings/seed_loader.cpp) and leave exactly what dbt-databricks' INSERT ... VALUES path leaves:
the same table schema and the same rows."""

from pathlib import Path
from typing import Any

import pytest
from dbt.tests.util import relation_from_name, run_dbt, run_dbt_and_capture

# Ten columns of every kind agate infers, with the values that break naive SQL rendering.
MIXED_CSV = """id,name,amount,exact,code,flag,day,at,at_iso,note
1,O'Brien,1.5,1.5,007,true,2024-02-29,2024-03-10 02:30:00,2024-03-10T02:30:00+05:00,"say ""hi"" twice"
2,back\\slash \\' \\\\,-0.25,1234567.125,42,false,,2024-01-01 00:00:00,2024-01-01T00:00:00+00:00,100% sure
3,Zürich ☃ 東京,,,,,1970-01-01,,,
4,"",1234567.125,0,1,true,2000-01-01,1999-12-31 23:59:59,2000-06-15T12:00:00-07:00,null
5,null,0,2,3,false,2024-12-31,2024-12-31 23:59:59,2024-12-31T23:59:59.123456+00:00,"comma, inside"
6,%s and %(x)s and ?,1e3,0.001,9007199254740993,true,1999-01-01,2021-06-01 12:00:00,2021-06-01T12:00:00+02:00,"line
break"
"""

# A project macro overriding dbt's `load_csv_rows` dispatcher the way dbt's own does: it
# shadows dbt-session's override, so the seed goes through dbt-databricks' INSERT path.
STANDARD_PATH_MACRO = """{% macro load_csv_rows(model, agate_table) -%}
  {{ return(adapter.dispatch('load_csv_rows', 'dbt')(model, agate_table)) }}
{%- endmacro %}
"""

SEED_CONFIG = {
    "seeds": {
        "+column_types": {"exact": "decimal(12,3)", "code": "string"},
    }
}


def seed_sql_written(project: Any, seed: str) -> str:
    [path] = Path(project.project_root, "target", "run").rglob(f"{seed}.csv")
    return path.read_text()


def table_contents(spark: Any, project: Any, seed: str) -> tuple[list[tuple[str, str]], list[Any]]:
    table = spark.table(f"{project.test_schema}.{seed}")
    schema = [(field.name, field.dataType.simpleString()) for field in table.schema.fields]
    return schema, sorted(table.collect(), key=lambda row: row["id"])


class TestFastSeedLoadMatchesTheInsertPath:
    @pytest.fixture(scope="class")
    def seeds(self) -> dict[str, str]:
        return {"mixed.csv": MIXED_CSV}

    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, Any]:
        return SEED_CONFIG

    def test_both_paths_leave_the_same_schema_and_rows(self, project: Any, spark: Any) -> None:
        [fast] = run_dbt(["seed"])
        assert fast.message == "INSERT 6"
        assert "one Spark DataFrame write" in seed_sql_written(project, "mixed")
        assert "insert overwrite" not in seed_sql_written(project, "mixed")
        fast_schema, fast_rows = table_contents(spark, project, "mixed")

        Path(project.project_root, "macros", "standard_seed_path.sql").write_text(STANDARD_PATH_MACRO)
        [standard] = run_dbt(["seed", "--full-refresh"])
        assert standard.message == "CREATE 6"
        assert "insert overwrite" in seed_sql_written(project, "mixed")
        standard_schema, standard_rows = table_contents(spark, project, "mixed")

        assert fast_schema == standard_schema
        assert fast_rows == standard_rows

    def test_column_types_come_from_the_overrides_and_convert_type(self, project: Any, spark: Any) -> None:
        run_dbt(["seed", "--full-refresh"])
        schema, rows = table_contents(spark, project, "mixed")
        assert dict(schema) == {
            "id": "bigint", "name": "string", "amount": "double", "exact": "decimal(12,3)",
            "code": "string", "flag": "boolean", "day": "date", "at": "timestamp",
            "at_iso": "timestamp", "note": "string",
        }
        assert [row["name"] for row in rows] == [
            "O'Brien", "back\\slash \\' \\\\", "Zürich ☃ 東京", None, None, "%s and %(x)s and ?",
        ]
        # dbt reads `column_types` columns as text (load_agate_table), so "007" stays "007".
        assert rows[0]["code"] == "007" and rows[5]["code"] == "9007199254740993"


class TestParquetSeedTakesTheInsertPathThatCastsItsValues:
    @pytest.fixture(scope="class")
    def seeds(self) -> dict[str, str]:
        return {"landing.csv": "id,name,day\n1,O'Brien,2022-01-01\n2,back\\slash,2022-01-02\n"}

    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, Any]:
        # dbt reads `column_types` columns as text; a parquet table does not cast text to int on
        # insert, so dbt-databricks' INSERT path casts each value (must_cast).
        return {"seeds": {"+file_format": "parquet",
                          "+column_types": {"id": "int", "name": "string", "day": "date"}}}

    def test_the_seed_loads_with_its_column_types(self, project: Any, spark: Any) -> None:
        [result] = run_dbt(["seed"])
        assert result.status == "success" and result.message == "INSERT 2", result.message
        assert "insert overwrite" in seed_sql_written(project, "landing")
        schema, rows = table_contents(spark, project, "landing")
        assert dict(schema) == {"id": "int", "name": "string", "day": "date"}
        assert [(row["id"], row["name"], str(row["day"])) for row in rows] == [
            (1, "O'Brien", "2022-01-01"), (2, "back\\slash", "2022-01-02")]


class TestFastSeedReloadReplacesTheRows:
    @pytest.fixture(scope="class")
    def seeds(self) -> dict[str, str]:
        return {"numbers.csv": "id,label\n1,one\n2,two\n3,three\n"}

    def reload(self, project: Any, csv: str, *flags: str) -> list[Any]:
        Path(project.project_root, "seeds", "numbers.csv").write_text(csv)
        [result] = run_dbt(["seed", *flags])
        assert result.status == "success"
        relation = relation_from_name(project.adapter, "numbers")
        return project.run_sql(f"select id, label from {relation} order by id", fetch="all")

    def test_a_second_seed_run_replaces_instead_of_appending(self, project: Any) -> None:
        run_dbt(["seed"])
        rows = self.reload(project, "id,label\n1,uno\n4,four\n")
        assert [tuple(row) for row in rows] == [(1, "uno"), (4, "four")]

    def test_full_refresh_recreates_the_table_with_the_new_columns(self, project: Any) -> None:
        rows = self.reload(project, "id,label,extra\n5,five,x\n", "--full-refresh")
        assert [tuple(row) for row in rows] == [(5, "five")]
        relation = relation_from_name(project.adapter, "numbers")
        [[extra]] = project.run_sql(f"select extra from {relation}", fetch="all")
        assert extra == "x"

    def test_an_empty_seed_leaves_an_empty_table(self, project: Any) -> None:
        rows = self.reload(project, "id,label,extra\n", "--full-refresh")
        assert rows == []


class TestFastSeedErrorNamesTheValueItCouldNotWrite:
    @pytest.fixture(scope="class")
    def seeds(self) -> dict[str, str]:
        return {"events.csv": "id,valid_from\n1,2024-01-31\n2,1515426172\n"}

    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, Any]:
        return {"seeds": {"+column_types": {"valid_from": "date"}}}

    def test_the_cast_error_inside_the_write_task_is_reported_with_the_value(self, project: Any, spark: Any) -> None:
        if spark.conf.get("spark.sql.ansi.enabled") != "true":
            pytest.skip("without ANSI mode (Spark 3.5's default) Spark writes NULL for the value: no error")
        [result] = run_dbt(["seed"], expect_pass=False)
        # Spark's own error names only the failed write task; the line after it is the cause.
        assert "[TASK_WRITE_FAILED]" in result.message
        assert "Caused by: [CAST_INVALID_INPUT] The value '1515426172' of the type \"STRING\" cannot be cast to " \
               "\"DATE\"" in result.message, result.message
        assert "== SQL" not in result.message


class TestSeedReadWithoutAgateStillAnswersWhatDbtAsks:
    """The seed's table holds no rows in session mode (adapter_py/dbt_session/seed_table.py):
    what dbt asks beyond the types and the row count comes from dbt-core's own agate read."""

    @pytest.fixture(scope="class")
    def seeds(self) -> dict[str, str]:
        return {"people.csv": "id,name,score\n1,Ann,2.50\n2,Bo,\n"}

    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, Any]:
        return {"seeds": {"+column_types": {"nickname": "string"}}}

    def test_seed_show_samples_the_rows_and_a_column_types_name_missing_from_the_header_is_named(
        self, project: Any, spark: Any
    ) -> None:
        [result], output = run_dbt_and_capture(["--debug", "seed", "--show"])
        assert result.message == "INSERT 2"
        assert "Seed seed.test.people: 2 rows, read in two streaming passes" in output
        # The sample comes from dbt-core's agate table (order_by, then print_table, which
        # writes to the sys.stdout agate saw at import, out of this test's reach).
        assert "Random sample of table" in output
        assert "column_types names columns its header does not have, ignored: nickname" in output
        schema, rows = table_contents(spark, project, "people")
        assert dict(schema) == {"id": "bigint", "name": "string", "score": "double"}
        assert [(row["id"], row["name"], row["score"]) for row in rows] == [(1, "Ann", 2.5), (2, "Bo", None)]
