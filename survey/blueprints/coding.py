"""The evaluators' coding area: the surveys they can code."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from ..web import login_required, visible_surveys

bp = Blueprint("coding", __name__, url_prefix="/coding")


@bp.route("/")
@login_required("admin", "evaluator")
def index() -> Any:
    return render_template("coding/index.html", surveys=visible_surveys())
