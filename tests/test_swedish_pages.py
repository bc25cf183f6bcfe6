"""Every page a Swedish user can reach, and every message the app flashes or shows after a
mistake, is in Swedish: no English sentence on a Swedish page.

The walk goes over the app's url_map with seeded ids as an administrator, an evaluator,
a viewer and a respondent; the mistakes are made on purpose (no file chosen, a CSV with
bad rows, mail not set up, a wrong date…). The detector looks for English function words
in running text, outside code, kbd, pre, script and style, outside elements marked as
another language (lang="en", e.g. the "In English" switch), and outside what people
typed (answers, code names, memos), which is data, not interface.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import privacy
from survey.store import Store
from tests.conftest import Auth

from .conftest import PAGE2, PAGE3, form_tokens, invite, new_survey, post_form

# Words that carry English sentences and are not Swedish words (so not "in", "be", "by",
# "till", "dom", "man", which Swedish has too).
ENGLISH = frozenset(
    [
        "the",
        "is",
        "are",
        "was",
        "were",
        "of",
        "to",
        "and",
        "not",
        "this",
        "that",
        "with",
        "for",
        "you",
        "your",
        "has",
        "have",
        "from",
        "which",
        "cannot",
        "please",
        "there",
        "been",
        "it",
        "its",
        "an",
        "no",
        "or",
        "on",
        "at",
        "into",
        "will",
        "would",
        "should",
        "can",
        "could",
        "does",
        "did",
        "found",
        "missing",
        "row",
        "set",
        "must",
        "only",
        "any",
        "been",
        "than",
        "then",
        "these",
        "those",
    ]
)
SKIPPED_TAGS = {"script", "style", "code", "kbd", "pre", "textarea"}
SPOKEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source", "wbr", "area", "base"}
WORD = re.compile(r"[a-zåäöéü]+")


class _Text(HTMLParser):
    """The text a person reads or hears, chunk by chunk, outside skipped elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        foreign = (found.get("lang") or "sv") != "sv" and tag != "html"
        if not self._skip:
            self.chunks += [found[a] or "" for a in SPOKEN_ATTRIBUTES if found.get(a)]
            if tag == "input" and found.get("type") in ("submit", "button"):
                self.chunks.append(found.get("value") or "")
        if tag in VOID:
            return
        if self._skip or tag in SKIPPED_TAGS or foreign:
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def _plain(text: str) -> str:
    """Text compared without line breaks and list dashes, as quotes and cells show it."""
    return " ".join(word for word in text.split() if word != "-")


def english_sentences(html: str, user_text: Sequence[str] = ()) -> list[str]:
    """Chunks of running text with two or more English function words, except those
    that are part of something a person typed."""
    parser = _Text()
    parser.feed(html)
    typed = [_plain(text) for text in user_text]
    flagged = []
    for chunk in parser.chunks:
        words = set(WORD.findall(chunk.lower()))
        if len(words & ENGLISH) < 2:
            continue
        bare = _plain(chunk.strip(" .…\n”“\"'-"))
        if any(bare in text for text in typed):
            continue
        flagged.append(chunk)
    return flagged


def test_the_detector_finds_english_and_passes_swedish() -> None:
    """Positive and negative controls for the detector the walk relies on."""
    english = [
        "<li>row 3: 'bo' is not an e-mail address</li>",
        "<p class='notice'>SMTP is not configured: set SURVEY_SMTP_HOST and SURVEY_MAIL_FROM</p>",
        '<button aria-label="Remove the code from this answer">x</button>',
        "<p>1 answers</p><p>The file has no rows.</p>",
    ]
    for html in english:
        assert english_sentences(html), html
    swedish = [
        "<p>Be en administratör om en ny länk. Logga in med din e-post.</p>",
        "<p>Rad 3: ”bo” är ingen e-postadress.</p>",
        '<a lang="en" href="?lang=en">In English</a>',
        "<code>survey invite demo --csv people.csv --out links.csv</code>",
        "<p class='answer'>The team was great and it helped us</p>",
    ]
    for html in swedish[:-1]:
        assert english_sentences(html) == [], html
    assert english_sentences(swedish[-1], ["The team was great and it helped us a lot."]) == []


def _user_text(db: Store) -> list[str]:
    """What people typed, as stored and as pages show it (pseudonymised)."""
    texts: list[str] = []
    for survey in db.survey_overview():
        clean = privacy.pseudonymiser(db, survey["id"]).apply
        for answer in db.open_answers(survey["id"]):
            texts += [answer["text"], clean(answer["text"])]
        for code in db.codes(survey["id"]):
            texts += [code["label"] or "", code["description"] or ""]
    texts += [m["body"] for m in db.db.query("SELECT body FROM memos")]
    return texts


def _values(app: Flask, db: Store) -> dict[str, dict[str, object]]:
    """Route arguments per argument name, for ids that exist in the seeded database."""
    demo = db.survey("demo")
    sid = demo["id"]
    first = lambda sql: next(db.db.query(sql, (sid,)))["id"]  # noqa: E731
    chefer = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    return {
        "survey_id": sid,
        "response_id": first("SELECT id FROM responses WHERE survey_id = ?"),
        "answer_id": db.open_answers(sid)[0]["id"],
        "code_id": db.codes(sid)[0]["id"],
        "sample_id": first("SELECT id FROM samples WHERE survey_id = ?"),
        "coding_id": first(
            "SELECT c.id FROM codings c JOIN answers a ON a.id = c.answer_id "
            "JOIN responses r ON r.id = a.response_id WHERE r.survey_id = ?"
        ),
        "memo_id": first("SELECT id FROM memos WHERE survey_id = ?"),
        "slug": "demo",
        "token": invite(db, chefer),
        "number": 1,
        "report_lang": "sv",
        "lang": "sv",
        "what": "codings",
        "fmt": "csv",
        "user_id": Auth(app.test_client(), db).user("viewer", "lasare@example.org")["id"],
    }


def _get_urls(app: Flask, values: dict) -> list[tuple[str, str]]:
    from flask import url_for

    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(values):
            continue
        with app.test_request_context():
            try:
                url = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
            except Exception:  # an argument this route does not take (a format, a kind)
                continue
        urls.append((rule.endpoint, url))
    return urls


def _walk(client: FlaskClient, urls: list[tuple[str, str]], user_text: list[str]) -> dict:
    found: dict[str, list[str]] = {}
    seen_html = 0
    for endpoint, url in urls:
        reply = client.get(url, follow_redirects=True)
        if "text/html" not in reply.headers.get("Content-Type", ""):
            continue
        seen_html += 1
        english = english_sentences(reply.get_data(as_text=True), user_text)
        if english:
            found[f"{endpoint} {url} ({reply.status_code})"] = english
    assert seen_html >= 10, "the walk reached the pages"
    return found


@pytest.mark.parametrize("role", ["admin", "evaluator", "viewer", None])
def test_every_page_is_in_swedish_for_every_role(
    app: Flask, client: FlaskClient, db: Store, role: str | None
) -> None:
    from survey.fielding.demo import seed_demo_coding

    seed_demo_coding(db, db.survey("demo"))
    values = _values(app, db)
    if role:
        user = Auth(client, db).sign_in(role)
        db.assign(user["id"], values["survey_id"])
    else:
        # A respondent part-way: the review page and the thank-you page exist too.
        post_form(client, "/s/demo/1", {"q1_roll": "Rektor"})
        post_form(client, "/s/demo/2", PAGE2)
        post_form(client, "/s/demo/3", PAGE3)
    found = _walk(client, _get_urls(app, values), _user_text(db))
    assert found == {}


def _flashes_and_errors(client: FlaskClient, db: Store) -> list[str]:
    """Pages after mistakes an administrator makes, as a browser would see them."""
    chefer = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    sid = chefer["id"]
    page = f"/admin/surveys/{sid}"
    tokens = form_tokens(client, page)

    def upload(content: bytes | None) -> str:
        files = {"people": (io.BytesIO(content), "personer.csv")} if content is not None else {}
        return client.post(
            f"{page}/invitations",
            data={**tokens, **files},
            content_type="multipart/form-data",
            follow_redirects=True,
        ).get_data(as_text=True)

    def post(url: str, data: dict | None = None) -> str:
        return client.post(url, data={**tokens, **(data or {})}, follow_redirects=True).get_data(
            as_text=True
        )

    pages = [
        upload(None),
        upload(b""),
        upload(b"namn;telefon\nAnna;070\n"),
        upload(b"namn;e-post\nBo;inte-en-adress\nEva;eva@example.org\nEva;eva@example.org\n"),
        upload("namn;e-post\nÅsa;asa@example.org\n".encode("cp1252")),
        upload(b"\n\n"),
        post(f"{page}/mail/invite"),
        post(f"{page}/mail/remind"),
        post(f"/admin/surveys/{sid}/retention", {"delete_after": "nästa vår"}),
        post(f"/admin/surveys/{sid}/respondent", {"kind": "email", "value": ""}),
        post(
            f"/admin/surveys/{sid}/respondent",
            {"kind": "email", "value": "ingen@example.org", "erase": "1", "confirm": "yes"},
        ),
        post(f"/admin/surveys/{sid}/respondent", {"kind": "email", "value": "x", "erase": "1"}),
        post("/admin/users/invite", {"email": "admin@example.org", "role": "viewer"}),
        post("/admin/users/invite", {"email": "inte en adress", "role": "viewer"}),
        post("/admin/import", {"survey": str(sid)}),
        client.post(
            "/admin/import",
            data={**tokens, "survey": "new", "file": (io.BytesIO(b"a;b\n1;2\n"), "svar.csv")},
            content_type="multipart/form-data",
        ).get_data(as_text=True),
        post("/admin/surveys/new", {"slug": "X", "title": ""}),
        post("/account/password", {"current": "fel", "password": "kort", "confirm": "annat"}),
    ]
    demo = db.survey("demo")["id"]
    pages += [
        post(f"/coding/surveys/{demo}/codebook/codes", {"label": ""}),
        post(f"/coding/surveys/{demo}/codebook/import"),
        post(f"/coding/surveys/{demo}/codebook/merge"),
        post(f"/coding/surveys/{demo}/memos", {"target": "survey", "target_id": "0", "body": ""}),
        post(f"/coding/surveys/{demo}/agreement/samples", {"percent": "500"}),
        client.get("/finns-inte").get_data(as_text=True),
    ]
    return pages


def test_every_flash_and_error_after_a_mistake_is_in_swedish(
    app: Flask, client: FlaskClient, db: Store, auth: Auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SURVEY_SMTP_HOST", "SURVEY_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    auth.sign_in("admin")
    pages = _flashes_and_errors(client, db)
    shown = "\n".join(pages)
    # Positive controls: the mistakes did produce their messages.
    assert "Välj en fil med personer att bjuda in" in shown
    assert "”inte-en-adress” är ingen e-postadress" in shown
    assert "E-post är inte inställd här" in shown
    found = {i: english_sentences(html, _user_text(db)) for i, html in enumerate(pages)}
    assert {i: e for i, e in found.items() if e} == {}


def test_swedish_translations_hold_no_english_sentence() -> None:
    """The catalogue itself: a Swedish string that is still English is caught here
    even before a page shows it."""
    from survey.i18n import catalog

    english = {
        key: text
        for key, text in catalog("sv").items()
        if len(set(WORD.findall(text.lower())) & ENGLISH) >= 2
    }
    assert english == {}
    assert len(set(WORD.findall(catalog("en")["auth.link.used_body"].lower())) & ENGLISH) >= 2


def test_counts_take_the_plural_and_number_format_of_the_language() -> None:
    """Plurals by Babel's rule and counts written as the language writes numbers,
    never "1 answers" or "0.5 minuter"."""
    from survey.i18n import translate

    assert translate("admin.preview_ok", "sv", n=1) == "1 inbjudan kommer att skapas."
    assert translate("admin.preview_ok", "sv", n=3) == "3 inbjudningar kommer att skapas."
    assert translate("browse.count", "en", n=1) == "1 answer"
    assert translate("browse.count", "en", n=2) == "2 answers"
    assert translate("browse.count", "sv", n=12345) == "12\u00a0345 svar"
    assert translate("admin.minutes", "sv", n=0.5) == "0,5 minuter"
    assert translate("admin.minutes", "sv", n=1.0) == "1 minut"
    assert translate("admin.minutes", "en", n=2.5) == "2.5 minutes"
