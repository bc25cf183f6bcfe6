"""Typed rows for what views and commands read most: a staff account and its listing.
`TypedDict`s, so a misspelt column is a type error instead of a KeyError at run time."""

from __future__ import annotations

from typing import TypedDict

from survey.kinds import Role


class UserRow(TypedDict):
    """A row of `users` as `Store.user` and `Store.user_by_email` return it."""

    id: int
    email: str
    name: str | None
    password_hash: str
    role: Role
    disabled: int
    created_at: str | None
    session_generation: int


class StaffListing(TypedDict):
    """A staff account as the user list shows it (never with its password hash)."""

    id: int
    email: str
    name: str | None
    role: Role
    disabled: int
    created_at: str | None
