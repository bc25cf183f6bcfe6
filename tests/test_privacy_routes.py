"""No route hands an evaluator or a viewer an identifier the pages hide.

The routes are read from the app's url_map, so a route added later is walked too: every
GET route is requested with its parameters filled in (each format it may take), as JSON
and as a page, and every answer it sends (JSON, CSV, XLSX, Word, ZIP, HTML) is searched
for the identifiers planted in one answer, a coded span of it and a memo on it."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

from survey.store import Store
from survey.workbench import actions
from survey.workbench.double_coding import draw_sample
from tests.conftest import Auth, form_tokens

PLANTED = (
    "Ali Hassan ringde från 070-123 45 67 och skrev till ali.hassan@example.org, "
    "hans personnummer är 19850612-1006 och han tycker att samverkan med skolan fungerar. "
    "Min son Vilgot Berglund tyckte om Lena."
)
# What must never reach an evaluator or a viewer, each with the forms a document may hold
# it in (a Word file may split a number across runs; whitespace is removed before looking).
IDENTIFIERS = {
    "listed name": ("hassan",),
    "unlisted names": ("vilgot", "berglund"),
    "phone": ("0701234567", "070123"),
    "e-mail": ("ali.hassan@example.org",),
    "personnummer": ("198506121006", "8506121006", "19850612"),
}
# Values tried for the string parts of a route that the url_map does not enumerate.
GUESSES = {
    "fmt": ("csv", "xlsx", "json", "toml", "qdc", "docx", "zip", "md", "html"),
    "what": ("codings", "memos"),
    "report_lang": ("sv", "en"),
    "name": ("figure-1.png",),
    "decision": ("accept", "reject"),
    "change": ("close",),
    "slug": ("demo",),
    "token": ("nothing",),
    "filename": ("style.css",),
}
QUERY = {"q": "samverkan", "keywords_sv": "samverkan", "keywords_en": "cooperation"}


@pytest.fixture
def planted(db: Store, team: dict) -> dict[str, int]:
    """One answer of the demo survey holding every kind of identifier, its name on the
    survey's list, a span coding and a memo on it, and a double-coding sample holding it."""
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    db.db.execute("UPDATE answers SET value = ? WHERE id = ?", (PLANTED, answer["id"]))
    db.set_pseudonym_names(sid, ["Ali Hassan"])
    code = db.code_by_key(sid, "kartlaggning")["id"]
    start = PLANTED.index("Ali")
    end = PLANTED.index(" och han")
    coded = actions.add_coding(
        db, sid, team["anna"], answer["id"], code, start=start, end=end, quote=PLANTED[start:end]
    )
    coding_id = coded["codings"][0]["id"]
    # A span that cuts an identifier in two: its quote alone no longer looks like one.
    start, end = PLANTED.index("ringde"), PLANTED.index(" 45 67")
    actions.add_coding(
        db, sid, team["bo"], answer["id"], code, start=start, end=end, quote=PLANTED[start:end]
    )
    start, end = PLANTED.index("19850612"), PLANTED.index("-1006")
    actions.add_coding(
        db, sid, team["bo"], answer["id"], code, start=start, end=end, quote=PLANTED[start:end]
    )
    db.add_memo(sid, "coding", coding_id, team["anna"], "Ali Hassan, 070-123 45 67", "2026-01-01")
    db.add_memo(sid, "answer", answer["id"], team["anna"], "Ring Ali Hassan", "2026-01-01")
    sample = draw_sample(db, sid, team["admin"], 1.0, [team["anna"], team["bo"]], seed=1)
    return {
        "survey_id": sid,
        "answer_id": answer["id"],
        "response_id": answer["response_id"],
        "coding_id": coding_id,
        "code_id": code,
        "sample_id": sample,
        "user_id": team["anna"],
    }


def _values(rule: Rule, argument: str, ids: dict[str, int]) -> tuple[object, ...]:
    converter = rule._converters[argument]  # noqa: SLF001  (no public accessor)
    if isinstance(converter, AnyConverter):
        return tuple(converter.items)
    if argument in ids:
        return (ids[argument],)
    if argument.endswith("_id") or isinstance(converter, IntegerConverter):
        return (ids["survey_id"], 1)
    return GUESSES.get(argument, ("x",))


def _urls(app: Flask, ids: dict[str, int]) -> Iterator[str]:
    """Every GET route of the app with its parameters filled in every way we know."""
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        names = sorted(rule.arguments)
        for combination in itertools.product(*(_values(rule, n, ids) for n in names)):
            with app.test_request_context():
                from flask import url_for

                yield url_for(rule.endpoint, **dict(zip(names, combination, strict=True)), **QUERY)


def _texts(data: bytes) -> Iterator[str]:
    """The text of a reply: itself, or every file inside it when it is a zip (XLSX,
    Word, a report bundle)."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as bundle:
            for member in bundle.namelist():
                yield from _texts(bundle.read(member))
        return
    yield data.decode("utf-8", errors="replace")


def _leaks(data: bytes) -> list[str]:
    found = []
    for text in _texts(data):
        flat = re.sub(r"[\s\-\u2013]", "", text).lower()
        for kind, forms in IDENTIFIERS.items():
            if any(form in flat for form in forms):
                found.append(kind)
    return sorted(set(found))


def _walk(client: FlaskClient, app: Flask, ids: dict[str, int]) -> tuple[dict[str, list], int]:
    leaks: dict[str, list[str]] = {}
    served = 0
    for url in _urls(app, ids):
        for headers in ({}, {"Accept": "application/json"}):
            reply = client.get(url, headers=headers)
            if reply.status_code != 200:
                break
            served += 1
            if found := _leaks(reply.data):
                leaks[url] = found
            if reply.mimetype != "text/html":
                break  # a download is the same whatever the page asks for
    return leaks, served


@pytest.mark.parametrize("role", ["evaluator", "viewer"])
def test_no_route_gives_an_evaluator_or_viewer_a_hidden_identifier(
    client: FlaskClient, db: Store, app: Flask, auth: Auth, planted: dict[str, int], role: str
) -> None:
    user = auth.sign_in(role)
    db.assign(user["id"], planted["survey_id"])
    leaks, served = _walk(client, app, planted)
    assert served > (15 if role == "evaluator" else 5), "the walk reached the survey's routes"
    # The action the page's script posts answers JSON with the cell's text in it.
    if role == "evaluator":
        url = f"/coding/surveys/{planted['survey_id']}"
        reply = client.post(
            f"{url}/answers/{planted['answer_id']}/codings",
            data={
                "csrf_token": form_tokens(client, url)["csrf_token"],
                "code_id": planted["code_id"],
            },
            headers={"Accept": "application/json"},
        )
        assert reply.status_code == 200 and reply.get_json()["ok"]
        if found := _leaks(reply.data):
            leaks["POST codings"] = found
    assert leaks == {}


def test_the_walk_finds_the_identifiers_where_an_administrator_asks_for_them(
    client: FlaskClient, db: Store, auth: Auth, planted: dict[str, int]
) -> None:
    """Positive control: the planted answer is reachable, and its identifiers are found
    when an administrator asks for the original text."""
    auth.sign_in("admin", "chef@example.org")
    reply = client.get(f"/responses/{planted['response_id']}?original=1")
    assert _leaks(reply.data) == sorted(IDENTIFIERS)
    export = client.get(f"/admin/surveys/{planted['survey_id']}/export.xlsx?original=1")
    assert export.status_code == 200 and _leaks(export.data) == sorted(IDENTIFIERS)
