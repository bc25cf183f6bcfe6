"""Erasure that really erases, without un-hiding anything: a respondent's name stays
hidden in others' answers once their invitation is gone (kept only as hashes)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from survey import privacy
from survey.privacy.pseudonymise import Pseudonymiser
from survey.store import Store
from tests.conftest import invite, new_survey, post_form

# An invented name: no name list knows it, so only the survey's own list can hide it.
ERASED = "Kjelvar Drumsö"
# Typed in lower case and with no word around it that tells a person, so that only the
# list can hide it (no detector would).
MENTION = "vi hade kjelvar drumsö som kontakt på skolan, och kjelvars kollegor ringde ofta."


def _two_respondents(db: Store, app: Flask) -> dict:
    """An invitation survey where Kjelvar answers, and another respondent names him."""
    survey = new_survey(db, "chefsenkat", "personlig", anonymous=False)
    mine = invite(db, survey, name=ERASED, email="kjelvar@example.org")
    other = invite(db, survey, name="Sara Lind", email="sara@example.org")
    post_form(app.test_client(), f"/i/{mine}/1", {"q1_roll": "Kurator på skolan"})
    post_form(app.test_client(), f"/i/{other}/1", {"q1_roll": MENTION})
    return survey


def test_an_erased_respondents_name_stays_hidden_in_others_answers(
    db: Store, app: Flask, db_path: Path
) -> None:
    assert Pseudonymiser().apply(MENTION) == MENTION, "no list: the name shows (control)"
    survey = _two_respondents(db, app)
    before = privacy.pseudonymiser(db, survey["id"]).apply(MENTION)
    assert "kjelvar" not in before and "drumsö" not in before, "hidden while invited"
    privacy.erase(db, survey, email="kjelvar@example.org")
    assert db.invitations_by_email(survey["id"], "kjelvar@example.org") == []
    after = privacy.pseudonymiser(db, survey["id"]).apply(MENTION)
    assert (
        after
        == before
        == ("vi hade [NAMN] som kontakt på skolan, och [NAMN] kollegor ringde ofta.")
    )
    # Kept only as hashes: no row outside the answers holds the name readable.
    for table in db.db.table_names():
        if table != "answers" and not table.startswith(("answers_fts", "answers_masked")):
            rows = db.db.execute(f"SELECT * FROM [{table}]").fetchall()  # noqa: S608
            assert "kjelvar" not in repr(rows).lower(), table


def test_hashed_names_keep_the_everyday_word_guard() -> None:
    """A name whose parts are everyday words ("Per Berg") is hidden as a name, not as a
    word: "per vecka" stays, just as for a readable list."""
    from survey.privacy.pseudonymise import hidden_forms

    hidden = hidden_forms("Per Berg", "salt")
    masker = Pseudonymiser(hidden=hidden, salt="salt")
    assert masker.apply("Vi ringde Per Berg två gånger per vecka.") == (
        "Vi ringde [NAMN] två gånger per vecka."
    )
    assert masker.apply("Per vecka blev det tre möten.") == "Per vecka blev det tre möten."


# Invented words, in no name list and no other answer: wherever they are found after an
# erasure, the erasure left them there.
ERASED_WORDS = ("Qvarnbrolyckan", "Tjärnmossgläntan")
RESUME = "KVRN-7Q4X"


def _holds(path: Path) -> set[str]:
    """Which of the erased words a file or folder holds, in any case."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    data = b"".join(p.read_bytes() for p in files).lower()
    return {w for w in ERASED_WORDS if w.lower().encode() in data}


def test_after_an_erasure_no_backup_index_or_model_holds_the_erased_words(
    runner, db: Store, team: dict, db_path: Path, tmp_path: Path
) -> None:
    from survey.privacy import search
    from survey.store import now
    from survey.tokens import hash_code
    from survey.workbench import actions, training

    survey = team["survey"]
    sid = survey["id"]
    response = db.create_response(sid, "sv", resume_hash=hash_code(sid, RESUME))
    question = db.question_ids(survey["version_id"])["q6_lardomar"]
    text = f"Kartläggningen i {ERASED_WORDS[0]} gick bra, och {ERASED_WORDS[1]} hjälpte till."
    db.save_answers(response, {question: text})
    erased = db.open_answers(sid)[-1]
    assert erased["text"] == text
    code = db.code_by_key(sid, "kartlaggning")["id"]
    for answer in [erased, *team["answers"][:12]]:
        actions.add_coding(db, sid, team["anna"], answer["id"], code)
    run = db.start_training(sid, None, now())
    assert run is not None
    assert training.run_training(db, survey, db_path.parent, run)["model"]
    search.refresh(db, sid)

    models = db_path.parent / "models"
    assert _holds(models), "the model learnt the words (control)"
    assert runner("backup", str(tmp_path / "before.db")).exit_code == 0
    assert _holds(tmp_path / "before.db") == set(ERASED_WORDS), "a backup holds them (control)"

    result = runner("erase", "demo", "--resume-code", RESUME, "--yes")
    assert result.exit_code == 0 and "retired" in result.output, result.output
    assert runner("backup", str(tmp_path / "after.db")).exit_code == 0
    assert _holds(tmp_path / "after.db") == set()
    assert _holds(db_path) == set(), "nor the live database file"
    assert not models.exists() or _holds(models) == set()
    assert db.response(response) is None


def _trained_on_an_answer_with_the_words(db: Store, team: dict, db_path: Path) -> Path:
    """A model of the team's survey trained on codings that include an answer holding
    the invented words; the models folder."""
    from survey.store import now
    from survey.workbench import actions, training

    survey = team["survey"]
    sid = survey["id"]
    response = db.create_response(sid, "sv")
    question = db.question_ids(survey["version_id"])["q6_lardomar"]
    db.save_answers(response, {question: f"Mötet i {ERASED_WORDS[0]} och {ERASED_WORDS[1]}."})
    answer = db.open_answers(sid)[-1]
    code = db.code_by_key(sid, "kartlaggning")["id"]
    for coded in [answer, *team["answers"][:12]]:
        actions.add_coding(db, sid, team["anna"], coded["id"], code)
    run = db.start_training(sid, None, now())
    assert run is not None
    assert training.run_training(db, survey, db_path.parent, run)["model"]
    models = db_path.parent / "models"
    assert _holds(models), "the model learnt the words (control)"
    return models


def test_a_retention_purge_retires_the_models_trained_on_the_purged_answers(
    runner, db: Store, team: dict, db_path: Path
) -> None:
    models = _trained_on_an_answer_with_the_words(db, team, db_path)
    assert runner("retention", "demo", "--delete-after", "2026-01-31").exit_code == 0
    kept = runner("purge", "--today", "2026-01-31")
    assert "nothing to delete" in kept.output
    assert _holds(models), "nothing past its date: the model stays"
    result = runner("purge", "--today", "2026-02-01")
    assert result.exit_code == 0 and "retired" in result.output, result.output
    assert db.response_ids(team["survey"]["id"]) == []
    assert not models.exists() or _holds(models) == set()


def test_the_purge_when_the_app_starts_retires_the_models_too(
    db: Store, team: dict, db_path: Path
) -> None:
    from survey import create_app

    models = _trained_on_an_answer_with_the_words(db, team, db_path)
    db.set_retention(team["survey"]["id"], "2000-01-01")
    create_app({"DATABASE": str(db_path), "TESTING": True})
    assert db.response_ids(team["survey"]["id"]) == []
    assert not models.exists() or _holds(models) == set()
