"""Links: personal invitation links (resume anywhere, one use, expiry, revocation), the
anonymous public link with its resume code, and the survey's opening hours."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from survey.store import Store
from survey.tokens import hash_token
from tests.conftest import PAGE2, PAGE3, latest_response

from .conftest import invite, new_survey, post_form


def _iso(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()


def test_invitation_link_completes_with_attributes_and_uses_up(
    client: FlaskClient, db: Store
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    token = invite(
        db, survey, name="Anna", email="anna@example.org", attributes={"district": "Järva"}
    )
    base = f"/i/{token}"
    assert client.get(base).headers["Location"].endswith(f"{base}/1")
    post_form(client, f"{base}/1", {"q1_roll": "Rektor"})
    post_form(client, f"{base}/2", PAGE2)
    post_form(client, f"{base}/3", PAGE3)
    assert post_form(client, f"{base}/review", {}).headers["Location"].endswith(f"{base}/done")
    response = latest_response(db, "chefer")
    assert response["status"] == "complete"
    assert response["attributes"] == '{"district": "Järva"}'
    assert db.invitation_by_token_hash(hash_token(token))["uses"] == 1
    for again in (client.get(f"{base}/1"), client.application.test_client().get(base)):
        assert again.status_code == 410 and "Du har redan svarat" in again.get_data(as_text=True)
    assert "Tack för dina svar" in client.get(f"{base}/done").get_data(as_text=True)


def test_invitation_link_resumes_on_another_device(app: Flask, db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    token = invite(db, survey)
    phone, laptop = app.test_client(), app.test_client()
    post_form(phone, f"/i/{token}/1", {"q1_roll": "Avdelningschef"})
    post_form(phone, f"/i/{token}/2", PAGE2)
    resumed = laptop.get(f"/i/{token}")
    assert resumed.headers["Location"].endswith(f"/i/{token}/3")
    assert "Det tvärprofessionella teamet." in laptop.get(f"/i/{token}/2").get_data(as_text=True)
    assert db.count_responses(survey["id"]) == 1


def test_unknown_and_tampered_tokens_get_a_friendly_not_found(
    client: FlaskClient, db: Store
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    token = invite(db, survey)
    for bad in ("x", token[:-1] + ("A" if token[-1] != "A" else "B"), "%00", "a" * 300):
        reply = client.get(f"/i/{bad}/1")
        assert reply.status_code == 404, bad
        assert "Länken fungerar inte" in reply.get_data(as_text=True)
    reply = client.post(f"/i/{token[:-2]}/1", data={"q1_roll": "x"})
    assert reply.status_code in (400, 404)


def test_revoked_and_expired_links_say_so_with_what_to_do(client: FlaskClient, db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    revoked = invite(db, survey)
    db.revoke_invitation(db.invitation_by_token_hash(hash_token(revoked))["id"])
    reply = client.get(f"/i/{revoked}")
    assert reply.status_code == 410 and "Länken gäller inte längre" in reply.get_data(as_text=True)
    expired = invite(db, survey, expires_at=_iso(-1))
    reply = client.get(f"/i/{expired}?lang=en")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 410 and "The link has expired" in html
    assert re.search(r"valid until \d+ \w+ \d{4}", html)


def test_public_link_of_an_invitation_survey_is_refused(client: FlaskClient, db: Store) -> None:
    new_survey(db, "chefsenkat", "chefer", anonymous=False)
    reply = client.get("/s/chefer/1")
    assert reply.status_code == 403
    assert "personlig länk" in reply.get_data(as_text=True)


def test_anonymous_response_stores_no_identity_and_resumes_by_code(app: Flask, db: Store) -> None:
    first, second = app.test_client(), app.test_client()
    post_form(first, "/s/demo/1", {"q1_roll": "Verksamhetschef"})
    page2 = first.get("/s/demo/2").get_data(as_text=True)
    code = re.search(r'<strong class="code">([A-Z0-9-]+)</strong>', page2).group(1)
    assert len(code) == 11
    response = latest_response(db, "demo")
    assert response["invitation_id"] is None and response["attributes"] == "{}"
    assert code not in str(response.values()), "only a hash of the code is stored"

    wrong = post_form(second, "/s/demo/resume", {"code": "AAAAA-AAAAA"})
    assert "Vi hittar ingen påbörjad enkät med den koden" in wrong.get_data(as_text=True)
    assert 'value="AAAAA-AAAAA"' in wrong.get_data(as_text=True)
    typed = code.lower().replace("-", " ")
    resumed = post_form(second, "/s/demo/resume", {"code": typed})
    assert resumed.headers["Location"].endswith("/s/demo")
    assert second.get("/s/demo").headers["Location"].endswith("/s/demo/2")
    assert "Verksamhetschef" in second.get("/s/demo/1").get_data(as_text=True)


def test_survey_not_yet_open_and_closed_get_their_own_pages(client: FlaskClient, db: Store) -> None:
    new_survey(db, "chefsenkat", "snart", opens_at=_iso(3))
    reply = client.get("/s/snart/1")
    assert reply.status_code == 403 and "Enkäten har inte öppnat än" in reply.get_data(as_text=True)
    new_survey(db, "chefsenkat", "stangd", closes_at=_iso(-1))
    reply = client.get("/s/stangd/1?lang=en")
    assert reply.status_code == 410 and "The questionnaire is closed" in reply.get_data(
        as_text=True
    )


def test_closing_date_is_shown_in_the_respondents_language(client: FlaskClient, db: Store) -> None:
    new_survey(db, "chefsenkat", "stanger", closes_at="2099-03-15T12:00:00+00:00")
    assert "till och med 15 mars 2099" in client.get("/s/stanger/1").get_data(as_text=True)
    assert "until 15 March 2099" in client.get("/s/stanger/1?lang=en").get_data(as_text=True)


def test_response_in_progress_when_the_survey_closes_is_kept_and_the_respondent_told(
    client: FlaskClient, db: Store
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer")
    post_form(client, "/s/chefer/1", {"q1_roll": "Rektor"})
    tokens_page = client.get("/s/chefer/2").get_data(as_text=True)
    db.db.execute("UPDATE surveys SET closes_at = ? WHERE id = ?", (_iso(-0.001), survey["id"]))
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', tokens_page).group(1)
    reply = client.post("/s/chefer/2", data={"csrf_token": csrf, **PAGE2})
    assert reply.status_code == 410
    assert "Det du hann spara finns kvar" in reply.get_data(as_text=True)
    response = latest_response(db, "chefer")
    assert response["status"] == "partial"
    assert db.answers(response["id"])["q2_framgang"] == PAGE2["q2_framgang"]


def test_a_shared_device_offers_the_next_person_a_new_response(
    client: FlaskClient, db: Store
) -> None:
    """After one person sends a public survey, /s/<slug> leads to the thank-you page;
    that page offers the next person a response of their own, starting empty."""
    survey = db.survey("demo")
    post_form(client, "/s/demo/1", {"q1_roll": "Förälder, första svaret"})
    post_form(client, "/s/demo/2", PAGE2)
    post_form(client, "/s/demo/3", PAGE3)
    post_form(client, "/s/demo/review", {})
    done = client.get("/s/demo", follow_redirects=True).get_data(as_text=True)
    assert "Tack för dina svar!" in done
    link = re.search(r'<a class="button-link" href="([^"]+)">Börja ett nytt svar</a>', done)
    assert link, done
    fresh = client.get(link.group(1)).get_data(as_text=True)
    assert "Förälder, första svaret" not in fresh and "Sida 1 av 3" in fresh
    before = db.count_responses(survey["id"])
    post_form(client, link.group(1), {"q1_roll": "Förälder, andra svaret"})
    assert db.count_responses(survey["id"]) == before + 1
    assert db.count_responses(survey["id"], "complete") >= 1


def test_a_personal_link_offers_no_new_response(client: FlaskClient, db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    token = invite(db, survey)
    post_form(client, f"/i/{token}/1", {"q1_roll": "Rektor"})
    post_form(client, f"/i/{token}/2", PAGE2)
    post_form(client, f"/i/{token}/3", PAGE3)
    post_form(client, f"/i/{token}/review", {})
    done = client.get(f"/i/{token}/done").get_data(as_text=True)
    assert "Tack för dina svar!" in done and "Börja ett nytt svar" not in done
