"""Reports: a page per survey (or per evaluation of several surveys) in Swedish or
English with its figures, and downloads as Word and as a ZIP bundle (Markdown, HTML,
Word, figures). The page prints as a clean PDF from the browser. The surveys combined,
the double-coding sample and the grouping are query parameters, so a link names the
report exactly."""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    send_from_directory,
    url_for,
)
from markupsafe import Markup

from survey import privacy
from survey.reports import render as report_render
from survey.reports.build import UnknownSample, build_report
from survey.reports.model import Report
from survey.web import (
    current_user,
    form_int,
    get_store,
    login_required,
    survey_for_user,
    visible_surveys,
)

bp = Blueprint("reports", __name__, url_prefix="/reports")

FIGURE_RE = re.compile(r"^[a-z0-9_-]{1,80}\.png$")
LANGS = ("sv", "en")
MAX_SURVEYS = 6


@bp.route("/")
@login_required("admin", "evaluator", "viewer")
def index() -> Any:
    return render_template("reports/index.html", surveys=visible_surveys())


@bp.route("/combined")
@login_required("admin", "evaluator", "viewer")
def combined() -> Any:
    """The index page's form: several surveys in one evaluation report."""
    ids = [survey_for_user(i)["id"] for i in _ids(request.args.getlist("survey"))]
    if not ids:
        return redirect(url_for("reports.index"))
    lang = request.args.get("lang") if request.args.get("lang") in LANGS else g.get("lang", "sv")
    extra: dict[str, Any] = {"with": ids[1:]}
    return redirect(url_for("reports.report", survey_id=ids[0], report_lang=lang, **extra))


def _ids(values: list[str]) -> list[int]:
    ids = [i for i in (form_int(v) for v in values) if i]
    return list(dict.fromkeys(ids))[:MAX_SURVEYS]


def _options(survey_id: int) -> tuple[list[dict[str, Any]], str | None, str | None]:
    """The surveys of the report (each one the user may see), the sample's name and the
    grouping, from the query string."""
    ids = _ids([str(survey_id), *request.args.getlist("with")])
    surveys = [survey_for_user(i) for i in ids]
    sample = (request.args.get("sample") or "").strip()[:80] or None
    group_by = (request.args.get("group_by") or "").strip()[:80] or None
    return surveys, sample, group_by


def _prefix(surveys: list[dict[str, Any]], sample: str | None, group_by: str | None) -> str:
    """Figure names of a report other than one survey's plain one start with a key of
    its options, so two people viewing different reports never overwrite each other's
    figures ("" for the plain report)."""
    if len(surveys) == 1 and sample is None and group_by is None:
        return ""
    raw = repr(([s["id"] for s in surveys], sample, group_by)).encode()
    return "k" + hashlib.sha256(raw).hexdigest()[:12] + "-"


def _figure_dir(survey_id: int, lang: str) -> Path:
    return Path(current_app.instance_path) / "reports" / str(survey_id) / lang / "figures"


def _build(
    surveys: list[dict[str, Any]], lang: str, sample: str | None, group_by: str | None
) -> Report:
    try:
        return build_report(
            get_store(), [s["id"] for s in surveys], lang, group_by=group_by, sample=sample
        )
    except UnknownSample:
        abort(404)


def _audit(surveys: list[dict[str, Any]], detail: dict[str, Any]) -> None:
    for survey in surveys:
        privacy.audit(
            get_store(),
            "report",
            user=current_user(),
            target=f"survey:{survey['id']}",
            detail=detail,
        )


@bp.route("/surveys/<int:survey_id>")
@login_required("admin", "evaluator", "viewer")
def report_default(survey_id: int) -> Any:
    survey_for_user(survey_id)
    lang = g.get("lang", "sv")
    return redirect(url_for("reports.report", survey_id=survey_id, report_lang=lang))


@bp.route("/surveys/<int:survey_id>/<report_lang>/")
@login_required("admin", "evaluator", "viewer")
def report(survey_id: int, report_lang: str) -> Any:
    """The report itself; its figures are drawn into the instance folder and referenced
    relatively (figures/…)."""
    if report_lang not in LANGS:
        abort(404)
    surveys, sample, group_by = _options(survey_id)
    built = _build(surveys, report_lang, sample, group_by)
    _audit(surveys, {"view": "page"})
    prefix = _prefix(surveys, sample, group_by)
    folder = _figure_dir(survey_id, report_lang)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix or 's'}*.png"):
        old.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as work:
        drawn = report_render.draw_figures(built, Path(work))
        for figure in Path(work).glob("*.png"):
            os.replace(figure, folder / f"{prefix}{figure.name}")
    body = report_render.html_fragment(report_render.markdown_text(drawn))
    body = body.replace('src="figures/', f'src="figures/{prefix}')
    store = get_store()
    samples = sorted({s["name"] for v in surveys for s in store.samples(v["id"])})
    chosen = {s["id"] for s in surveys}
    query = {"with": [s["id"] for s in surveys[1:]], "sample": sample, "group_by": group_by}
    return render_template(
        "reports/report.html",
        survey=surveys[0],
        surveys=surveys,
        others=[s for s in visible_surveys() if s["id"] not in chosen],
        samples=samples,
        sample=sample,
        group_by=group_by,
        query={k: v for k, v in query.items() if v},
        report_lang=report_lang,
        body=Markup(body),  # noqa: S704  (built from escaped Markdown, tested)
    )


@bp.route("/surveys/<int:survey_id>/<report_lang>/figures/<name>")
@login_required("admin", "evaluator", "viewer")
def figure(survey_id: int, report_lang: str, name: str) -> Any:
    survey_for_user(survey_id)
    if report_lang not in LANGS or not FIGURE_RE.match(name):
        abort(404)
    return send_from_directory(_figure_dir(survey_id, report_lang), name, mimetype="image/png")


@bp.route("/surveys/<int:survey_id>/<report_lang>/report.<fmt>")
@login_required("admin", "evaluator", "viewer")
def download(survey_id: int, report_lang: str, fmt: str) -> Any:
    if fmt not in ("docx", "zip") or report_lang not in LANGS:
        abort(404)
    surveys, sample, group_by = _options(survey_id)
    built = _build(surveys, report_lang, sample, group_by)
    _audit(surveys, {"download": fmt})
    slug = "-".join(s["slug"] for s in surveys)[:80]
    name = f"rapport-{slug}-{report_lang}.{fmt}"
    with tempfile.TemporaryDirectory() as tmp:
        written = report_render.write_formats(built, Path(tmp), [fmt], name)
        data = written.paths[fmt].read_bytes()
    mimetype = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if fmt == "docx"
        else "application/zip"
    )
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
