"""The response browser: full-text search that knows Swedish letters, filters by
question, attribute and completion, and access only for those assigned."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import Auth


def _answers(db: Store) -> dict:
    survey = db.survey("demo")
    ids = db.question_ids(survey["version_id"])
    first = db.create_response(survey["id"], "sv", attributes={"stadsdel": "Järva"})
    db.save_answers(
        first, {ids["q2_framgang"]: "Samverkansmötena med FÖRVALTNINGEN var bra."}, page=2
    )
    second = db.create_response(survey["id"], "sv", attributes={"stadsdel": "Kungsholmen"})
    db.save_answers(second, {ids["q2_framgang"]: "Forvaltning stavat utan prickar."}, page=2)
    db.complete_response(second)
    return {"survey": survey, "first": first, "second": second}


def test_search_is_case_insensitive_and_treats_swedish_letters_as_letters(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    made = _answers(db)
    auth.sign_in("admin")
    url = f"/responses/surveys/{made['survey']['id']}"
    found = client.get(url, query_string={"q": "förvaltningen"}).get_data(as_text=True)
    assert "Samverkansmötena med FÖRVALTNINGEN" in found
    assert "stavat utan prickar" not in found, "ö is not o"
    prefix = client.get(url, query_string={"q": "samverkan"}).get_data(as_text=True)
    assert "Samverkansmötena" in prefix, "a word also matches as the start of a compound"
    hostile = client.get(url, query_string={"q": 'NEAR( "x OR * ^'})
    assert hostile.status_code == 200


def test_search_index_follows_edits_and_filters_combine(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    made = _answers(db)
    auth.sign_in("admin")
    url = f"/responses/surveys/{made['survey']['id']}"
    ids = db.question_ids(made["survey"]["version_id"])
    db.save_answers(made["first"], {ids["q2_framgang"]: "Hembesöken."}, page=2)
    assert "FÖRVALTNINGEN" not in client.get(url, query_string={"q": "förvaltningen"}).get_data(
        as_text=True
    )
    assert "Hembesöken." in client.get(url, query_string={"q": "hembesöken"}).get_data(as_text=True)
    only = client.get(
        url,
        query_string={
            "question": "q2_framgang",
            "attr_stadsdel": "Kungsholmen",
            "status": "complete",
        },
    )
    html = only.get_data(as_text=True)
    assert "stavat utan prickar" in html and "Hembesöken." not in html
    assert re.search(r"1 svar", html)


def test_whole_response_and_access_only_when_assigned(
    client: FlaskClient, db: Store, app: Flask, auth: Auth
) -> None:
    made = _answers(db)
    evaluator = auth.sign_in("evaluator")
    assert client.get(f"/responses/surveys/{made['survey']['id']}").status_code == 404
    assert client.get(f"/responses/{made['first']}").status_code == 404
    db.assign(evaluator["id"], made["survey"]["id"])
    page = client.get(f"/responses/{made['first']}").get_data(as_text=True)
    assert "Samverkansmötena med FÖRVALTNINGEN" in page and "Järva" in page
    viewer = app.test_client()
    Auth(viewer, db).sign_in("viewer")
    assert viewer.get(f"/responses/{made['first']}").status_code == 403
    assert client.get("/responses/999999").status_code == 404


def test_choices_show_their_labels_not_the_stored_values(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    from tests.conftest import new_survey

    survey = new_survey(db, "vardnadshavare", "foraldrar")
    ids = db.question_ids(survey["version_id"])
    response = db.create_response(survey["id"], "sv")
    db.save_answers(
        response,
        {ids["v_samtycke"]: "yes", ids["v_arskurs"]: "4", ids["v_hjalpt"]: "5"},
        page=2,
    )
    auth.sign_in("admin")
    listing = client.get(f"/responses/surveys/{survey['id']}").get_data(as_text=True)
    whole = client.get(f"/responses/{response}").get_data(as_text=True)
    for html in (listing, whole):
        assert "Årskurs 4" in html and "5 – Stämmer helt" in html
        assert '<p class="answer">4</p>' not in html
    assert '<span class="answer">Ja, jag samtycker</span>' in whole
    assert '<span class="answer">yes</span>' not in whole
