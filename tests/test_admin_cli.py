"""Administration from the command line: accounts, surveys, invitations from a CSV as
Swedish Excel writes it, and exports that reopen with the same content."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path

from flask.testing import FlaskClient

from survey.cli import main
from survey.store import Store

from .conftest import SurveyRunner, post_form

PASSWORD = "ett långt och bra lösenord"


def test_user_add_list_disable(runner: SurveyRunner, client: FlaskClient, db: Store) -> None:
    added = runner.cli.invoke(
        main,
        [
            "user",
            "add",
            "Eva@Example.org",
            "--role",
            "evaluator",
            "--password-stdin",
            "--db",
            str(runner.db_path),
        ],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "eva@example.org: evaluator account created" in added.output
    assert "eva@example.org\tevaluator\tactive" in runner("user", "list").output
    signed_in = post_form(client, "/login", {"email": "eva@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert runner("user", "disable", "eva@example.org").exit_code == 0
    other = client.application.test_client()
    refused = post_form(other, "/login", {"email": "eva@example.org", "password": PASSWORD})
    assert refused.status_code == 401


def test_user_add_refuses_short_passwords_duplicates_and_bad_roles(runner: SurveyRunner) -> None:
    def add(email: str, password: str, role: str = "admin"):
        return runner.cli.invoke(
            main,
            ["user", "add", email, "--role", role, "--password-stdin", "--db", str(runner.db_path)],
            input=password + "\n",
        )

    assert "at least 12 characters" in add("a@example.org", "kort").output
    assert add("a@example.org", PASSWORD).exit_code == 0
    again = add("A@example.org", PASSWORD)
    assert again.exit_code == 1 and "already exists" in again.output
    assert add("b@example.org", PASSWORD, "chef").exit_code == 2
    assert "not an e-mail address" in add("inte-en-adress", PASSWORD).output


def test_survey_create_list_close(runner: SurveyRunner, client: FlaskClient) -> None:
    made = runner(
        "survey",
        "create",
        "--questionnaire",
        "vardnadshavare",
        "--slug",
        "foraldrar-2026",
        "--title",
        "Föräldrar 2026",
    )
    assert made.exit_code == 0, made.output
    assert "/s/foraldrar-2026" in made.output
    assert "foraldrar-2026\topen" in runner("survey", "list").output
    assert client.get("/s/foraldrar-2026/1").status_code == 200
    assert runner("survey", "close", "foraldrar-2026").exit_code == 0
    assert client.get("/s/foraldrar-2026/1").status_code == 410


def test_survey_create_explains_bad_input(runner: SurveyRunner) -> None:
    assert (
        "slug takes lower-case"
        in runner(
            "survey", "create", "--questionnaire", "elev", "--slug", "Elever!", "--title", "x"
        ).output
    )
    assert (
        "no questionnaire 'finns'"
        in runner(
            "survey", "create", "--questionnaire", "finns", "--slug", "x1", "--title", "x"
        ).output
    )
    late = runner(
        "survey",
        "create",
        "--questionnaire",
        "elev",
        "--slug",
        "x2",
        "--title",
        "x",
        "--closes",
        "snart",
    )
    assert late.exit_code == 1 and "is not a date and time" in late.output
    assert (
        "already exists"
        in runner(
            "survey", "create", "--questionnaire", "elev", "--slug", "demo", "--title", "x"
        ).output
    )


FORMS_EXPORT = (
    "\ufeffNamn;E-post;Stadsdel;Roll\n"
    "Åsa Öberg;asa.oberg@example.org;Järva;Rektor\n"
    "Björn Ek;bjorn.ek@example.org;Kungsholmen;Enhetschef\n"
)


def test_invitations_from_a_swedish_excel_csv_give_working_links(
    runner: SurveyRunner, client: FlaskClient, db: Store, tmp_path: Path
) -> None:
    runner(
        "survey",
        "create",
        "--questionnaire",
        "chefsenkat",
        "--slug",
        "chefer",
        "--title",
        "Chefer",
        "--invitations",
    )
    people = tmp_path / "personer.csv"
    people.write_bytes(FORMS_EXPORT.encode("utf-8"))
    links_path = tmp_path / "lankar.csv"
    dry = runner("invite", "chefer", "--csv", str(people), "--dry-run")
    assert "2 invitations would be created" in dry.output
    assert db.count_responses(db.survey("chefer")["id"]) == 0
    result = runner(
        "invite",
        "chefer",
        "--csv",
        str(people),
        "--out",
        str(links_path),
        "--base-url",
        "http://localhost",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(links_path.read_text(encoding="utf-8-sig"))))
    assert [r["Namn"] for r in rows] == ["Åsa Öberg", "Björn Ek"]
    assert rows[0]["Stadsdel"] == "Järva" and rows[0]["link"].startswith("http://localhost/i/")
    page = client.get(rows[0]["link"].removeprefix("http://localhost"), follow_redirects=True)
    assert "Vilken är din arbetsplats" in page.get_data(as_text=True)
    stored = next(
        db.db.query("SELECT attributes FROM invitations WHERE email = 'asa.oberg@example.org'")
    )
    assert json.loads(stored["attributes"]) == {"stadsdel": "Järva", "roll": "Rektor"}
    again = runner("invite", "chefer", "--csv", str(people), "--out", str(links_path))
    assert again.exit_code == 1 and "already invited to this survey" in again.output


def test_a_file_with_bad_rows_creates_nothing_and_names_each_row(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    runner(
        "survey",
        "create",
        "--questionnaire",
        "chefsenkat",
        "--slug",
        "chefer",
        "--title",
        "Chefer",
        "--invitations",
    )
    people = tmp_path / "p.csv"
    people.write_text(
        "name,email,district\nAnna,anna@example.org,Järva\nBo,inte-en-adress,Järva\nCilla,anna@example.org,Kungsholmen\n",
        encoding="utf-8",
    )
    result = runner("invite", "chefer", "--csv", str(people), "--out", str(tmp_path / "l.csv"))
    assert result.exit_code == 1
    assert "row 3: 'inte-en-adress' is not an e-mail address" in result.output
    assert "row 4: anna@example.org is already on row 2" in result.output
    assert not (tmp_path / "l.csv").exists()
    assert db.invitation_emails(db.survey("chefer")["id"]) == set()
    missing = tmp_path / "m.csv"
    missing.write_text("namn;telefon\nAnna;070\n", encoding="utf-8")
    assert (
        "missing column(s): email"
        in runner("invite", "chefer", "--csv", str(missing), "--dry-run").output
    )
    # Older Excel on Swedish Windows writes Windows-1252: read as it is, å and all.
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name;email\nÅsa;asa@example.org\n".encode("cp1252"))
    assert (
        "1 invitations would be created"
        in runner("invite", "chefer", "--csv", str(latin), "--dry-run").output
    )


def test_anonymous_surveys_take_no_invitations(runner: SurveyRunner, tmp_path: Path) -> None:
    people = tmp_path / "p.csv"
    people.write_text("name,email\nAnna,anna@example.org\n", encoding="utf-8")
    result = runner("invite", "demo", "--csv", str(people), "--dry-run")
    assert result.exit_code == 1 and "anonymous" in result.output


def test_exported_responses_reopen_with_the_same_content(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    survey = db.survey("demo")
    ids = db.question_ids(survey["version_id"])
    response = db.create_response(survey["id"], "sv", attributes={"district": "Järva"})
    db.save_answers(
        response,
        {ids["q1_roll"]: '=HYPERLINK("http://x")', ids["q2_framgang"]: "Hembesöken, och små steg."},
        page=2,
    )
    out = tmp_path / "svar.csv"
    assert runner("export", "responses", "demo", "--out", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads å, ä and ö"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == db.count_responses(survey["id"])
    mine = next(r for r in rows if r["response_id"] == str(response))
    assert mine["district"] == "Järva"
    assert mine["q2_framgang"] == "Hembesöken, och små steg."
    assert mine["q1_roll"] == '\'=HYPERLINK("http://x")', "formulas are neutralised"
    as_json = json.loads(
        runner("export", "responses", "demo", "--format", "json", "--no-attributes").output
    )
    entry = next(r for r in as_json if r["response_id"] == response)
    assert entry["q2_framgang"] == "Hembesöken, och små steg." and "district" not in entry


def test_xlsx_export_reopens_with_the_same_content(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    survey = db.survey("demo")
    ids = db.question_ids(survey["version_id"])
    response = db.create_response(survey["id"], "sv")
    db.save_answers(
        response, {ids["q1_roll"]: "+46 70 123", ids["q2_framgang"]: "Små steg, hembesök."}, page=2
    )
    out = tmp_path / "svar.xlsx"
    assert (
        runner("export", "responses", "demo", "--format", "xlsx", "--out", str(out)).exit_code == 0
    )
    book = load_workbook(out)
    sheet = book.active
    assert sheet.title == "Svar"
    rows = list(sheet.iter_rows(values_only=True))
    # Question texts as headings, their ids on a sheet of their own.
    header = list(rows[0])
    ids = [r[1] for r in book["Frågor och kolumner"].iter_rows(min_row=2, values_only=True)]
    framgang = header.index(
        db.load_version(survey["version_id"]).question("q2_framgang").text["sv"]
    )
    assert ids[framgang] == "q2_framgang" and ids[header.index("Påbörjad")] == "started_at"
    mine = next(r for r in rows[1:] if r[0] == response)
    assert mine[framgang] == "Små steg, hembesök."
    assert mine[ids.index("q1_roll")] == "+46 70 123", "text as typed: no formula guard"
    assert isinstance(mine[header.index("Påbörjad")], datetime), "a real date cell"
    assert len(rows) - 1 == db.count_responses(survey["id"])
    assert "give --out" in runner("export", "responses", "demo", "--format", "xlsx").output


def test_a_lost_link_is_reissued_from_the_command_line(
    runner: SurveyRunner, db: Store, client: FlaskClient, tmp_path: Path
) -> None:
    from tests.conftest import invite, new_survey

    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    old = invite(db, survey, email="erik@example.org", name="Erik")
    result = runner(
        "invite", "chefer", "--reissue", "ERIK@example.org", "--base-url", "http://localhost"
    )
    assert result.exit_code == 0, result.output
    link = re.search(r"http://localhost(/i/\S+)", result.output)
    assert link and "the old one no longer works" in result.output
    assert client.get(f"/i/{old}").status_code == 404
    assert client.get(link.group(1), follow_redirects=True).status_code == 200
    missing = runner("invite", "chefer", "--reissue", "ingen@example.org")
    assert missing.exit_code == 1 and "no invitation for ingen@example.org" in missing.output
