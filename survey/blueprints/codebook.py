"""The codebook editor of a survey: the code tree, adding and editing codes (with a
live count of the answers their keywords match), merging (reversible until confirmed),
splitting by reassigning codings, and import/export as TOML and REFI-QDA QDC."""

from __future__ import annotations

import io
import json
from typing import Any

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from survey import privacy
from survey.blueprints.common import code_tree, refusal_text
from survey.i18n import current_language, t
from survey.web import (
    current_user,
    current_user_id,
    form_int,
    get_store,
    login_required,
    survey_for_user,
)
from survey.workbench import codebook_editor as edit
from survey.workbench.actions import WorkbenchError
from survey.workbench.keyword_preview import keyword_preview
from survey.workbench.suggestions import borrowed_words
from survey.workbench.training import CODEBOOK_LANGUAGE

bp = Blueprint("codebook", __name__, url_prefix="/coding/surveys/<int:survey_id>/codebook")

MAX_UPLOAD = 5 * 1024 * 1024


def _refused(survey_id: int, error: WorkbenchError, code_id: int | None = None) -> Any:
    flash(t(error.key, **error.params))
    if code_id is not None:
        return redirect(url_for("codebook.code", survey_id=survey_id, code_id=code_id))
    return redirect(url_for("codebook.editor", survey_id=survey_id))


@bp.route("")
@login_required("admin", "evaluator")
def editor(survey_id: int) -> Any:
    return _editor_page(survey_for_user(survey_id))


def _editor_page(
    survey: dict[str, Any],
    problems: list[str] | None = None,
    typed: dict[str, str] | None = None,
) -> str:
    """The editor; with `problems`, why an import was refused, shown on the page itself
    (never flashed: a list of problems would not fit in the session cookie)."""
    survey_id = survey["id"]
    store = get_store()
    codes = store.codes(survey_id)
    log = store.codebook_log(survey_id)
    for entry in log:
        entry["info"] = json.loads(entry["detail"] or "{}")
    return render_template(
        "coding/codebook.html",
        survey=survey,
        codes=codes,
        tree=code_tree(codes),
        counts=store.code_counts(survey_id),
        log=log,
        pending=[e for e in log if e["action"] == "merge" and e["status"] == "pending"],
        cbrev=store.codebook_rev(survey_id),
        problems=problems or [],
        typed=typed or {},
    )


def _keywords_from_form(field: str = "keywords") -> dict[str, list[str]]:
    return {
        lang: edit.parse_keywords(request.form.get(f"{field}_{lang}", ""))
        for lang in ("sv", "en")
        if request.form.get(f"{field}_{lang}") is not None
    }


@bp.post("/codes")
@login_required("admin", "evaluator")
def add(survey_id: int) -> Any:
    survey = survey_for_user(survey_id)
    try:
        code_id = edit.add_code(
            get_store(),
            survey_id,
            current_user_id(),
            request.form.get("label", ""),
            description=request.form.get("description", ""),
            color=request.form.get("color") or None,
            parent_id=form_int(request.form.get("parent_id")),
            keywords=_keywords_from_form(),
            weak=_keywords_from_form("weak"),
        )
    except WorkbenchError as error:
        # The editor again with what was typed in the new code's form, and why not.
        flash(t(error.key, **error.params))
        typed = {k: request.form.get(k, "") for k in ("label", "description", "color")}
        return _editor_page(survey, typed=typed), error.status
    flash(t("codebook.added"))
    return redirect(url_for("codebook.code", survey_id=survey_id, code_id=code_id))


@bp.route("/codes/<int:code_id>", methods=["GET", "POST"])
@login_required("admin", "evaluator")
def code(survey_id: int, code_id: int) -> Any:
    survey = survey_for_user(survey_id)
    store = get_store()
    row = store.code(code_id)
    if row is None or row["survey_id"] != survey_id:
        return _refused(survey_id, WorkbenchError("workbench.error.no_code", 404))
    if request.method == "POST":
        parent = request.form.get("parent_id")
        try:
            edit.update_code(
                store,
                survey_id,
                current_user_id(),
                code_id,
                label=request.form.get("label"),
                description=request.form.get("description"),
                color=request.form.get("color"),
                parent_id=form_int(parent) if parent else None,
                keywords=_keywords_from_form(),
                weak=_keywords_from_form("weak"),
            )
        except WorkbenchError as error:
            if error.status == 404:
                return _refused(survey_id, error, code_id)
            # The page again with what was typed, and why it was refused: nothing typed
            # is lost (a redirect would show the stored values).
            flash(t(error.key, **error.params))
            typed = {k: request.form.get(k, row[k]) for k in ("label", "description", "color")}
            return _code_page(
                survey,
                {**row, **typed},
                {**edit.keywords_of(row), **_keywords_from_form()},
                {**edit.weak_keywords_of(row), **_keywords_from_form("weak")},
            ), error.status
        flash(t("codebook.saved"))
        return redirect(url_for("codebook.code", survey_id=survey_id, code_id=code_id))
    return _code_page(survey, row, edit.keywords_of(row), edit.weak_keywords_of(row))


def _code_page(
    survey: dict[str, Any],
    row: dict[str, Any],
    keywords: dict[str, list[str]],
    weak: dict[str, list[str]],
) -> str:
    """One code's page: its fields (as stored, or as typed when refused) and codings."""
    survey_id, code_id = survey["id"], row["id"]
    store = get_store()
    codes = store.codes(survey_id)
    cleaner = privacy.pseudonymiser(store, survey_id)
    return render_template(
        "coding/code.html",
        survey=survey,
        code=row,
        codes=codes,
        tree=code_tree(codes),
        keywords=keywords,
        weak=weak,
        by_question=edit.question_keywords_of(row),
        lenders=borrowed_words(store, survey_id, row["key"], current_language()),
        codings=[
            {
                **c,
                "quote": privacy.shown_quote(
                    cleaner, c["quote"], c["answer"], c["start"], c["end"]
                ),
            }
            for c in store.codings_of_code(code_id, current_user_id() or 0)
        ],
        memos=store.memos(survey_id, "code", [code_id]),
    )


@bp.post("/merge")
@login_required("admin", "evaluator")
def merge(survey_id: int) -> Any:
    survey_for_user(survey_id)
    source, target = form_int(request.form.get("source")), form_int(request.form.get("target"))
    if source is None or target is None:
        return _refused(survey_id, WorkbenchError("codebook.error.merge_choose"))
    try:
        edit.merge(get_store(), survey_id, current_user_id(), source, target)
    except WorkbenchError as error:
        return _refused(survey_id, error)
    flash(t("codebook.merged"))
    return redirect(url_for("codebook.editor", survey_id=survey_id))


@bp.post("/merges/<int:entry_id>/<decision>")
@login_required("admin", "evaluator")
def settle_merge(survey_id: int, entry_id: int, decision: str) -> Any:
    survey_for_user(survey_id)
    try:
        if decision == "undo":
            edit.undo_merge(get_store(), survey_id, current_user_id(), entry_id)
            flash(t("codebook.unmerged"))
        elif decision == "confirm":
            edit.confirm_merge(get_store(), survey_id, current_user_id(), entry_id)
            flash(t("codebook.confirmed"))
        else:
            raise WorkbenchError("workbench.error.bad_request", 404)
    except WorkbenchError as error:
        return _refused(survey_id, error)
    return redirect(url_for("codebook.editor", survey_id=survey_id))


@bp.post("/codes/<int:code_id>/reassign")
@login_required("admin", "evaluator")
def reassign(survey_id: int, code_id: int) -> Any:
    survey_for_user(survey_id)
    store = get_store()
    chosen = [i for i in (form_int(x) for x in request.form.getlist("coding")) if i]
    try:
        target = form_int(request.form.get("target"))
        new_label = (request.form.get("new_label") or "").strip()
        if new_label:
            parent = store.code(code_id) or {}
            target = edit.add_code(
                store, survey_id, current_user_id(), new_label, parent_id=parent.get("parent_id")
            )
        if target is None:
            raise WorkbenchError("codebook.error.merge_choose")
        moved = edit.reassign(store, survey_id, current_user_id(), chosen, target)
    except WorkbenchError as error:
        return _refused(survey_id, error, code_id)
    flash(t("codebook.reassigned", n=moved))
    return redirect(url_for("codebook.code", survey_id=survey_id, code_id=code_id))


@bp.route("/preview")
@login_required("admin", "evaluator")
def preview(survey_id: int) -> Any:
    """How many answers these keywords would match, with a few of them (pseudonymised)."""
    survey_for_user(survey_id)
    typed = {lang: request.args.get(f"keywords_{lang}", "") for lang in ("sv", "en")}
    found = keyword_preview(get_store(), survey_id, typed)
    words = ", ".join(found.words)
    if found.more_words:
        words = t("codebook.preview_more_words", words=words, n=found.more_words)
    return jsonify(
        answers=found.answers,
        total=found.total,
        text=t("codebook.preview", n=found.answers, total=found.total),
        examples=list(found.examples),
        words=list(found.words),
        words_text=t("codebook.preview_words", words=words) if found.words else "",
    )


@bp.route("/export.<fmt>")
@login_required("admin", "evaluator")
def export(survey_id: int, fmt: str) -> Any:
    survey = survey_for_user(survey_id)
    store = get_store()
    if fmt == "toml":
        data = edit.to_toml(store, survey, CODEBOOK_LANGUAGE).encode("utf-8")
        mimetype = "application/toml"
    elif fmt == "json":
        data = edit.to_json(store, survey).encode("utf-8")
        mimetype = "application/json"
    elif fmt == "qdc":
        if not store.codes(survey_id):
            return _refused(survey_id, WorkbenchError("workbench.no_codes"))
        buffer = io.BytesIO()
        edit.export_qdc(store, survey_id, buffer)
        data, mimetype = buffer.getvalue(), "application/xml"
    elif fmt == "csv":  # for Taguette: tag,description with paths, commas whatever the language
        if not store.codes(survey_id):
            return _refused(survey_id, WorkbenchError("workbench.no_codes"))
        data, mimetype = edit.export_csv(store, survey_id).encode("utf-8"), "text/csv"
    else:
        return _refused(survey_id, WorkbenchError("workbench.error.bad_request", 404))
    privacy.audit(
        store,
        "export",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"what": "codebook", "format": fmt},
    )
    return send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"codebook-{survey['slug']}.{fmt}",
    )


@bp.post("/import")
@login_required("admin", "evaluator")
def import_file(survey_id: int) -> Any:
    """A codebook file: TOML, REFI-QDA (.qdc, .qdpx) or CSV (`tag,description` as Taguette
    writes it). The upload is read no further than its limit; a refusal is shown on the
    editor page in the user's language."""
    survey = survey_for_user(survey_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _refused(survey_id, WorkbenchError("codebook.error.no_file"))
    raw = upload.read(MAX_UPLOAD + 1)
    if len(raw) > MAX_UPLOAD:
        return _refused(survey_id, WorkbenchError("codebook.error.too_big"))
    name = upload.filename.lower()
    try:
        if name.endswith(".toml"):
            added, updated = edit.import_toml(
                get_store(), survey_id, current_user_id(), raw, upload.filename
            )
        elif name.endswith((".qdc", ".qdpx", ".qde", ".xml")):
            added, updated = edit.import_qdc(get_store(), survey_id, current_user_id(), raw)
        elif name.endswith((".csv", ".txt", ".xlsx")):
            added, updated = edit.import_csv(
                get_store(), survey_id, current_user_id(), raw, upload.filename
            )
        else:
            raise WorkbenchError("codebook.error.file_type")
    except WorkbenchError as error:
        return _editor_page(survey, [refusal_text(error)]), error.status
    flash(t("codebook.imported", added=added, updated=updated))
    return redirect(url_for("codebook.editor", survey_id=survey_id))


@bp.post("/starter")
@login_required("admin", "evaluator")
def starter(survey_id: int) -> Any:
    """Start from the bundled codebook for evaluations of school-social teams."""
    survey_for_user(survey_id)
    added, updated = edit.import_starter(get_store(), survey_id, current_user_id())
    flash(t("codebook.imported", added=added, updated=updated))
    return redirect(url_for("codebook.editor", survey_id=survey_id))
