"""What evaluators see: hostile answers, and code labels, descriptions, memos and sample
names made of the same payloads, are inert, escaped text in the response browser, the
workbench (grid, question view, cell JSON), the queue, memo, code and codebook pages,
the agreement page and the report; a colour that is not a colour never reaches the
stylesheet. Respondent text describes children in contact with social services and is
read by evaluators who are signed in: stored XSS is the threat these tests are about.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from survey.store import Store
from survey.workbench import codebook_editor as edit

from ..hostile import ANSWERS, XSS, cleaned, same_words, visible_text
from .support import ADMIN, Coded, assert_escaped, assert_inert, every_page, page_of, staff, token


def _label(payload: str) -> str:
    """The code label made from a payload (labels are at most 120 characters)."""
    return payload[: edit.MAX_LABEL].strip()


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
    grid = every_page(client, url)
    for number, html in enumerate(grid, start=1):
        assert_inert(html, f"grid page {number}")
    assert_escaped("".join(grid), corpus.texts("fritext"), "grid")
    # A description shows its coded span (the payload) highlighted: cut at the span.
    quotes = [cleaned(p) for p in ANSWERS.values()]
    assert_escaped("".join(grid), quotes, "coded spans and their quotes in the grid")
    for qid, texts in (("fritext", corpus.texts("fritext")), ("beskrivning", quotes)):
        view = every_page(client, f"{url}?question={qid}")
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
        quote = same_words(cleaned(payload))[:200]  # the report cuts quotes to 240 characters
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
