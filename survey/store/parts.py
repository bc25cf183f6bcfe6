"""What the query mixins (`workbench`, `exchange`, `reports`, `privacy`) use
of `Store`, declared once: each mixin holds one area's SQL and reads through these."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from sqlite_utils import Database


class StoreParts:
    """Implemented by `survey.store.database.Store`, which every query mixin is mixed into."""

    db: Database

    def _all(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _one(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> dict[str, Any] | None:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError
