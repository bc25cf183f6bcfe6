"""The deployment files start the app the way `survey serve` does.

Nothing is built here (no Docker engine, no network): the Dockerfile's and the systemd
unit's command lines and environments are read, handed to `survey serve --print-command`,
and compared with what `survey serve` runs given the same address and worker count."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from survey import config

ROOT = Path(__file__).resolve().parents[1]
SURVEY = Path(sys.executable).with_name("survey")
needs_cli = pytest.mark.skipif(not SURVEY.exists(), reason="the survey command is not installed")


def _dockerfile() -> tuple[dict[str, str], list[str], str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    final = text.split("\nFROM ")[-1]  # the runtime stage
    env: dict[str, str] = {}
    for line in final.splitlines():
        if line.startswith("ENV "):
            env.update(dict(tok.split("=", 1) for tok in shlex.split(line[4:])))
    cmd = re.search(r"^CMD (\[.*\])$", final, re.M)
    assert cmd
    return env, eval(cmd.group(1)), final  # noqa: S307 - a JSON list in our own file


def _unit(name: str) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in (ROOT / "deploy" / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def _printed(args: list[str], env: dict[str, str], tmp_path: Path) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_")}
    clean.pop("PORT", None)
    clean.pop("WEB_CONCURRENCY", None)
    run = subprocess.run(
        [str(SURVEY), *args, "--print-command"],
        env={**clean, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = run.stdout.strip().splitlines()
    return lines[-1].split()[1:]  # the interpreter itself differs between machines


@needs_cli
def test_the_container_serves_like_survey_serve_on_all_addresses(tmp_path: Path) -> None:
    env, cmd, _ = _dockerfile()
    assert cmd[:2] == ["sh", "-c"]
    steps = [shlex.split(step) for step in cmd[2].split("&&")]
    assert steps[0] == ["survey", "init"]
    assert steps[-1][:3] == ["exec", "survey", "serve"]
    container = _printed(steps[-1][2:], env, tmp_path)
    direct = _printed(
        ["serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"], {}, tmp_path
    )
    assert container == direct
    assert container[container.index("--bind") :][:2] == ["--bind", "0.0.0.0:8000"]
    assert container[-1] == "survey:create_app()"


def test_the_container_runs_as_a_user_on_debian_with_data_on_a_volume() -> None:
    env, _, final = _dockerfile()
    assert final.startswith("python:3.11-slim-bookworm")
    assert re.search(r"^USER survey$", final, re.M)
    assert env["SURVEY_INSTANCE"].startswith("/data/") and env["SURVEY_DB"].startswith("/data/")
    assert 'VOLUME ["/data"]' in final
    assert "/healthz" in re.search(r"HEALTHCHECK.*", final).group(0)  # type: ignore[union-attr]


@needs_cli
def test_the_systemd_unit_serves_like_survey_serve_behind_the_proxy(tmp_path: Path) -> None:
    unit = _unit("survey.service")
    env = dict(item.split("=", 1) for item in unit["Environment"])
    assert env["SURVEY_BEHIND_PROXY"] == "1" and env["SURVEY_HTTPS"] == "1"
    [start] = unit["ExecStart"]
    program, *args = shlex.split(start)
    assert Path(program).name == "survey" and args[0] == "serve"
    assert [Path(p).name for p in shlex.split(unit["ExecStartPre"][0])] == ["survey", "init"]
    from_unit = _printed(args, env, tmp_path)
    direct = _printed(
        ["serve", "--host", "127.0.0.1", "--port", env["PORT"], "--workers", env["SURVEY_WORKERS"]],
        {},
        tmp_path,
    )
    assert from_unit == direct
    assert unit["User"] == ["survey"] and unit["ReadWritePaths"] == ["/var/lib/survey"]


def test_the_app_trusts_the_proxy_headers_when_told_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SURVEY_BEHIND_PROXY", "1")
    monkeypatch.setenv("SURVEY_HTTPS", "1")
    settings = config.build(tmp_path)
    assert settings["BEHIND_PROXY"] is True and settings["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("SURVEY_BEHIND_PROXY", "0")
    assert "BEHIND_PROXY" not in config.build(tmp_path)


def test_nginx_forwards_to_the_units_port_with_the_headers_the_app_reads(tmp_path: Path) -> None:
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    env = dict(item.split("=", 1) for item in _unit("survey.service")["Environment"])
    assert f"proxy_pass http://127.0.0.1:{env['PORT']};" in nginx
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header}" in nginx
    body = re.search(r"client_max_body_size (\d+)m;", nginx)
    assert body and int(body.group(1)) * 1024 * 1024 > config.build(tmp_path)["MAX_CONTENT_LENGTH"]
    static = re.search(r"alias (\S+);", nginx)
    assert static and static.group(1).endswith("site-packages/survey/static/")
    assert "listen 443 ssl;" in nginx and "return 301 https://" in nginx


def test_the_backup_timer_runs_a_pruned_online_backup(runner, tmp_path: Path) -> None:
    service = _unit("survey-backup.service")
    [start] = service["ExecStart"]
    program, *args = shlex.split(start)
    assert Path(program).name == "survey" and args[0] == "backup" and "--keep" in args
    assert _unit("survey-backup.timer")["OnCalendar"]
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20250101-020000", "20250102-020000", "20250103-020000"):
        (folder / f"survey-{stamp}.db").write_bytes(b"old")
    (folder / "notes.txt").write_text("kept")
    result = runner("backup", str(folder), "--keep", "2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Backup written to ") and "integrity ok" in result.output
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 3 and "notes.txt" in kept and "survey-20250101-020000.db" not in kept


def test_the_deployment_guide_names_files_that_exist() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for name in re.findall(r"`(deploy/[\w.-]+|Dockerfile)`", guide):
        assert (ROOT / name).is_file(), name
    assert "/healthz" in guide and "survey backup" in guide
