"""The evaluators' workbench: the respondent × question grid and the one-question view,
coding actions (answered as JSON for the page's script, or as a redirect when a form is
posted without JavaScript), the suggestion queue, memos and retraining."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from survey import privacy
from survey.blueprints.common import code_tree, open_questions
from survey.exchange import coding_exports, exports
from survey.exchange.csv_files import style_for
from survey.i18n import t
from survey.privacy import search as search_index
from survey.store import fts_query, now, parse_attributes
from survey.text import clean as clean_text
from survey.web import (
    current_user,
    current_user_id,
    form_int,
    get_store,
    is_admin,
    login_required,
    survey_for_user,
    user_id_of,
    visible_surveys,
)
from survey.workbench import actions, training
from survey.workbench.actions import WorkbenchError
from survey.workbench.codebook_editor import COLOR_RE
from survey.workbench.highlight import pieces

bp = Blueprint("coding", __name__, url_prefix="/coding")

GRID_PAGE = 20  # respondents per grid page
QUESTION_PAGE = 50  # answers per one-question page
QUEUE_SIZE = 20
# The queue's orders: most confident first (quick to confirm), or most uncertain first
# (the decisions that teach the model most).
QUEUE_ORDERS = ("confident", "uncertain")
SORTS = ("code", "suggestion")
MAX_MEMO = 10_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/")
@login_required("admin", "evaluator")
def index() -> Any:
    return render_template("coding/index.html", surveys=visible_surveys())


def _filters(
    questions: list[Any], codes: list[dict[str, Any]], samples: list[dict[str, Any]]
) -> dict[str, Any]:
    args = request.args
    qids = {q.id for q in questions}
    code_ids = {c["id"] for c in codes}
    attrs = {k[5:]: v for k, v in args.items() if k.startswith("attr_") and v and len(k) < 80}
    return {
        "question": args.get("question") if args.get("question") in qids else None,
        "q": (args.get("q") or "").strip()[:200],
        "code": form_int(args.get("code")) if form_int(args.get("code")) in code_ids else None,
        "uncoded": args.get("uncoded") == "1",
        "suggested": args.get("suggested") == "1",
        "attrs": attrs,
        "page": max(1, form_int(args.get("page")) or 1),
        "sort": args.get("sort") if args.get("sort") in SORTS else "",
        "sample": form_int(args.get("sample"))
        if form_int(args.get("sample")) in {s["id"] for s in samples}
        else None,
    }


def _decorate(cell: dict[str, Any]) -> dict[str, Any]:
    spans = [
        (c["start"], c["end"], c["label"], c["color"])
        for c in cell["codings"]
        if c["start"] is not None and not c["stale"]
    ]
    cell["pieces"] = pieces(cell["text"], spans, cell.get("hidden", ()))
    return cell


@bp.route("/surveys/<int:survey_id>")
@login_required("admin", "evaluator")
def workbench(survey_id: int) -> Any:
    survey = survey_for_user(survey_id)
    store, user = get_store(), current_user()
    assert user is not None
    questions = open_questions(survey)
    codes = store.codes(survey_id)
    samples = store.samples(survey_id)
    f = _filters(questions, codes, samples)
    rows = store.filtered_answers(
        survey_id,
        user["id"],
        qid=f["question"],
        match=fts_query(f["q"]) if f["q"] else None,
        code_id=f["code"],
        uncoded=f["uncoded"],
        suggested=f["suggested"],
        codebook_id=survey["suggestion_codebook_id"],
        attributes=f["attrs"],
        sample_id=f["sample"],
        masked=bool(f["q"])
        and search_index.masked_search(store, survey_id, original=is_admin(user)),
    )
    matched = {r["id"] for r in rows}
    if f["sort"]:
        rows = _sorted(rows, f["sort"], survey_id, user["id"], survey["suggestion_codebook_id"])
    if f["question"]:
        pages = max(1, math.ceil(len(rows) / QUESTION_PAGE))
        page = min(f["page"], pages)
        ids = [r["id"] for r in rows[(page - 1) * QUESTION_PAGE : page * QUESTION_PAGE]]
        place = {answer_id: i for i, answer_id in enumerate(ids)}
        answers = sorted(store.answers_by_ids(ids), key=lambda a: place[a["id"]])
        total = len(rows)
    else:
        respondents = list(dict.fromkeys(r["response_id"] for r in rows))
        pages = max(1, math.ceil(len(respondents) / GRID_PAGE))
        page = min(f["page"], pages)
        shown = respondents[(page - 1) * GRID_PAGE : page * GRID_PAGE]
        place = {response_id: i for i, response_id in enumerate(shown)}
        answers = sorted(
            store.open_answers_of_responses(shown), key=lambda a: place[a["response_id"]]
        )
        total = len(respondents)
    cells = actions.cells(store, survey_id, answers, user["id"], survey["suggestion_codebook_id"])
    for cell in cells.values():
        _decorate(cell)
    by_response: dict[int, dict[str, Any]] = {}
    for a in answers:
        entry = by_response.setdefault(
            a["response_id"], {"id": a["response_id"], "attributes": a["attributes"], "cells": {}}
        )
        entry["cells"][a["qid"]] = cells[a["id"]]
    for entry in by_response.values():
        entry["attrs"] = parse_attributes(entry["attributes"])
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "coding/workbench.html",
        survey=survey,
        questions=questions,
        codes=codes,
        tree=code_tree(codes),
        filters=f,
        respondents=list(by_response.values()),
        answers=[cells[a["id"]] for a in answers],
        matched=matched,
        total=total,
        page=page,
        pages=pages,
        args=args,
        attribute_values=store.attribute_values(survey_id),
        samples=samples,
        cbrev=store.codebook_rev(survey_id),
        open_suggestions=store.count_open_suggestions(survey_id, survey["suggestion_codebook_id"]),
        training=store.latest_training(survey_id),
        question_text={q.id: q.text.get(g.lang) or q.text.get("sv") for q in questions},
    )


def _sorted(
    rows: list[dict[str, Any]], sort: str, survey_id: int, me: int, codebook_id: int | None
) -> list[dict[str, Any]]:
    """Answers by code (uncoded last) or by the engine's most confident open suggestion;
    in the grid a respondent takes the place of their first answer."""
    labels, scores = get_store().sort_keys(survey_id, me, codebook_id)
    if sort == "code":
        return sorted(rows, key=lambda r: (r["id"] not in labels, labels.get(r["id"], "")))
    return sorted(rows, key=lambda r: -scores.get(r["id"], -1.0))


# --- actions ---------------------------------------------------------------------------


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _back(survey_id: int) -> Any:
    target = request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return redirect(target)
    return redirect(url_for("coding.workbench", survey_id=survey_id))


def _cell_html(survey_id: int, cell: dict[str, Any]) -> str:
    macro = get_template_attribute("coding/_cell.html", "cell")
    store = get_store()
    return str(macro(_decorate(cell), store.codes(survey_id), survey_id))


def _reply(survey_id: int, cell: dict[str, Any], notice: str | None = None) -> Any:
    store = get_store()
    cbrev = store.codebook_rev(survey_id)
    sent = form_int(request.form.get("cbrev"))
    if notice is None and sent is not None and sent != cbrev:
        notice = t("workbench.codebook_changed")
    _maybe_retrain(survey_id)
    if _wants_json():
        return jsonify(
            ok=True,
            answer=cell["id"],
            rev=cell["rev"],
            html=_cell_html(survey_id, cell),
            notice=notice,
            cbrev=cbrev,
        )
    if notice:
        flash(notice)
    return _back(survey_id)


def _refusal(survey_id: int, error: WorkbenchError) -> Any:
    message = t(error.key, **error.params)
    if _wants_json():
        body: dict[str, Any] = {"ok": False, "message": message}
        if error.cell is not None:
            body.update(answer=error.cell["id"], rev=error.cell["rev"])
            body["html"] = _cell_html(survey_id, error.cell)
        return jsonify(body), error.status
    flash(message)
    return _back(survey_id)


def _run(survey_id: int, action: Any) -> Any:
    survey_for_user(survey_id)
    try:
        return _reply(survey_id, action())
    except WorkbenchError as error:
        return _refusal(survey_id, error)


@bp.post("/surveys/<int:survey_id>/answers/<int:answer_id>/codings")
@login_required("admin", "evaluator")
def add_coding(survey_id: int, answer_id: int) -> Any:
    form = request.form
    if not form.get("code_id"):
        return _refusal(survey_id, WorkbenchError("workbench.error.choose_code"))
    code_id = form_int(form.get("code_id"))
    if code_id is None:  # not a number any code row can have
        return _refusal(survey_id, WorkbenchError("workbench.error.no_code", 404))
    start, end = form_int(form.get("start")), form_int(form.get("end"))
    return _run(
        survey_id,
        lambda: actions.add_coding(
            get_store(),
            survey_id,
            current_user_id(),
            answer_id,
            code_id,
            start=start,
            end=end,
            quote=form.get("quote"),
            rev=form_int(form.get("rev")),
            stance=form.get("stance") if form.get("stance") is not None else None,
        ),
    )


@bp.post("/surveys/<int:survey_id>/codings/<int:coding_id>/delete")
@login_required("admin", "evaluator")
def remove_coding(survey_id: int, coding_id: int) -> Any:
    rev = form_int(request.form.get("rev"))
    return _run(
        survey_id,
        lambda: actions.remove_coding(get_store(), survey_id, current_user_id(), coding_id, rev),
    )


@bp.post("/surveys/<int:survey_id>/codings/<int:coding_id>/stance")
@login_required("admin", "evaluator")
def set_stance(survey_id: int, coding_id: int) -> Any:
    stance, rev = request.form.get("stance", ""), form_int(request.form.get("rev"))
    return _run(
        survey_id,
        lambda: actions.set_stance(
            get_store(), survey_id, current_user_id(), coding_id, stance, rev
        ),
    )


@bp.post("/surveys/<int:survey_id>/suggestions/<int:suggestion_id>/<decision>")
@login_required("admin", "evaluator")
def review(survey_id: int, suggestion_id: int, decision: str) -> Any:
    """POST …/accept or …/reject: the evaluator's decision on one suggestion."""
    decide = {"accept": actions.accept_suggestion, "reject": actions.reject_suggestion}
    if decision not in decide:
        abort(400)
    rev, answer = form_int(request.form.get("rev")), form_int(request.form.get("answer"))
    return _run(
        survey_id,
        lambda: decide[decision](
            get_store(), survey_id, current_user_id(), suggestion_id, rev, answer_id=answer
        ),
    )


@bp.post("/surveys/<int:survey_id>/answers/<int:answer_id>/done")
@login_required("admin", "evaluator")
def mark_done(survey_id: int, answer_id: int) -> Any:
    rev = form_int(request.form.get("rev"))
    return _run(
        survey_id,
        lambda: actions.mark_done(get_store(), survey_id, current_user_id(), answer_id, rev),
    )


@bp.post("/surveys/<int:survey_id>/undo")
@login_required("admin", "evaluator")
def undo(survey_id: int) -> Any:
    survey_for_user(survey_id)
    try:
        cell = actions.undo(get_store(), survey_id, current_user_id())
    except WorkbenchError as error:
        return _refusal(survey_id, error)
    return _reply(
        survey_id, cell, t("workbench.undone", action=t(f"workbench.action.{cell['undone']}"))
    )


# --- suggestion queue ------------------------------------------------------------------


@bp.route("/surveys/<int:survey_id>/queue")
@login_required("admin", "evaluator")
def queue(survey_id: int) -> Any:
    survey = survey_for_user(survey_id)
    store = get_store()
    questions = open_questions(survey)
    qid = request.args.get("question")
    qid = qid if qid in {q.id for q in questions} else None
    skipped = {i for i in (form_int(x) for x in request.args.getlist("skip")) if i}
    order = request.args.get("order")
    order = order if order in QUEUE_ORDERS else QUEUE_ORDERS[0]
    ids = [
        r["id"]
        for r in store.suggestion_queue(
            survey_id,
            survey["suggestion_codebook_id"],
            current_user_id(),
            qid,
            QUEUE_SIZE + len(skipped),
            order,
        )
        if r["id"] not in skipped
    ][:QUEUE_SIZE]
    items = []
    cleaner = privacy.pseudonymiser(store, survey_id)
    for suggestion_id in ids:
        s = store.suggestion(suggestion_id)
        assert s is not None
        answer = store.answer_for_coding(s["answer_id"])
        code = store.code_by_key(survey_id, s["theme"])
        assert answer is not None and code is not None
        hidden = cleaner.find(answer["value"])
        evidence = json.loads(s["evidence"] or "[]")
        spans = [
            (e["start"], e["end"], e.get("text", ""), code["color"])
            for e in evidence
            if isinstance(e, dict) and "start" in e
        ]
        items.append(
            {
                "s": s,
                "answer": answer,
                "code": code,
                "summary": actions.evidence_summary(s["evidence"], hidden),
                "pieces": pieces(answer["value"], spans, hidden),
                "rev": store.answer_rev(answer["id"], current_user_id()),
            }
        )
    return render_template(
        "coding/queue.html",
        survey=survey,
        items=items,
        questions=questions,
        question=qid,
        order=order,
        orders=QUEUE_ORDERS,
        skipped=sorted(skipped),
        remaining=store.count_open_suggestions(survey_id, survey["suggestion_codebook_id"]),
        training=store.latest_training(survey_id),
        question_text={q.id: q.text.get(g.lang) or q.text.get("sv") for q in questions},
    )


# --- retraining ------------------------------------------------------------------------


def _start_training(survey: dict[str, Any]) -> int | None:
    store = get_store()
    run_id = store.start_training(survey["id"], current_user_id(), now())
    if run_id is not None:
        training.start_in_background(
            current_app.config["DATABASE"], survey, Path(current_app.instance_path), run_id
        )
    return run_id


def _maybe_retrain(survey_id: int) -> None:
    """Retrain by itself once enough new decisions have come in (the threshold of
    analysis.models), unless switched off (AUTO_RETRAIN = false)."""
    if not current_app.config.get("AUTO_RETRAIN", not current_app.testing):
        return
    store = get_store()
    if training.retraining_due(store, survey_id):
        survey = store.survey_by_id(survey_id)
        if survey is not None:
            _start_training(survey)


@bp.post("/surveys/<int:survey_id>/train")
@login_required("admin", "evaluator")
def train(survey_id: int) -> Any:
    survey = survey_for_user(survey_id)
    if not get_store().codes(survey_id):
        flash(t("workbench.no_codes"))
    elif _start_training(survey) is None:
        flash(t("workbench.training_running"))
    else:
        flash(t("workbench.training_started"))
    return _back(survey_id)


@bp.route("/surveys/<int:survey_id>/train")
@login_required("admin", "evaluator")
def training_status(survey_id: int) -> Any:
    survey_for_user(survey_id)
    run = get_store().latest_training(survey_id) or {}
    return jsonify(
        status=run.get("status", "none"),
        progress=run.get("progress", 0),
        message=t(f"workbench.training.{(run.get('message') or 'none').split(':')[0]}"),
    )


# --- memos -----------------------------------------------------------------------------

MEMO_TARGETS = ("answer", "coding", "code", "survey")


def _memo_target_ok(survey_id: int, target: str, target_id: int, viewer: int) -> bool:
    """The target is the survey's, and one the viewer may see: another coder's coding on
    an answer the viewer codes blind is no target (its words would unblind them)."""
    store = get_store()
    if target == "survey":
        return target_id == survey_id
    if target == "answer":
        answer = store.answer_for_coding(target_id)
        return answer is not None and answer["survey_id"] == survey_id
    if target == "coding":
        coding = store.coding(target_id)
        answer = store.answer_for_coding(coding["answer_id"]) if coding else None
        if answer is None or answer["survey_id"] != survey_id or coding is None:
            return False
        blind = store.blind_answer_ids(survey_id, viewer)
        return coding["coder_id"] == viewer or coding["answer_id"] not in blind
    code = store.code(target_id)
    return code is not None and code["survey_id"] == survey_id


@bp.route("/surveys/<int:survey_id>/memos", methods=["GET", "POST"])
@login_required("admin", "evaluator")
def memos(survey_id: int) -> Any:
    survey = survey_for_user(survey_id)
    store = get_store()
    target = request.values.get("target", "survey")
    target_id = form_int(request.values.get("target_id"))
    if target == "survey" and target_id is None:
        target_id = survey_id
    if target_id is None:  # missing, or no id any row can have
        return _refusal(survey_id, WorkbenchError("workbench.error.bad_request", 404))
    viewer = current_user_id()
    if target not in MEMO_TARGETS or not _memo_target_ok(survey_id, target, target_id, viewer):
        return _refusal(survey_id, WorkbenchError("workbench.error.bad_request", 404))
    if request.method == "POST":
        body = clean_text(request.form.get("body") or "")
        if not body:
            return _refusal(survey_id, WorkbenchError("memo.error.empty"))
        if len(body) > MAX_MEMO:
            return _refusal(
                survey_id, WorkbenchError("memo.error.too_long", params={"max": MAX_MEMO})
            )
        with store.transaction():
            memo_id = store.add_memo(survey_id, target, target_id, viewer, body, now())
        if _wants_json():
            return jsonify(ok=True, id=memo_id, notice=t("memo.saved"))
        flash(t("memo.saved"))
        return _back(survey_id)
    everything = target == "survey" and bool(request.args.get("all"))
    subject = ""
    if target == "answer":
        subject = (store.answer_for_coding(target_id) or {}).get("value", "")
    elif target == "coding":
        subject = privacy.coding_subject(store, survey_id, target_id)
    elif target == "code":
        subject = (store.code(target_id) or {}).get("label", "")
    if subject and target != "coding":
        subject = privacy.pseudonymiser(store, survey_id).apply(subject)
    return render_template(
        "coding/memos.html",
        survey=survey,
        target=target,
        target_id=target_id,
        subject=subject,
        memos=store.memos(survey_id, None, None, viewer=viewer)
        if everything
        else store.memos(survey_id, target, [target_id], viewer=viewer),
        all=everything,
    )


@bp.post("/surveys/<int:survey_id>/memos/<int:memo_id>/delete")
@login_required("admin", "evaluator")
def delete_memo(survey_id: int, memo_id: int) -> Any:
    survey_for_user(survey_id)
    store = get_store()
    memo = store.memo(memo_id)
    if memo is None or memo["survey_id"] != survey_id:
        return _refusal(survey_id, WorkbenchError("workbench.error.bad_request", 404))
    user = current_user()
    if memo["user_id"] != user_id_of(user) and not is_admin(user):
        return _refusal(survey_id, WorkbenchError("memo.error.not_yours", 403))
    with store.transaction():
        store.delete_memo(memo_id)
    flash(t("memo.deleted"))
    return _back(survey_id)


@bp.route("/surveys/<int:survey_id>/codes.css")
@login_required("admin", "evaluator", "viewer")
def code_colors(survey_id: int) -> Any:
    """Each code's colour as a CSS variable (the content policy forbids inline styles)."""
    survey_for_user(survey_id)
    rules = [
        f".code-{c['id']} {{ --code: {c['color']}; }}"
        for c in get_store().codes(survey_id, inactive=True)
        if c["color"] and COLOR_RE.match(c["color"])
    ]
    return Response("\n".join(rules) + "\n", mimetype="text/css")


@bp.route("/surveys/<int:survey_id>/export/<what>.<fmt>")
@login_required("admin", "evaluator")
def export(survey_id: int, what: str, fmt: str) -> Any:
    """Coded segments or memos as CSV (Excel-ready) or XLSX."""
    survey = survey_for_user(survey_id)
    tables = {"codings": coding_exports.coding_table, "memos": coding_exports.memo_table}
    if what not in tables or fmt not in ("csv", "xlsx"):
        return _refusal(survey_id, WorkbenchError("workbench.error.bad_request", 404))
    store = get_store()
    masker = privacy.pseudonymiser(store, survey_id)
    header, rows = tables[what](store, survey_id, masker, viewer=current_user_id())
    privacy.audit(
        store,
        "export",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"what": what, "format": fmt},
    )
    name = f"{what}-{survey['slug']}.{fmt}"
    table = coding_exports.as_table(header, rows, g.lang)
    if fmt == "xlsx":
        binary = io.BytesIO()
        exports.table_xlsx(binary, table, g.lang, coding_exports.SHEETS[g.lang][what])
        data, mimetype = binary.getvalue(), XLSX
    else:
        style = style_for(g.lang, tools=request.args.get("style") == "tools")
        data, mimetype = exports.table_csv(table, style).encode("utf-8"), "text/csv"
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
