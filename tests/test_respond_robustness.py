"""Nothing lost, nothing doubled, nothing broken: repeated submits, hostile bytes,
tampered fields and missing tokens each get a normal page, never an error."""

from __future__ import annotations

import re
import threading

from flask import Flask
from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import PAGE2, PAGE3, latest_response

from .conftest import form_tokens, invite, new_survey, post_form


def test_double_submit_of_the_first_page_creates_one_response(app: Flask, db: Store) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    browser = app.test_client()
    tokens = form_tokens(browser, "/s/demo/1")
    first = browser.post("/s/demo/1", data={**tokens, "q1_roll": "Rektor"})
    second = browser.post("/s/demo/1", data={**tokens, "q1_roll": "Rektor"})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.count_responses(survey["id"]) == before + 1


def test_retry_whose_first_reply_was_lost_continues_the_same_response(
    app: Flask, db: Store
) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    browser = app.test_client()
    tokens = form_tokens(browser, "/s/demo/1")
    cookie = browser.get_cookie("session")
    browser.post("/s/demo/1", data={**tokens, "q1_roll": "Rektor"})
    # The browser never saw that reply (connection dropped): it retries with its old cookie.
    browser.set_cookie("session", cookie.value)
    retry = browser.post("/s/demo/1", data={**tokens, "q1_roll": "Rektor"})
    assert retry.headers["Location"].endswith("/s/demo/2")
    assert db.count_responses(survey["id"]) == before + 1
    assert "Rektor" in browser.get("/s/demo/1").get_data(as_text=True), "the retry leads on"
    code_page = browser.get("/s/demo/2").get_data(as_text=True)
    assert 'class="code"' in code_page, "the resume code survives the retry"


def test_concurrent_identical_submits_store_one_response(app: Flask, db: Store) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    browser = app.test_client()
    tokens = form_tokens(browser, "/s/demo/1")
    cookie = browser.get_cookie("session").value
    replies: list[int] = []

    def submit() -> None:
        other = app.test_client()
        other.set_cookie("session", cookie)
        replies.append(other.post("/s/demo/1", data={**tokens, "q1_roll": "Samtidigt"}).status_code)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert replies == [302] * 6
    assert db.count_responses(survey["id"]) == before + 1


def test_double_submit_of_the_last_step_sends_once_and_counts_one_use(
    app: Flask, db: Store
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    token = invite(db, survey, max_uses=2)
    browser = app.test_client()
    post_form(browser, f"/i/{token}/1", {"q1_roll": "Rektor"})
    post_form(browser, f"/i/{token}/2", PAGE2)
    post_form(browser, f"/i/{token}/3", PAGE3)
    tokens = form_tokens(browser, f"/i/{token}/review")
    replies = [browser.post(f"/i/{token}/review", data=tokens) for _ in range(3)]
    assert all(r.status_code == 302 and r.headers["Location"].endswith("/done") for r in replies)
    assert db.count_responses(survey["id"]) == 1
    assert db.count_responses(survey["id"], "complete") == 1
    assert next(db.db.query("SELECT uses FROM invitations"))["uses"] == 1


def test_resubmitting_an_old_page_does_not_overwrite_newer_answers(
    client: FlaskClient, db: Store
) -> None:
    post_form(client, "/s/demo/1", {"q1_roll": "Rektor"})
    old = form_tokens(client, "/s/demo/2")
    client.post("/s/demo/2", data={**old, **PAGE2})
    post_form(client, "/s/demo/2", {**PAGE2, "q2_framgang": "Ändrat svar."})
    replay = client.post("/s/demo/2", data={**old, **PAGE2})
    assert replay.status_code == 302
    assert db.answers(latest_response(db, "demo")["id"])["q2_framgang"] == "Ändrat svar."


def test_tampered_submit_key_is_treated_as_a_fresh_submit(client: FlaskClient, db: Store) -> None:
    tokens = form_tokens(client, "/s/demo/1")
    reply = client.post(
        "/s/demo/1", data={**tokens, "submit_key": "'; DROP TABLE x;--", "q1_roll": "Rektor"}
    )
    assert reply.status_code == 302
    assert db.answers(latest_response(db, "demo")["id"]) == {"q1_roll": "Rektor"}


def test_stale_or_missing_csrf_token_keeps_the_typed_page_to_send_again(
    client: FlaskClient, db: Store
) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    reply = client.post(
        "/s/demo/1",
        data={"csrf_token": "gammal", "q1_roll": "Rektor i Järva"},
        follow_redirects=True,
    )
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200 and reply.history[0].status_code == 303
    assert "Av säkerhetsskäl behövde sidan laddas om" in html
    assert "Rektor i Järva" in html
    assert db.count_responses(survey["id"]) == before
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    key = re.search(r'name="submit_key" type="hidden" value="([^"]+)"', html).group(1)
    again = client.post(
        "/s/demo/1", data={"csrf_token": fresh, "submit_key": key, "q1_roll": "Rektor i Järva"}
    )
    assert again.status_code == 302
    assert db.count_responses(survey["id"]) == before + 1


def test_other_forms_without_csrf_token_get_a_polite_400(client: FlaskClient) -> None:
    reply = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert reply.status_code == 400
    assert "Sidan hann bli för gammal" in reply.get_data(as_text=True)


def test_invalid_utf8_and_control_characters_never_cause_an_error(
    client: FlaskClient, db: Store
) -> None:
    tokens = form_tokens(client, "/s/demo/1")
    body = (
        "&".join(f"{k}={v}" for k, v in tokens.items())
        + "&q1_roll=Rektor%FF%FE%00%1B%07 p%C3%A5 skolan"
    )
    reply = client.post("/s/demo/1", data=body, content_type="application/x-www-form-urlencoded")
    assert reply.status_code in (200, 302)
    stored = db.answers(latest_response(db, "demo")["id"]).get("q1_roll", "")
    assert "\x00" not in stored and "\x1b" not in stored and "\x07" not in stored
    assert stored.endswith("på skolan")


def test_right_to_left_override_and_markup_are_kept_as_inert_text(
    client: FlaskClient, db: Store
) -> None:
    hostile = "Rektor \u202e<script>alert(1)</script>"
    post_form(client, "/s/demo/1", {"q1_roll": hostile})
    html = client.get("/s/demo/1").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_posting_to_a_page_of_an_unknown_survey_is_not_found(client: FlaskClient) -> None:
    tokens = form_tokens(client, "/s/demo/1")
    reply = client.post("/s/finns-inte/1", data={**tokens, "q1_roll": "x"})
    assert reply.status_code == 404
    assert "Sidan finns inte" in reply.get_data(as_text=True)


def test_oversized_request_gets_a_friendly_413(client: FlaskClient) -> None:
    tokens = form_tokens(client, "/s/demo/1")
    reply = client.post("/s/demo/1", data={**tokens, "q1_roll": "x" * (3 * 1024 * 1024)})
    assert reply.status_code == 413
    assert "För mycket text på en gång" in reply.get_data(as_text=True)
