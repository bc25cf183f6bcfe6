"""The code page of a codebook written elsewhere, in a browser: the starter themes whose
keywords a code borrows are listed closed, and open to show their words."""

from __future__ import annotations

from typing import Any

from survey.store import Store
from survey.workbench import codebook_editor as editor
from survey.workbench.suggestions import code_survey
from survey.workbench.training import CODEBOOK_LANGUAGE
from tests.analysis.conftest import FAMILY_CODEBOOK


def test_an_evaluator_opens_a_borrowed_theme_to_see_its_words(
    db: Store, live_server: str, new_page: Any, staff: Any, sign_in_page: Any
) -> None:
    survey = db.survey("demo")
    editor.import_toml(db, survey["id"], None, FAMILY_CODEBOOK.encode(), "familj.toml")
    code_survey(db, survey["id"], editor.to_codebook(db, survey, CODEBOOK_LANGUAGE))
    staff("eva@example.org", "evaluator", survey["id"])
    code = db.code_by_key(survey["id"], "tillit")
    page = new_page()
    sign_in_page(page, "eva@example.org")
    page.goto(f"{live_server}/coding/surveys/{survey['id']}/codebook/codes/{code['id']}")
    words = page.get_by_text("På svenska:")
    assert not words.is_visible(), "closed until asked for"
    page.get_by_text("Relation och förtroende", exact=True).click()
    assert words.is_visible() and "lyhörd" in words.inner_text()
