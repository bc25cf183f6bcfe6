"""SQL for staff accounts run from the browser: colleagues invited by a one-time link
on which they choose their own password, a new link for a forgotten password, roles,
survey assignments, and disabling. Mixed into `Store`.

An invited account has no password until its link is used (an empty hash, which no
password matches), so nobody, not even the inviting administrator, ever knows it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from survey.store.parts import StoreParts

# What a one-time account link is for: a new colleague's first password, or a new one.
LINK_PURPOSES = ("invite", "reset")


def _stamp() -> str:
    # The store's clock, read late so tests that move time see it (no import cycle).
    from survey.store.database import now

    return now()


class AccountQueries(StoreParts):
    """Staff accounts and their one-time links."""

    def invite_user(
        self,
        email: str,
        name: str,
        role: str,
        *,
        token_hash: str,
        expires_at: str,
        survey_ids: Iterable[int] = (),
    ) -> int:
        """A new account without a password, its one-time link and its surveys, together."""
        stamp = _stamp()
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO users (email, name, password_hash, role, disabled, created_at) "
                "VALUES (?, ?, '', ?, 0, ?)",
                (email.strip().lower(), name.strip(), role, stamp),
            )
            user_id = cursor.lastrowid
            assert user_id is not None
            self.add_account_link(user_id, token_hash, "invite", expires_at)
            self.set_assignments(user_id, survey_ids)
        return user_id

    def add_account_link(
        self, user_id: int, token_hash: str, purpose: str, expires_at: str
    ) -> None:
        """A new link replaces every earlier unused one of the account: only the latest
        link sent works, so a lost or forwarded older one is dead."""
        assert purpose in LINK_PURPOSES
        with self.transaction():
            self.db.execute(
                "DELETE FROM account_links WHERE user_id = ? AND used_at IS NULL", (user_id,)
            )
            self.db.execute(
                "INSERT INTO account_links (token_hash, user_id, purpose, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (token_hash, user_id, purpose, _stamp(), expires_at),
            )

    def account_link(self, token_hash: str) -> dict[str, Any] | None:
        """A usable link (unused, unexpired, its account active) with the account's e-mail."""
        return self._one(
            "SELECT l.token_hash, l.user_id, l.purpose, l.expires_at, u.email, u.role "
            "FROM account_links l JOIN users u ON u.id = l.user_id "
            "WHERE l.token_hash = ? AND l.used_at IS NULL AND l.expires_at > ? "
            "AND u.disabled = 0",
            (token_hash, _stamp()),
        )

    def spend_account_link(self, token_hash: str) -> int | None:
        """Use the link up and return its account; None if it was spent already (a double
        submit, two tabs) or is no longer valid. The caller then sets the password with
        `set_password`, the one place a password changes."""
        with self.transaction():
            link = self.account_link(token_hash)
            if link is None:
                return None
            self.db.execute(
                "UPDATE account_links SET used_at = ? WHERE token_hash = ?", (_stamp(), token_hash)
            )
        return int(link["user_id"])

    def pending_link(self, user_id: int) -> dict[str, Any] | None:
        """The account's latest unused, unexpired link (its purpose and expiry only)."""
        return self._one(
            "SELECT purpose, created_at, expires_at FROM account_links "
            "WHERE user_id = ? AND used_at IS NULL AND expires_at > ? "
            "ORDER BY created_at DESC LIMIT 1",
            (user_id, _stamp()),
        )

    def staff_account(self, user_id: int) -> dict[str, Any] | None:
        """An account as the user pages show it, disabled ones too, never its hash."""
        return self._one(
            "SELECT id, email, name, role, disabled, created_at, password_hash = '' AS pending "
            "FROM users WHERE id = ?",
            (user_id,),
        )

    def staff_overview(self) -> list[dict[str, Any]]:
        """Every account with whether it has a password yet and the surveys it may open."""
        rows = self._all(
            "SELECT u.id, u.email, u.name, u.role, u.disabled, u.created_at, "
            "u.password_hash = '' AS pending, "
            "(SELECT json_group_array(s.title) FROM survey_assignments a "
            " JOIN surveys s ON s.id = a.survey_id WHERE a.user_id = u.id) AS surveys "
            "FROM users u ORDER BY u.disabled, u.email"
        )
        for row in rows:
            row["surveys"] = sorted(json.loads(row["surveys"] or "[]"))
        return rows

    def set_role(self, user_id: int, role: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE users SET role = ? WHERE id = ?", (role, user_id))

    def set_assignments(self, user_id: int, survey_ids: Iterable[int]) -> None:
        """Exactly these surveys for the account: the rest are taken away."""
        chosen = json.dumps(sorted(set(survey_ids)))
        with self.transaction():
            self.db.execute(
                "DELETE FROM survey_assignments WHERE user_id = ? "
                "AND survey_id NOT IN (SELECT value FROM json_each(?))",
                (user_id, chosen),
            )
            self.db.execute(
                "INSERT OR IGNORE INTO survey_assignments (user_id, survey_id, created_at) "
                "SELECT ?, s.id, ? FROM surveys s WHERE s.id IN (SELECT value FROM json_each(?))",
                (user_id, _stamp(), chosen),
            )

    def drop_account_links(self, user_id: int) -> None:
        """The account's unused links stop working (when it is disabled: an old
        invitation or new-password link must not bring it back)."""
        with self.transaction():
            self.db.execute(
                "DELETE FROM account_links WHERE user_id = ? AND used_at IS NULL", (user_id,)
            )

    def enable_user(self, user_id: int) -> None:
        with self.transaction():
            self.db.execute("UPDATE users SET disabled = 0 WHERE id = ?", (user_id,))
