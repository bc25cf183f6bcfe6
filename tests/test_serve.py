"""`survey serve` really serves: gunicorn with the app factory, the demo link answering."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from survey.cli.root import gunicorn_argv
from tests.conftest import fetch_when_up, free_port

SURVEY = Path(sys.executable).with_name("survey")


@pytest.mark.skipif(
    not SURVEY.exists(), reason="the survey command is not installed in this environment"
)
def test_serve_answers_the_demo_link_and_keeps_links_out_of_its_log(tmp_path: Path) -> None:
    env = {**os.environ, "SURVEY_INSTANCE": str(tmp_path), "SURVEY_DB": str(tmp_path / "s.db")}
    for command in (["init"], ["demo"]):
        subprocess.run([str(SURVEY), *command], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [str(SURVEY), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        html = fetch_when_up(f"http://127.0.0.1:{port}/s/demo", server, 30)
        assert "Vilken är din arbetsplats och roll/funktion inom SST plus?" in html
    finally:
        server.terminate()
        server.wait(timeout=10)
    log = server.stdout.read().decode() if server.stdout else ""
    assert "Serving on" in log
    assert "/s/demo" not in log, "no access log by default: personal links carry tokens"


def test_workers_are_forked_from_one_built_app_and_replaced_at_spread_times() -> None:
    """Workers are replaced after a number of requests. Built in each worker, a new one
    took seconds under load, and workers sharing the load evenly were replaced together:
    nobody was answered meanwhile (`make bench`: p99 0.8 s at 100 responses/s, 10 ms
    with the app built once). The command the container and the systemd unit run."""
    argv = gunicorn_argv("127.0.0.1", 8000, 4, False)
    assert "--preload" in argv
    limit = int(argv[argv.index("--max-requests") + 1])
    spread = int(argv[argv.index("--max-requests-jitter") + 1])
    assert spread >= limit // 2
