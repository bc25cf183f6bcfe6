"""Accounts in a real browser: an administrator invites an evaluator without a terminal,
and the evaluator chooses a password through the one-time link and lands on coding."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from survey.store import Store

pytestmark = pytest.mark.browser

NEW_PASSWORD = "kaffe i pausen klockan tre"


def test_admin_invites_an_evaluator_who_sets_a_password_and_lands_on_coding(
    live_server: str, new_page: Any, db: Store, staff: Any, sign_in_page: Any
) -> None:
    staff("admin@example.org", "admin")
    demo = db.survey("demo")
    admin = new_page()
    sign_in_page(admin, "admin@example.org")
    admin.get_by_role("navigation").get_by_role("link", name="Användare").click()
    admin.get_by_role("link", name="Bjud in en kollega").click()
    admin.get_by_label("E-postadress").fill("lena.berg@stad.example")
    admin.get_by_label("Namn").fill("Lena Berg")
    admin.get_by_label("utvärderare").check()
    admin.get_by_label(demo["title"]).check()
    admin.get_by_role("button", name="Skapa inbjudan").click()
    expect(admin.get_by_text("Inbjudan till lena.berg@stad.example är skapad.")).to_be_visible()
    link = admin.get_by_label("Engångslänk").input_value()
    assert "/account/link/" in link

    evaluator = new_page()
    evaluator.goto(link.replace("http://localhost/", f"{live_server}/"))
    expect(evaluator.get_by_role("heading", name="Välj ditt lösenord")).to_be_visible()
    evaluator.get_by_label("Välj ett lösenord").fill(NEW_PASSWORD)
    evaluator.get_by_label("Skriv lösenordet igen").fill(NEW_PASSWORD)
    evaluator.get_by_role("button", name="Spara lösenordet och logga in").click()
    evaluator.wait_for_url(f"{live_server}/coding/surveys/{demo['id']}")
    expect(evaluator.get_by_role("link", name="Kodning")).to_be_visible()
    expect(evaluator.get_by_text("Du har inte behörighet")).to_have_count(0)

    admin.get_by_role("navigation").get_by_role("link", name="Användare").click()
    row = admin.get_by_role("row", name="lena.berg@stad.example")
    expect(row).to_contain_text("utvärderare")
    expect(row).to_contain_text("aktiv")
