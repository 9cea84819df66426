"""dbt-tests-adapter's incremental suites (unique key, on_schema_change, merge exclude columns,
predicates, microbatch) on the `method: session` profile, local Spark + Delta."""

import pytest
from dbt.tests.adapter.incremental import fixtures
from dbt.tests.adapter.incremental.test_incremental_merge_exclude_columns import (
    BaseMergeExcludeColumns,
)
from dbt.tests.adapter.incremental.test_incremental_microbatch import BaseMicrobatch
from dbt.tests.adapter.incremental.test_incremental_on_schema_change import (
    BaseIncrementalOnSchemaChange,
)
from dbt.tests.adapter.incremental.test_incremental_predicates import BaseIncrementalPredicates
from dbt.tests.adapter.incremental.test_incremental_unique_id import BaseIncrementalUniqueKey


class TestIncrementalUniqueKeyInTheSession(BaseIncrementalUniqueKey):
    pass


class TestIncrementalOnSchemaChangeInTheSession(BaseIncrementalOnSchemaChange):
    pass


class TestMergeExcludeColumnsInTheSession(BaseMergeExcludeColumns):
    pass


class TestIncrementalPredicatesDeleteInsertInTheSession(BaseIncrementalPredicates):
    pass


# dbt-databricks' default strategy is merge; its own suite runs the predicates case as a merge
# whose predicate names the merge target's alias.
_merge_incremental_predicates_sql = """
{{ config(materialized = 'incremental', unique_key = 'id') }}
{% if not is_incremental() %}
select cast(1 as bigint) as id, 'hello' as msg, 'blue' as color
union all
select cast(2 as bigint) as id, 'goodbye' as msg, 'red' as color
{% else %}
-- the merge skips the target row id = 2, so the new id = 2 row is inserted
select cast(1 as bigint) as id, 'hey' as msg, 'blue' as color
union all
select cast(2 as bigint) as id, 'yo' as msg, 'green' as color
union all
select cast(3 as bigint) as id, 'anyway' as msg, 'purple' as color
{% endif %}
"""


class TestIncrementalPredicatesMergeInTheSession(BaseIncrementalPredicates):
    @pytest.fixture(scope="class")
    def project_config_update(self):
        return {
            "models": {
                "+incremental_predicates": ["dbt_internal_dest.id != 2"],
                "+target_alias": "dbt_internal_dest",
            }
        }

    @pytest.fixture(scope="class")
    def models(self):
        return {"delete_insert_incremental_predicates.sql": _merge_incremental_predicates_sql}


class TestMicrobatchInTheSession(BaseMicrobatch):
    pass
