"""Evaluators in a real browser: code answers whole by key and by selecting text, review
suggestions by keyboard, write a memo, merge two codes, and double-code a sample as two
people until the agreement report shows κ and α. No action may reload the page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from survey.store import Store
from survey.workbench import double_coding
from survey.workbench.codebook_editor import to_codebook
from survey.workbench.suggestions import code_survey
from survey.workbench.training import CODEBOOK_LANGUAGE

pytestmark = pytest.mark.browser


def _no_reload_marker(page: Any) -> None:
    page.evaluate("window.__stillHere = true")


def _not_reloaded(page: Any) -> bool:
    return bool(page.evaluate("window.__stillHere === true"))


def _select_in(page: Any, answer_id: int, start: int, end: int) -> None:
    """Select characters [start, end) of an answer's text, as a mouse drag would."""
    page.evaluate(
        """([id, start, end]) => {
            const p = document.querySelector(`#answer-${id} .answer-text`);
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let seen = 0, node;
            while ((node = walker.nextNode())) {
                const len = node.textContent.length;
                if (seen <= start && start <= seen + len) range.setStart(node, start - seen);
                if (seen <= end && end <= seen + len) { range.setEnd(node, end - seen); break; }
                seen += len;
            }
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            document.dispatchEvent(new Event('selectionchange'));
        }""",
        [answer_id, start, end],
    )


def test_an_evaluator_codes_whole_answers_by_key_and_a_span_by_selection(
    live_server: str, new_page: Any, db: Store, team: dict, sign_in_page: Any, staff: Any
) -> None:
    sid = team["survey"]["id"]
    staff("eva@example.org", "evaluator", sid)
    page = new_page()
    sign_in_page(page, "eva@example.org")
    answer = team["answers"][0]
    page.goto(f"{live_server}/coding/surveys/{sid}?question={answer['question']}")
    _no_reload_marker(page)
    first_code = page.locator(".palette-code").first
    label = first_code.inner_text().split(" ", 1)[1].strip()
    cell = page.locator(f"#answer-{answer['id']}")
    cell.focus()
    page.keyboard.press("1")
    page.locator(f"#answer-{answer['id']} .chip").first.wait_for()
    assert label in page.locator(f"#answer-{answer['id']} .chip").first.inner_text()

    text = answer["text"]
    start = text.index(" ") + 1
    end = text.index(" ", start + 5)
    _select_in(page, answer["id"], start, end)
    assert text[start:end] in page.locator(f"#answer-{answer['id']} .selection-note").inner_text()
    page.locator(".palette-code").nth(1).click()
    page.locator(f"#answer-{answer['id']} .chip-span").wait_for()
    spans = [c for c in db.visible_codings([answer["id"]], 0) if c["start"] is not None]
    assert [(c["start"], c["end"], c["quote"]) for c in spans] == [(start, end, text[start:end])]
    assert page.locator(f"#answer-{answer['id']} mark.code-mark").inner_text() == text[start:end]

    page.keyboard.press("u")
    page.locator(f"#answer-{answer['id']} .chip-span").wait_for(state="detached")
    expect(page.get_by_role("status").filter(has_text="Ångrat")).to_be_visible()
    assert _not_reloaded(page), "coding and undo never reload the page"


def test_suggestions_are_accepted_and_rejected_by_keyboard_in_the_queue(
    live_server: str, new_page: Any, db: Store, team: dict, sign_in_page: Any, staff: Any
) -> None:
    survey = team["survey"]
    code_survey(db, survey["id"], to_codebook(db, survey, CODEBOOK_LANGUAGE))
    user = staff("eva@example.org", "evaluator", survey["id"])
    page = new_page()
    sign_in_page(page, "eva@example.org")
    page.goto(f"{live_server}/coding/surveys/{survey['id']}/queue")
    _no_reload_marker(page)
    items = page.locator(".queue-item")
    first, second = (int(items.nth(i).get_attribute("data-suggestion")) for i in (0, 1))
    assert "Träffar" in items.nth(0).inner_text(), "the evidence is shown"
    assert items.nth(0).locator("mark.evidence-mark").count() >= 1
    page.keyboard.press("a")
    page.locator(f"#suggestion-{first}.accepted").wait_for()
    page.keyboard.press("r")
    page.locator(f"#suggestion-{second}.rejected").wait_for()
    assert db.suggestion(first)["decision"] == "accepted"
    assert db.suggestion(second)["decision"] == "rejected"
    accepted = db.db.execute(
        "SELECT coder_id, source FROM codings WHERE suggestion_id = ?", (first,)
    ).fetchone()
    assert accepted[0] == user and accepted[1] in ("rule", "model")
    assert _not_reloaded(page)


def test_a_memo_is_written_on_an_answer(
    live_server: str, new_page: Any, db: Store, team: dict, sign_in_page: Any, staff: Any
) -> None:
    sid = team["survey"]["id"]
    staff("eva@example.org", "evaluator", sid)
    page = new_page()
    sign_in_page(page, "eva@example.org")
    answer = team["answers"][3]
    page.goto(f"{live_server}/coding/surveys/{sid}?question={answer['question']}")
    page.locator(f"#answer-{answer['id']}").get_by_role("link", name="Memo").click()
    page.get_by_label("Nytt memo").fill("Skolan beskriver samverkan men inte vem som leder den.")
    page.get_by_role("button", name="Spara memo").click()
    expect(page.get_by_text("Memot är sparat.")).to_be_visible()
    expect(
        page.get_by_text("Skolan beskriver samverkan men inte vem som leder den.")
    ).to_be_visible()
    assert db.memos(sid, "answer", [answer["id"]])[0]["body"].startswith("Skolan beskriver")


def test_two_codes_are_merged_and_the_merge_confirmed(
    live_server: str, new_page: Any, db: Store, team: dict, sign_in_page: Any, staff: Any
) -> None:
    sid = team["survey"]["id"]
    staff("eva@example.org", "evaluator", sid)
    source = db.code_by_key(sid, "lokaler_it")
    target = db.code_by_key(sid, "tid_bemanning")
    from survey.workbench import actions as coding_actions

    coding_actions.add_coding(db, sid, team["anna"], team["answers"][0]["id"], source["id"])
    page = new_page()
    sign_in_page(page, "eva@example.org")
    page.goto(f"{live_server}/coding/surveys/{sid}/codebook")
    page.get_by_label("Koden som ska försvinna").select_option(label=f"– {source['label']}")
    page.get_by_label("Slå ihop med").select_option(label=f"– {target['label']}")
    page.get_by_role("button", name="Slå ihop", exact=True).click()
    expect(page.get_by_text("1 kodning flyttad")).to_be_visible()
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text("Sammanslagningen är bekräftad.")).to_be_visible()
    assert db.visible_codings([team["answers"][0]["id"]], 0)[0]["code_id"] == target["id"]
    assert not db.code(source["id"])["active"]


def test_two_evaluators_double_code_a_sample_and_read_kappa_and_alpha(
    live_server: str, new_page: Any, db: Store, team: dict, sign_in_page: Any, staff: Any
) -> None:
    sid = team["survey"]["id"]
    staff("admin2@example.org", "admin", sid)
    for email in ("anna2@example.org", "bo2@example.org"):
        staff(email, "evaluator", sid)
    admin = new_page()
    sign_in_page(admin, "admin2@example.org")
    admin.goto(f"{live_server}/coding/surveys/{sid}/agreement")
    admin.get_by_label("Andel av svaren per fråga (procent)").fill("10")
    admin.get_by_label("anna2@example.org").check()
    admin.get_by_label("bo2@example.org").check()
    admin.get_by_role("button", name="Dra stickprovet").click()
    expect(admin.get_by_text("Stickprovet är draget.")).to_be_visible()
    sample = db.samples(sid)[-1]["id"]
    answers = db.sample_answer_ids(sample)

    for email, keys in (("anna2@example.org", "11d1"), ("bo2@example.org", "1d21")):
        coder = new_page()
        sign_in_page(coder, email)
        coded: list[str] = []
        page = 1
        while True:  # a sample spread over many respondents runs over several grid pages
            coder.goto(f"{live_server}/coding/surveys/{sid}?sample={sample}&page={page}")
            cells = coder.locator("td:not(.unmatched) > .cell")
            for i in range(cells.count()):
                cell = coder.locator("td:not(.unmatched) > .cell").nth(i)
                answer_id = cell.get_attribute("data-answer")
                rev = cell.get_attribute("data-rev")
                cell.focus()
                coder.keyboard.press(keys[len(coded) % len(keys)])
                coder.locator(f"#answer-{answer_id}:not([data-rev='{rev}'])").wait_for()
                expect(coder.locator(f"#answer-{answer_id} .blind")).to_be_visible()
                coded.append(str(answer_id))
            if not coder.locator("a[rel=next]").count():
                break
            page += 1
        assert sorted(coded) == sorted(str(a) for a in answers)
    data = double_coding.sample_agreement(db, sample)
    assert data.report.overall.units == len(answers)
    admin.goto(f"{live_server}/coding/surveys/{sid}/agreement?sample={sample}")
    shown_kappa = admin.locator(".fig-kappa").inner_text()
    shown_alpha = admin.locator(".fig-alpha").inner_text()
    expected_kappa = data.report.overall.kappa
    expected_alpha = data.report.overall.alpha
    assert shown_kappa == (
        "–" if expected_kappa is None else f"{expected_kappa:.2f}".replace(".", ",")
    )
    assert shown_alpha == (
        "–" if expected_alpha is None else f"{expected_alpha:.3f}".replace(".", ",")
    )
    assert admin.locator(".reading").first.inner_text().startswith("α")
    admin.get_by_role("link", name="svar där kodarna skiljer sig åt").click()
    assert admin.locator("article.disagreement").count() == len(double_coding.disagreements(data))


def test_identifiers_are_hidden_on_the_workbench_and_a_span_around_one_codes_the_stored_text(
    live_server: str, new_page: Any, db: Store, team: dict, sign_in_page: Any, staff: Any
) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    text = "Mentorn ringde Hugo Lindbergs mamma på 070-123 45 67 och det hjälpte."
    db.db.execute("UPDATE answers SET value = ? WHERE id = ?", (text, answer["id"]))
    db.set_pseudonym_names(sid, ["Hugo Lindberg"])
    staff("eva@example.org", "evaluator", sid)
    page = new_page()
    sign_in_page(page, "eva@example.org")
    page.goto(f"{live_server}/coding/surveys/{sid}?question={answer['question']}")
    shown = page.locator(f"#answer-{answer['id']} .answer-text").inner_text()
    assert "Hugo" not in shown and "070-123" not in shown
    assert "[NAMN]" in shown and "[TELEFON]" in shown
    start, end = text.index("ringde"), text.index(" och")
    # Select from "ringde" to the end of the phone placeholder, in the displayed text.
    page.evaluate(
        """(id) => {
            const p = document.querySelector(`#answer-${id} .answer-text`);
            const first = Array.from(p.childNodes).find(n => n.nodeType === 3 && n.textContent.includes('ringde'));
            const phone = Array.from(p.querySelectorAll('.redacted')).pop();
            const range = document.createRange();
            range.setStart(first, first.textContent.indexOf('ringde'));
            range.setEnd(phone.firstChild, 3);  // inside the placeholder: moves to its end
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            document.dispatchEvent(new Event('selectionchange'));
        }""",
        answer["id"],
    )
    page.locator(".palette-code").first.click()
    page.locator(f"#answer-{answer['id']} .chip-span").wait_for()
    [coding] = [c for c in db.visible_codings([answer["id"]], 0) if c["start"] is not None]
    assert (coding["start"], coding["end"]) == (start, end)
    assert coding["quote"] == text[start:end], "the stored text is coded, as written"
    chip = page.locator(f"#answer-{answer['id']} .chip-span").inner_text()
    assert "Hugo" not in chip and "[NAMN]" in chip


def test_selecting_part_of_a_word_codes_the_whole_word(
    live_server: str, new_page: Any, db: Store, team: dict, sign_in_page: Any, staff: Any
) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    text = "Samordningen mellan förvaltningarna var svår i början."
    db.db.execute("UPDATE answers SET value = ? WHERE id = ?", (text, answer["id"]))
    staff("eva@example.org", "evaluator", sid)
    page = new_page()
    sign_in_page(page, "eva@example.org")
    page.goto(f"{live_server}/coding/surveys/{sid}?question={answer['question']}")
    # From inside "Samordningen" ("ordning…") to inside "förvaltningarna" ("förvalt").
    start, end = text.index("ordningen"), text.index("ningarna")
    _select_in(page, answer["id"], start, end)
    expected = "Samordningen mellan förvaltningarna"
    assert expected in page.locator(f"#answer-{answer['id']} .selection-note").inner_text()
    page.locator(".palette-code").first.click()
    page.locator(f"#answer-{answer['id']} .chip-span").wait_for()
    [coding] = [c for c in db.visible_codings([answer["id"]], 0) if c["start"] is not None]
    assert (coding["start"], coding["end"], coding["quote"]) == (0, len(expected), expected)
    # A selection of whole words with a space at its edge keeps just the words.
    page.keyboard.press("u")
    page.locator(f"#answer-{answer['id']} .chip-span").wait_for(state="detached")
    word = text.index("svår")
    _select_in(page, answer["id"], word - 1, word + len("svår") + 1)
    assert "”svår”" in page.locator(f"#answer-{answer['id']} .selection-note").inner_text()


@pytest.fixture
def code_page(
    live_server: str, new_page: Any, db: Store, team: dict, sign_in_page: Any, staff: Any
) -> tuple[Any, dict]:
    """An evaluator on the codebook page of "Samverkan skola–socialtjänst", and that code."""
    sid = team["survey"]["id"]
    staff("eva@example.org", "evaluator", sid)
    page = new_page()
    sign_in_page(page, "eva@example.org")
    code = db.code_by_key(sid, "samverkan_skola_soc")
    page.goto(f"{live_server}/coding/surveys/{sid}/codebook/codes/{code['id']}")
    return page, code


def test_a_keyword_with_a_misplaced_star_is_refused_and_the_typed_keywords_stay(
    code_page: tuple[Any, dict], db: Store, tmp_path: Any
) -> None:
    page, code = code_page
    keywords = page.get_by_label("Nyckelord på svenska", exact=True)
    keywords.fill("samverkan\nsa*")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("body")).to_contain_text("en * får bara stå sist i ett ord")
    expect(page.get_by_label("Nyckelord på svenska", exact=True)).to_have_value("samverkan\nsa*")
    page.screenshot(path=str(tmp_path / "keyword-refused.png"), full_page=True)
    page.get_by_label("Nyckelord på svenska", exact=True).fill("samverkan\nsamarb*")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("body")).to_contain_text("Ändringarna är sparade.")
    assert "samarb*" in db.code(code["id"])["keywords"]


def test_typing_a_keyword_shows_the_words_it_finds(
    code_page: tuple[Any, dict], tmp_path: Any
) -> None:
    """ "dator" is read as a form of "data" by the lemma table: the live preview lists
    "datasystem" among the words found, and "dator*" finds the word as written alone.
    The preview shows what was typed last, however its answers arrive."""
    page, _ = code_page
    preview = page.locator(".keyword-preview")
    keywords = page.get_by_label("Nyckelord på svenska", exact=True)
    keywords.fill("dator")
    expect(preview).to_contain_text(re.compile(r"Orden som hittas: data.*, dator"))
    page.screenshot(path=str(tmp_path / "keyword-words.png"), full_page=True)
    keywords.fill("dator*")
    expect(preview).to_contain_text("Orden som hittas: dator")
    expect(preview).not_to_contain_text("datasystem")
