"""Several coders: drawing a double-coding sample (administrators), the agreement
report with a plain-language reading, the disagreement view where the team settles a
consensus, and the engine measured against human decisions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from survey import privacy
from survey.blueprints.common import code_tree, open_questions
from survey.i18n import t
from survey.web import (
    current_user,
    current_user_id,
    form_int,
    get_store,
    is_admin,
    login_required,
    survey_for_user,
    user_id_of,
)
from survey.workbench import double_coding
from survey.workbench.actions import WorkbenchError

bp = Blueprint("agreement", __name__, url_prefix="/coding/surveys/<int:survey_id>/agreement")


def _sample(survey_id: int, sample_id: int | None) -> dict[str, Any] | None:
    if sample_id is None:
        return None
    sample = get_store().sample(sample_id)
    if sample is None or sample["survey_id"] != survey_id:
        abort(404)
    return sample


@bp.route("")
@login_required("admin", "evaluator")
def report(survey_id: int) -> Any:
    survey = survey_for_user(survey_id)
    store = get_store()
    samples = store.samples(survey_id)
    whole = request.args.get("sample") == "all" or not samples
    sample = (
        None
        if whole
        else _sample(survey_id, form_int(request.args.get("sample")) or samples[-1]["id"])
    )
    questions = open_questions(survey)
    qid = request.args.get("question")
    qid = qid if qid in {q.id for q in questions} else None
    if sample is not None:
        data = double_coding.sample_agreement(store, sample["id"], qid)
    else:
        data = double_coding.survey_agreement(store, survey_id, qid)
    labels = {c["key"]: c["label"] for c in store.codes(survey_id, inactive=True)}
    rows = []
    if data is not None:
        for key, figures in data.report.per_code.items():
            rows.append({"key": key, "label": labels.get(key, key), "f": figures})
    user = current_user()
    coders = store.assignments(survey_id)
    return render_template(
        "coding/agreement.html",
        survey=survey,
        samples=samples,
        sample=sample,
        whole=whole,
        data=data,
        summary=double_coding.summary(data),
        rows=rows,
        questions=questions,
        question=qid,
        reading=lambda value, measure, units=None: double_coding.plain_reading(
            value, measure, g.lang, units
        ),
        disagreements=double_coding.disagreements(data) if data else [],
        machine=double_coding.machine_figures(store, survey_id),
        is_admin=is_admin(user),
        coders=[c for c in coders if c["role"] in ("admin", "evaluator")],
        question_text={q.id: q.text.get(g.lang) or q.text.get("sv") for q in questions},
    )


@bp.post("/samples")
@login_required("admin")
def new_sample(survey_id: int) -> Any:
    survey_for_user(survey_id)
    percent = form_int(request.form.get("percent"))
    coders = [i for i in (form_int(x) for x in request.form.getlist("coder")) if i]
    try:
        if percent is None:
            raise WorkbenchError("sample.error.fraction")
        sample_id = double_coding.draw_sample(
            get_store(),
            survey_id,
            current_user_id(),
            percent / 100,
            coders,
            name=request.form.get("name", ""),
        )
    except WorkbenchError as error:
        flash(t(error.key, **error.params))
        return redirect(url_for("agreement.report", survey_id=survey_id))
    flash(t("sample.created"))
    return redirect(url_for("agreement.report", survey_id=survey_id, sample=sample_id))


@bp.route("/samples/<int:sample_id>/disagreements")
@login_required("admin", "evaluator")
def disagreements(survey_id: int, sample_id: int) -> Any:
    survey = survey_for_user(survey_id)
    sample = _sample(survey_id, sample_id)
    assert sample is not None
    store = get_store()
    user = current_user()
    coders = store.sample_coders(sample_id)
    if not is_admin(user) and user_id_of(user) in {c["id"] for c in coders}:
        # A sample coder sees the others' codes only when settling together is the point:
        # after both have coded. Until then the view would unblind them.
        data = double_coding.sample_agreement(store, sample_id)
        mine = sum(1 for by in data.codings.values() if user_id_of(user) in by)
        if mine < data.answers:
            flash(t("sample.finish_first", n=data.answers - mine))
            return redirect(url_for("agreement.report", survey_id=survey_id, sample=sample_id))
    data = double_coding.sample_agreement(store, sample_id)
    ids = double_coding.disagreements(data)
    cleaner = privacy.pseudonymiser(store, survey_id)
    answers = {
        a["id"]: {**a, "value": cleaner.apply(a["value"])} for a in store.answers_by_ids(ids)
    }
    codes = store.codes(survey_id)
    labels = {c["key"]: c["label"] for c in store.codes(survey_id, inactive=True)}
    consensus = store.consensus_keys(ids)
    return render_template(
        "coding/disagreements.html",
        survey=survey,
        sample=sample,
        coders=coders,
        items=[
            {"answer": answers[i], "by": data.codings[i], "consensus": consensus.get(i, set())}
            for i in ids
            if i in answers
        ],
        labels=labels,
        codes=codes,
        tree=code_tree(codes),
    )


@bp.post("/samples/<int:sample_id>/answers/<int:answer_id>/consensus")
@login_required("admin", "evaluator")
def settle(survey_id: int, sample_id: int, answer_id: int) -> Any:
    survey_for_user(survey_id)
    _sample(survey_id, sample_id)
    chosen = [i for i in (form_int(x) for x in request.form.getlist("code")) if i]
    try:
        double_coding.settle(get_store(), survey_id, current_user_id(), answer_id, chosen)
    except WorkbenchError as error:
        flash(t(error.key, **error.params))
    else:
        flash(t("sample.settled"))
    return redirect(
        url_for("agreement.disagreements", survey_id=survey_id, sample_id=sample_id)
        + f"#answer-{answer_id}"
    )
