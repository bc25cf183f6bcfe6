"""`survey serve` really serves: gunicorn with the app factory, the demo link answering."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SURVEY = Path(sys.executable).with_name("survey")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    not SURVEY.exists(), reason="the survey command is not installed in this environment"
)
def test_serve_answers_the_demo_link_and_keeps_links_out_of_its_log(tmp_path: Path) -> None:
    env = {**os.environ, "SURVEY_INSTANCE": str(tmp_path), "SURVEY_DB": str(tmp_path / "s.db")}
    for command in (["init"], ["demo"]):
        subprocess.run([str(SURVEY), *command], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [str(SURVEY), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/s/demo", timeout=2) as reply:
                    html = reply.read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert "Vilken är din arbetsplats och roll/funktion inom SST plus?" in html
    finally:
        server.terminate()
        server.wait(timeout=10)
    log = server.stdout.read().decode() if server.stdout else ""
    assert "Serving on" in log
    assert "/s/demo" not in log, "no access log by default: personal links carry tokens"
