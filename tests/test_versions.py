"""Importing a changed questionnaire makes a new version; old answers stay on theirs."""

from __future__ import annotations

from pathlib import Path

from survey.config import QUESTIONNAIRE_DIR
from survey.fielding.bootstrap import import_file


def test_changed_questionnaire_becomes_version_2_and_version_1_answers_are_kept(
    db, tmp_path: Path
) -> None:
    demo = db.survey("demo")
    v1 = db.version(demo["version_id"])
    v1_answers = {
        r["id"]: db.answers(r["id"])
        for r in db.db.query("SELECT id FROM responses WHERE survey_id = ?", (demo["id"],))
    }
    assert v1_answers, "the demo survey has sample answers"

    changed = tmp_path / "chefsenkat.toml"
    text = (QUESTIONNAIRE_DIR / "chefsenkat.toml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("Beskriv gärna kortfattat.", "Beskriv gärna med några meningar."),
        encoding="utf-8",
    )

    v2, created = import_file(db, changed)
    assert created and v2["version"] == v1["version"] + 1
    assert db.latest_version("chefsenkat")["id"] == v2["id"]

    # The old version and every answer given on it are untouched.
    assert db.load_version(v1["id"]).question("q5_samverkan").text["sv"].endswith("kortfattat.")
    assert db.load_version(v2["id"]).question("q5_samverkan").text["sv"].endswith("några meningar.")
    for response_id, answers in v1_answers.items():
        assert db.answers(response_id) == answers
    assert db.survey("demo")["version_id"] == v1["id"]


def test_importing_the_same_content_again_creates_no_version(db) -> None:
    before = db.latest_version("chefsenkat")
    row, created = import_file(db, QUESTIONNAIRE_DIR / "chefsenkat.toml")
    assert not created and row["id"] == before["id"]
