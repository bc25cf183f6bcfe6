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


# Every field of a log line is bounded before it is stored: the log is append-only, so
# whatever reaches it (a typed e-mail on a failed sign-in) stays for good.
MAX_FIELD = 200
MAX_ITEMS = 50


def bounded(value: Any) -> Any:
    """`value` with every string cut to `MAX_FIELD` characters and every list or mapping
    to `MAX_ITEMS` entries, however deep."""
    if isinstance(value, str):
        return value if len(value) <= MAX_FIELD else value[: MAX_FIELD - 1] + "…"
    if isinstance(value, Mapping):
        items = list(value.items())[:MAX_ITEMS]
        return {bounded(str(k)): bounded(v) for k, v in items}
    if isinstance(value, list | tuple | set | frozenset):
        return [bounded(v) for v in list(value)[:MAX_ITEMS]]
    return value


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
        store.add_audit(
            now(),
            user_id,
            bounded(actor or who),
            bounded(action),
            bounded(target),
            bounded(dict(detail or {})),
        )
