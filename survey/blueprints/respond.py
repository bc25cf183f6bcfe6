"""What respondents see: a survey's public link, page by page, to the thank-you page.

Answers are saved page by page, each page in one transaction, so a respondent who
leaves half-way keeps what they gave. Nothing is stored until the first page is
submitted valid (that page holds the consent question where there is one).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from ..forms import form_value, page_form_class, stored_value, visible_questions
from ..questionnaire import Questionnaire
from ..web import get_store

bp = Blueprint("respond", __name__, url_prefix="/s")

SESSION_KEY = "responses"


def _survey_or_404(slug: str) -> dict[str, Any]:
    survey = get_store().survey_by_slug(slug)
    if survey is None:
        abort(404)
    return survey


def _is_open(survey: dict[str, Any]) -> str | None:
    """None when answering is possible, otherwise why not ('not_yet' or 'closed')."""
    stamp = datetime.now(UTC).isoformat()
    if survey["status"] != "open":
        return "closed"
    if survey["opens_at"] and stamp < survey["opens_at"]:
        return "not_yet"
    if survey["closes_at"] and stamp >= survey["closes_at"]:
        return "closed"
    return None


def _response_id(survey_id: int) -> int | None:
    value = session.get(SESSION_KEY, {}).get(str(survey_id))
    return value if isinstance(value, int) else None


def _remember_response(survey_id: int, response_id: int) -> None:
    responses = dict(session.get(SESSION_KEY, {}))
    responses[str(survey_id)] = response_id
    session[SESSION_KEY] = responses


def _stored_answers(q: Questionnaire, response_id: int | None) -> dict[str, Any]:
    if response_id is None:
        return {}
    stored = get_store().answers(response_id)
    return {qid: form_value(q.question(qid), value) for qid, value in stored.items()}


@bp.route("/<slug>")
def start(slug: str) -> Any:
    survey = _survey_or_404(slug)
    return redirect(url_for(".page", slug=survey["slug"], number=1))


@bp.route("/<slug>/<int:number>", methods=["GET", "POST"])
def page(slug: str, number: int) -> Any:
    survey = _survey_or_404(slug)
    closed = _is_open(survey)
    if closed:
        return render_template("respond/unavailable.html", survey=survey, reason=closed), 403
    store = get_store()
    questionnaire = store.load_version(survey["version_id"])
    pages = questionnaire.pages
    if not 1 <= number <= len(pages):
        abort(404)
    current = pages[number - 1]
    response_id = _response_id(survey["id"])
    response = store.response(response_id) if response_id else None
    if response is None or response["survey_id"] != survey["id"]:
        response_id, response = None, None
    if response_id is None and number > 1:
        # Pages are answered in order; without a response there is no page 1 yet.
        return redirect(url_for(".page", slug=survey["slug"], number=1))
    if response is not None and response["status"] == "complete":
        return redirect(url_for(".done", slug=survey["slug"]))

    answers = _stored_answers(questionnaire, response_id)
    all_questions = list(questionnaire.questions())
    lang = g.lang
    if request.method == "POST":
        # Which questions are shown depends on answers on this very page too.
        probe = page_form_class(current, lang)()
        merged = {**answers, **{q.id: probe[q.id].data for q in current.questions}}
        visible = visible_questions(all_questions, merged)
        form = page_form_class(current, lang, visible)()
        if form.validate():
            if response_id is None:
                response_id = store.create_response(survey["id"], lang)
                _remember_response(survey["id"], response_id)
            ids = store.question_ids(survey["version_id"])
            values = {
                ids[q.id]: stored_value(q, form[q.id].data) if q.id in visible else None
                for q in current.questions
            }
            # A follow-up revealed by an answer on this page has not been seen yet:
            # save, then show the same page again with it (no JavaScript needed).
            shown_before = visible_questions(all_questions, answers)
            revealed = [
                q.id
                for q in current.questions
                if q.id in visible and q.id not in shown_before and not form[q.id].data
            ]
            last = number == len(pages) and not revealed
            store.save_answers(response_id, values, complete=last)
            if revealed:
                return redirect(
                    url_for(".page", slug=survey["slug"], number=number, _anchor=revealed[0])
                )
            if last:
                return redirect(url_for(".done", slug=survey["slug"]))
            return redirect(url_for(".page", slug=survey["slug"], number=number + 1))
    else:
        visible = visible_questions(all_questions, answers)
        form = page_form_class(current, lang, visible)(
            data={qid: value for qid, value in answers.items() if qid in visible}
        )
    return render_template(
        "respond/page.html",
        survey=survey,
        questionnaire=questionnaire,
        page=current,
        number=number,
        total=len(pages),
        form=form,
        questions=[q for q in current.questions if q.id in visible],
    )


@bp.route("/<slug>/done")
def done(slug: str) -> Any:
    survey = _survey_or_404(slug)
    questionnaire = get_store().load_version(survey["version_id"])
    return render_template("respond/done.html", survey=survey, questionnaire=questionnaire)
