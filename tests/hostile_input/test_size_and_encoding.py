"""Size, encoding and null bytes: an answer longer than its question allows is refused by
its length, one over the request limit gets the 413 page, and earlier answers stay;
invalid UTF-8, NUL and control characters in any form, query or uploaded file never
cause a server error, and no NUL byte or control character is stored, whether typed by
a respondent, typed by staff or read from a file.
"""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import quote_from_bytes

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from survey.store import Store

from ..conftest import form_tokens, post_form
from ..hostile import ONE_MEGABYTE
from .support import (
    ADMIN,
    JSON,
    all_text_values,
    hostile_questionnaire_survey,
    latest_response_id,
    page_of,
    staff,
    token,
    upload_people,
)


def test_a_one_megabyte_answer_is_refused_by_its_length_and_earlier_answers_stay(
    app: Flask, client: FlaskClient, db: Store
) -> None:
    survey = hostile_questionnaire_survey(db)
    post_form(client, "/s/hostil/1", {"fritext": "Kurator", "beskrivning": "Tät samverkan."})
    response_id = latest_response_id(db, survey["id"])
    reply = post_form(client, "/s/hostil/2", {"mer": ONE_MEGABYTE})
    html = page_of(reply)
    # Too big to keep in the session cookie: the page is answered directly.
    assert reply.status_code == 200
    assert "men högst 2\u00a0000 får plats" in html
    assert db.answers(response_id) == {"fritext": "Kurator", "beskrivning": "Tät samverkan."}
    first = post_form(
        app.test_client(), "/s/hostil/1", {"fritext": "Rektor", "beskrivning": ONE_MEGABYTE}
    )
    assert first.status_code == 200
    assert "men högst 10\u00a0000 får plats" in page_of(first)
    assert "Rektor" in page_of(first), "what was typed in the other field is kept"
    assert db.count_responses(survey["id"]) == 1, "nothing stored from the refused page"


def test_an_answer_over_the_request_limit_gets_the_413_page_and_earlier_answers_stay(
    client: FlaskClient, db: Store
) -> None:
    survey = hostile_questionnaire_survey(db)
    post_form(client, "/s/hostil/1", {"fritext": "Kurator", "beskrivning": "Tät samverkan."})
    response_id = latest_response_id(db, survey["id"])
    # A megabyte of Swedish letters is three on the wire (%C3%A5), over the 2 MB limit.
    reply = post_form(client, "/s/hostil/2", {"mer": "å" * len(ONE_MEGABYTE)})
    assert reply.status_code == 413
    assert "För mycket text på en gång" in page_of(reply)
    assert "Traceback" not in page_of(reply)
    assert db.answers(response_id) == {"fritext": "Kurator", "beskrivning": "Tät samverkan."}
    assert client.get("/s/hostil/2").status_code == 200, "the respondent can go on"


BAD_BYTES = b"Kurator\xff\xfe\x00\x1b p\xc3\xa5 skolan\xc3"  # invalid UTF-8, NUL, ESC


def raw_post(
    client: FlaskClient, url: str, fields: dict[str, str | bytes], **kwargs: Any
) -> TestResponse:
    """A form post with bytes no browser would send, percent-encoded as they are."""
    body = "&".join(
        f"{k}={quote_from_bytes(v if isinstance(v, bytes) else v.encode())}"
        for k, v in fields.items()
    )
    return client.post(url, data=body, content_type="application/x-www-form-urlencoded", **kwargs)


def test_invalid_utf8_and_null_bytes_never_cause_a_server_error(
    app: Flask, db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    survey = hostile_questionnaire_survey(db)
    respondent = app.test_client()
    replies: dict[str, TestResponse] = {}
    tokens = form_tokens(respondent, "/s/hostil/1")
    replies["answer"] = raw_post(
        respondent,
        "/s/hostil/1",
        {**tokens, "fritext": BAD_BYTES, "beskrivning": BAD_BYTES, "val": b"\xff\x00"},
    )
    if replies["answer"].status_code == 303:  # the refused page comes back by a GET
        replies["answer"] = respondent.get(replies["answer"].headers["Location"])
    replies["answer again"] = raw_post(
        respondent, "/s/hostil/1", {**form_tokens(respondent, "/s/hostil/1"), "fritext": BAD_BYTES}
    )
    resume = form_tokens(app.test_client(), "/s/demo/resume")
    replies["resume code"] = raw_post(
        app.test_client(), "/s/demo/resume", {**resume, "code": BAD_BYTES}
    )
    login = app.test_client()
    replies["sign-in"] = raw_post(
        login, "/login", {**form_tokens(login, "/login"), "email": BAD_BYTES, "password": BAD_BYTES}
    )
    evaluator = staff(app, db, "eva@example.org", "evaluator", sid)
    csrf = token(evaluator)
    base = f"/coding/surveys/{sid}"
    answer = team["answers"][0]["id"]
    posts = {
        "memo": (f"{base}/memos", {"target": "survey", "target_id": str(sid), "body": BAD_BYTES}),
        "memo target": (
            f"{base}/memos",
            {"target": BAD_BYTES, "target_id": BAD_BYTES, "body": "x"},
        ),
        "code": (f"{base}/codebook/codes", {"label": BAD_BYTES, "description": BAD_BYTES}),
        "coding": (
            f"{base}/answers/{answer}/codings",
            {"code_id": BAD_BYTES, "start": BAD_BYTES, "end": "3", "quote": BAD_BYTES},
        ),
        "merge": (f"{base}/codebook/merge", {"source": BAD_BYTES, "target": BAD_BYTES}),
    }
    for name, (url, fields) in posts.items():
        replies[name] = raw_post(evaluator, url, {"csrf_token": csrf, **fields})
        replies[f"{name} (json)"] = raw_post(
            evaluator, url, {"csrf_token": csrf, **fields}, headers=JSON
        )
    for name, url in {
        "workbench search": f"{base}?q=%FF%00%22&question=%FF&code=%00&attr_x%FF=%00",
        "browser search": f"/responses/surveys/{sid}?q=%FF%FE%00&question=%00&status=%FF",
        "queue": f"{base}/queue?question=%FF%00&skip=%00",
        "memos": f"{base}/memos?target=%FF&target_id=%00",
        "keyword preview": f"{base}/codebook/preview?keywords_sv=%FF%00",
        "report": f"/reports/surveys/{sid}/%FF%00/",
        "invitation link": "/i/%FF%FE%00",
        "public link": "/s/%FF%00/1",
    }.items():
        replies[name] = evaluator.get(url)
    admin = staff(app, db, ADMIN, "admin")
    personal = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    tokens = form_tokens(admin, f"/admin/surveys/{personal['id']}")
    for name, content in {
        "people not utf-8": b"namn;e-post\n\xc5sa;asa@example.org\n",
        "people with nul": b"namn;e-post;stadsdel\n\x00;a\x00@example.org;J\x00\n",
    }.items():
        replies[name] = admin.post(
            f"/admin/surveys/{personal['id']}/invitations",
            data={**tokens, "people": (io.BytesIO(content), "p.csv")},
            content_type="multipart/form-data",
        )
    replies["codebook not utf-8"] = evaluator.post(
        f"{base}/codebook/import",
        data={
            "csrf_token": csrf,
            "file": (io.BytesIO(b'[[codes]]\nlabel = "\xff\x00"\n'), "k.toml"),
        },
        content_type="multipart/form-data",
    )
    replies["survey title"] = raw_post(
        admin,
        "/admin/surveys/new",
        {**form_tokens(admin, "/admin/surveys/new"), "title": BAD_BYTES, "slug": BAD_BYTES},
    )
    failed = {name: r.status_code for name, r in replies.items() if r.status_code >= 500}
    assert failed == {}, failed
    for name, reply in replies.items():
        assert "Traceback" not in page_of(reply), name
    assert "Välj ett av alternativen." in page_of(replies["answer"])
    assert db.count_responses(survey["id"]) == 1, "only the page without a forged choice"


def test_no_null_byte_or_control_character_from_a_respondent_is_stored(
    app: Flask, db: Store
) -> None:
    survey = hostile_questionnaire_survey(db)
    respondent = app.test_client()
    for page, fields in (
        (1, {"fritext": BAD_BYTES, "beskrivning": BAD_BYTES}),
        (2, {"mer": b"\x00\x00Mer\x00 text\x07\x1b\x7f"}),
    ):
        url = f"/s/hostil/{page}"
        reply = raw_post(respondent, url, {**form_tokens(respondent, url), **fields})
        assert reply.status_code == 302, page
    stored = db.answers(latest_response_id(db, survey["id"]))
    assert set(stored) == {"fritext", "beskrivning", "mer"}
    # Invalid UTF-8 arrives as the escapes the browser sent; the text around it is kept.
    assert stored["fritext"].startswith("Kurator") and "på skolan" in stored["fritext"]
    assert stored["mer"] == "Mer text"
    bad = [
        (t, c, v)
        for t, c, v in all_text_values(db)
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", v)
    ]
    assert bad == [], bad[:3]


def test_no_null_byte_typed_by_staff_or_read_from_a_file_is_stored(
    app: Flask, db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    evaluator = staff(app, db, "eva@example.org", "evaluator", sid)
    csrf = token(evaluator)
    base = f"/coding/surveys/{sid}"
    raw_post(
        evaluator,
        f"{base}/memos",
        {"csrf_token": csrf, "target": "survey", "target_id": str(sid), "body": b"Ring\x00 hem"},
    )
    raw_post(
        evaluator,
        f"{base}/codebook/codes",
        {"csrf_token": csrf, "label": b"Sko\x00la", "description": b"Be\x00skrivning"},
    )
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    admin = staff(app, db, ADMIN, "admin")
    upload_people(admin, survey["id"], b"namn;e-post;stadsdel\nAsa;asa@example.org;J\x00rva\n")
    stored = {(t, c) for t, c, v in all_text_values(db) if "\x00" in v}
    assert stored == set(), f"NUL bytes stored in {sorted(stored)}"
