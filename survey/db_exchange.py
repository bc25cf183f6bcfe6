"""SQL for exchanging whole projects with other QDA tools (REFI-QDA .qdpx): mixed into
`Store` like db_workbench.py, so every statement stays in the data layer."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from sqlite_utils import Database


class ExchangeQueries:
    """Mixed into `Store`; relies on its `db`, `_all`, `_one` and `transaction`."""

    db: Database

    def _all(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _one(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> dict[str, Any] | None:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError
