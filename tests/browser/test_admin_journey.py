"""An administrator in a real browser: sign in, create a survey, upload invitations,
and watch the response rate change after someone answers."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from survey.store import Store
from tests.conftest import PASSWORD, PASSWORD_HASH

pytestmark = pytest.mark.browser


def test_admin_creates_a_survey_invites_and_sees_the_rate_change(
    live_server: str, new_page: Any, db: Store, tmp_path: Path
) -> None:
    db.create_user("admin@example.org", PASSWORD_HASH, "admin")
    admin = new_page()
    admin.goto(f"{live_server}/login")
    admin.get_by_label("E-postadress").fill("admin@example.org")
    admin.get_by_label("Lösenord").fill(PASSWORD)
    admin.get_by_role("button", name="Logga in").click()
    admin.get_by_role("link", name="Ny enkätomgång").click()
    admin.get_by_label("Formulär").select_option(
        label="chefsenkat v1 – Enkät till chefer och styrgrupp: SST plus"
    )
    admin.get_by_label("Titel").fill("Chefer Järva hösten 2026")
    admin.get_by_label("Kortnamn").fill("chefer-hosten")
    admin.get_by_label("Personliga inbjudningar").check()
    admin.get_by_role("button", name="Skapa").click()
    expect(admin.get_by_text("Enkätomgången är skapad.")).to_be_visible()
    people = tmp_path / "personer.csv"
    people.write_text(
        "Namn;E-post;Stadsdel\nÅsa;asa@example.org;Järva\nBo;bo@example.org;Järva\n",
        encoding="utf-8",
    )
    admin.get_by_label("Fil med personer (CSV)").set_input_files(str(people))
    admin.get_by_role("button", name="Förhandsgranska").click()
    expect(admin.get_by_text("2 inbjudningar kommer att skapas.")).to_be_visible()
    with admin.expect_download() as download:
        admin.get_by_role("button", name="Skapa inbjudningar och ladda ner länkarna").click()
    saved = tmp_path / "lankar.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    links = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    survey = db.survey("chefer-hosten")
    admin.goto(f"{live_server}/admin/surveys/{survey['id']}")
    assert admin.locator("#invited").inner_text() == "2"
    assert admin.locator("#rate").inner_text() == "0\u00a0%"

    respondent = new_page()
    respondent.goto(links[0]["länk"].replace("http://localhost/", f"{live_server}/"))
    respondent.get_by_label("Vilken är din arbetsplats och roll/funktion inom SST plus?").fill(
        "Rektor"
    )
    for _ in range(2):
        respondent.get_by_role("button", name="Spara och fortsätt").click()
    respondent.get_by_role("button", name="Spara och granska svaren").click()
    respondent.get_by_role("button", name="Skicka in svaren").click()
    expect(respondent.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    admin.reload()
    assert admin.locator("#completed").inner_text() == "1"
    assert admin.locator("#rate").inner_text() == "50\u00a0%"
