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
MENTION = "Kjelvar Drumsö var vår kontakt på skolan, och Kjelvars mamma ringde ofta."


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
    assert "Kjelvar" not in before and "Drumsö" not in before, "hidden while invited"
    privacy.erase(db, survey, email="kjelvar@example.org")
    assert db.invitations_by_email(survey["id"], "kjelvar@example.org") == []
    after = privacy.pseudonymiser(db, survey["id"]).apply(MENTION)
    assert after == before == "[NAMN] var vår kontakt på skolan, och [NAMN] mamma ringde ofta."
    # Kept only as hashes: the name is nowhere readable but in the other answer itself.
    db.db.execute("UPDATE answers SET value = 'ändrat'")
    db.db.execute("VACUUM")
    assert b"Kjelvar" not in db_path.read_bytes()


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
