"""Reports on coded themes: a page per survey in Swedish or English with its figures,
and downloads as Word and as a ZIP bundle (Markdown, HTML, Word, figures). The page
prints as a clean PDF from the browser."""

from __future__ import annotations

import io
import re
import shutil
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
    send_file,
    send_from_directory,
    url_for,
)
from markupsafe import Markup

from survey import privacy
from survey.reports import render as report_render
from survey.reports.build import build_report
from survey.web import current_user, get_store, login_required, survey_for_user, visible_surveys

bp = Blueprint("reports", __name__, url_prefix="/reports")

FIGURE_RE = re.compile(r"^[a-z0-9_-]{1,80}\.png$")
LANGS = ("sv", "en")


@bp.route("/")
@login_required("admin", "evaluator", "viewer")
def index() -> Any:
    return render_template("reports/index.html", surveys=visible_surveys())


def _figure_dir(survey_id: int, lang: str) -> Path:
    return Path(current_app.instance_path) / "reports" / str(survey_id) / lang / "figures"


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
    relatively (figures/…), as in the downloaded HTML."""
    survey = survey_for_user(survey_id)
    if report_lang not in LANGS:
        abort(404)
    report = build_report(get_store(), survey_id, report_lang)
    privacy.audit(
        get_store(),
        "report",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"view": "page"},
    )
    folder = _figure_dir(survey_id, report_lang)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    figured = report_render.draw_figures(report, folder)
    body = report_render.html_fragment(report_render.markdown_text(figured))
    return render_template(
        "reports/report.html",
        survey=survey,
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
    survey = survey_for_user(survey_id)
    if fmt not in ("docx", "zip") or report_lang not in LANGS:
        abort(404)
    report = build_report(get_store(), survey_id, report_lang)
    privacy.audit(
        get_store(),
        "report",
        user=current_user(),
        target=f"survey:{survey_id}",
        detail={"download": fmt},
    )
    name = f"rapport-{survey['slug']}-{report_lang}.{fmt}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        if fmt == "docx":
            report_render.write_docx(report, path)
            mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            report_render.write_bundle(report, path)
            mimetype = "application/zip"
        data = path.read_bytes()
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
