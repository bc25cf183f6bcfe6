"""The response browser: answers per survey and question with the respondents'
attributes, filtered by attribute and completion and searched as full text; and one
whole response. For administrators and the evaluators assigned to the survey."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, g, render_template, request

from survey import privacy
from survey.fielding.forms import display_answer
from survey.fielding.questionnaire import Questionnaire
from survey.privacy import search as search_index
from survey.store import parse_attributes
from survey.web import (
    current_user,
    get_store,
    is_admin,
    login_required,
    survey_for_user,
)

bp = Blueprint("responses", __name__, url_prefix="/responses")


def _shown(questionnaire: Questionnaire, row: dict[str, Any], clean: Callable[[str], str]) -> str:
    """An answer as people read it: the label of a chosen option ("Årskurs 4", "Ja"), not
    its stored value ("4", "yes"); free text pseudonymised by `clean`."""
    if row["type"] in ("text", "textarea", "number"):
        return clean(row["value"])
    try:
        question = questionnaire.question(row["qid"])
    except KeyError:
        return clean(row["value"])
    shown = display_answer(question, row["value"], g.lang)
    return ", ".join(shown) if isinstance(shown, list) else shown


@bp.route("/surveys/<int:survey_id>")
@login_required("admin", "evaluator")
def browse(survey_id: int) -> Any:
    survey = survey_for_user(survey_id)
    store = get_store()
    questionnaire = store.load_version(survey["version_id"])
    questions = [q for q in questionnaire.questions() if q.type != "consent"]
    question = request.args.get("question") or None
    if question and question not in {q.id for q in questions}:
        question = None
    status = (
        request.args.get("status")
        if request.args.get("status") in ("complete", "partial")
        else None
    )
    search = (request.args.get("q") or "").strip()[:200]
    masked = bool(search) and search_index.masked_search(
        store, survey_id, original=is_admin(current_user())
    )
    rows = store.browse_answers(
        survey_id, question=question, search=search or None, status=status, masked=masked
    )
    cleaner = privacy.pseudonymiser(store, survey_id)
    for row in rows:
        row["attrs"] = parse_attributes(row["attributes"])
        row["value"] = _shown(questionnaire, row, cleaner.apply)
    keys = sorted({k for row in rows for k in row["attrs"]})
    chosen = {k: request.args.get(f"attr_{k}") for k in keys if request.args.get(f"attr_{k}")}
    values = {k: sorted({row["attrs"].get(k, "") for row in rows} - {""}) for k in keys}
    rows = [r for r in rows if all(r["attrs"].get(k) == v for k, v in chosen.items())]
    return render_template(
        "responses/browse.html",
        survey=survey,
        questions=questions,
        rows=rows,
        question=question,
        status=status,
        search=search,
        keys=keys,
        values=values,
        chosen=chosen,
        text_key=f"text_{g.lang}",
    )


@bp.route("/<int:response_id>")
@login_required("admin", "evaluator")
def response(response_id: int) -> Any:
    store = get_store()
    row, answers = store.response_detail(response_id)
    if row is None:
        abort(404)
    survey = survey_for_user(row["survey_id"])
    user = current_user()
    original = request.args.get("original") == "1" and is_admin(user)
    questionnaire = store.load_version(survey["version_id"])
    clean = privacy.pseudonymiser(store, survey["id"]).apply if not original else str
    answers = [{**a, "value": _shown(questionnaire, a, clean)} for a in answers]
    privacy.audit(
        store,
        "view_response",
        user=user,
        target=f"response:{response_id}",
        detail={"original_text": original},
    )
    return render_template(
        "responses/response.html",
        survey=survey,
        response=row,
        attrs=parse_attributes(row["attributes"]),
        answers=answers,
        original=original,
        text_key=f"text_{g.lang}",
    )
