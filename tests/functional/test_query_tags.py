"""A model's `query_tags` are checked as dbt-databricks checks them when it opens the model's
connection (QueryConfigUtils.get_merged_query_tags): reserved keys and values over 128
characters fail the model, in session mode too, so a project that runs here runs on a SQL
warehouse."""

from typing import Any

import pytest
from dbt.tests.util import run_dbt

MODELS = {
    "tagged.sql": """{{ config(materialized='table', query_tags='{"team": "data"}') }}\nselect 1 as id""",
    "long_tag.sql": "{{ config(materialized='table', query_tags='{\"team\": \"' ~ ('x' * 200) ~ '\"}') }}\n"
    "select 1 as id",
    "reserved_tag.sql": """{{ config(materialized='table', query_tags='{"@@dbt_model_name": "other"}') }}\n"""
    "select 1 as id",
}


class TestQueryTagsAreValidatedAsOnAWarehouse:
    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return MODELS

    def test_a_reserved_key_or_a_long_value_fails_its_model_and_valid_tags_run(self, project: Any) -> None:
        results = run_dbt(["run"], expect_pass=False)
        by_name = {result.node.name: result for result in results}
        assert str(by_name["tagged"].status) == "success", by_name["tagged"].message
        assert str(by_name["long_tag"].status) == "error"
        assert "128" in by_name["long_tag"].message, by_name["long_tag"].message
        assert str(by_name["reserved_tag"].status) == "error"
        assert "reserved" in by_name["reserved_tag"].message.lower(), by_name["reserved_tag"].message
