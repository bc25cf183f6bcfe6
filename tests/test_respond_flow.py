"""Answering page by page: the demo link, saving each page, going back, reviewing,
sending, show_if, and messages that keep what the respondent typed."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import PAGE2, PAGE3, latest_response

from .conftest import form_tokens, new_survey, post_form


def is_checked(html: str, name: str, value: str) -> bool:
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    raise AssertionError(f"no input {name}={value}")


def test_demo_link_shows_the_first_manager_question(client: FlaskClient) -> None:
    first = client.get("/s/demo", follow_redirects=True)
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "Vilken är din arbetsplats och roll/funktion inom SST plus?" in html
    assert '<html lang="sv">' in html
    assert "Sida 1 av 3" in html


def test_demo_link_stores_a_submitted_answer(client: FlaskClient, db: Store) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    reply = post_form(client, "/s/demo/1", {"q1_roll": "Rektor på en skola i Järva"})
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/s/demo/2")
    assert db.count_responses(survey["id"]) == before + 1
    response = latest_response(db, "demo")
    assert db.answers(response["id"]) == {"q1_roll": "Rektor på en skola i Järva"}
    assert response["status"] == "partial" and response["last_page"] == 1


def test_whole_questionnaire_is_reviewed_then_sent(client: FlaskClient, db: Store) -> None:
    post_form(client, "/s/demo/1", {"q1_roll": "Enhetschef, socialtjänsten"})
    assert post_form(client, "/s/demo/2", PAGE2).headers["Location"].endswith("/s/demo/3")
    to_review = post_form(client, "/s/demo/3", PAGE3)
    assert to_review.headers["Location"].endswith("/s/demo/review")
    review = client.get("/s/demo/review").get_data(as_text=True)
    assert "Granska dina svar" in review
    assert "Samordningen mellan förvaltningarna." in review and "Kartläggningen." in review
    assert review.count("Inget svar") == 3
    assert 'href="/s/demo/2?review=1#q3_utmaning"' in review
    assert latest_response(db, "demo")["status"] == "partial", "not sent before the review"
    sent = post_form(client, "/s/demo/review", {})
    assert sent.headers["Location"].endswith("/s/demo/done")
    response = latest_response(db, "demo")
    assert response["status"] == "complete" and response["completed_at"]
    answers = db.answers(response["id"])
    assert answers["q6_lardomar"] == "Kartläggningen."
    assert "q4_organisation" not in answers, "an empty optional answer is not stored"
    assert "Tack för dina svar" in client.get("/s/demo/done").get_data(as_text=True)


def test_change_link_from_review_returns_to_review(client: FlaskClient, db: Store) -> None:
    post_form(client, "/s/demo/1", {"q1_roll": "Rektor"})
    post_form(client, "/s/demo/2", PAGE2)
    post_form(client, "/s/demo/3", PAGE3)
    changed = post_form(
        client, "/s/demo/2?review=1", {**PAGE2, "q4_organisation": "Mer samarbete."}
    )
    assert changed.headers["Location"].endswith("/s/demo/review")
    assert db.answers(latest_response(db, "demo")["id"])["q4_organisation"] == "Mer samarbete."


def test_back_saves_the_page_even_with_required_questions_empty(
    client: FlaskClient, db: Store
) -> None:
    version = db.latest_version("chefsenkat")
    db.create_survey(slug="chefer", version_id=version["id"], title="Chefer")
    post_form(client, "/s/chefer/1", {"q1_roll": "Rektor"})
    back = post_form(client, "/s/chefer/2", {**PAGE2, "q2_framgang": "Hembesöken."})
    back_data = {
        **form_tokens(client, "/s/chefer/3"),
        "q6_lardomar": "Flexibiliteten.",
        "action": "back",
    }
    reply = client.post("/s/chefer/3", data=back_data)
    assert back.status_code == 302 and reply.headers["Location"].endswith("/s/chefer/2")
    assert db.answers(latest_response(db, "chefer")["id"])["q6_lardomar"] == "Flexibiliteten."
    assert "Flexibiliteten." in client.get("/s/chefer/3").get_data(as_text=True)


def test_required_question_left_empty_shows_summary_and_nothing_is_stored(
    client: FlaskClient, db: Store
) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    reply = post_form(client, "/s/demo/1", {"q1_roll": "   "})
    assert reply.status_code == 303, "the errors are shown by a GET (redirect-after-post)"
    html = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#q1_roll"' in html
    assert "Svara på frågan för att gå vidare." in html
    assert db.count_responses(survey["id"]) == before


def test_text_over_the_limit_is_refused_kept_whole_and_says_by_how_much(
    client: FlaskClient,
) -> None:
    long_text = "Mycket att säga om samverkan. " * 80  # 2 399 characters, over q1's 2 000
    page = client.get("/s/demo/1").get_data(as_text=True)
    assert "maxlength" not in page, "the browser must not cut a paste silently"
    reply = post_form(client, "/s/demo/1", {"q1_roll": long_text}, follow_redirects=True)
    html = reply.get_data(as_text=True)
    assert (
        "Svaret har 2\u00a0399 tecken, men högst 2\u00a0000 får plats. Korta det med 399 tecken"
        in html
    )
    assert long_text.strip() in html


def test_every_answer_typed_is_kept_after_an_error_on_another_question(
    client: FlaskClient, db: Store
) -> None:
    new_survey(db, "vardnadshavare", "foraldrar")
    post_form(client, "/s/foraldrar/1", {"v_samtycke": "yes"})
    typed = {"v_arskurs": "4", "v_stodtid": "3_6_man", "v_hjalpt": "9", "v_lyssnad": "5"}
    html = post_form(client, "/s/foraldrar/2", typed, follow_redirects=True).get_data(as_text=True)
    assert "Välj ett av alternativen." in html
    for name, value in (("v_arskurs", "4"), ("v_stodtid", "3_6_man"), ("v_lyssnad", "5")):
        assert is_checked(html, name, value), name
    assert not is_checked(html, "v_lyssnad", "4")


THREE_PAGES = """
id = "tre-sidor"
languages = ["sv", "en"]
title = { sv = "Tre sidor", en = "Three pages" }
[[pages]]
id = "a"
  [[pages.questions]]
  id = "fa"
  type = "text"
  text = { sv = "Första?", en = "First?" }
[[pages]]
id = "b"
  [[pages.questions]]
  id = "fb"
  type = "text"
  required = true
  text = { sv = "Andra?", en = "Second?" }
[[pages]]
id = "c"
  [[pages.questions]]
  id = "fc"
  type = "text"
  text = { sv = "Tredje?", en = "Third?" }
"""


def test_pages_posted_out_of_order_cannot_send_a_response_missing_required_answers(
    client: FlaskClient, db: Store
) -> None:
    from survey.fielding.questionnaire import loads

    db.import_questionnaire(loads(THREE_PAGES), THREE_PAGES)
    new_survey(db, "tre-sidor", "tre")
    post_form(client, "/s/tre/1", {"fa": "ett"})
    # Page 3 posted straight after page 1, skipping the required question on page 2.
    assert (
        post_form(client, "/s/tre/3", {"fc": "tre"}).headers["Location"].endswith("/s/tre/review")
    )
    reply = post_form(client, "/s/tre/review", {})
    assert reply.status_code == 303
    html = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Några frågor måste besvaras innan du kan skicka in" in html
    assert 'href="/s/tre/2?review=1#fb"' in html
    assert latest_response(db, "tre")["status"] == "partial"
    assert (
        post_form(client, "/s/tre/2?review=1", {"fb": "två"})
        .headers["Location"]
        .endswith("/review")
    )
    assert post_form(client, "/s/tre/review", {}).headers["Location"].endswith("/s/tre/done")
    assert latest_response(db, "tre")["status"] == "complete"


def test_consent_comes_first_is_recorded_and_nothing_is_stored_without_it(
    client: FlaskClient, db: Store
) -> None:
    new_survey(db, "vardnadshavare", "foraldrar")
    html = client.get("/s/foraldrar/1").get_data(as_text=True)
    assert "Vem ansvarar för uppgifterna" in html and "Hur länge svaren sparas" in html
    reply = post_form(client, "/s/foraldrar/1", {}, follow_redirects=True)
    assert "Du behöver ge ditt samtycke" in reply.get_data(as_text=True)
    assert db.count_responses(db.survey("foraldrar")["id"]) == 0
    agreed = post_form(client, "/s/foraldrar/1", {"v_samtycke": "yes"})
    assert agreed.status_code == 302
    response = latest_response(db, "foraldrar")
    assert response["consent_version"] == "2026-1" and response["consent_at"]


def test_follow_up_appears_without_javascript_and_hidden_answers_are_not_stored(
    client: FlaskClient, db: Store
) -> None:
    new_survey(db, "vardnadshavare", "foraldrar")
    post_form(client, "/s/foraldrar/1", {"v_samtycke": "yes"})
    post_form(client, "/s/foraldrar/2", {})
    page3 = client.get("/s/foraldrar/3").get_data(as_text=True)
    assert 'id="v_narvaro_samre-question" data-show-if="v_narvaro"' in page3
    assert 'data-show-values="[&#34;minskat&#34;]" hidden>' in page3
    # An answer to the hidden follow-up, posted anyway, is ignored.
    reply = post_form(
        client, "/s/foraldrar/3", {"v_narvaro": "oforandrat", "v_narvaro_samre": "smuggled"}
    )
    assert reply.headers["Location"].endswith("/s/foraldrar/4")
    assert "v_narvaro_samre" not in db.answers(latest_response(db, "foraldrar")["id"])
    # Choosing "decreased" reveals the follow-up on the same page before moving on.
    reply = post_form(client, "/s/foraldrar/3", {"v_narvaro": "minskat"})
    assert reply.headers["Location"].endswith("/s/foraldrar/3?follow_up=v_narvaro_samre#follow-up")
    page3 = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert 'data-show-values="[&#34;minskat&#34;]">' in page3
    assert "Ditt svar gav en följdfråga" in page3
    reply = post_form(
        client, "/s/foraldrar/3", {"v_narvaro": "minskat", "v_narvaro_samre": "Ont i magen."}
    )
    assert reply.headers["Location"].endswith("/s/foraldrar/4")
    assert db.answers(latest_response(db, "foraldrar")["id"])["v_narvaro_samre"] == "Ont i magen."


def test_later_page_without_a_started_response_goes_back_to_page_one(client: FlaskClient) -> None:
    reply = client.get("/s/demo/3")
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/s/demo/1")


def test_page_numbers_outside_the_questionnaire_are_not_found(client: FlaskClient) -> None:
    assert client.get("/s/demo/0").status_code == 404
    assert client.get("/s/demo/4").status_code == 404


def test_a_follow_up_seen_on_the_page_and_left_empty_goes_on(
    client: FlaskClient, db: Store
) -> None:
    """With the script, the follow-up appears as "Mer sällan" is chosen; the page then
    says it was shown, and the optional follow-up left empty does not hold the page."""
    new_survey(db, "vardnadshavare", "foraldrar")
    post_form(client, "/s/foraldrar/1", {"v_samtycke": "yes"})
    post_form(client, "/s/foraldrar/2", {})
    page3 = client.get("/s/foraldrar/3").get_data(as_text=True)
    shown = re.search(r'name="shown_questions" value="([^"]*)"', page3)
    assert shown and "v_narvaro_samre" not in shown.group(1).split()
    reply = post_form(
        client,
        "/s/foraldrar/3",
        {"v_narvaro": "minskat", "shown_questions": shown.group(1) + " v_narvaro_samre"},
    )
    assert reply.headers["Location"].endswith("/s/foraldrar/4")
    assert db.answers(latest_response(db, "foraldrar")["id"])["v_narvaro"] == "minskat"


def test_after_an_error_the_page_is_a_get_that_keeps_the_typed_answers(
    client: FlaskClient, db: Store
) -> None:
    """Back or reload after an error shows the same form again, nothing to resend."""
    post_form(client, "/s/demo/1", {"q1_roll": "Rektor"})
    too_long = "Samordningen. " * 800  # over the 10 000 characters allowed
    typed = {**PAGE2, "q2_framgang": "Hembesöken och kartläggningen.", "q3_utmaning": too_long}
    reply = post_form(client, "/s/demo/2", typed)
    assert reply.status_code == 303
    for _ in range(2):  # the page after the redirect, then Back/reload to it
        html = client.get(reply.headers["Location"]).get_data(as_text=True)
        assert "Hembesöken och kartläggningen." in html and "Tätare kontakt." in html
        assert too_long.strip() in html and 'class="error-summary"' in html
    assert "q2_framgang" not in db.answers(latest_response(db, "demo")["id"])
    fixed = post_form(client, "/s/demo/2", {**typed, "q3_utmaning": "Mandatet."})
    assert fixed.headers["Location"].endswith("/s/demo/3")
    again = client.get("/s/demo/2").get_data(as_text=True)
    assert "Mandatet." in again and 'class="error-summary"' not in again


def test_switching_language_keeps_what_was_typed_and_stores_nothing(
    client: FlaskClient, db: Store
) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    page = client.get("/s/demo/1").get_data(as_text=True)
    assert 'name="action" value="language:en"' in page
    reply = post_form(
        client, "/s/demo/1", {"q1_roll": "Samordnare i Kungsholmen", "action": "language:en"}
    )
    assert reply.status_code == 303
    html = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert '<html lang="en">' in html and "What is your workplace" in html
    assert "Samordnare i Kungsholmen" in html
    assert 'class="error-summary"' not in html, "a language switch is not a submit"
    assert db.count_responses(survey["id"]) == before


def test_a_draft_too_big_for_the_session_cookie_is_answered_directly(
    client: FlaskClient, db: Store
) -> None:
    """The session is a cookie: a page of long, incompressible answers is not put in it
    (the browser would drop the whole session); that page is shown straight away."""
    import random

    post_form(client, "/s/demo/1", {"q1_roll": "Rektor"})
    rng = random.Random(7)
    noise = {
        name: "".join(rng.choice("abcdefghijklmnopqrstuvwxyzåäö ") for _ in range(1900))
        for name in ("q2_framgang", "q4_organisation", "q5_samverkan")
    }
    noise["q3_utmaning"] = "".join(rng.choice("abcdefghij ") for _ in range(10_100))
    reply = post_form(client, "/s/demo/2", noise)
    assert reply.status_code == 200
    html = reply.get_data(as_text=True)
    assert noise["q5_samverkan"] in html and "Korta det med 100 tecken" in html
    cookie = reply.headers.get("Set-Cookie", "")
    assert len(cookie) < 4096
