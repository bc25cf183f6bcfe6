"""Request plumbing shared by the blueprints: the database per request, the signed-in
user, the language, friendly error pages and security headers."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import (
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter
from werkzeug.security import generate_password_hash

from survey.i18n import current_language, t, template_filters
from survey.store import database as dbmod
from survey.store.rows import UserRow

F = TypeVar("F", bound=Callable[..., Any])


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)


_connections = threading.local()


class CachedSerializerSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per secret
    key instead of on every request (it derives keys with HMAC each time it is made)."""

    _cache: dict[tuple[str, str], Any] = {}

    def get_signing_serializer(self, app: Flask) -> Any:
        key = (str(app.secret_key), self.salt)
        serializer = self._cache.get(key)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            self._cache[key] = serializer
        return serializer


def get_store() -> dbmod.Store:
    """The database for this request: one connection per worker thread, opened on first
    use and kept for the next request (opening and configuring one costs more than most
    queries the respondent pages make)."""
    if "store" not in g:
        path = current_app.config["DATABASE"]
        cache: dict[str, dbmod.Store] = _connections.__dict__.setdefault("stores", {})
        store = cache.get(path)
        if store is None:
            store = cache[path] = dbmod.connect(path)
        g.store = store
    return g.store


def _release_store(_exc: BaseException | None = None) -> None:
    """Nothing may stay open between requests: an unfinished transaction is rolled back."""
    store = g.pop("store", None)
    if store is not None and store.db.conn.in_transaction:
        store.db.conn.execute("ROLLBACK")


SESSION_GENERATION = "generation"


def current_user() -> UserRow | None:
    """The signed-in user, if the session is still theirs: the account is enabled and
    the cookie carries its current session generation (signing out, a new password or
    disabling the account move it on, so copied and forgotten cookies stop working)."""
    if "user" not in g:
        user_id = session.get("user_id")
        user = get_store().user(user_id) if isinstance(user_id, int) else None
        if user is not None and session.get(SESSION_GENERATION) != user["session_generation"]:
            user = None
        g.user = user
    return g.user


def start_session(user: UserRow) -> None:
    """Sign `user` in on this device: a fresh session (nothing carried over from before
    signing in) bound to the account's current session generation."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session["user_id"] = user["id"]
    session[SESSION_GENERATION] = user["session_generation"]
    g.pop("user", None)


def hash_password(password: str) -> str:
    """A password as stored: werkzeug's scrypt unless `PASSWORD_HASH_METHOD` says
    otherwise (the tests lower the cost; production never should)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
    return generate_password_hash(password, method=method)


def is_admin(user: UserRow | None) -> bool:
    return user is not None and user["role"] == "admin"


def user_id_of(user: UserRow | None) -> int | None:
    return user["id"] if user is not None else None


def form_int(value: Any) -> int | None:
    """An id from a form or query string: None unless it is a whole number a database
    row can have (SQLite integers are 64-bit)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -(2**63) <= number < 2**63 else None


def current_user_id() -> int:
    """The signed-in user's id, in views behind `login_required`."""
    user = current_user()
    assert user is not None
    return int(user["id"])


def login_required(*roles: str) -> Callable[[F], F]:
    """Only signed-in users with one of `roles` (any role if none given) may pass."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("auth.login", next=request.full_path))
            if roles and user["role"] not in roles:
                abort(403)
            return view(*args, **kwargs)

        # Read by sign-in, so nobody is sent on to a page their role cannot open.
        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def visible_surveys() -> list[dict[str, Any]]:
    """The surveys the signed-in user may see: all for admins, the assigned ones otherwise."""
    user = current_user()
    if user is None:
        return []
    surveys = get_store().survey_overview()
    if user["role"] == "admin":
        return surveys
    allowed = get_store().assigned_survey_ids(user["id"])
    return [s for s in surveys if s["id"] in allowed]


def survey_for_user(survey_id: int) -> dict[str, Any]:
    """A survey the signed-in user may open, or 404 — the same answer whether it does not
    exist or is not theirs, so ids cannot be probed."""
    user = current_user()
    survey = get_store().survey_by_id(survey_id)
    if user is None or survey is None:
        abort(404)
    if user["role"] != "admin" and survey_id not in get_store().assigned_survey_ids(user["id"]):
        abort(404)
    return survey


def _error_page(status: int, title_key: str, body_key: str) -> tuple[str, int]:
    return (
        render_template("error.html", status=status, title=t(title_key), body=t(body_key)),
        status,
    )


class SqliteInt(IntegerConverter):
    """`<int:…>` for database ids: at most SQLite's largest integer (a longer number in
    a URL is a 404, not an overflow deep in a query)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def _from_json(raw: str | None) -> Any:
    try:
        return json.loads(raw or "[]")
    except ValueError:
        return []


def init_app(app: Flask) -> None:
    """Check the database once at start-up and install the request hooks."""
    store = dbmod.connect(app.config["DATABASE"], create=True)
    try:
        store.migrate()
        # The daily retention check: each start deletes what is past its date.
        from survey import privacy

        purged = privacy.purge(store)
        for entry in purged:
            app.logger.info("purged %s", entry)
        if purged:
            # Models trained on the purged answers hold their words: retired as well.
            from survey.workbench import training

            for entry in purged:
                survey = store.survey_by_id(entry["survey_id"])
                if survey is not None:
                    training.retire_models(survey, Path(app.instance_path))
    finally:
        store.close()

    app.session_interface = CachedSerializerSessions()
    app.teardown_appcontext(_release_store)
    # Globals, not context: imported macros (templates/_form.html) see them too.
    app.jinja_env.globals.update(t=t, current_user=current_user)
    app.jinja_env.filters["fromjson"] = _from_json
    app.jinja_env.filters.update(template_filters())

    @app.before_request
    def _language() -> None:
        g.lang = current_language()

    @app.context_processor
    def _template_globals() -> dict[str, Any]:
        return {"lang": g.get("lang", "sv")}

    @app.after_request
    def _headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if "text/html" in response.headers.get("Content-Type", ""):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError) -> tuple[str, int]:
        return _error_page(400, "error.csrf.title", "error.csrf.body")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        if exc.code is None or exc.code < 400:
            return exc
        known = {
            403: "forbidden",
            404: "not_found",
            405: "bad_request",
            413: "too_large",
            429: "too_many",
        }
        name = known.get(exc.code, "bad_request" if exc.code < 500 else "server")
        return _error_page(exc.code, f"error.{name}.title", f"error.{name}.body")

    @app.errorhandler(OverflowError)
    def _overflow(_exc: OverflowError) -> tuple[str, int]:
        # An id typed into a form that no database row can have.
        return _error_page(404, "error.not_found.title", "error.not_found.body")

    @app.errorhandler(dbmod.DatabaseError)
    def _database(exc: dbmod.DatabaseError) -> tuple[str, int]:
        app.logger.error("database error: %s", exc)
        return _error_page(503, "error.server.title", "error.server.body")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[str, int]:
        app.logger.exception("unhandled error on %s", request.path)
        return _error_page(500, "error.server.title", "error.server.body")
