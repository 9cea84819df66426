"""dbt-tests-adapter's alias and relation-cache suites on the `method: session` profile,
local Spark + Delta."""

import pytest
from dbt.tests.adapter.aliases import fixtures as alias_fixtures
from dbt.tests.adapter.aliases.test_aliases import (
    BaseAliasErrors,
    BaseAliases,
    BaseSameAliasDifferentDatabases,
    BaseSameAliasDifferentSchemas,
)
from dbt.tests.adapter.caching.test_caching import (
    BaseCachingLowercaseModel,
    BaseCachingSelectedSchemaOnly,
    BaseCachingUppercaseModel,
    BaseNoPopulateCache,
)

# The suite's string_literal macro casts with Postgres' `'x'::text`; Spark has no `text` type.
_SPARK_MACROS = {
    "cast.sql": """
{% macro string_literal(s) -%}
  {{ adapter.dispatch('string_literal', macro_namespace='test')(s) }}
{%- endmacro %}

{% macro default__string_literal(s) %}
    cast('{{ s }}' as string)
{% endmacro %}
""",
    "expect_value.sql": alias_fixtures.MACROS__EXPECT_VALUE_SQL,
}


class SparkMacros:
    @pytest.fixture(scope="class")
    def macros(self):
        return _SPARK_MACROS


def _drop_schemas(project, *schemas):
    with project.adapter.connection_named("__test"):
        for schema in schemas:
            relation = project.adapter.Relation.create(database=project.database, schema=schema)
            project.adapter.drop_schema(relation)


class TestAliasesInTheSession(SparkMacros, BaseAliases):
    pass


class TestAliasErrorsInTheSession(SparkMacros, BaseAliasErrors):
    pass


class TestSameAliasDifferentSchemasInTheSession(SparkMacros, BaseSameAliasDifferentSchemas):
    @pytest.fixture(scope="class", autouse=True)
    def clean_up(self, project):
        yield
        schema = project.test_schema
        _drop_schemas(project, f"{schema}_schema_a", f"{schema}_schema_b", schema)


class TestSameAliasDifferentDatabasesInTheSession(SparkMacros, BaseSameAliasDifferentDatabases):
    @pytest.fixture(scope="class", autouse=True)
    def clean_up(self, project):
        yield
        schema = project.test_schema
        _drop_schemas(project, f"{schema}_{schema}_alt", schema)


class TestCachingLowercaseModelInTheSession(BaseCachingLowercaseModel):
    pass


class TestCachingUppercaseModelInTheSession(BaseCachingUppercaseModel):
    pass


class TestCachingSelectedSchemaOnlyInTheSession(BaseCachingSelectedSchemaOnly):
    pass


class TestNoPopulateCacheInTheSession(BaseNoPopulateCache):
    pass
