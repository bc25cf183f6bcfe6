"""Data protection for administrators: a survey's delete-after date and the names to
pseudonymise, one respondent's data exported (access request) or erased, and the audit
log to read and export."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from survey import privacy
from survey.exchange import exports
from survey.exchange.csv_files import style_for
from survey.i18n import t
from survey.web import current_user, get_store, login_required
from survey.workbench import training

bp = Blueprint("privacy", __name__, url_prefix="/admin")

AUDIT_COLUMNS = ["id", "at", "actor", "action", "target", "detail"]
# The headings people read, by column (translation keys).
AUDIT_HEADINGS = [
    "audit.id",
    "audit.when",
    "audit.who",
    "audit.action",
    "audit.target",
    "audit.detail",
]
PAGE = 200


def _survey(survey_id: int) -> dict[str, Any]:
    survey = get_store().survey_by_id(survey_id)
    if survey is None:
        abort(404)
    return survey


def _back(survey_id: int) -> Any:
    return redirect(url_for("admin.survey", survey_id=survey_id) + "#privacy")


@bp.post("/surveys/<int:survey_id>/retention")
@login_required("admin")
def retention(survey_id: int) -> Any:
    _survey(survey_id)
    raw = (request.form.get("delete_after") or "").strip()
    store = get_store()
    try:
        value = privacy.parse_date(raw) if raw else None
    except privacy.PrivacyError:
        flash(t("privacy.bad_date"))
        return _back(survey_id)
    with store.transaction():
        store.set_retention(survey_id, value)
    privacy.audit(
        store,
        "retention",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"delete_after": value},
    )
    flash(t("privacy.retention_saved") if value else t("privacy.retention_cleared"))
    return _back(survey_id)


@bp.post("/surveys/<int:survey_id>/names")
@login_required("admin")
def names(survey_id: int) -> Any:
    _survey(survey_id)
    lines = (request.form.get("names") or "").replace(",", "\n").splitlines()
    chosen = list(dict.fromkeys(" ".join(n.split()) for n in lines if n.strip()))[:2000]
    store = get_store()
    with store.transaction():
        store.set_pseudonym_names(survey_id, [n[:120] for n in chosen])
    privacy.audit(
        store,
        "names",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"count": len(chosen)},
    )
    flash(t("privacy.names_saved", n=len(chosen)))
    return _back(survey_id)


@bp.post("/surveys/<int:survey_id>/respondent")
@login_required("admin")
def respondent(survey_id: int) -> Any:
    """An access request (JSON download) or an erasure, for one respondent."""
    survey = _survey(survey_id)
    kind = request.form.get("kind")
    value = (request.form.get("value") or "").strip()
    if kind not in ("email", "token", "resume_code") or not value:
        flash(t("privacy.choose_respondent"))
        return _back(survey_id)
    store = get_store()
    try:
        if request.form.get("erase"):
            if request.form.get("confirm") != "yes":
                flash(t("privacy.confirm_erase"))
                return _back(survey_id)
            deleted = privacy.erase(store, survey, user=current_user(), **{kind: value})
            training.retire_models(survey, Path(current_app.instance_path))
            flash(
                t(
                    "privacy.erased",
                    responses=deleted["responses"],
                    invitations=deleted["invitations"],
                )
            )
            return _back(survey_id)
        data = privacy.access(store, survey, user=current_user(), **{kind: value})
    except privacy.PrivacyError:
        flash(t("privacy.not_found"))
        return _back(survey_id)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="respondent-{survey["slug"]}.json"'},
    )


def event_label(action: str) -> str:
    """An audit event as the reader's language names it ("login" → "Inloggning"); an
    event with no name in the catalogue (an older one, say) shows as stored."""
    key = f"audit.event.{action}"
    text = t(key)
    return action if text == key else text


@bp.route("/audit")
@login_required("admin")
def audit() -> Any:
    store = get_store()
    action = request.args.get("action") or None
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    rows = store.audit_entries(action, limit=PAGE + 1, offset=(page - 1) * PAGE)
    return render_template(
        "admin/audit.html",
        rows=rows[:PAGE],
        more=len(rows) > PAGE,
        page=page,
        action=action,
        actions=store.audit_actions(),
        event_label=event_label,
    )


@bp.route("/audit.csv")
@login_required("admin")
def audit_csv() -> Any:
    store = get_store()
    rows = store.audit_entries(request.args.get("action") or None, limit=10**9)
    # As Excel opens it in the user's language (semicolons and Swedish headings for
    # Swedish); `?style=tools` keeps commas and the column ids for scripts.
    style = style_for(g.lang, tools=request.args.get("style") == "tools")
    header = [t(key) for key in AUDIT_HEADINGS] if style.for_people else AUDIT_COLUMNS
    text = io.StringIO()
    shown = (
        [event_label(r[c]) if c == "action" and style.for_people else r[c] for c in AUDIT_COLUMNS]
        for r in rows
    )
    exports.write_csv(text, header, shown, delimiter=style.delimiter)
    privacy.audit(
        store, "export", user=current_user(), target="audit_log", detail={"rows": len(rows)}
    )
    return Response(
        "\ufeff" + text.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
