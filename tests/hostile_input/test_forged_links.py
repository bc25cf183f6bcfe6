"""Forged links: invitation tokens that are not real (random, malformed, huge, markup,
SQL, template syntax, path tricks, NUL) get the friendly not-found page and store
nothing, and two hundred guessed links and resume codes find nothing.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

from flask import Flask

from survey.store import Store

from ..conftest import form_tokens, invite, post_form
from ..hostile import SENTINEL
from .support import assert_inert, db_snapshot, hostile_questionnaire_survey, page_of

FORGED_TOKENS = [
    secrets.token_urlsafe(24),
    "x",
    "A" * 43,
    "a" * 5000,
    f"<script>{SENTINEL}</script>",
    "' OR 1=1 --",
    "{{7*7}}",
    "ÅÄÖ-😀\u202e",
    "..%2F..%2Fadmin",
    "token\x00",
]


def test_forged_invitation_links_get_the_friendly_not_found_page(app: Flask, db: Store) -> None:
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    invite(db, survey)
    before = db_snapshot(db)
    browser = app.test_client()
    csrf = form_tokens(browser, "/s/demo/1")
    for forged in FORGED_TOKENS:
        base = f"/i/{quote(forged, safe='')}"
        replies = [browser.get(base + suffix) for suffix in ("", "/1", "/2", "/review", "/done")]
        replies += [
            browser.post(f"{base}/1", data={**csrf, "fritext": "x"}),
            browser.post(f"{base}/review", data=csrf),
        ]
        for reply in replies:
            html = page_of(reply)
            assert reply.status_code == 404, (
                forged[:20],
                reply.request.path[:40],
                reply.status_code,
            )
            assert "Länken fungerar inte" in html or "Sidan finns inte" in html, forged[:20]
            assert_inert(html, f"forged token {forged[:20]!r}")
            assert "Traceback" not in html
    assert db_snapshot(db) == before, "a forged link stores nothing"


def test_two_hundred_guessed_links_and_resume_codes_find_nothing(app: Flask, db: Store) -> None:
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    real = [invite(db, survey) for _ in range(20)]
    guesses = [secrets.token_urlsafe(24) for _ in range(180)]
    # Near misses: a real link with one character changed.
    guesses += [t[:-1] + ("A" if t[-1] != "A" else "B") for t in real]
    browser = app.test_client()
    statuses = {browser.get(f"/i/{guess}/1").status_code for guess in guesses}
    assert statuses == {404}
    assert browser.get(f"/i/{real[0]}/1").status_code == 200, "a real link still works"
    post_form(app.test_client(), "/s/demo/1", {"q1_roll": "Rektor"})  # a started response
    started = db.count_responses(db.survey("demo")["id"])
    guesser = app.test_client()
    tokens = form_tokens(guesser, "/s/demo/resume")
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    for _ in range(200):
        code = "".join(secrets.choice(alphabet) for _ in range(10))
        reply = guesser.post("/s/demo/resume", data={**tokens, "code": f"{code[:5]}-{code[5:]}"})
        assert reply.status_code == 200
        assert "Vi hittar ingen påbörjad enkät med den koden." in page_of(reply)
    assert db.count_responses(db.survey("demo")["id"]) == started
