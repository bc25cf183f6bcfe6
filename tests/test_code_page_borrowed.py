"""A codebook written elsewhere borrows the starter codebook's keywords where its codes
meet the starter's (`analysis.borrowing`): the code page names those themes and their
words, since a suggestion's evidence may be one of them and not a word the code lists."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from survey.store import Store
from survey.workbench import codebook_editor as editor
from survey.workbench.suggestions import code_survey
from survey.workbench.training import CODEBOOK_LANGUAGE
from tests.analysis.conftest import FAMILY_CODEBOOK
from tests.conftest import Auth


def _family_survey(client: FlaskClient, db: Store, team: dict) -> tuple[dict, str]:
    """A survey of the demo questionnaire coded with the family codebook, an evaluator
    signed in on it; and the URL of its codebook pages."""
    survey = db.create_survey(
        slug="familjer", version_id=team["survey"]["version_id"], title="Familjer", anonymous=True
    )
    editor.import_toml(db, survey["id"], None, FAMILY_CODEBOOK.encode(), "familj.toml")
    user = Auth(client, db).sign_in("evaluator")
    db.assign(user["id"], survey["id"])
    return survey, f"/coding/surveys/{survey['id']}/codebook/codes"


def _borrowed_section(html: str) -> str:
    found = re.search(r'<div class="question borrowed">.*?</div>', html, re.S)
    return found.group(0) if found else ""


def test_the_code_page_names_the_starter_themes_a_code_borrows_after_a_run(
    client: FlaskClient, db: Store, team: dict
) -> None:
    survey, codes = _family_survey(client, db, team)
    trust = db.code_by_key(survey["id"], "tillit")
    leisure = db.code_by_key(survey["id"], "fritid")
    # Before the engine has suggested with the codebook nothing is known, nothing shown.
    assert _borrowed_section(client.get(f"{codes}/{trust['id']}").get_data(as_text=True)) == ""

    code_survey(db, survey["id"], editor.to_codebook(db, survey, CODEBOOK_LANGUAGE))
    assert db.suggestion_borrowed(survey["id"]) == {"tillit": ["relation_fortroende"]}

    section = _borrowed_section(client.get(f"{codes}/{trust['id']}").get_data(as_text=True))
    assert "bygga på nyckelorden i de här temana" in section
    assert "<summary>Relation och förtroende</summary>" in section
    swedish = re.search(r'<p>På svenska: <span lang="sv">([^<]*)</span></p>', section)
    assert swedish and {"förtroende", "lyhörd", "kontinuitet"} <= set(swedish.group(1).split(", "))
    # The code meeting no starter theme shows no such section.
    html = client.get(f"{codes}/{leisure['id']}").get_data(as_text=True)
    assert "Fritidsaktiviteter" in html and _borrowed_section(html) == ""


def test_an_english_page_names_the_borrowed_theme_in_english(
    client: FlaskClient, db: Store, team: dict
) -> None:
    survey, codes = _family_survey(client, db, team)
    code_survey(db, survey["id"], editor.to_codebook(db, survey, CODEBOOK_LANGUAGE))
    trust = db.code_by_key(survey["id"], "tillit")
    html = client.get(f"{codes}/{trust['id']}?lang=en").get_data(as_text=True)
    section = _borrowed_section(html)
    assert "<summary>Relationship and trust</summary>" in section
    assert re.search(r'<p>In English: <span lang="en">[^<]*\btrust\b', section)


def test_the_starter_codebook_borrows_nothing_and_its_pages_say_nothing_of_it(
    client: FlaskClient, db: Store, team: dict, suggest
) -> None:
    suggest()
    sid = team["survey"]["id"]
    assert db.suggestion_borrowed(sid) == {}
    user = Auth(client, db).sign_in("evaluator")
    db.assign(user["id"], sid)
    code = db.code_by_key(sid, "relation_fortroende")
    html = client.get(f"/coding/surveys/{sid}/codebook/codes/{code['id']}").get_data(as_text=True)
    assert "Relation och förtroende" in html and _borrowed_section(html) == ""
