"""Several workers starting at once on a new instance folder all get the same secret
key: none fails because another created the file first, none reads it half-written,
whether the app or `survey init` creates it."""

from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
import sys
from pathlib import Path

from survey import config

WORKERS = 8


def _start(folder: str, barrier: object, results: object) -> None:
    """One worker: wait for the others, then ask for the key at the same moment."""
    barrier.wait()  # type: ignore[attr-defined]
    try:
        results.put(config.secret_key(Path(folder)))  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001  (the test reports any failure)
        results.put(f"failed: {exc!r}")  # type: ignore[attr-defined]


def test_workers_starting_at_once_read_one_whole_key(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SURVEY_SECRET_KEY", raising=False)
    context = multiprocessing.get_context("fork")
    for round_ in range(15):
        folder = tmp_path / f"instance-{round_}"
        barrier, results = context.Barrier(WORKERS), context.Queue()
        workers = [
            context.Process(target=_start, args=(str(folder), barrier, results))
            for _ in range(WORKERS)
        ]
        for worker in workers:
            worker.start()
        keys = [results.get(timeout=30) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        assert len(set(keys)) == 1, keys
        assert len(keys[0]) == 64 and keys[0] == (folder / "secret_key").read_text()
        assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600
        assert sorted(p.name for p in folder.iterdir()) == ["secret_key"], "no temporary left"


def test_several_survey_init_at_once_create_one_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SURVEY_SECRET_KEY", "SURVEY_DB")}
    env["SURVEY_INSTANCE"] = str(tmp_path / "instance")
    command = [sys.executable, "-m", "survey", "init", "--db", str(tmp_path / "survey.db")]
    (tmp_path / "instance").mkdir()
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, outputs
    key = (tmp_path / "instance" / "secret_key").read_text()
    assert len(key) == 64
    assert config.secret_key(tmp_path / "instance") == key
