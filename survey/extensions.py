"""Flask extension objects, bound to an app in `create_app` (nothing is bound at import)."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def rate_limits(app: Flask) -> None:
    """Per-address limits (Flask-Limiter, in memory by default; set RATELIMIT_STORAGE_URI
    for a shared store across workers): sign-in and account forms, and every respondent
    route (link lookups and submissions). Generous, because a whole school may answer
    from one address; they stop guessing and flooding, not people. One limiter per app,
    so tests and several apps in one process never share counts."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter = Limiter(get_remote_address, app=app)
    login = app.config.get("RATE_LIMIT_LOGIN", "30 per minute")
    respond = app.config.get("RATE_LIMIT_RESPOND", "600 per minute")
    for name, limit, methods in (("auth", login, ["POST"]), ("respond", respond, None)):
        blueprint = app.blueprints[name]
        assert isinstance(blueprint, Blueprint)
        limiter.limit(limit, methods=methods)(blueprint)
