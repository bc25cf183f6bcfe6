"""Other surveys' ids (IDOR): an evaluator gets not found for every page and action of a
survey not assigned to them, and ids of another survey placed in the pages and forms of
their own survey are refused; nothing of the other survey leaks or changes.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from survey.store import Store

from .support import FORMATS, JSON, ROUTE_VALUES, SECRET, TwoSurveys, db_snapshot, page_of, token

STAFF_BLUEPRINTS = ("coding", "codebook", "agreement", "reports", "responses")
NOT_PER_SURVEY = {"coding.index", "reports.index", "reports.combined"}  # ids in the query


def staff_urls(app: Flask, ids: dict[str, int]) -> list[tuple[str, str, str, set[str]]]:
    """(endpoint, method, url, ids in the url) of every per-survey staff route, filled
    with `ids`."""
    from flask import url_for

    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in STAFF_BLUEPRINTS or rule.endpoint in NOT_PER_SURVEY:
            continue
        values = {**ROUTE_VALUES, **ids}
        if rule.endpoint in FORMATS:
            values["fmt"] = FORMATS[rule.endpoint]
        if rule.endpoint == "codebook.settle_merge":
            values["decision"] = "undo"
        with app.test_request_context():
            url = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
        named = set(rule.arguments) & set(ids)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            routes.append((rule.endpoint, method, url, named))
    return routes


def test_an_evaluator_gets_not_found_for_every_page_and_action_of_another_survey(
    app: Flask, db: Store, two: TwoSurveys
) -> None:
    before = db_snapshot(db)
    routes = staff_urls(app, two.b)
    assert len(routes) >= 30, "the walk covers the per-survey routes"
    b = two.b
    # What the page's forms would send, naming B's things.
    body = {
        "csrf_token": token(two.evaluator),
        "code_id": b["code_id"],
        "answer": b["answer_id"],
        "target": "answer",
        "target_id": b["answer_id"],
        "body": "memo",
        "label": "Ny kod",
        "stance": "success",
        "coding": b["coding_id"],
        "code": b["code_id"],
        "percent": 10,
    }
    for endpoint, method, url, _ in routes:
        for headers in ({}, JSON):
            if method == "GET":
                reply = two.evaluator.get(url, headers=headers)
            else:
                reply = two.evaluator.post(url, data=body, headers=headers)
            expected = 403 if endpoint == "agreement.new_sample" else 404  # admins only
            assert reply.status_code == expected, (endpoint, method, url, reply.status_code)
            assert SECRET not in page_of(reply), (endpoint, method, "leaks survey B")
    for endpoint, method, url, _ in routes:
        if endpoint.startswith("reports.") and method == "GET":
            assert two.viewer.get(url).status_code == 404, ("viewer", endpoint)
    assert db_snapshot(db) == before, "nothing of survey B changed"


def test_ids_of_another_survey_under_ones_own_survey_are_refused_and_change_nothing(
    app: Flask, db: Store, two: TwoSurveys
) -> None:
    a, b = two.a, two.b
    before = db_snapshot(db)
    mixed = {**b, "survey_id": a["survey_id"]}  # A's pages, B's ids
    csrf = token(two.evaluator)
    own = {"csrf_token": csrf, "code_id": a["code_id"], "answer": a["answer_id"], "body": "x"}
    for endpoint, method, url, named in staff_urls(app, mixed):
        if named == {"survey_id"}:
            continue  # nothing of B's in this url
        if method == "GET":
            reply = two.evaluator.get(url, headers=JSON)
        else:
            reply = two.evaluator.post(url, data=own, headers=JSON)
        refused = reply.status_code in (404, 409) or (
            reply.status_code == 302
            and reply.headers["Location"].startswith(f"/coding/surveys/{a['survey_id']}")
        )
        assert refused, (endpoint, method, url, reply.status_code)
        assert SECRET not in page_of(reply), (endpoint, url, "leaks survey B")
    base = f"/coding/surveys/{a['survey_id']}"
    own_answer, own_code = a["answer_id"], a["code_id"]
    bodies: list[tuple[str, dict[str, Any]]] = [
        (f"{base}/answers/{own_answer}/codings", {"code_id": b["code_id"]}),
        (f"{base}/suggestions/{b['suggestion_id']}/accept", {"answer": b["answer_id"]}),
        (f"{base}/memos", {"target": "answer", "target_id": b["answer_id"], "body": "x"}),
        (f"{base}/memos", {"target": "coding", "target_id": b["coding_id"], "body": "x"}),
        (f"{base}/memos", {"target": "code", "target_id": b["code_id"], "body": "x"}),
        (f"{base}/memos", {"target": "survey", "target_id": b["survey_id"], "body": "x"}),
    ]
    for url, fields in bodies:
        reply = two.evaluator.post(url, data={"csrf_token": csrf, **fields}, headers=JSON)
        assert reply.status_code in (404, 409), (url, fields, reply.status_code)
        assert SECRET not in page_of(reply), (url, fields)
    forms: list[tuple[str, dict[str, Any], str]] = [
        (f"{base}/codebook/merge", {"source": b["code_id"], "target": own_code}, "finns inte"),
        (f"{base}/codebook/merge", {"source": own_code, "target": b["code_id"]}, "finns inte"),
        (
            f"{base}/codebook/codes/{own_code}/reassign",
            {"coding": b["coding_id"], "target": own_code},
            "finns inte",
        ),
        (
            f"{base}/codebook/codes/{own_code}",
            {"label": "Ny", "parent_id": b["code_id"]},
            "Den överordnade koden finns inte.",
        ),
        (
            f"{base}/codebook/codes",
            {"label": "Ny", "parent_id": b["code_id"]},
            "Den överordnade koden finns inte.",
        ),
        (
            f"{base}/agreement/samples/{a['sample_id']}/answers/{b['answer_id']}/consensus",
            {"code": own_code},
            "finns inte",
        ),
    ]
    for url, fields, message in forms:
        reply = two.evaluator.post(url, data={"csrf_token": csrf, **fields}, follow_redirects=True)
        html = page_of(reply)
        assert message in html, (url, fields)
        assert SECRET not in html, (url, fields)
    for url in (
        f"{base}/memos?target=answer&target_id={b['answer_id']}",
        f"{base}/agreement?sample={b['sample_id']}",
        f"{base}/agreement/samples/{b['sample_id']}/disagreements",
    ):
        assert two.evaluator.get(url, headers=JSON).status_code == 404, url
    filtered = two.evaluator.get(f"{base}?sample={b['sample_id']}&code={b['code_id']}")
    assert filtered.status_code == 200 and SECRET not in page_of(filtered)
    assert db_snapshot(db) == before, "nothing changed in either survey"
