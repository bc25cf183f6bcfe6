"""Hostile answers in a real browser: every payload of tests/hostile.py stored through the
respondent pages (and as code labels, descriptions and memos), then an evaluator opens
every page that shows them. Nothing may run: no dialog, no `window.__pwned`, no element
with an event handler; and each payload is readable as text.

Run twice: with the content security policy bypassed, so that only escaping stands
between the payloads and the evaluator, and with it enforced, where the console must
report nothing blocked (no script, and no inline style of the app's own either).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from survey.store import Store
from tests.hostile import ANSWERS, XSS, cleaned, same_words
from tests.hostile_input.support import (
    Coded,
    answer_everything,
    code_everything,
    hostile_questionnaire_survey,
)

pytestmark = pytest.mark.browser

HANDLERS = """() => Array.from(document.querySelectorAll('*')).flatMap(e =>
    Array.from(e.attributes).filter(a => a.name.toLowerCase().startsWith('on'))
        .map(a => `<${e.tagName.toLowerCase()} ${a.name}>`))"""
FOREIGN_SCRIPTS = """() => Array.from(document.scripts)
    .filter(s => !(s.getAttribute('src') || '').startsWith('/static/'))
    .map(s => s.outerHTML.slice(0, 80))"""


def _shown_text(page: Any) -> str:
    return same_words(page.evaluate("document.body.innerText"))


def _check(page: Any, where: str, texts: list[str]) -> None:
    """Nothing ran or was injected on the page, and every text reads as written."""
    page.wait_for_load_state("load")
    for text in page.locator(".answer-text, .memo-body, blockquote").all()[:60]:
        if text.is_visible():
            text.hover()  # would fire an injected onmouseover
    assert page.evaluate("typeof window.__pwned") == "undefined", where
    assert page.evaluate(HANDLERS) == [], where
    assert page.evaluate(FOREIGN_SCRIPTS) == [], where
    shown = _shown_text(page)
    for text in texts:
        assert same_words(text)[:300] in shown, f"{where}: {text[:60]!r} not visible as text"


@pytest.fixture
def hostile(app: Flask, db: Store) -> Coded:
    corpus = answer_everything(app, db, hostile_questionnaire_survey(db), ANSWERS)
    return code_everything(app, db, corpus)


@pytest.mark.filterwarnings("ignore:Glyph")  # emoji outside the figures' font
@pytest.mark.parametrize("policy", ["bypassed", "enforced"])
def test_hostile_answers_labels_and_memos_never_run_in_an_evaluators_browser(
    live_server: str, new_page: Any, hostile: Coded, policy: str, sign_in_page: Any
) -> None:
    corpus = hostile.corpus
    sid = corpus.id
    page = new_page(bypass_csp=policy == "bypassed")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script("window.__pwned = undefined;")
    sign_in_page(page, "eva@example.org")

    payloads = [cleaned(p) for p in ANSWERS.values()]
    labels = [p[:120].strip() for p in XSS.values()]
    base = f"{live_server}/coding/surveys/{sid}"
    script, breakout = corpus.answers["script"], corpus.answers["textarea_breakout"]
    visits = [
        ("workbench grid", base, []),
        ("one-question view", f"{base}?question=fritext", payloads),
        ("description view", f"{base}?question=beskrivning", payloads),
        ("queue", f"{base}/queue", []),
        ("memos on an answer", f"{base}/memos?target=answer&target_id={script['fritext']}",
         [cleaned(XSS["script"])]),
        ("memos on another", f"{base}/memos?target=answer&target_id={breakout['fritext']}",
         [cleaned(XSS["textarea_breakout"])]),
        ("all memos", f"{base}/memos?all=1", payloads),
        ("codebook", f"{base}/codebook", labels),
        ("code page", f"{base}/codebook/codes/{hostile.codes['attribute_double_quote']}",
         [cleaned(XSS["attribute_double_quote"])]),
        # The report cuts a quote to its sentence and 240 characters.
        ("report", f"{live_server}/reports/surveys/{sid}/sv/", [p[:200] for p in payloads]),
    ]  # fmt: skip
    for where, url, texts in visits:
        page.goto(url)
        _check(page, where, texts)

    # Coding through the page's script swaps in the cell the server renders (innerHTML).
    page.goto(f"{base}?question=fritext")
    cell = page.locator(f"#answer-{corpus.answers['img_onerror']['fritext']}")
    chips = cell.locator(".chip").count()
    cell.focus()
    page.keyboard.press("1")
    page.locator(f"#answer-{corpus.answers['img_onerror']['fritext']} .chip").nth(chips).wait_for()
    _check(page, "a cell redrawn after coding", [cleaned(XSS["img_onerror"])])

    assert dialogs == [], f"a payload opened a dialog: {dialogs[:3]}"
    blocked = [m for m in console if "Content Security Policy" in m]
    assert blocked == [], f"the policy had to block something: {blocked[:3]}"
