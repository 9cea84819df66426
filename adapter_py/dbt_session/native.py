"""The C++ module. Inside the ``dbt-session`` binary it is built in (embedded); elsewhere
(pytest, ``dbt_session.run``) it is the extension module built next to it."""

import dbt_session_native as native  # noqa: F401

__all__ = ["native"]
