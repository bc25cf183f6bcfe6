"""Signing in and out, the one-time link that creates the first administrator, and the
one-time links on which invited colleagues choose their own password.

There is no default password: `survey init` prints a setup link while no
administrator exists, and the link works once. Every later account is invited from the
user pages (survey/blueprints/admin.py) with a link of its own; a forgotten password
gets a new link the same way. After signing in, each role lands on its own work.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import EmailField, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length

from survey import privacy
from survey.fielding.forms import PlausibleEmail
from survey.i18n import t
from survey.store.rows import UserRow
from survey.tokens import hash_token
from survey.web import current_user, get_store, hash_password, login_required, start_session

bp = Blueprint("auth", __name__)

MIN_PASSWORD = 12
# Typed fields are bounded before anything is checked or stored (the audit log and the
# failure record keep what was typed on a failed sign-in).
MAX_EMAIL = 254
MAX_PASSWORD = 1024
THROTTLE_WINDOW = timedelta(minutes=15)
# Per account *and* address: the first failures are free, then each one doubles the
# wait before the next try from that address, so nobody elsewhere can lock the owner out.
FREE_FAILURES = 5
MAX_DELAY = timedelta(minutes=15)
# Per address, across accounts: guessing many accounts from one place stops for a while.
MAX_FAILURES_PER_IP = 20
# Compared against when the e-mail is unknown, so both paths take the same time.
_DUMMY_HASH = generate_password_hash("not a password, only for timing")


def home_for(user: UserRow) -> str:
    """Where a role's work is: administrators to administration, evaluators to coding
    (straight into the workbench when they have one survey), viewers to reports."""
    if user["role"] == "admin":
        return url_for("admin.index")
    if user["role"] == "evaluator":
        surveys = get_store().assigned_survey_ids(user["id"])
        if len(surveys) == 1:
            return url_for("coding.workbench", survey_id=next(iter(surveys)))
        return url_for("coding.index")
    return url_for("reports.index")


def _allowed(path: str, user: UserRow) -> bool:
    """Whether the page at `path` exists and the user's role may open it."""
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except RequestRedirect:
        return True
    except HTTPException:
        return False
    view = current_app.view_functions.get(endpoint)
    roles = getattr(view, "allowed_roles", ())
    return not roles or user["role"] in roles


def _safe_next(target: str | None, user: UserRow) -> str:
    """Only local paths the user may open: a login link must not send people to another
    site, nor a viewer to a page that only says they may not see it."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and _allowed(parts.path, user):
            return target
    return home_for(user)


def _login_form() -> FlaskForm:
    class LoginForm(FlaskForm):
        email = EmailField(
            t("auth.email"),
            validators=[
                InputRequired(t("error.required")),
                Length(max=MAX_EMAIL, message=t("error.too_long", max=MAX_EMAIL)),
            ],
        )
        password = PasswordField(
            t("auth.password"),
            validators=[
                InputRequired(t("error.required")),
                Length(max=MAX_PASSWORD, message=t("error.too_long", max=MAX_PASSWORD)),
            ],
        )

    return LoginForm()


def _new_password_fields() -> dict[str, Any]:
    """A new password typed twice, labelled in the request's language (built per request,
    after any field that should come before them)."""
    return {
        "password": PasswordField(
            t("auth.new_password"),
            validators=[
                InputRequired(t("error.required")),
                Length(min=MIN_PASSWORD, message=t("error.password_short", min=MIN_PASSWORD)),
                Length(max=MAX_PASSWORD, message=t("error.too_long", max=MAX_PASSWORD)),
            ],
            description=t("auth.password_hint", min=MIN_PASSWORD),
        ),
        "confirm": PasswordField(
            t("auth.confirm_password"),
            validators=[EqualTo("password", t("error.password_mismatch"))],
        ),
    }


def _setup_form() -> FlaskForm:
    email = EmailField(
        t("auth.email"),
        validators=[
            InputRequired(t("error.required")),
            Length(max=MAX_EMAIL, message=t("error.too_long", max=MAX_EMAIL)),
            PlausibleEmail(t("error.email")),
        ],
    )
    form_class = type("SetupForm", (FlaskForm,), {"email": email, **_new_password_fields()})
    return form_class()


def _wait(store: Any, email: str, ip: str) -> int:
    """Seconds to wait before this address may try this account again (0: now).

    Failures count per account and address: after `FREE_FAILURES` each doubles the wait
    (2 s, 4 s, 8 s… up to `MAX_DELAY`), so the owner, from their own address, is never
    locked out by someone guessing elsewhere. An address with `MAX_FAILURES_PER_IP`
    failures across accounts waits until the window has passed."""
    now = datetime.now(UTC)
    since = (now - THROTTLE_WINDOW).replace(microsecond=0).isoformat()
    if store.login_failures_since(since, ip=ip) >= MAX_FAILURES_PER_IP:
        return int(THROTTLE_WINDOW.total_seconds())
    email = email.strip().lower()
    failures = store.login_failures_since(since, email=email, ip=ip)
    if failures < FREE_FAILURES:
        return 0
    delay = min(timedelta(seconds=2 ** (failures - FREE_FAILURES + 1)), MAX_DELAY)
    last = store.last_login_failure(email, ip)
    if not last:
        return 0
    remaining = datetime.fromisoformat(last) + delay - now
    return max(0, math.ceil(remaining.total_seconds()))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = _login_form()
    error, status = None, 200
    if form.validate_on_submit():
        store = get_store()
        ip = request.remote_addr or "?"
        wait = _wait(store, form.email.data, ip)
        if wait:
            page = render_template(
                "auth/login.html", form=form, error=t("auth.throttled_wait", seconds=wait)
            )
            return page, 429, {"Retry-After": str(wait)}
        else:
            user = store.user_by_email(form.email.data)
            hashed = user["password_hash"] if user else _DUMMY_HASH
            if user and check_password_hash(hashed, form.password.data):
                store.clear_login_failures(user["email"], ip)
                privacy.audit(store, "login", user=user)
                start_session(user)
                return redirect(_safe_next(request.args.get("next"), user))
            if not user:
                check_password_hash(_DUMMY_HASH, form.password.data)
            store.record_login_failure(form.email.data, ip)
            privacy.audit(
                store, "login_failed", actor=f"anonymous ({ip})", detail={"email": form.email.data}
            )
            error, status = t("auth.failed"), 401
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required()
def change_password() -> Any:
    current = PasswordField(
        t("auth.current_password"), validators=[InputRequired(t("error.required"))]
    )
    form_class = type("PasswordForm", (FlaskForm,), {"current": current, **_new_password_fields()})

    form = form_class()
    user = current_user()
    assert user is not None
    done = False
    if form.validate_on_submit():
        if not check_password_hash(user["password_hash"], form.current.data):
            form.current.errors.append(t("auth.wrong_current"))
        else:
            # Every other session of the account ends; this one goes on.
            get_store().set_password(user["id"], hash_password(form.password.data))
            renewed = get_store().user(user["id"])
            assert renewed is not None
            start_session(renewed)
            privacy.audit(
                get_store(),
                "user_change",
                user=user,
                target=f"user:{user['id']}",
                detail={"password": "changed"},
            )
            done = True
    return render_template("auth/password.html", form=form, done=done)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    """Signing out ends every session of the account, on every device."""
    user = current_user()
    if user is not None:
        get_store().end_sessions(user["id"])
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str) -> Any:
    store = get_store()
    token_hash = hash_token(token)
    if not store.setup_token_valid(token_hash) or store.count_users("admin"):
        abort(404)
    form = _setup_form()
    if form.validate_on_submit():
        user_id = store.create_first_admin(
            token_hash, form.email.data, hash_password(form.password.data)
        )
        if user_id is None:
            abort(404)
        privacy.audit(
            store,
            "user_change",
            user=store.user(user_id),
            target=f"user:{user_id}",
            detail={"first_admin": True},
        )
        created = store.user(user_id)
        assert created is not None
        start_session(created)
        return redirect(url_for("admin.index"))
    return render_template("auth/setup.html", form=form)


def _account_form() -> FlaskForm:
    form_class = type("AccountLinkForm", (FlaskForm,), _new_password_fields())
    return form_class()


@bp.route("/account/link/<token>", methods=["GET", "POST"])
def account_link(token: str) -> Any:
    """An invited colleague chooses a password, or anyone given a new link a new one.
    The link works once; afterwards, or when expired, it says so and whom to ask."""
    store = get_store()
    token_hash = hash_token(token)
    link = store.account_link(token_hash)
    if link is None:
        return render_template("auth/link_used.html"), 410
    form = _account_form()
    if form.validate_on_submit():
        user_id = store.spend_account_link(token_hash)
        if user_id is None:
            return render_template("auth/link_used.html"), 410
        store.set_password(user_id, hash_password(form.password.data))
        user = store.user(user_id)
        if user is None:
            return render_template("auth/link_used.html"), 410
        privacy.audit(
            store,
            "user_change",
            user=user,
            target=f"user:{user['id']}",
            detail={"password": "chosen through " + link["purpose"] + " link"},
        )
        store.clear_login_failures(user["email"])
        start_session(user)
        return redirect(home_for(user))
    return render_template("auth/account_link.html", form=form, link=link)


@bp.route("/")
def home() -> Any:
    return render_template("home.html")
