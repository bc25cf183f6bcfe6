"""What respondents see: a survey through its public link or a personal invitation link,
page by page, a review of all answers, and the thank-you page.

Each page is saved in one transaction when the respondent goes on (or back), so
nothing typed is lost. Nothing is stored before the first page is valid, and that page
holds the consent question where there is one. Every submit carries an idempotency key:
a repeated submit (double click, browser retry, resubmitted page) is answered with where
the first one led, and stores nothing twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.csrf import validate_csrf
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import ValidationError

from survey.extensions import csrf
from survey.fielding.forms import (
    SHOWN_FIELD,
    AnswerForm,
    check_page,
    display_answer,
    form_value,
    page_form_class,
    stored_value,
    visible_questions,
)
from survey.fielding.questionnaire import Page, Question, Questionnaire
from survey.i18n import format_date, t
from survey.tokens import RESUME_CODE_LENGTH, hash_code, hash_token, new_token, normalise_code
from survey.web import get_store

bp = Blueprint("respond", __name__)

SESSION_RESPONSES = "responses"
SESSION_CODES = "resume_codes"
SESSION_DRAFTS = "drafts"
MAX_DRAFTS = 3
# Browsers drop a cookie over 4096 bytes (and with it the whole session): a draft that
# would pass this is not kept in the session, and its page is answered directly.
SESSION_BUDGET = 3800
_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,86}$")
# Resume codes avoid letters and digits that are easy to confuse (0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = RESUME_CODE_LENGTH


class Unavailable(Exception):
    """The survey cannot be answered through this link now; says why, in which status."""

    def __init__(self, reason: str, status: int, **values: Any):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.values = values


@dataclass
class Visit:
    """One respondent's way into one survey: which link, which response so far."""

    survey: dict[str, Any]
    questionnaire: Questionnaire
    version_hash: str
    invitation: dict[str, Any] | None
    response: dict[str, Any] | None
    slug: str | None = None
    token: str | None = None

    @property
    def total(self) -> int:
        return len(self.questionnaire.pages)

    @property
    def is_public(self) -> bool:
        return self.token is None

    def url(self, what: str, **values: Any) -> str:
        if self.token is not None:
            return url_for(f"respond.invite_{what}", token=self.token, **values)
        return url_for(f"respond.public_{what}", slug=self.slug, **values)


@bp.errorhandler(Unavailable)
def _unavailable(exc: Unavailable) -> tuple[str, int]:
    title = t(f"respond.{exc.reason}.title")
    body = t(f"respond.{exc.reason}.body", **exc.values)
    return render_template("respond/unavailable.html", title=title, body=body), exc.status


# --- finding the visit ------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _load(survey: dict[str, Any]) -> tuple[Questionnaire, str]:
    version = get_store().version(survey["version_id"])
    assert version is not None
    return get_store().parse_version(version), version["content_hash"]


def _survey_by_slug(slug: str) -> dict[str, Any] | None:
    """The survey, looked up once per request however many steps ask."""
    cache: dict[str, Any] = g.setdefault("surveys_by_slug", {})
    if slug not in cache:
        cache[slug] = get_store().survey_by_slug(slug)
    return cache[slug]


def _public_visit(slug: str) -> Visit:
    store = get_store()
    survey = _survey_by_slug(slug)
    if survey is None:
        abort(404)
    if not survey["anonymous"]:
        raise Unavailable("personal_link", 403)
    response = None
    response_id = session.get(SESSION_RESPONSES, {}).get(str(survey["id"]))
    if isinstance(response_id, int):
        response = store.response(response_id)
        if response is None or response["survey_id"] != survey["id"] or response["invitation_id"]:
            response = None
    questionnaire, digest = _load(survey)
    return Visit(survey, questionnaire, digest, None, response, slug=slug)


def _invitation_visit(token: str) -> Visit:
    store = get_store()
    invitation = store.invitation_by_token_hash(hash_token(token))
    if invitation is None:
        raise Unavailable("unknown_token", 404)
    survey = store.survey(invitation["survey_id"])
    assert survey is not None
    if invitation["revoked_at"]:
        raise Unavailable("revoked", 410)
    if invitation["expires_at"] and _now() >= invitation["expires_at"]:
        raise Unavailable("expired", 410, date=format_date(invitation["expires_at"], g.lang))
    response = store.open_response_for_invitation(invitation["id"])
    if response is None and invitation["uses"] >= invitation["max_uses"]:
        raise Unavailable("used_up", 410)
    questionnaire, digest = _load(survey)
    return Visit(survey, questionnaire, digest, invitation, response, token=token)


def _visit(slug: str | None, token: str | None) -> Visit:
    return _invitation_visit(token) if token is not None else _public_visit(slug or "")


def _closed_reason(survey: dict[str, Any]) -> str | None:
    """None while the survey can be answered, otherwise 'not_yet' or 'closed'."""
    stamp = _now()
    if survey["opens_at"] and stamp < survey["opens_at"]:
        return "not_yet"
    if survey["status"] != "open" or (survey["closes_at"] and stamp >= survey["closes_at"]):
        return "closed"
    return None


def _refuse_if_closed(visit: Visit) -> None:
    reason = _closed_reason(visit.survey)
    if reason == "not_yet":
        raise Unavailable("not_yet", 403, date=format_date(visit.survey["opens_at"], g.lang))
    if reason == "closed":
        raise Unavailable("closed_saved" if visit.response else "closed", 410)


# --- responses and keys -----------------------------------------------------------


def _remember(visit: Visit, response_id: int, code: str | None = None) -> None:
    """Public links keep the response (and its resume code) in the signed session."""
    if visit.is_public:
        _remember_public(visit.survey["id"], response_id, code)


def _remember_public(survey_id: int, response_id: int, code: str | None) -> None:
    key = str(survey_id)
    session[SESSION_RESPONSES] = {**session.get(SESSION_RESPONSES, {}), key: response_id}
    if code:
        session[SESSION_CODES] = {**session.get(SESSION_CODES, {}), key: code}


def _forget(visit: Visit) -> None:
    key = str(visit.survey["id"])
    for name in (SESSION_RESPONSES, SESSION_CODES):
        if key in session.get(name, {}):
            session[name] = {k: v for k, v in session[name].items() if k != key}


def resume_code_for(submit_key: str) -> str:
    """A short code derived from the first submit's key, so a retried first submit shows
    the same code; only its hash is stored."""
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    digest = hmac.new(secret, b"resume:" + submit_key.encode("ascii"), hashlib.sha256).digest()
    number = int.from_bytes(digest[:10], "big")
    chars = []
    for _ in range(_CODE_LENGTH):
        number, index = divmod(number, len(_CODE_ALPHABET))
        chars.append(_CODE_ALPHABET[index])
    return "".join(chars[:5]) + "-" + "".join(chars[5:])


def _submit_key(form: FlaskForm | None = None) -> str | None:
    key = (form.submit_key.data if form is not None else request.form.get("submit_key")) or ""
    return key if _KEY_RE.match(key) else None


def _csrf_is_stale() -> bool:
    """Answer pages check CSRF themselves: a stale token (an old tab, a lost cookie) must
    not throw away a page of typed answers, so the page comes back filled in, to send
    again with a fresh token."""
    if request.method != "POST":
        return False
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return True
    return False


def _invitation_id(visit: Visit) -> int | None:
    return visit.invitation["id"] if visit.invitation else None


def _fresh_key() -> str:
    return new_token()


def _repeat(survey_id: int, invitation_id: int | None, key: str | None) -> str | None:
    """Where an already-handled submit with this key led, if it was made through this
    link; a public link's session is pointed back at that response (and its code)."""
    if key is None:
        return None
    done = get_store().submission(key)
    if done is None or done["survey_id"] != survey_id or done["invitation_id"] != invitation_id:
        return None
    if invitation_id is None:
        code = resume_code_for(key)
        known = done["resume_hash"] == hash_code(survey_id, code)
        _remember_public(survey_id, done["response_id"], code if known else None)
    return done["target"]


def _replayed(slug: str | None, token: str | None) -> Any:
    """A repeated POST is answered before anything else, even when the link has since been
    used up: the respondent gets the page the first submit led to, never an error."""
    if request.method != "POST":
        return None
    key = request.form.get("submit_key", "")
    if not _KEY_RE.match(key):
        return None
    store = get_store()
    if token is not None:
        invitation = store.invitation_by_token_hash(hash_token(token))
        if invitation is None:
            return None
        target = _repeat(invitation["survey_id"], invitation["id"], key)
    else:
        survey = _survey_by_slug(slug or "")
        if survey is None:
            return None
        target = _repeat(survey["id"], None, key)
    return redirect(target) if target else None


def _start_response(visit: Visit, key: str | None) -> int:
    store = get_store()
    consent = visit.questionnaire.consent
    code = resume_code_for(key or _fresh_key()) if visit.is_public else None
    attributes: dict[str, Any] = {}
    if visit.invitation is not None:
        attributes = json.loads(visit.invitation["attributes"] or "{}")
    response_id = store.create_response(
        visit.survey["id"],
        g.lang,
        invitation_id=visit.invitation["id"] if visit.invitation else None,
        attributes=attributes,
        consent_version=consent.version if consent else None,
        resume_hash=hash_code(visit.survey["id"], code) if code else None,
    )
    _remember(visit, response_id, code)
    return response_id


def _stored(visit: Visit) -> dict[str, Any]:
    if visit.response is None:
        return {}
    answers = get_store().answers(visit.response["id"])
    questionnaire = visit.questionnaire
    return {qid: form_value(questionnaire.question(qid), value) for qid, value in answers.items()}


def _display(question: Question, value: Any, lang: str) -> str | list[str]:
    """An answer as the respondent chose it, for the review page."""
    return display_answer(question, stored_value(question, value), lang)


def _missing_required(visit: Visit, answers: dict[str, Any]) -> list[tuple[int, Question]]:
    questions = list(visit.questionnaire.questions())
    shown = visible_questions(questions, answers)
    missing = []
    for number, page in enumerate(visit.questionnaire.pages, start=1):
        for q in page.questions:
            if q.required and q.id in shown and answers.get(q.id) in (None, "", []):
                missing.append((number, q))
    return missing


# --- views ------------------------------------------------------------------------


def start(slug: str | None = None, token: str | None = None) -> Any:
    """The link itself: continue where the respondent left off."""
    visit = _visit(slug, token)
    _refuse_if_closed(visit)
    response = visit.response
    if response is None:
        return redirect(visit.url("page", number=1))
    if response["status"] == "complete":
        return redirect(visit.url("done"))
    if response["last_page"] >= visit.total:
        return redirect(visit.url("review"))
    return redirect(visit.url("page", number=response["last_page"] + 1))


def _draft_key(visit: Visit, number: int) -> str:
    return f"{visit.survey['id']}/{number}"


def _session_bytes() -> int:
    """The size the session cookie would have now (signed and compressed as sent)."""
    serializer = current_app.session_interface.get_signing_serializer(  # type: ignore[attr-defined]
        current_app
    )
    return len(serializer.dumps(dict(session)))


def _keep_draft(visit: Visit, page: Page, number: int, *, check: bool, stale: bool = False) -> bool:
    """Keep what was typed on the page in the session, so the page can be shown again by
    a GET (redirect-after-post: Back never asks to resend a form). False when it would
    make the session cookie too big for browsers; the page is then answered directly."""
    typed = {q.id: request.form.getlist(q.id) for q in page.questions}
    drafts = {
        k: v for k, v in session.get(SESSION_DRAFTS, {}).items() if k != _draft_key(visit, number)
    }
    # Only the latest few pages' drafts: older ones are long saved or abandoned.
    kept = dict(list(drafts.items())[-(MAX_DRAFTS - 1) :])
    kept[_draft_key(visit, number)] = {"typed": typed, "check": check, "stale": stale}
    session[SESSION_DRAFTS] = kept
    if _session_bytes() <= SESSION_BUDGET:
        return True
    session[SESSION_DRAFTS] = drafts
    return False


def _drop_draft(visit: Visit, number: int) -> None:
    key = _draft_key(visit, number)
    if key in session.get(SESSION_DRAFTS, {}):
        session[SESSION_DRAFTS] = {k: v for k, v in session[SESSION_DRAFTS].items() if k != key}


def _draft(visit: Visit, number: int) -> dict[str, Any] | None:
    draft = session.get(SESSION_DRAFTS, {}).get(_draft_key(visit, number))
    return draft if isinstance(draft, dict) and isinstance(draft.get("typed"), dict) else None


def _switch_language() -> str | None:
    """The language asked for by the page's language button ("language:en"), if any."""
    action = request.form.get("action", "")
    if not action.startswith("language:"):
        return None
    lang = action.split(":", 1)[1]
    return lang if lang in current_app.config["LANGUAGES"] else None


def page(number: int, slug: str | None = None, token: str | None = None) -> Any:
    replayed = _replayed(slug, token)
    if replayed:
        return replayed
    visit = _visit(slug, token)
    if not 1 <= number <= visit.total:
        abort(404)
    if visit.response is not None and visit.response["status"] == "complete":
        if number == 1 and visit.is_public:
            _forget(visit)  # a shared device: the next person starts afresh
            visit.response = None
        else:
            return redirect(visit.url("done"))
    closed = _closed_reason(visit.survey)
    if closed and (request.method == "GET" or visit.response is None or closed == "not_yet"):
        _refuse_if_closed(visit)
    if visit.response is None and number > 1:
        return redirect(visit.url("page", number=1))

    store = get_store()
    questionnaire = visit.questionnaire
    current = questionnaire.pages[number - 1]
    all_questions = list(questionnaire.questions())
    stored = _stored(visit)
    from_review = request.args.get("review") == "1"
    extra: dict[str, Any] = {"review": 1} if from_review else {}
    again_here = visit.url("page", number=number, **extra)

    stale = False
    if request.method == "POST":
        language = _switch_language()
        if language is not None:
            # What was typed comes back in the other language, checked only when sent.
            session["lang"] = language
            _keep_draft(visit, current, number, check=False)
            return redirect(again_here, code=303)
        form_class = page_form_class(current, g.lang, visit.version_hash)
        form = form_class()
        key = _submit_key(form)
        merged = {**stored, **{q.id: form[q.id].data for q in current.questions}}
        visible = visible_questions(all_questions, merged)
        going_back = request.form.get("action") == "back" and number > 1
        stale = _csrf_is_stale()
        if stale:
            if _keep_draft(visit, current, number, check=False, stale=True):
                return redirect(again_here, code=303)
            form.submit_key.data = _fresh_key()
        elif check_page(form, current, visible, lenient=going_back):
            displayed = request.form.get(SHOWN_FIELD)
            seen = (
                set(displayed.split())
                if displayed is not None
                else visible_questions(all_questions, stored)
            )
            revealed = [
                q.id
                for q in current.questions
                if q.id in visible and q.id not in seen and not form[q.id].data
            ]
            if going_back:
                target = visit.url("page", number=number - 1)
            elif revealed:
                # The page did not show this follow-up (no script): show it, and say why
                # the respondent is still on the same page.
                target = visit.url(
                    "page", number=number, follow_up=revealed[0], _anchor="follow-up", **extra
                )
            elif from_review or number == visit.total:
                target = visit.url("review")
            else:
                target = visit.url("page", number=number + 1)
            ids = store.question_ids(visit.survey["version_id"])
            values = {
                ids[q.id]: stored_value(q, form[q.id].data) if q.id in visible else None
                for q in current.questions
            }
            with store.transaction():
                # Checked again under the write lock: an identical request may have won.
                again = _repeat(visit.survey["id"], _invitation_id(visit), key)
                if again:
                    return redirect(again)
                response_id = (
                    visit.response["id"] if visit.response else _start_response(visit, key)
                )
                store.save_answers(response_id, values, page=number)
                if key:
                    store.record_submission(key, response_id, target)
            _drop_draft(visit, number)
            if closed:
                raise Unavailable("closed_saved", 410)
            return redirect(target)
        elif _keep_draft(visit, current, number, check=True):
            return redirect(again_here + "#error-summary", code=303)
    else:
        form_class = page_form_class(current, g.lang, visit.version_hash)
        draft = _draft(visit, number)
        if draft is not None:
            typed = MultiDict([(qid, v) for qid, values in draft["typed"].items() for v in values])
            form = form_class(formdata=typed)
            visible = visible_questions(
                all_questions, {**stored, **{q.id: form[q.id].data for q in current.questions}}
            )
            if draft.get("check"):
                check_page(form, current, visible)
            stale = bool(draft.get("stale"))
        else:
            visible = visible_questions(all_questions, stored)
            form = form_class(data={qid: value for qid, value in stored.items() if qid in visible})
        form.submit_key.data = _fresh_key()

    code = session.get(SESSION_CODES, {}).get(str(visit.survey["id"])) if visit.is_public else None
    follow_up = request.args.get("follow_up") if request.method == "GET" else None
    return render_template(
        "respond/page.html",
        visit=visit,
        questionnaire=questionnaire,
        page=current,
        number=number,
        form=form,
        visible=visible,
        shown_field=SHOWN_FIELD,
        follow_up=follow_up if follow_up in visible else None,
        resume_code=code if visit.response or request.method == "POST" else None,
        closes=format_date(visit.survey["closes_at"], g.lang),
        stale=stale,
        other_languages=[lang for lang in questionnaire.languages if lang != g.lang],
    )


class ReviewForm(AnswerForm):
    """The final submit: nothing but the key (and CSRF)."""


def review(slug: str | None = None, token: str | None = None) -> Any:
    replayed = _replayed(slug, token)
    if replayed:
        return replayed
    visit = _visit(slug, token)
    if visit.response is None:
        return redirect(visit.url("page", number=1))
    if visit.response["status"] == "complete":
        return redirect(visit.url("done"))
    _refuse_if_closed(visit)
    answers = _stored(visit)
    missing = _missing_required(visit, answers)
    stale = _csrf_is_stale()
    if request.method == "POST" and (stale or missing):
        # Redirect-after-post here too: the list of what is missing (or the note about a
        # stale page) is shown by a GET, so Back never asks to resend the form.
        return redirect(visit.url("review", **({"stale": 1} if stale else {"check": 1})), code=303)
    if request.method == "POST":
        key = _submit_key()
        store = get_store()
        done = visit.url("done")
        with store.transaction():
            again = _repeat(visit.survey["id"], _invitation_id(visit), key)
            if again:
                return redirect(again)
            store.complete_response(visit.response["id"])
            if key:
                store.record_submission(key, visit.response["id"], done)
        return redirect(done)
    form = ReviewForm()
    form.submit_key.data = _fresh_key()
    questions = list(visit.questionnaire.questions())
    shown = visible_questions(questions, answers)
    pages = [
        (
            number,
            page,
            [(q, _display(q, answers.get(q.id), g.lang)) for q in page.questions if q.id in shown],
        )
        for number, page in enumerate(visit.questionnaire.pages, start=1)
    ]
    return render_template(
        "respond/review.html",
        visit=visit,
        questionnaire=visit.questionnaire,
        pages=pages,
        missing=missing if request.args.get("check") else [],
        unanswered={q.id for _, q in missing},
        form=form,
        stale=request.args.get("stale") == "1",
    )


def done(slug: str | None = None, token: str | None = None) -> Any:
    try:
        visit = _visit(slug, token)
    except Unavailable as exc:
        if exc.reason != "used_up":
            raise
        visit = None
    if visit is not None and visit.response is not None and visit.response["status"] != "complete":
        return redirect(visit.url("start"))
    survey_title = None
    if visit is not None:
        survey_title = visit.questionnaire.title[g.lang]
    # A public link on a shared device (a school's tablet, a family's phone): the next
    # person starts a response of their own; the one just sent is out of reach.
    another = (
        visit.url("page", number=1)
        if visit is not None and visit.is_public and _closed_reason(visit.survey) is None
        else None
    )
    return render_template("respond/done.html", title=survey_title, another=another)


class ResumeForm(FlaskForm):
    code = StringField()


def resume(slug: str) -> Any:
    """Continue an anonymous response on another device with the code shown earlier."""
    visit = _public_visit(slug)
    _refuse_if_closed(visit)
    form = ResumeForm()
    error = None
    if form.validate_on_submit():
        typed = (form.code.data or "").strip()
        found = get_store().response_by_resume_hash(
            visit.survey["id"], hash_code(visit.survey["id"], typed)
        )
        if found is None:
            error = t("respond.resume.not_found")
        elif found["status"] == "complete":
            error = t("respond.resume.already_sent")
        else:
            _remember(visit, found["id"], normalise_code(typed))
            return redirect(visit.url("start"))
    return render_template(
        "respond/resume.html",
        visit=visit,
        questionnaire=visit.questionnaire,
        form=form,
        error=error,
    )


def _register() -> None:
    csrf.exempt(page)
    csrf.exempt(review)
    routes: list[tuple[str, str, Callable[..., Any], list[str]]] = [
        ("", "start", start, ["GET"]),
        ("/<int:number>", "page", page, ["GET", "POST"]),
        ("/review", "review", review, ["GET", "POST"]),
        ("/done", "done", done, ["GET"]),
    ]
    for suffix, name, view, methods in routes:
        bp.add_url_rule(f"/s/<slug>{suffix}", f"public_{name}", view, methods=methods)
        bp.add_url_rule(f"/i/<token>{suffix}", f"invite_{name}", view, methods=methods)
    bp.add_url_rule("/s/<slug>/resume", "public_resume", resume, methods=["GET", "POST"])


_register()
