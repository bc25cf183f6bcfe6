"""The health check the container and the proxy ask: up when the database is usable."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from survey import create_app


def test_health_check_answers_ok_without_signing_in(client: FlaskClient) -> None:
    reply = client.get("/healthz")
    assert reply.status_code == 200 and reply.get_json() == {"status": "ok"}
    assert reply.headers["Cache-Control"] == "no-store"


def test_health_check_fails_when_the_database_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "gone.db"
    app = create_app({"DATABASE": str(path), "TESTING": True, "INSTANCE_PATH": tmp_path})
    for leftover in tmp_path.glob("gone.db*"):
        leftover.unlink()
    reply = app.test_client().get("/healthz")
    assert reply.status_code == 503 and reply.get_json() == {"status": "unavailable"}
