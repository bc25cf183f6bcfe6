"""The `survey` command line: help everywhere, idempotent set-up, and bad input met with
one clear message, a non-zero exit and untouched data."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import click
import pytest

from survey.cli import main
from survey.config import QUESTIONNAIRE_DIR
from survey.store import connect

from .conftest import SurveyRunner


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


COMMANDS = _commands(main)
ENGINE_COMMANDS = {"code", "evaluate"}  # work on files, not on the database


def test_the_commands_the_foundation_promises_exist() -> None:
    assert {
        ("init",),
        ("demo",),
        ("serve",),
        ("questionnaire", "validate"),
        ("questionnaire", "import"),
        ("questionnaire", "list"),
    } <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(runner: SurveyRunner, command: tuple[str, ...]) -> None:
    result = runner(*command, "--help", db=False)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 20, f"`survey {' '.join(command)}` needs a help text"
    leaf = main
    for name in command:
        leaf = leaf.commands[name]  # type: ignore[attr-defined]
    if not isinstance(leaf, click.Group) and command[0] not in ENGINE_COMMANDS:
        assert "--db" in result.output


def test_init_creates_database_and_prints_one_time_admin_link(tmp_path: Path) -> None:
    runner = SurveyRunner(tmp_path / "ny.db")
    result = runner("init", "--base-url", "http://127.0.0.1:5001")
    assert result.exit_code == 0, result.output
    assert "questionnaire chefsenkat version 1: imported" in result.output
    assert "http://127.0.0.1:5001/setup/" in result.output
    again = runner("init")
    assert again.exit_code == 0
    assert "chefsenkat version 1: unchanged" in again.output


def test_init_demo_twice_keeps_the_data(tmp_path: Path) -> None:
    runner = SurveyRunner(tmp_path / "ny.db")
    runner("init")
    first = runner("demo")
    assert first.exit_code == 0 and "created" in first.output and "/s/demo" in first.output
    store = connect(tmp_path / "ny.db")
    survey = store.survey("demo")
    counted = store.count_responses(survey["id"])
    codes = len(store.codes(survey["id"]))
    suggestions = store.count_open_suggestions(
        survey["id"], store.survey("demo")["suggestion_codebook_id"]
    )
    store.close()
    assert counted >= 5
    assert codes > 10 and suggestions > 10, "the workbench has a codebook and suggestions to show"
    runner("init")
    second = runner("demo")
    assert "already there" in second.output and "codebook added" not in second.output
    store = connect(tmp_path / "ny.db")
    assert store.count_responses(store.survey("demo")["id"]) == counted
    assert len(store.codes(survey["id"])) == codes
    store.close()


def test_commands_on_a_missing_database_say_how_to_create_it(tmp_path: Path) -> None:
    result = SurveyRunner(tmp_path / "saknas.db")("questionnaire", "list")
    assert result.exit_code == 1
    assert "no database at" in result.output and "survey init" in result.output
    assert not (tmp_path / "saknas.db").exists()


def test_database_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    result = SurveyRunner(tmp_path / "finns" / "inte" / "s.db")("init")
    assert result.exit_code == 1 and "does not exist" in result.output


def test_read_only_database_is_refused_and_left_intact(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    runner = SurveyRunner(path)
    runner("init")
    before = path.read_bytes()
    changed = tmp_path / "chefsenkat.toml"
    changed.write_text(
        (QUESTIONNAIRE_DIR / "chefsenkat.toml").read_text().replace("Om dig", "Om dig själv")
    )
    chattr = shutil.which("chattr")
    immutable = (
        chattr and subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode == 0
    )
    if not immutable:
        path.chmod(0o444)
    try:
        result = runner("questionnaire", "import", str(changed))
    finally:
        if immutable:
            subprocess.run([chattr, "-i", str(path)], check=True)
        path.chmod(0o644)
    if not immutable and result.exit_code == 0:
        pytest.skip("running as root without chattr: the file cannot be made read-only here")
    assert result.exit_code == 1
    assert "read-only" in result.output
    assert path.read_bytes() == before


def test_broken_questionnaire_is_reported_with_file_and_question_and_not_imported(
    runner: SurveyRunner, tmp_path: Path, db
) -> None:
    broken = tmp_path / "trasig.toml"
    text = (QUESTIONNAIRE_DIR / "chefsenkat.toml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('id = "q8_tips"\n  type = "textarea"', 'id = "q8_tips"\n  type = "fritext"')
    )
    for command in ("validate", "import"):
        result = runner("questionnaire", command, str(broken))
        assert result.exit_code == 1
        assert str(broken) in result.output
        assert "question 'q8_tips'" in result.output and "unknown type 'fritext'" in result.output
    assert db.latest_version("chefsenkat")["version"] == 1


def test_validate_says_whether_import_would_make_a_new_version(
    runner: SurveyRunner, tmp_path: Path
) -> None:
    same = runner("questionnaire", "validate", str(QUESTIONNAIRE_DIR / "chefsenkat.toml"))
    assert same.exit_code == 0 and "same as stored version 1" in same.output
    changed = tmp_path / "chefsenkat.toml"
    changed.write_text(
        (QUESTIONNAIRE_DIR / "chefsenkat.toml").read_text().replace("Om dig", "Om dig själv")
    )
    result = runner("questionnaire", "validate", str(changed))
    assert "importing would create version 2" in result.output


def test_import_of_a_changed_file_reports_version_2_and_list_shows_it(
    runner: SurveyRunner, tmp_path: Path
) -> None:
    changed = tmp_path / "chefsenkat.toml"
    changed.write_text(
        (QUESTIONNAIRE_DIR / "chefsenkat.toml").read_text().replace("Om dig", "Om dig själv")
    )
    result = runner("questionnaire", "import", str(changed))
    assert result.exit_code == 0 and "chefsenkat: imported as version 2" in result.output
    listing = runner("questionnaire", "list")
    assert "chefsenkat\tversion 2 (2 in all)" in listing.output


def test_unknown_option_is_a_usage_error(runner: SurveyRunner) -> None:
    result = runner("init", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option" in result.output and "--no-such-option" in result.output
    assert "survey init --help" in result.output


def test_survey_db_environment_variable_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("SURVEY_DB", str(path))
    result = SurveyRunner(path)("init", db=False)
    assert result.exit_code == 0 and str(path) in result.output
    assert path.exists()


def test_serve_refuses_a_missing_database_before_starting_a_server(tmp_path: Path) -> None:
    result = SurveyRunner(tmp_path / "saknas.db")("serve", "--port", "5999")
    assert result.exit_code == 1 and "no database at" in result.output


def test_bare_survey_prints_the_first_run_link_while_no_admin_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    monkeypatch.setenv("SURVEY_DB", str(path))
    first = SurveyRunner(path)(db=False)
    assert "run `survey init`" in first.output and "Usage:" in first.output
    SurveyRunner(path)("init")
    second = SurveyRunner(path)(db=False)
    assert "No administrator yet" in second.output and "/setup/" in second.output
