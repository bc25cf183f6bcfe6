"""Starting and stopping gunicorn servers for benchmarks, with identical settings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


@contextmanager
def running(
    command: list[str], env: Mapping[str, str], probe: str, log: Path
) -> Iterator[subprocess.Popen]:
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(probe, process)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def survey_serve(db: Path, port: int, workers: int, env: Mapping[str, str], log: Path):
    command = [str(BIN / "survey"), "serve", "--db", str(db), "--port", str(port)]
    command += ["--workers", str(workers)]
    return running(command, env, f"http://127.0.0.1:{port}/", log)


def gunicorn(app: str, port: int, workers: int, env: Mapping[str, str], log: Path):
    """The same gunicorn settings `survey serve` uses, for another app."""
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += [app]
    return running(command, env, f"http://127.0.0.1:{port}/", log)
