"""dbt-tests-adapter's store_failures suites (`--store-failures`, `store_failures_as`) on the
`method: session` profile, local Spark + Delta."""

from dbt.tests.adapter.store_test_failures_tests.basic import (
    StoreTestFailuresAsExceptions,
    StoreTestFailuresAsGeneric,
    StoreTestFailuresAsInteractions,
    StoreTestFailuresAsProjectLevelEphemeral,
    StoreTestFailuresAsProjectLevelOff,
    StoreTestFailuresAsProjectLevelView,
)
from dbt.tests.adapter.store_test_failures_tests.test_store_test_failures import (
    BaseStoreTestFailures,
    BaseStoreTestFailuresLimit,
)


class TestStoreTestFailuresInTheSession(BaseStoreTestFailures):
    pass


class TestStoreTestFailuresLimitInTheSession(BaseStoreTestFailuresLimit):
    pass


class TestStoreTestFailuresAsInteractionsInTheSession(StoreTestFailuresAsInteractions):
    pass


class TestStoreTestFailuresAsProjectLevelOffInTheSession(StoreTestFailuresAsProjectLevelOff):
    pass


class TestStoreTestFailuresAsProjectLevelViewInTheSession(StoreTestFailuresAsProjectLevelView):
    pass


class TestStoreTestFailuresAsProjectLevelEphemeralInTheSession(
    StoreTestFailuresAsProjectLevelEphemeral
):
    pass


class TestStoreTestFailuresAsGenericInTheSession(StoreTestFailuresAsGeneric):
    pass


class TestStoreTestFailuresAsExceptionsInTheSession(StoreTestFailuresAsExceptions):
    pass
