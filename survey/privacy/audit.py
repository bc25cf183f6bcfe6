"""The append-only audit log: who did what to which data. The database refuses to change
a line once written (triggers), so this module only ever adds."""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from typing import Any

from survey.store import Store, now


def actor_of(user: Mapping[str, Any] | None) -> tuple[int | None, str]:
    if user:
        return user.get("id"), str(user.get("email") or f"user {user.get('id')}")
    try:
        return None, f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in a container
        return None, "cli"


def audit(
    store: Store,
    action: str,
    *,
    user: Mapping[str, Any] | None = None,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    actor: str | None = None,
) -> None:
    """One line in the append-only audit log."""
    user_id, who = actor_of(user)
    with store.transaction():
        store.add_audit(now(), user_id, actor or who, action, target, dict(detail or {}))
