"""Administration: surveys (create, duplicate, close, reopen), invitations from a CSV
with a preview before anything is created, and response monitoring."""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import datetime, time
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
    session,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField
from wtforms.fields import DateField, SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from survey import privacy
from survey.blueprints.common import refusal_text
from survey.exchange.csv_files import csv_text, style_for
from survey.fielding import invitations
from survey.fielding.monitoring import monitor
from survey.fielding.questionnaire import loads
from survey.formatting import STOCKHOLM
from survey.i18n import say, t
from survey.web import current_user, get_store, login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
_SLUG = r"^[a-z0-9][a-z0-9-]{1,62}$"
# A reissued personal link, shown once on the survey page after the redirect.
_REISSUED = "reissued_link"


def _survey(survey_id: int) -> dict[str, Any]:
    survey = get_store().survey_by_id(survey_id)
    if survey is None:
        abort(404)
    return survey


def _survey_form() -> FlaskForm:
    versions = get_store().questionnaire_summaries()

    class SurveyForm(FlaskForm):
        questionnaire = SelectField(
            t("admin.col.questionnaire"),
            choices=[
                SelectChoice(
                    str(v["version_id"]),
                    f"{v['questionnaire_id']} v{v['latest_version']} – {v['title_' + g.lang]}",
                )
                for v in versions
            ],
            validators=[InputRequired(t("error.required"))],
        )
        title = StringField(
            t("admin.col.title"), validators=[InputRequired(t("error.required")), Length(max=200)]
        )
        slug = StringField(
            t("admin.slug"),
            description=t("admin.slug_hint"),
            validators=[
                InputRequired(t("error.required")),
                Regexp(_SLUG, message=t("admin.slug_invalid")),
            ],
        )
        audience = StringField(t("admin.audience"), validators=[Optional(), Length(max=60)])
        anonymous = RadioField(
            t("admin.kind"),
            choices=[
                SelectChoice("1", t("admin.kind_public")),
                SelectChoice("0", t("admin.kind_invitations")),
            ],
            default="1",
            validators=[InputRequired(t("error.required"))],
        )
        opens = DateField(t("admin.opens"), validators=[Optional()], format="%Y-%m-%d")
        closes = DateField(t("admin.closes"), validators=[Optional()], format="%Y-%m-%d")
        attributes = StringField(
            t("admin.attributes"),
            description=t("admin.attributes_hint"),
            validators=[Optional(), Length(max=300)],
        )

        def validate_slug(self, field: Any) -> None:
            if get_store().survey_by_slug(field.data):
                raise ValidationError(t("admin.slug_taken"))

        def validate_closes(self, field: Any) -> None:
            if field.data and self.opens.data and field.data <= self.opens.data:
                raise ValidationError(t("admin.closes_before_opens"))

    return SurveyForm()


def _stamp(day: Any, end: bool = False) -> str | None:
    """A date in Stockholm time: opening at the start of the day, closing at its end."""
    if not day:
        return None
    moment = datetime.combine(day, time(23, 59, 59) if end else time(0, 0), tzinfo=STOCKHOLM)
    return moment.isoformat()


@bp.route("/")
@login_required("admin")
def index() -> Any:
    store = get_store()
    return render_template(
        "admin/index.html",
        surveys=store.survey_overview(),
        questionnaires=store.questionnaire_summaries(),
    )


@bp.route("/surveys/new", methods=["GET", "POST"])
@login_required("admin")
def new_survey() -> Any:
    form = _survey_form()
    if form.validate_on_submit():
        attributes = [
            a.strip().lower() for a in re.split(r"[,;]", form.attributes.data or "") if a.strip()
        ]
        survey = get_store().create_survey(
            slug=form.slug.data,
            version_id=int(form.questionnaire.data),
            title=form.title.data.strip(),
            audience=form.audience.data or None,
            anonymous=form.anonymous.data == "1",
            opens_at=_stamp(form.opens.data),
            closes_at=_stamp(form.closes.data, end=True),
            attributes=attributes,
        )
        flash(t("admin.created"))
        return redirect(url_for(".survey", survey_id=survey["id"]))
    return render_template("admin/new_survey.html", form=form)


@bp.route("/surveys/<int:survey_id>")
@login_required("admin")
def survey(survey_id: int) -> Any:
    store = get_store()
    row = _survey(survey_id)
    questionnaire = store.load_version(row["version_id"])
    reissued = session.pop(_REISSUED, None)
    return render_template(
        "admin/survey.html",
        survey=row,
        questionnaire=questionnaire,
        stats=monitor(store, row, questionnaire, g.lang),
        attributes=json.loads(row["attributes"] or "[]"),
        action=FlaskForm(),
        upload=UploadForm(),
        assigned=store.assignments(survey_id),
        staff=[u for u in store.users() if u["role"] != "admin" and not u["disabled"]],
        reissued=reissued
        if isinstance(reissued, dict) and reissued.get("survey_id") == survey_id
        else None,
    )


@bp.route("/surveys/<int:survey_id>/assign", methods=["POST"])
@login_required("admin")
def assign(survey_id: int) -> Any:
    """Give an evaluator or viewer access to the survey, or take it away."""
    _survey(survey_id)
    store = get_store()
    try:
        user_id = int(request.form.get("user_id", ""))
    except ValueError:
        abort(400)
    if store.user(user_id) is None:
        abort(400)
    if request.form.get("remove"):
        store.unassign(user_id, survey_id)
    else:
        store.assign(user_id, survey_id)
    privacy.audit(
        store,
        "user_change",
        user=current_user(),
        target=f"user:{user_id}",
        detail={
            "survey": survey_id,
            "access": "removed" if request.form.get("remove") else "given",
        },
    )
    return redirect(url_for(".survey", survey_id=survey_id))


@bp.route("/surveys/<int:survey_id>/<any(close, reopen):change>", methods=["GET", "POST"])
@login_required("admin")
def set_status(survey_id: int, change: str) -> Any:
    """Closing asks first: respondents halfway through can no longer send their answers."""
    row = _survey(survey_id)
    if change == "close" and (request.method == "GET" or request.form.get("confirm") != "yes"):
        store = get_store()
        return render_template(
            "admin/close_survey.html",
            survey=row,
            partial=store.count_responses(survey_id, "partial"),
            action=FlaskForm(),
        )
    if request.method == "GET":
        return redirect(url_for(".survey", survey_id=survey_id))
    get_store().set_survey_status(survey_id, "closed" if change == "close" else "open")
    privacy.audit(
        get_store(),
        "survey_change",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"status": "closed" if change == "close" else "open"},
    )
    flash(t("admin.closed" if change == "close" else "admin.reopened"))
    return redirect(url_for(".survey", survey_id=survey_id))


@bp.route("/surveys/<int:survey_id>/reissue", methods=["POST"])
@login_required("admin")
def reissue(survey_id: int) -> Any:
    """A new personal link for someone who lost theirs; the old link stops working and
    what they already answered stays with the new one."""
    row = _survey(survey_id)
    if row["anonymous"]:
        abort(400)
    store = get_store()
    email = (request.form.get("email") or "").strip()[:254]
    found = next(iter(store.invitations_by_email(survey_id, email)), None) if email else None
    if found is None or found["revoked_at"]:
        flash(t("admin.reissue_not_found", email=email))
        return redirect(url_for(".survey", survey_id=survey_id, _anchor="reissue"))
    link = invitations.reissue(
        store, found["id"], request.host_url, current_app.config["SECRET_KEY"]
    )
    privacy.audit(
        store,
        "invitation_reissued",
        user=current_user(),
        target=f"invitation:{found['id']}",
        detail={"survey": survey_id},
    )
    session[_REISSUED] = {"survey_id": survey_id, "email": found["email"], "link": link}
    return redirect(url_for(".survey", survey_id=survey_id, _anchor="reissue"))


@bp.route("/surveys/<int:survey_id>/duplicate", methods=["POST"])
@login_required("admin")
def duplicate(survey_id: int) -> Any:
    store = get_store()
    row = _survey(survey_id)
    base = f"{row['slug'][:50]}-kopia"
    slug, n = base, 1
    while store.survey_by_slug(slug):
        n += 1
        slug = f"{base}-{n}"
    copy = store.create_survey(
        slug=slug,
        version_id=row["version_id"],
        title=f"{row['title']} ({t('admin.copy')})",
        audience=row["audience"],
        anonymous=bool(row["anonymous"]),
        opens_at=row["opens_at"],
        closes_at=row["closes_at"],
        attributes=json.loads(row["attributes"] or "[]"),
    )
    return redirect(url_for(".survey", survey_id=copy["id"]))


class UploadForm(FlaskForm):
    people = FileField()


@bp.route("/surveys/<int:survey_id>/invitations", methods=["POST"])
@login_required("admin")
def upload_invitations(survey_id: int) -> Any:
    """Preview first: the file is checked whole, and nothing exists until confirmed."""
    store = get_store()
    row = _survey(survey_id)
    if row["anonymous"]:
        abort(400)
    confirmed = request.form.get("content")
    if confirmed is not None:
        raw = base64.b64decode(confirmed.encode("ascii"), validate=False)
    else:
        upload = request.files.get("people")
        raw = upload.read() if upload else b""
    if not raw.strip():
        # No file chosen (or an empty one): ask for a file, not about its columns.
        flash(t("admin.choose_file"))
        return redirect(url_for(".survey", survey_id=survey_id, _anchor="invitations"))
    try:
        preview = invitations.read(raw, store.invitation_emails(survey_id))
    except ValueError as exc:
        preview = invitations.Preview(columns=[], problems=[refusal_text(exc)])
    if confirmed is None or preview.problems:
        return render_template(
            "admin/invitations_preview.html",
            survey=row,
            preview=preview,
            problems=[say(p, g.lang) for p in preview.problems],
            content=base64.b64encode(raw).decode("ascii"),
            action=FlaskForm(),
        )
    links = invitations.create(
        store, survey_id, preview.people, request.host_url, current_app.config["SECRET_KEY"]
    )
    # For people, in the user's language: semicolons for Swedish or when the uploaded file
    # had them, and the link column headed "länk".
    style = style_for(g.lang, preview.delimiter)
    data = csv_text(*invitations.links_table(preview.columns, links, style), style.delimiter)
    name = f"{row['slug']}-{t('admin.links_file')}.csv"
    return Response(
        data,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/surveys/<int:survey_id>/links.csv")
@login_required("admin")
def links(survey_id: int) -> Any:
    """Every live personal link again, for a mail merge when e-mail is not set up or did
    not arrive: links are derived from each invitation's nonce and the secret key."""
    store = get_store()
    row = _survey(survey_id)
    if row["anonymous"]:
        abort(400)
    people = invitations.people_of(store.live_invitations(survey_id))
    issued = invitations.links_again(people, request.host_url, current_app.config["SECRET_KEY"])
    privacy.audit(
        store,
        "export",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"what": "invitation links", "count": len(issued)},
    )
    style = style_for(g.lang)
    data = csv_text(
        *invitations.links_table(invitations.columns_of(people), issued, style), style.delimiter
    )
    name = f"{row['slug']}-{t('admin.links_file')}.csv"
    return Response(
        data, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/surveys/<int:survey_id>/export.<any(csv, xlsx, json):fmt>")
@login_required("admin")
def export(survey_id: int, fmt: str) -> Any:
    """Download all responses, one row per response. CSV and XLSX are for people in the
    user's language (Swedish: semicolons, so Excel opens it by double-click), unless
    `?style=tools` asks for the comma format with ids as headings; JSON is for tools."""
    from survey.exchange import exports

    row = _survey(survey_id)
    original = request.args.get("original") == "1"
    store = get_store()
    cleaner = None if original else privacy.pseudonymiser(store, survey_id).apply
    table = exports.responses(store, row, g.lang, pseudonymise=cleaner)
    privacy.audit(
        store,
        "export",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"what": "responses", "format": fmt, "original_text": original},
    )
    name = f"{row['slug']}-{t('admin.export_file_responses')}.{fmt}"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        exports.table_xlsx(buffer, table, g.lang)
        data: bytes | str = buffer.getvalue()
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        style = style_for(g.lang, tools=request.args.get("style") == "tools")
        data, mimetype = exports.table_csv(table, style), "text/csv"
    else:
        text = io.StringIO()
        exports.write_json(text, table.ids, table.rows)
        data, mimetype = text.getvalue(), "application/json"
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/surveys/<int:survey_id>/mail/<any(invite, remind):kind>", methods=["POST"])
@login_required("admin")
def mail(survey_id: int, kind: str) -> Any:
    """E-mail pending invitations, or a reminder to those who have not completed."""
    from survey.fielding.mailer import (
        MailError,
        MailNotConfigured,
        SmtpSettings,
        next_reminder,
        send,
    )

    row = _survey(survey_id)
    if row["anonymous"]:
        abort(400)
    store = get_store()
    try:
        settings = SmtpSettings.load(current_app.config)
    except MailNotConfigured:
        flash(t("admin.mail_not_set_up"))
        return redirect(url_for(".survey", survey_id=survey_id, _anchor="invitations"))
    except MailError:
        flash(t("admin.mail_settings_wrong"))
        return redirect(url_for(".survey", survey_id=survey_id, _anchor="invitations"))
    message = (
        "invite"
        if kind == "invite"
        else next_reminder(store, survey_id, again=request.form.get("again") == "1")
    )
    run = send(
        store,
        row,
        settings,
        secret=current_app.config["SECRET_KEY"],
        base_url=request.host_url,
        kind=message,
        lang=g.lang,
    )
    flash(t("admin.mail_sent", n=len(run.sent)))
    if run.error or run.failed:
        # The server's own words go to the log for whoever runs it; the page says it plainly.
        current_app.logger.warning("mail run %s: %s %s", message, run.error, run.failed[:5])
        flash(t("admin.mail_failed_plain", n=len(run.failed)))
    return redirect(url_for(".survey", survey_id=survey_id))


@bp.route("/import", methods=["GET", "POST"])
@login_required("admin")
def import_answers() -> Any:
    """Answers collected elsewhere: upload, match each column, check, import."""
    from survey.exchange import importing

    store = get_store()
    surveys = store.survey_overview()
    form = FlaskForm()

    def upload_page(problems: list[str]) -> str:
        return render_template(
            "admin/import.html",
            step="upload",
            surveys=surveys,
            form=form,
            problems=[say(p, g.lang) for p in problems],
        )

    if request.method == "GET" or not form.validate_on_submit():
        return upload_page([])
    content = request.form.get("content")
    if content is not None:
        raw = base64.b64decode(content.encode("ascii"), validate=False)
        filename = request.form.get("filename", "svar.csv")
    else:
        upload = request.files.get("file")
        raw = upload.read() if upload else b""
        filename = (upload.filename if upload else None) or "svar.csv"
    target = request.form.get("survey", "")
    new_slug = (request.form.get("new_slug") or "").strip()
    new_title = (request.form.get("new_title") or "").strip()
    try:
        table = importing.read_table(raw, filename)
    except importing.AnswerImportError as exc:
        return upload_page([refusal_text(exc)])
    survey_row: dict[str, Any] = {}
    questions: list[Any] = []
    # Columns that say who answered (e-mail, IP, times…): shown as not stored, never offered.
    identifying = importing.identifying_columns(table)
    if target == "new":
        problems = []
        taken = store.survey_by_slug(new_slug) or store.latest_version(new_slug)
        if not re.match(_SLUG, new_slug) or taken:
            problems.append(t("admin.import_bad_slug"))
        if not new_title:
            problems.append(t("admin.import_no_title"))
        if problems:
            return upload_page(problems)
        suggested = importing.adhoc_mapping(table, ())
    else:
        try:
            survey_row = _survey(int(target))
        except ValueError:
            abort(400)
        questionnaire = store.load_version(survey_row["version_id"])
        questions = list(questionnaire.questions())
        suggested = importing.plan(table, questionnaire).columns

    def map_page(selected: dict[str, str], found: list[str]) -> str:
        return render_template(
            "admin/import.html",
            step="map",
            form=form,
            table=table,
            suggested=selected,
            questions=questions,
            target=target,
            new_slug=new_slug,
            new_title=new_title,
            filename=filename,
            content=base64.b64encode(raw).decode("ascii"),
            identifying=identifying,
            problems=[say(p, g.lang) for p in found[:50]],
        )

    if content is None:
        return map_page(suggested, [])
    picked = {
        column: request.form.get(f"col_{i}", "")
        for i, column in enumerate(table.header)
        if column not in identifying
    }
    attributes = [c for c, choice in picked.items() if choice == "attribute"]
    if target == "new":
        # The new questionnaire holds exactly the columns chosen as questions.
        as_questions = importing.Table(
            [c for c, ch in picked.items() if ch not in ("", "attribute")], []
        )
        if not as_questions.header:
            return map_page(suggested, [t("admin.import_nothing")])
        source = importing.adhoc_definition(new_slug, new_title, as_questions, ())
        questionnaire = loads(source, filename)
        mapping = importing.adhoc_mapping(as_questions, ())
    else:
        mapping = {c: ch for c, ch in picked.items() if ch not in ("", "attribute")}
    chosen = importing.plan(table, questionnaire, mapping=mapping, attributes=attributes)
    chosen.columns = {c: q for c, q in chosen.columns.items() if c in mapping}
    problems = chosen.problems + importing.check_rows(table, questionnaire, chosen)
    if problems:
        return map_page(mapping, problems)
    if target == "new":
        version, _ = store.import_questionnaire(questionnaire, source)
        survey_row = store.create_survey(
            slug=new_slug, version_id=version["id"], title=new_title, audience="imported"
        )
    count = importing.import_rows(store, survey_row, questionnaire, table, chosen)
    flash(t("admin.imported", n=count.total))
    if count.partial:
        flash(t("admin.imported_partial", n=count.partial))
    return redirect(url_for(".survey", survey_id=survey_row["id"]))
