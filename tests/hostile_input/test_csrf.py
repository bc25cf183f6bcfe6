"""Forged requests (CSRF): every state-changing route refuses a missing, empty, forged or
another session's token and changes nothing; the answer pages, which check the token
themselves, ask the respondent to send again and keep what was typed.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from survey.store import Store
from tests.conftest import PASSWORD

from ..conftest import invite
from .support import (
    ADMIN,
    FORMATS,
    JSON,
    ROUTE_VALUES,
    TwoSurveys,
    db_snapshot,
    hostile_questionnaire_survey,
    page_of,
    token,
)

CSRF_EXEMPT = {  # answer pages check the token themselves and keep what was typed
    "respond.public_page",
    "respond.invite_page",
    "respond.public_review",
    "respond.invite_review",
}


def all_post_urls(app: Flask, values: dict[str, Any]) -> list[tuple[str, str]]:
    from flask import url_for

    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or set()):
            continue
        args = {**ROUTE_VALUES, **values}
        if rule.endpoint in FORMATS:
            args["fmt"] = FORMATS[rule.endpoint]
        with app.test_request_context():
            urls.append(
                (rule.endpoint, url_for(rule.endpoint, **{a: args[a] for a in rule.arguments}))
            )
    return urls


def test_every_state_changing_route_refuses_a_missing_or_forged_csrf_token(
    app: Flask, db: Store, two: TwoSurveys
) -> None:
    personal = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    values = {
        **two.a,
        "slug": "demo",
        "number": 1,
        "token": invite(db, personal),
        "change": "close",
        "kind": "remind",
        "decision": "undo",
    }
    urls = all_post_urls(app, values)
    assert len(urls) >= 30, "the walk covers every POST route"
    stolen = token(two.evaluator)  # valid, but for another session
    fields = {
        "body": "memo",
        "code_id": two.a["code_id"],
        "label": "Ny kod",
        "q1_roll": "Rektor",
        "fritext": "Kurator",
        "email": ADMIN,
        "password": PASSWORD,
        "title": "Ny",
        "user_id": 1,
    }
    before = db_snapshot(db)
    for endpoint, url in urls:
        for forged in (None, "", "forfalskad", stolen):
            for headers in ({}, JSON):
                data = dict(fields) if forged is None else {**fields, "csrf_token": forged}
                reply = two.admin.post(url, data=data, headers=headers)
                html = page_of(reply)
                if endpoint in CSRF_EXEMPT:
                    assert reply.status_code in (200, 302, 303), (
                        endpoint,
                        forged,
                        reply.status_code,
                    )
                    if reply.status_code == 303:  # the page comes back by a GET
                        html = page_of(two.admin.get(reply.headers["Location"]))
                    if reply.status_code in (200, 303):
                        assert "Av säkerhetsskäl behövde sidan laddas om" in html, endpoint
                    continue
                assert reply.status_code == 400, (endpoint, url, forged, reply.status_code)
                assert "Sidan hann bli för gammal" in html, endpoint
    assert db_snapshot(db) == before, "no forged request changed anything"
    assert two.admin.get("/admin/").status_code == 200, "a forged sign-out did not sign out"
