"""Respondents: the demo link shows the questionnaire, answers are stored page by page,
and mistakes get messages in the respondent's language without losing what was typed."""

from __future__ import annotations

from flask.testing import FlaskClient

from survey.db import Store

from .conftest import post_form


def _latest_response(db: Store, slug: str) -> dict:
    survey = db.survey(slug)
    return next(
        db.db.query(
            "SELECT * FROM responses WHERE survey_id = ? ORDER BY id DESC LIMIT 1", (survey["id"],)
        )
    )


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
    response = _latest_response(db, "demo")
    assert db.answers(response["id"]) == {"q1_roll": "Rektor på en skola i Järva"}
    assert response["status"] == "partial"


def test_whole_questionnaire_completes_and_back_shows_saved_answers(
    client: FlaskClient, db: Store
) -> None:
    post_form(client, "/s/demo/1", {"q1_roll": "Enhetschef, socialtjänsten"})
    page2 = {
        "q2_framgang": "Det tvärprofessionella teamet.",
        "q3_utmaning": "Samordningen mellan förvaltningarna.",
        "q4_organisation": "",
        "q5_samverkan": "Tätare kontakt.",
    }
    assert post_form(client, "/s/demo/2", page2).headers["Location"].endswith("/s/demo/3")
    back = client.get("/s/demo/2").get_data(as_text=True)
    assert (
        "Det tvärprofessionella teamet." in back and "Samordningen mellan förvaltningarna." in back
    )
    done = post_form(
        client,
        "/s/demo/3",
        {"q6_lardomar": "Kartläggningen.", "q7_forutsattningar": "", "q8_tips": ""},
    )
    assert done.headers["Location"].endswith("/s/demo/done")
    response = _latest_response(db, "demo")
    assert response["status"] == "complete" and response["completed_at"]
    answers = db.answers(response["id"])
    assert answers["q6_lardomar"] == "Kartläggningen."
    assert "q4_organisation" not in answers, "an empty optional answer is not stored"
    assert "Tack för dina svar" in client.get("/s/demo/done").get_data(as_text=True)


def test_required_question_left_empty_shows_summary_and_nothing_is_stored(
    client: FlaskClient, db: Store
) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    reply = post_form(client, "/s/demo/1", {"q1_roll": "   "})
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert 'class="error-summary"' in html and 'href="#q1_roll"' in html
    assert "Svara på frågan för att gå vidare." in html
    assert db.count_responses(survey["id"]) == before


def test_text_over_the_limit_is_refused_and_kept_in_the_form(client: FlaskClient) -> None:
    long_text = "Mycket att säga om samverkan. " * 80  # over the 2000 characters of q1
    reply = post_form(client, "/s/demo/1", {"q1_roll": long_text})
    html = reply.get_data(as_text=True)
    assert "Svaret är för långt. Skriv högst 2000 tecken." in html
    assert long_text.strip()[:200] in html


def test_english_switch_translates_questions_and_messages(client: FlaskClient) -> None:
    html = client.get("/s/demo/1?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "What is your workplace and your role/function in SST plus?" in html
    reply = post_form(client, "/s/demo/1", {"q1_roll": ""})
    assert "Please answer this question to go on." in reply.get_data(as_text=True)


def test_browser_language_english_is_honoured_and_swedish_is_the_default(
    client: FlaskClient,
) -> None:
    english = client.get("/s/demo/1", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "What is your workplace" in english.get_data(as_text=True)
    other = client.application.test_client().get("/s/demo/1", headers={"Accept-Language": "de-DE"})
    assert "Vilken är din arbetsplats" in other.get_data(as_text=True)


def test_unknown_survey_gets_a_friendly_page_in_swedish(client: FlaskClient) -> None:
    reply = client.get("/s/finns-inte")
    assert reply.status_code == 404
    assert "Sidan finns inte" in reply.get_data(as_text=True)


def test_later_page_without_a_started_response_goes_back_to_page_one(client: FlaskClient) -> None:
    reply = client.get("/s/demo/3")
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/s/demo/1")


def test_post_without_csrf_token_is_refused_politely(client: FlaskClient, db: Store) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    reply = client.post("/s/demo/1", data={"q1_roll": "Rektor"})
    assert reply.status_code == 400
    assert "Sidan hann bli för gammal" in reply.get_data(as_text=True)
    assert db.count_responses(survey["id"]) == before


def test_closed_survey_says_so(client: FlaskClient, db: Store) -> None:
    db.db.execute("UPDATE surveys SET closes_at = '2000-01-01T00:00:00+00:00' WHERE slug = 'demo'")
    reply = client.get("/s/demo/1")
    assert reply.status_code == 403
    assert "Enkäten är stängd" in reply.get_data(as_text=True)


def _parent_survey(db: Store) -> None:
    version = db.latest_version("vardnadshavare")
    db.create_survey(slug="foraldrar", version_id=version["id"], title="Föräldrar")


def test_consent_comes_first_and_nothing_is_stored_without_it(
    client: FlaskClient, db: Store
) -> None:
    _parent_survey(db)
    html = client.get("/s/foraldrar/1").get_data(as_text=True)
    assert "Vem ansvarar för uppgifterna" in html and "Hur länge svaren sparas" in html
    reply = post_form(client, "/s/foraldrar/1", {})
    assert "Du behöver ge ditt samtycke" in reply.get_data(as_text=True)
    assert db.count_responses(db.survey("foraldrar")["id"]) == 0
    agreed = post_form(client, "/s/foraldrar/1", {"v_samtycke": "yes"})
    assert agreed.status_code == 302
    assert db.count_responses(db.survey("foraldrar")["id"]) == 1


def test_forged_choice_value_is_refused(client: FlaskClient, db: Store) -> None:
    _parent_survey(db)
    post_form(client, "/s/foraldrar/1", {"v_samtycke": "yes"})
    reply = post_form(client, "/s/foraldrar/2", {"v_arskurs": "13", "v_hjalpt": "7"})
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200 and html.count("Välj ett av alternativen.") >= 2
    response = _latest_response(db, "foraldrar")
    assert "v_arskurs" not in db.answers(response["id"])


def test_follow_up_appears_without_javascript_and_hidden_answers_are_not_stored(
    client: FlaskClient, db: Store
) -> None:
    _parent_survey(db)
    post_form(client, "/s/foraldrar/1", {"v_samtycke": "yes"})
    post_form(client, "/s/foraldrar/2", {})
    page3 = client.get("/s/foraldrar/3").get_data(as_text=True)
    assert 'name="v_narvaro_samre"' not in page3
    # An answer to the hidden follow-up, posted anyway, is ignored.
    reply = post_form(
        client, "/s/foraldrar/3", {"v_narvaro": "oforandrat", "v_narvaro_samre": "smuggled"}
    )
    assert reply.headers["Location"].endswith("/s/foraldrar/4")
    response = _latest_response(db, "foraldrar")
    assert "v_narvaro_samre" not in db.answers(response["id"])
    # Choosing "decreased" reveals the follow-up on the same page before moving on.
    reply = post_form(client, "/s/foraldrar/3", {"v_narvaro": "minskat"})
    assert "/s/foraldrar/3" in reply.headers["Location"]
    assert 'name="v_narvaro_samre"' in client.get("/s/foraldrar/3").get_data(as_text=True)
