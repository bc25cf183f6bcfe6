"""Swedish by default; English by the visible switch or the browser's language — for the
questionnaire, the interface, validation messages and dates alike."""

from __future__ import annotations

import html

from flask import Flask
from flask.testing import FlaskClient

from survey.store import Store

from .conftest import new_survey, post_form


def test_english_switch_translates_questions_and_messages(client: FlaskClient) -> None:
    html = client.get("/s/demo/1?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "What is your workplace and your role/function in SST plus?" in html
    assert 'href="/s/demo/1?lang=sv"' in html and "På svenska" in html
    reply = post_form(client, "/s/demo/1", {"q1_roll": ""}, follow_redirects=True)
    assert "Please answer this question to go on." in reply.get_data(as_text=True)


def test_browser_language_english_is_honoured_and_swedish_is_the_default(app: Flask) -> None:
    english = app.test_client().get("/s/demo/1", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "What is your workplace" in english.get_data(as_text=True)
    german = app.test_client().get("/s/demo/1", headers={"Accept-Language": "de-DE"})
    assert "Vilken är din arbetsplats" in german.get_data(as_text=True)
    switched = app.test_client()
    switched.get("/s/demo/1?lang=sv", headers={"Accept-Language": "en"})
    again = switched.get("/s/demo/1", headers={"Accept-Language": "en"})
    assert "Vilken är din arbetsplats" in again.get_data(as_text=True), "the switch is remembered"


def test_pupil_form_is_plain_in_both_languages(client: FlaskClient, db: Store) -> None:
    new_survey(db, "elev", "elever")
    sv = client.get("/s/elever/1").get_data(as_text=True)
    en = client.get("/s/elever/1?lang=en").get_data(as_text=True)
    assert "Innan du börjar" in sv and "Before you start" in en
    post_form(client, "/s/elever/1", {"e_samtycke": "yes"})
    page2 = client.get("/s/elever/2").get_data(as_text=True)
    assert "Don't know" in html.unescape(page2)


def test_unknown_survey_gets_a_friendly_page_in_each_language(client: FlaskClient) -> None:
    reply = client.get("/s/finns-inte")
    assert reply.status_code == 404 and "Sidan finns inte" in reply.get_data(as_text=True)
    reply = client.get("/s/finns-inte?lang=en")
    assert "Page not found" in reply.get_data(as_text=True)


def test_unexpected_errors_show_a_calm_page_without_a_stack_trace(app: Flask) -> None:
    @app.route("/trasig")
    def broken() -> str:
        raise RuntimeError("secret internals")

    reply = app.test_client().get("/trasig")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 500
    assert "Något gick fel hos oss" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_respondent_pages_send_no_referrer_and_forbid_framing(client: FlaskClient) -> None:
    reply = client.get("/s/demo/1")
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in reply.headers["Content-Security-Policy"]
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
