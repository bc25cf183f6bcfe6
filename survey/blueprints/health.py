"""`GET /healthz`: for the load balancer, the container's HEALTHCHECK and the systemd
watchdog. Answers 200 when the database opens and its schema is current, else 503; it
says nothing else (no version, no path), since it needs no sign-in."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from survey.store import DatabaseError
from survey.web import get_store

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz() -> Any:
    try:
        ready = get_store().ready()
    except (DatabaseError, OSError):
        ready = False
    reply = jsonify(status="ok" if ready else "unavailable")
    reply.headers["Cache-Control"] = "no-store"
    return reply, 200 if ready else 503
