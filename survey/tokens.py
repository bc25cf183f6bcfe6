"""Secrets handed to people in links: generated with `secrets`, stored only as hashes."""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_BYTES = 24  # 192 bits: unguessable even with many links in circulation


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """A fast hash suffices: the tokens carry enough entropy that guessing is hopeless."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def derived_token(secret: str, nonce: str) -> str:
    """An invitation token that can be produced again for a reminder: HMAC of a random
    per-invitation nonce under the app's secret key. The database keeps only the nonce
    and the token's hash, so the database alone never reveals a link."""
    import base64
    import hmac

    digest = hmac.new(
        secret.encode("utf-8"), b"invitation:" + nonce.encode("ascii"), hashlib.sha256
    )
    return base64.urlsafe_b64encode(digest.digest()[:TOKEN_BYTES]).decode("ascii").rstrip("=")


def new_nonce() -> str:
    return secrets.token_hex(16)


RESUME_CODE_LENGTH = 10


def normalise_code(code: str) -> str:
    """A resume code as typed (any case, spaces, O for 0) in its one written form."""
    cleaned = re.sub(r"[\s-]", "", code.upper()).replace("O", "0")
    return cleaned[:5] + "-" + cleaned[5:] if len(cleaned) == RESUME_CODE_LENGTH else cleaned


def hash_code(survey_id: int, code: str) -> str:
    """How a resume code is stored: never the code itself."""
    return hashlib.sha256(f"{survey_id}:{normalise_code(code)}".encode()).hexdigest()
