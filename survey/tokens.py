"""Secrets handed to people in links: generated with `secrets`, stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 24  # 192 bits: unguessable even with many links in circulation


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """A fast hash suffices: the tokens carry enough entropy that guessing is hopeless."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
