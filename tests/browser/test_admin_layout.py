"""Administration pages on a 1280 px laptop screen: every column of every table in view
without sideways scrolling, and the data-protection block in the house styles with the
irreversible erasure set apart below the everyday actions."""

from __future__ import annotations

from typing import Any

import pytest

from survey.store import Store

from ..conftest import new_survey

pytestmark = pytest.mark.browser

CUT_TABLES = """
() => [...document.querySelectorAll('.table-wrap')]
  .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
  .map((wrap) => wrap.querySelector('th') && wrap.querySelector('th').textContent)
"""


def test_admin_pages_show_every_column_at_1280_px(
    live_server: str, new_page: Any, db: Store, staff: Any, sign_in_page: Any
) -> None:
    staff("admin@example.org", "admin")
    staff("eva.evaluator@stad.example", "evaluator")
    long_title = "Chefer och styrgrupp i Järva, Kungsholmen och Skärholmen hösten 2026"
    invited = new_survey(db, "chefsenkat", "chefer-jarva-kungsholmen-hosten-2026", anonymous=False)
    db.db.execute("UPDATE surveys SET title = ? WHERE id = ?", (long_title, invited["id"]))
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in_page(page, "admin@example.org")
    demo = db.survey("demo")
    for path in ("/admin/", f"/admin/surveys/{demo['id']}", "/admin/users/"):
        page.goto(f"{live_server}{path}")
        assert page.evaluate(CUT_TABLES) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
    page.goto(f"{live_server}/admin/")
    last = page.get_by_role("columnheader", name="Länk för svar")
    box = last.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280


def test_erasure_is_set_apart_below_the_everyday_privacy_actions(
    live_server: str, new_page: Any, db: Store, staff: Any, sign_in_page: Any
) -> None:
    staff("admin@example.org", "admin")
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in_page(page, "admin@example.org")
    page.goto(f"{live_server}/admin/surveys/{db.survey('demo')['id']}")
    save = page.locator(".privacy-block button").first
    access = page.get_by_role("button", name="Ladda ner uppgifterna (JSON)")
    erase = page.get_by_role("button", name="Radera respondentens uppgifter")
    styles = "(el) => [el.className, getComputedStyle(el).backgroundColor]"
    assert save.evaluate(styles)[0] == "secondary" and access.evaluate(styles)[0] == "secondary"
    erase_class, erase_background = erase.evaluate(styles)
    assert erase_class == "danger"
    assert erase_background != access.evaluate(styles)[1], "erasure looks different"
    access_box, erase_box = access.bounding_box(), erase.bounding_box()
    assert access_box and erase_box and erase_box["y"] > access_box["y"] + access_box["height"]
    assert erase.evaluate("(el) => el.form.querySelector('[name=confirm]') !== null")
    assert access.evaluate("(el) => el.form.querySelector('[name=confirm]') === null")


def test_the_audit_log_reads_on_a_phone_with_events_by_name(
    live_server: str, new_page: Any, db: Store, staff: Any, sign_in_page: Any
) -> None:
    staff("admin@example.org", "admin")
    page = new_page(viewport={"width": 390, "height": 844})
    sign_in_page(page, "admin@example.org")
    page.goto(f"{live_server}/admin/audit")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways page"
    assert page.get_by_role("cell", name="Inloggning").first.is_visible()
    assert page.get_by_role("option", name="Inloggning").count() == 1
    assert page.evaluate(CUT_TABLES) == [], "each event fits the screen: no sideways table"
