"""The report in a real browser: headings, tables and figures load, a hostile answer is
shown as text and runs nothing, and the print view leaves the menus out."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from survey.fielding.demo import seed_demo_coding
from survey.store import Store
from survey.workbench import actions
from survey.workbench.codebook_editor import add_code
from tests.conftest import PASSWORD, PASSWORD_HASH

pytestmark = pytest.mark.browser


def test_the_report_page_renders_with_figures_and_escaped_quotes(
    live_server: str, new_page: Any, db: Store
) -> None:
    survey = db.survey("demo")
    seed_demo_coding(db, survey)
    sid = survey["id"]
    answer = next(a for a in db.open_answers(sid) if a["question"] != "q1_roll")
    hostile = (
        '<img src=x onerror="window.__pwned=1">Vi saknade tid <script>window.__pwned=1</script>'
    )
    db.db.execute("UPDATE answers SET value = ? WHERE id = ?", (hostile, answer["id"]))
    db.db.execute("DELETE FROM codings WHERE answer_id = ?", (answer["id"],))
    admin = db.create_user("rapport@example.org", PASSWORD_HASH, "admin")
    code = add_code(db, sid, None, "Tid att samordna")  # its only answer is quoted
    actions.add_coding(db, sid, admin, answer["id"], code, stance="challenge")

    page = new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-postadress").fill("rapport@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server}/reports/")
    page.get_by_role("link", name=survey["title"]).click()
    page.get_by_role("heading", name="Metod").wait_for()
    assert page.get_by_role("heading", name="Framgångsfaktorer").count() >= 1
    assert page.locator("article.report table").count() >= 5
    images = page.locator("article.report img")
    assert images.count() >= 8
    page.wait_for_load_state("networkidle")
    assert page.evaluate(
        "Array.from(document.querySelectorAll('article.report img')).every(i => i.naturalWidth > 0)"
    )
    assert page.evaluate("window.__pwned === undefined"), "respondent text never runs"
    assert page.get_by_text("Vi saknade tid", exact=False).count() >= 1
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).not_to_be_visible()
    expect(page.locator(".report-tools")).not_to_be_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Rapporten på engelska").click()
    page.get_by_role("heading", name="Method").wait_for()
