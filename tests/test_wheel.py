"""A wheel built from the repository runs outside the checkout: it carries its templates,
static files, questionnaires, codebooks and demo answers, and keeps its instance folder
in the working directory, never in site-packages.

The wheel is installed without dependencies into a fresh virtualenv in another folder;
the libraries it needs come from this test environment's site-packages through a .pth
line (no network), while `survey` itself can only come from the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import fetch_when_up, free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Built from a copy: setuptools leaves build/ and *.egg-info beside the sources, and a
    # stale build/lib would carry modules that no longer exist into later wheels.
    source = tmp_path_factory.mktemp("source") / "survey"
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "instance", "__pycache__", ".*_cache"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("survey-*.whl")
    return built


def test_the_wheel_carries_the_files_the_app_reads_at_run_time(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "survey/templates/base.html",
        "survey/static/style.css",
        "survey/questionnaires/chefsenkat.toml",
        "survey/questionnaires/vardnadshavare.toml",
        "survey/fielding/demo_answers.toml",
        "survey/translations/sv.toml",
        "survey/exchange/schemas/refi-qda/Project.xsd",
        "analysis/data/codebook_sst.toml",
        "analysis/data/cues.toml",
        "analysis/data/concepts.toml",
        "analysis/data/question_leaning.toml",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "bench/", "instance/")) for n in names)


def test_an_installed_wheel_initialises_seeds_the_demo_and_serves_it(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_", "PYTHON"))}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    survey = str(env_dir / "bin" / "survey")

    where = subprocess.run(
        [str(python), "-c", "import survey; print(survey.__file__)"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(site)), where  # the wheel's copy, not the checkout

    for command in (["init"], ["demo"]):
        done = subprocess.run([survey, *command], cwd=work, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert (work / "instance" / "survey.db").is_file()
    assert not (site / "instance").exists()

    port = free_port()
    server = subprocess.Popen(
        [survey, "serve", "--port", str(port), "--workers", "1"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        html = fetch_when_up(f"http://127.0.0.1:{port}/s/demo", server, 60)
        assert "Vilken är din arbetsplats och roll/funktion inom SST plus?" in html
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/style.css", timeout=3) as r:
            assert r.status == 200 and b"{" in r.read()
    finally:
        server.terminate()
        server.wait(timeout=10)
