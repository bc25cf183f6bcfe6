"""Reports on coded themes: the surveys a report can be made for."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from ..web import login_required, visible_surveys

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.route("/")
@login_required("admin", "evaluator", "viewer")
def index() -> Any:
    return render_template("reports/index.html", surveys=visible_surveys())
