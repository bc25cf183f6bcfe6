"""Colleagues' accounts in the browser: invite by a one-time link (e-mailed, or shown to
copy), set the role, choose the surveys, send a new link for a forgotten password,
disable and enable again.

Nobody types another person's password: an invited colleague chooses their own on the
link (survey/blueprints/auth.py), as the first administrator did. A link is shown once,
right after it is made, and only its hash is stored. The last active administrator can
be neither demoted nor disabled, and nobody disables or demotes themselves.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.fields import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from survey import privacy
from survey.fielding.forms import MultiCheckboxField, PlausibleEmail
from survey.fielding.mailer import MailError, SmtpSettings, send_account_link
from survey.formatting import long_date
from survey.i18n import t
from survey.kinds import ROLES
from survey.tokens import hash_token, new_token
from survey.web import current_user, current_user_id, get_store, login_required

bp = Blueprint("users", __name__, url_prefix="/admin/users")

LINK_LIFETIME = {"invite": timedelta(days=14), "reset": timedelta(days=3)}
_SHOWN_LINK = "account_link_to_show"


def _role_choices() -> list[Any]:
    return [SelectChoice(role, t(f"role.{role}")) for role in ROLES]


def _survey_choices() -> list[Any]:
    return [SelectChoice(str(s["id"]), s["title"]) for s in get_store().survey_overview()]


def _mail_settings() -> SmtpSettings | None:
    try:
        return SmtpSettings.load(current_app.config)
    except MailError:
        return None


def _invite_form() -> FlaskForm:
    class InviteForm(FlaskForm):
        email = EmailField(
            t("auth.email"),
            validators=[
                InputRequired(t("error.required")),
                Length(max=254, message=t("error.email")),
                PlausibleEmail(t("error.email")),
            ],
        )
        name = StringField(t("users.name"), validators=[Optional(), Length(max=120)])
        role = RadioField(
            t("users.role"),
            choices=_role_choices(),
            default="evaluator",
            validators=[InputRequired(t("error.required"))],
        )
        surveys = MultiCheckboxField(
            t("users.surveys"), choices=_survey_choices(), description=t("users.surveys_hint")
        )
        send = BooleanField(t("users.send_mail"), default=True)

        def validate_email(self, field: Any) -> None:
            if get_store().any_user_by_email(field.data or ""):
                raise ValidationError(t("users.exists", email=(field.data or "").lower()))

    return InviteForm()


def _expires(purpose: str) -> str:
    moment = datetime.now(UTC) + LINK_LIFETIME[purpose]
    return moment.replace(microsecond=0).isoformat()


def _deliver(user: dict[str, Any], token: str, purpose: str, expires: str, send: bool) -> None:
    """E-mail the link when asked and possible, and keep it in the session to be shown
    once on the account page (to copy, or in case the mail does not arrive)."""
    store = get_store()
    link = url_for("auth.account_link", token=token, _external=True)
    mailed = False
    settings = _mail_settings() if send else None
    if send and settings is None:
        flash(t("users.mail_not_set_up"))
    elif settings is not None:
        try:
            send_account_link(
                settings, user["email"], link, purpose, g.lang, long_date(expires, g.lang)
            )
            mailed = True
            flash(t("users.mailed", email=user["email"]))
        except MailError:
            flash(t("users.mail_failed", email=user["email"]))
    session[_SHOWN_LINK] = {"user_id": user["id"], "link": link, "mailed": mailed}
    privacy.audit(
        store,
        "user_change",
        user=current_user(),
        target=f"user:{user['id']}",
        detail={"link": purpose, "mailed": mailed},
    )


def _account(user_id: int) -> dict[str, Any]:
    account = get_store().staff_account(user_id)
    if account is None:
        abort(404)
    return account


def _back(user_id: int) -> Any:
    return redirect(url_for(".account", user_id=user_id))


@bp.route("/")
@login_required("admin")
def index() -> Any:
    return render_template(
        "admin/users.html", users=get_store().staff_overview(), action=FlaskForm()
    )


@bp.route("/invite", methods=["GET", "POST"])
@login_required("admin")
def invite() -> Any:
    form = _invite_form()
    store = get_store()
    if form.validate_on_submit():
        token, expires = new_token(), _expires("invite")
        user_id = store.invite_user(
            form.email.data,
            form.name.data or "",
            form.role.data,
            token_hash=hash_token(token),
            expires_at=expires,
            survey_ids=[int(s) for s in form.surveys.data or []],
        )
        privacy.audit(
            store,
            "user_change",
            user=current_user(),
            target=f"user:{user_id}",
            detail={"invited": form.email.data.lower(), "role": form.role.data},
        )
        account = _account(user_id)
        flash(t("users.invited", email=account["email"]))
        _deliver(account, token, "invite", expires, bool(form.send.data))
        return _back(user_id)
    return render_template("admin/user_invite.html", form=form, mail_ready=_mail_settings())


@bp.route("/<int:user_id>")
@login_required("admin")
def account(user_id: int) -> Any:
    store = get_store()
    row = _account(user_id)
    pending = store.pending_link(user_id)
    shown = session.pop(_SHOWN_LINK, None)
    link = shown if isinstance(shown, dict) and shown.get("user_id") == user_id else None
    return render_template(
        "admin/user.html",
        account=row,
        surveys=store.survey_overview(),
        assigned=store.assigned_survey_ids(user_id),
        pending_until=long_date(pending["expires_at"], g.lang) if pending else None,
        link=link,
        roles=ROLES,
        action=FlaskForm(),
        is_self=user_id == current_user_id(),
        mail_ready=_mail_settings() is not None,
    )


def _last_admin(row: dict[str, Any]) -> bool:
    return row["role"] == "admin" and not row["disabled"] and get_store().count_users("admin") <= 1


@bp.post("/<int:user_id>/role")
@login_required("admin")
def set_role(user_id: int) -> Any:
    row = _account(user_id)
    role = request.form.get("role", "")
    if role not in ROLES:
        abort(400)
    if role != row["role"] and (user_id == current_user_id() or _last_admin(row)):
        flash(t("users.keep_own_role"))
        return _back(user_id)
    get_store().set_role(user_id, role)
    privacy.audit(
        get_store(),
        "user_change",
        user=current_user(),
        target=f"user:{user_id}",
        detail={"role": role},
    )
    flash(t("users.role_saved", role=t(f"role.{role}")))
    return _back(user_id)


@bp.post("/<int:user_id>/surveys")
@login_required("admin")
def set_surveys(user_id: int) -> Any:
    _account(user_id)
    known = {s["id"] for s in get_store().survey_overview()}
    chosen = {int(v) for v in request.form.getlist("surveys") if v.isdigit()} & known
    get_store().set_assignments(user_id, chosen)
    privacy.audit(
        get_store(),
        "user_change",
        user=current_user(),
        target=f"user:{user_id}",
        detail={"surveys": sorted(chosen)},
    )
    flash(t("users.surveys_saved"))
    return _back(user_id)


@bp.post("/<int:user_id>/link")
@login_required("admin")
def new_link(user_id: int) -> Any:
    """A new one-time link: an invitation again while no password is chosen, otherwise a
    link to choose a new password (the old password works until then)."""
    row = _account(user_id)
    if row["disabled"]:
        flash(t("users.disabled_no_link"))
        return _back(user_id)
    purpose = "invite" if row["pending"] else "reset"
    token, expires = new_token(), _expires(purpose)
    get_store().add_account_link(user_id, hash_token(token), purpose, expires)
    _deliver(row, token, purpose, expires, request.form.get("send") == "1")
    return _back(user_id)


@bp.post("/<int:user_id>/disable")
@login_required("admin")
def disable(user_id: int) -> Any:
    """Disabling ends the account's access at once: every request looks the account up
    and a disabled one is signed out (survey/web.py), and its unused links die."""
    return _set_disabled(user_id, True)


@bp.post("/<int:user_id>/enable")
@login_required("admin")
def enable(user_id: int) -> Any:
    return _set_disabled(user_id, False)


def _set_disabled(user_id: int, disable: bool) -> Any:
    row = _account(user_id)
    if disable and (user_id == current_user_id() or _last_admin(row)):
        flash(t("users.keep_own_access"))
        return _back(user_id)
    store = get_store()
    if disable:
        # disable_user is where signing out everywhere belongs (session generations).
        store.disable_user(row["email"])
        store.drop_account_links(user_id)
    else:
        store.enable_user(user_id)
    privacy.audit(
        store,
        "user_change",
        user=current_user(),
        target=f"user:{user_id}",
        detail={"disabled": disable},
    )
    flash(t("users.disabled" if disable else "users.enabled", email=row["email"]))
    return _back(user_id)
