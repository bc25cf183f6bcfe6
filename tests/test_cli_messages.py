"""What the command line says when people make everyday mistakes: one line naming the file
for an --out that cannot be written, a respondent looked up before the erase question,
and backups and restores reported in sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.cli.common import file_problem
from survey.store import Store

from .conftest import SurveyRunner, invite, new_survey


@pytest.mark.parametrize(
    "command",
    [
        ("export", "responses", "demo", "--format", "csv"),
        ("export", "codings", "demo", "--format", "json"),
        ("access", "demo", "--email", "ingen@example.org"),
    ],
)
def test_out_into_a_missing_folder_is_one_line_not_a_traceback(
    runner: SurveyRunner, tmp_path: Path, command: tuple[str, ...]
) -> None:
    target = tmp_path / "finns-inte" / "ut.fil"
    result = runner(*command, "--out", str(target))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "does not exist" in lines[0] and "finns-inte" in lines[0]


def test_invite_checks_the_out_folder_before_creating_any_invitation(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    people = tmp_path / "personer.csv"
    people.write_text("namn;e-post\nAnna;anna@example.org\n", encoding="utf-8")
    result = runner(
        "invite", "chefer", "--csv", str(people), "--out", str(tmp_path / "nej" / "l.csv")
    )
    assert result.exit_code == 1 and "the folder" in result.output
    assert db.invitation_emails(survey["id"]) == set(), "no links were made that nobody has"
    ok = runner("invite", "chefer", "--csv", str(people), "--out", str(tmp_path / "l.csv"))
    assert ok.exit_code == 0 and db.invitation_emails(survey["id"]) == {"anna@example.org"}


def test_operating_system_errors_read_as_one_plain_line() -> None:
    assert file_problem(PermissionError(13, "Permission denied", "/srv/ut.csv")) == (
        "cannot write /srv/ut.csv: permission denied (choose a folder you can write to)"
    )
    assert "it is a folder" in file_problem(IsADirectoryError(21, "Is a directory", "/tmp"))


def test_erase_looks_the_respondent_up_before_asking(runner: SurveyRunner, db: Store) -> None:
    result = runner("erase", "demo", "--email", "ingen@example.org")
    assert result.exit_code == 1
    assert "no invitation of this survey matches" in result.output
    assert "for good?" not in result.output, "nothing to confirm when nobody matches"


def test_erase_asks_with_what_it_found_and_deletes_on_yes(runner: SurveyRunner, db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    invite(db, survey, email="per@example.org", name="Per")
    from click.testing import CliRunner

    from survey.cli import main

    answered = CliRunner().invoke(
        main,
        ["erase", "chefer", "--email", "per@example.org", "--db", str(runner.db_path)],
        input="y\n",
    )
    assert "Delete 0 response(s) and 1 invitation(s) for good?" in answered.output
    assert answered.exit_code == 0 and db.invitation_emails(survey["id"]) == set()


def test_backup_and_restore_report_in_sentences(runner: SurveyRunner, tmp_path: Path) -> None:
    copy = tmp_path / "kopia.db"
    backup = runner("backup", str(copy))
    assert backup.exit_code == 0
    assert backup.output.startswith(f"Backup written to {copy}: integrity ok, ")
    assert "{" not in backup.output
    restored = runner("restore", str(copy), "--yes")
    assert restored.exit_code == 0
    assert "{" not in restored.output and "responses" in restored.output
    assert "Restored " in restored.output and restored.output.rstrip().endswith("accounts.")
