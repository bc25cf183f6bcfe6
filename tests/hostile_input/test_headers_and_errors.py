"""Headers and error pages: every kind of page, for respondents and staff, carries the
security headers (a content security policy without inline or foreign scripts, no
framing, no sniffing, no referrer) and no page relies on an inline style that policy
blocks; no error page shows a stack trace or internal detail, an id too large for the
database is simply not found, and signing in never sends the browser to another site.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from lxml import html as lxml_html
from werkzeug.test import TestResponse

from survey.store import Store
from tests.conftest import PASSWORD, PASSWORD_HASH

from ..conftest import form_tokens, invite, post_form
from .support import (
    ADMIN,
    JSON,
    Coded,
    TwoSurveys,
    hostile_questionnaire_survey,
    page_of,
    staff,
    token,
)


def policy(reply: TestResponse) -> dict[str, list[str]]:
    header = reply.headers.get("Content-Security-Policy", "")
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_security_headers(reply: TestResponse, where: str) -> None:
    csp = policy(reply)
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts, f"{where}: no script-src"
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert loose not in scripts, f"{where}: script-src allows {loose}"
    assert csp.get("frame-ancestors") == ["'none'"], where
    assert csp.get("object-src") == ["'none'"], where
    assert csp.get("base-uri") == ["'none'"], where
    assert reply.headers.get("X-Content-Type-Options") == "nosniff", where
    assert reply.headers.get("Referrer-Policy") == "no-referrer", where
    assert reply.headers.get("X-Frame-Options") == "DENY", where


def test_every_kind_of_page_sends_the_security_headers(
    app: Flask, db: Store, two: TwoSurveys, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = two.a
    sid = a["survey_id"]
    respondent = app.test_client()
    personal = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    link = invite(db, personal)
    closed = hostile_questionnaire_survey(db, "stangd")
    db.set_survey_status(closed["id"], "closed")
    respondent_pages = {
        "start": respondent.get("/s/demo"),
        "page": respondent.get("/s/demo/1"),
        "page with errors": post_form(respondent, "/s/demo/1", {"q1_roll": ""}),
        "page after submit": post_form(respondent, "/s/demo/1", {"q1_roll": "Rektor"}),
        "stale page": respondent.post("/s/demo/2", data={"csrf_token": "gammal"}),
        "review": respondent.get("/s/demo/review"),
        "resume": app.test_client().get("/s/demo/resume"),
        "done": app.test_client().get("/s/demo/done"),
        "invitation": app.test_client().get(f"/i/{link}/1"),
        "unknown link": app.test_client().get("/i/finns-inte/1"),
        "closed survey": app.test_client().get("/s/stangd/1"),
        "personal link needed": app.test_client().get("/s/personlig/1"),
        "too large": respondent.post("/s/demo/1", data={"q1_roll": "x" * (3 * 1024 * 1024)}),
    }
    statuses = {name: r.status_code for name, r in respondent_pages.items()}
    assert {410, 404, 403, 413, 200, 302} <= set(statuses.values()), statuses
    for name, reply in respondent_pages.items():
        assert_security_headers(reply, f"respondent: {name}")
        if "text/html" in reply.headers.get("Content-Type", ""):
            assert reply.headers.get("Cache-Control") == "no-store", name
    base = f"/coding/surveys/{sid}"
    answer = a["answer_id"]
    staff_pages = {
        "home": app.test_client().get("/"),
        "sign-in": app.test_client().get("/login"),
        "admin": two.admin.get("/admin/"),
        "admin survey": two.admin.get(f"/admin/surveys/{sid}"),
        "responses csv": two.admin.get(f"/admin/surveys/{sid}/export.csv"),
        "responses xlsx": two.admin.get(f"/admin/surveys/{sid}/export.xlsx"),
        "workbench": two.evaluator.get(base),
        "question view": two.evaluator.get(f"{base}?question=q2_framgang"),
        "queue": two.evaluator.get(f"{base}/queue"),
        "memos": two.evaluator.get(f"{base}/memos"),
        "codebook": two.evaluator.get(f"{base}/codebook"),
        "code": two.evaluator.get(f"{base}/codebook/codes/{a['code_id']}"),
        "codes.css": two.evaluator.get(f"{base}/codes.css"),
        "keyword preview json": two.evaluator.get(f"{base}/codebook/preview?keywords_sv=skola"),
        "training json": two.evaluator.get(f"{base}/train", headers=JSON),
        "cell json": two.evaluator.post(
            f"{base}/answers/{answer}/codings",
            data={"csrf_token": token(two.evaluator), "code_id": a["code_id"]},
            headers=JSON,
        ),
        "refusal json": two.evaluator.post(
            f"{base}/answers/{answer}/codings",
            data={"csrf_token": token(two.evaluator), "code_id": 0},
            headers=JSON,
        ),
        "agreement": two.evaluator.get(f"{base}/agreement"),
        "browser": two.evaluator.get(f"/responses/surveys/{sid}"),
        "response": two.evaluator.get(f"/responses/{a['response_id']}"),
        "reports": two.viewer.get("/reports/"),
        "report": two.viewer.get(f"/reports/surveys/{sid}/sv/"),
        "static css": app.test_client().get("/static/style.css"),
        "static js": app.test_client().get("/static/coding.js"),
        "403": two.evaluator.get("/admin/"),
        "404": two.evaluator.get("/coding/surveys/9999"),
        "405": two.evaluator.get(f"{base}/undo"),
        "400 csrf": two.evaluator.post(f"{base}/undo"),
    }
    monkeypatch.setattr(Store, "codebook_log", _boom)
    staff_pages["500"] = two.evaluator.get(f"{base}/codebook")
    for name, reply in staff_pages.items():
        assert_security_headers(reply, f"staff: {name}")
    assert staff_pages["500"].status_code == 500


def _boom(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("Traceback (most recent call last): File /srv/survey/db.py HEMLIG-DETALJ")


def _database_down(*_args: Any, **_kwargs: Any) -> Any:
    from survey.store import DatabaseError

    raise DatabaseError("/srv/instance/survey.db is read-only HEMLIG-DETALJ")


def test_error_pages_never_show_a_stack_trace_or_internal_detail(
    app: Flask, db: Store, two: TwoSurveys, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = two.a["survey_id"]
    base = f"/coding/surveys/{sid}"
    csrf = token(two.evaluator)
    replies = {
        "malformed survey id": two.evaluator.get("/coding/surveys/abc"),
        "negative id": two.evaluator.get("/coding/surveys/-1"),
        "huge survey id": two.evaluator.get(f"/coding/surveys/{10**30}"),
        "huge response id": two.evaluator.get(f"/responses/{10**30}"),
        "huge code id": two.evaluator.get(f"{base}/codebook/codes/{10**30}"),
        "huge code in a form": two.evaluator.post(
            f"{base}/answers/{two.a['answer_id']}/codings",
            data={"csrf_token": csrf, "code_id": str(10**30)},
            headers=JSON,
        ),
        "huge memo target": two.evaluator.post(
            f"{base}/memos",
            data={"csrf_token": csrf, "target": "answer", "target_id": str(10**30), "body": "x"},
        ),
        "bad page number": app.test_client().get("/s/demo/0"),
        "huge page number": app.test_client().get(f"/s/demo/{10**30}"),
        "bad format": two.evaluator.get(f"{base}/export/codings.exe"),
        "bad report language": two.evaluator.get(f"/reports/surveys/{sid}/xx/"),
        "bad figure name": two.evaluator.get(f"/reports/surveys/{sid}/sv/figures/..%2Fx.png"),
    }
    monkeypatch.setattr(Store, "codebook_log", _boom)
    replies["unexpected exception"] = two.evaluator.get(f"{base}/codebook")
    monkeypatch.setattr(Store, "codes", _database_down)
    replies["database unavailable"] = two.evaluator.get(base)
    for name, reply in replies.items():
        html = page_of(reply)
        assert reply.status_code >= 300, name
        for leak in ("Traceback", 'File "', "HEMLIG-DETALJ", "OverflowError", "sqlite3", "/srv/"):
            assert leak not in html, (name, leak)
        if reply.status_code >= 500:
            assert "Något gick fel hos oss" in html, name
    assert replies["unexpected exception"].status_code == 500
    assert replies["database unavailable"].status_code == 503


def test_an_id_too_large_for_the_database_is_simply_not_found(two: TwoSurveys) -> None:
    base = f"/coding/surveys/{two.a['survey_id']}"
    csrf = token(two.evaluator)
    huge = str(10**30)
    replies = {
        "survey": two.evaluator.get(f"/coding/surveys/{huge}"),
        "response": two.evaluator.get(f"/responses/{huge}"),
        "code": two.evaluator.get(f"{base}/codebook/codes/{huge}", headers=JSON),
        "code in a form": two.evaluator.post(
            f"{base}/answers/{two.a['answer_id']}/codings",
            data={"csrf_token": csrf, "code_id": huge},
            headers=JSON,
        ),
        "memo target": two.evaluator.post(
            f"{base}/memos",
            data={"csrf_token": csrf, "target": "answer", "target_id": huge, "body": "x"},
            headers=JSON,
        ),
    }
    statuses = {name: reply.status_code for name, reply in replies.items()}
    assert all(s in (302, 404) for s in statuses.values()), statuses


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "https://evil.example",
        "javascript:alert(1)",
    ],
)
def test_signing_in_never_sends_the_browser_to_another_site(
    app: Flask, db: Store, target: str
) -> None:
    from urllib.parse import urljoin

    db.create_user(ADMIN, PASSWORD_HASH, "admin")
    client = app.test_client()
    reply = client.post(
        f"/login?next={quote(target, safe='')}",
        data={**form_tokens(client, "/login"), "email": ADMIN, "password": PASSWORD},
    )
    assert reply.status_code == 302
    location = reply.headers["Location"]
    # Browsers read a backslash as a slash and drop tabs and newlines in URLs.
    as_browser = re.sub(r"[\t\n\r]", "", location.replace("\\", "/"))
    landed = urlsplit(urljoin("http://localhost/login", as_browser))
    assert landed.scheme == "http" and landed.netloc == "localhost", location


@pytest.mark.filterwarnings("ignore:Glyph")  # emoji outside the figures' font
def test_no_page_relies_on_inline_style_its_policy_blocks(
    app: Flask, db: Store, coded: Coded
) -> None:
    sid = coded.corpus.id
    base = f"/coding/surveys/{sid}"
    admin = staff(app, db, ADMIN, "admin")
    pages = {
        "workbench": coded.evaluator.get(base),
        "queue": coded.evaluator.get(f"{base}/queue"),
        "memos": coded.evaluator.get(f"{base}/memos?all=1"),
        "codebook": coded.evaluator.get(f"{base}/codebook"),
        "agreement": coded.evaluator.get(f"{base}/agreement"),
        "browser": coded.evaluator.get(f"/responses/surveys/{sid}"),
        "admin survey": admin.get(f"/admin/surveys/{sid}"),
        "respondent page": app.test_client().get("/s/hostil/1"),
        "report": coded.evaluator.get(f"/reports/surveys/{sid}/sv/"),
    }
    inline = {}
    for name, reply in pages.items():
        tree = lxml_html.document_fromstring(page_of(reply))
        found = tree.xpath("//*[@style]|//style")
        if found:
            inline[name] = len(found)
    assert inline == {}, f"inline styles the policy blocks: {inline}"
