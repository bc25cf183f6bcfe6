"""What respondents type, hostile or just unusual (markup, formulas, right-to-left and
zero-width characters, emoji, long words), is stored as typed and shown back to them as
escaped text on their pages and the review page; a choice that is not an option is
refused in Swedish, with what was typed kept and nothing stored.
"""

from __future__ import annotations

import pytest
from flask import Flask
from markupsafe import escape

from survey.store import Store

from ..conftest import post_form
from ..hostile import ANSWERS, CSV, UNICODE, XSS, cleaned, visible_text
from .support import (
    assert_escaped,
    assert_inert,
    hostile_questionnaire_survey,
    latest_response_id,
    page_of,
)


def test_hostile_answers_are_stored_as_typed_and_shown_back_escaped(app: Flask, db: Store) -> None:
    survey = hostile_questionnaire_survey(db)
    for name, payload in ANSWERS.items():
        respondent = app.test_client()
        typed = {"fritext": payload, "beskrivning": payload}
        reply = post_form(respondent, "/s/hostil/1", {**typed, "val": "nej", "flera": "hemma"})
        assert reply.status_code == 302, name
        stored = db.answers(latest_response_id(db, survey["id"]))
        assert stored["fritext"] == stored["beskrivning"] == cleaned(payload), name
        # Back on the page: the text is the value of an <input> and inside a <textarea>.
        again = page_of(respondent.get("/s/hostil/1"))
        assert_escaped(again, [cleaned(payload)], f"page 1 again ({name})")
        assert again.count(str(escape(cleaned(payload)))) == 2, name
        fits = len(payload) <= 2000  # the last question takes at most 2000 characters
        post_form(respondent, "/s/hostil/2", {"mer": payload if fits else ""})
        review = page_of(respondent.get("/s/hostil/review"))
        assert_escaped(review, [cleaned(payload)], f"review ({name})")
        assert review.count(str(escape(cleaned(payload)))) == (3 if fits else 2), name


def test_right_to_left_zero_width_emoji_and_long_words_are_kept_exactly(
    app: Flask, db: Store
) -> None:
    survey = hostile_questionnaire_survey(db)
    for name, payload in UNICODE.items():
        respondent = app.test_client()
        post_form(respondent, "/s/hostil/1", {"fritext": payload, "beskrivning": payload})
        assert db.answers(latest_response_id(db, survey["id"]))["fritext"] == payload, name
        assert payload in visible_text(page_of(respondent.get("/s/hostil/1"))), name


@pytest.mark.parametrize("question", ["val", "flera"])
def test_a_choice_that_is_not_an_option_is_refused_in_swedish(
    app: Flask, db: Store, question: str
) -> None:
    survey = hostile_questionnaire_survey(db)
    for name, payload in {**XSS, **CSV}.items():
        respondent = app.test_client()
        reply = post_form(respondent, "/s/hostil/1", {"fritext": "Kurator", question: payload})
        assert reply.status_code == 303, name  # redirect-after-post, also on errors
        html = page_of(respondent.get(reply.headers["Location"]))
        assert "Välj ett av alternativen." in html, name
        assert_inert(html, f"choice {question} ({name})")
        assert "Kurator" in html, "what was typed is kept"
    assert db.count_responses(survey["id"]) == 0, "nothing stored from a refused page"
