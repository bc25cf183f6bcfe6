"""Configuration: the secret key is generated, kept and never a constant; the instance
folder's config.toml and the environment are honoured; nothing is created at import."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from survey import create_app


def _app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **config):
    monkeypatch.delenv("SURVEY_SECRET_KEY", raising=False)
    monkeypatch.delenv("SURVEY_DB", raising=False)
    monkeypatch.setenv("SURVEY_INSTANCE", str(tmp_path))
    return create_app({"DATABASE": str(tmp_path / "s.db"), **config})


def test_secret_key_is_generated_once_into_the_instance_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _app(tmp_path, monkeypatch)
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 64
    assert _app(tmp_path, monkeypatch).config["SECRET_KEY"] == first.config["SECRET_KEY"]
    other = tmp_path / "other"
    other.mkdir()
    assert _app(other, monkeypatch).config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_environment_secret_key_and_database_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SURVEY_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SURVEY_SECRET_KEY", "från-miljön")
    monkeypatch.setenv("SURVEY_DB", str(tmp_path / "miljo.db"))
    app = create_app()
    assert app.config["SECRET_KEY"] == "från-miljön"
    assert app.config["DATABASE"] == str(tmp_path / "miljo.db")
    assert (tmp_path / "miljo.db").exists()
    assert not (tmp_path / "secret_key").exists()


def test_instance_config_toml_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.toml").write_text(
        'max_content_length = 12345\n[smtp]\nhost = "localhost"\n'
    )
    app = _app(tmp_path, monkeypatch)
    assert app.config["MAX_CONTENT_LENGTH"] == 12345
    assert app.config["SMTP"] == {"host": "localhost"}


def test_broken_config_toml_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.toml").write_text("max_content_length = \n")
    with pytest.raises(RuntimeError, match="config.toml"):
        _app(tmp_path, monkeypatch)


def test_importing_the_packages_creates_no_app_connection_or_pipeline() -> None:
    code = (
        "import sys, survey, survey.cli, survey.store, survey.fielding.forms, analysis\n"
        "import flask\n"
        "assert 'spacy' not in sys.modules, 'spaCy imported at import time'\n"
        "import importlib, pkgutil\n"
        "for pkg in (survey, analysis):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import gc, sqlite3\n"
        "assert not [o for o in gc.get_objects() if isinstance(o, sqlite3.Connection)]\n"
        "assert not [o for o in gc.get_objects() if isinstance(o, flask.Flask)]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_analysis_package_does_not_import_flask() -> None:
    code = "import sys, analysis\nassert 'flask' not in sys.modules\n"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_https_deployments_get_secure_cookies_and_proxy_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SURVEY_HTTPS", "1")
    (tmp_path / "config.toml").write_text("behind_proxy = true\n")
    app = _app(tmp_path, monkeypatch)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    reply = app.test_client().get(
        "/s/finns-inte?lang=en",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    )
    cookie = reply.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
