"""Administration: surveys with their response counts (accounts, invitations and
monitoring grow here)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from ..web import get_store, login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@login_required("admin")
def index() -> Any:
    store = get_store()
    return render_template(
        "admin/index.html",
        surveys=store.survey_overview(),
        questionnaires=store.questionnaire_summaries(),
    )
