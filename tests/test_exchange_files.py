"""Files as people open them: the links file and the responses file open as columns in
Swedish Excel by double-click (semicolons, BOM, Swedish headings), English users get
commas, tools keep the comma format with ids; XLSX exports hold real dates, question texts
as headings with the ids on a sheet of their own, text exactly as typed and sheets named
for what they hold; one CSV reader takes every file Excel writes."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from survey.exchange import importing
from survey.exchange.csv_files import read_csv
from survey.fielding import invitations
from survey.store import Store

from .conftest import Auth, form_tokens
from .spreadsheets import SPREADSHEETS

PEOPLE = [
    ("Namn", "E-post", "Stadsdel"),
    ("Åsa Öberg", "asa@example.org", "Järva"),
    ("Bo Ek, rektor", "bo@example.org", "Kungsholmen"),
]


def as_swedish_excel_opens(data: bytes) -> list[list[str]]:
    """What Swedish Excel shows on double-click: UTF-8 only with a BOM (else the ANSI code
    page), split at the list separator of Swedish Windows, the semicolon."""
    text = data[3:].decode("utf-8") if data.startswith(b"\xef\xbb\xbf") else data.decode("cp1252")
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")]


def people_file(delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(PEOPLE)
    return buffer.getvalue().encode("utf-8")


def links_download(client: FlaskClient, db: Store, content: bytes, lang: str = "sv") -> bytes:
    slug = f"personlig-{db.db.execute('SELECT COUNT(*) FROM surveys').fetchone()[0]}"
    survey = db.create_survey(slug=slug, version_id=1, title="P", anonymous=False)
    url = f"/admin/surveys/{survey['id']}/invitations"
    tokens = form_tokens(client, f"/admin/surveys/{survey['id']}?lang={lang}")
    preview = client.post(
        url,
        data={**tokens, "people": (io.BytesIO(content), "personer.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    hidden = re.search(r'name="content" value="([^"]+)"', preview).group(1)
    reply = client.post(url, data={**tokens, "content": hidden})
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    return reply.get_data()


def test_the_links_file_opens_as_columns_in_swedish_excel_with_swedish_headings(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    # Uploaded with commas (from Google Sheets, say): a Swedish user still gets semicolons.
    data = links_download(client, db, people_file(","))
    rows = as_swedish_excel_opens(data)
    assert rows[0] == ["Namn", "E-post", "Stadsdel", "länk"]
    assert [len(r) for r in rows] == [4, 4, 4], "every row splits into its columns"
    assert rows[1][:3] == ["Åsa Öberg", "asa@example.org", "Järva"]
    assert rows[2][0] == "Bo Ek, rektor", "a comma inside a cell stays in it"
    assert all(r[3].startswith("http://localhost/i/") for r in rows[1:])


def test_an_english_user_gets_commas_unless_the_uploaded_file_had_semicolons(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    data = links_download(client, db, people_file(","), lang="en")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Namn", "E-post", "Stadsdel", "link"]
    assert len(as_swedish_excel_opens(data)[1]) == 1, "control: commas are one column there"
    semicolons = links_download(client, db, people_file(";"), lang="en")
    assert as_swedish_excel_opens(semicolons)[0] == ["Namn", "E-post", "Stadsdel", "link"]


def test_the_responses_file_opens_as_columns_in_swedish_excel_with_swedish_headings(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = db.survey("demo")
    questionnaire = db.load_version(survey["version_id"])
    ids = db.question_ids(survey["version_id"])
    response = db.create_response(survey["id"], "sv", attributes={"stadsdel": "Järva"})
    tricky = 'Små steg; hembesök, och "tid".\nAndra raden.'
    db.save_answers(response, {ids["q2_framgang"]: tricky}, page=2)
    db.complete_response(response)
    reply = client.get(f"/admin/surveys/{survey['id']}/export.csv")
    assert reply.headers["Content-Disposition"] == 'attachment; filename="demo-svar.csv"'
    rows = as_swedish_excel_opens(reply.get_data())
    header = rows[0]
    assert header[:5] == ["Svar nr", "Status", "Språk", "Påbörjad", "Slutförd"]
    assert "Stadsdel" in header
    framgang = header.index(questionnaire.question("q2_framgang").text["sv"])
    assert all(len(r) == len(header) for r in rows), "every row splits into its columns"
    mine = next(r for r in rows[1:] if r[0] == str(response))
    assert mine[framgang] == tricky and mine[1] == "slutförd"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", mine[3]), "a time Excel reads"
    # The comma format for tools keeps the ids and ISO times.
    tools = client.get(f"/admin/surveys/{survey['id']}/export.csv?style=tools").get_data()
    records = list(csv.DictReader(io.StringIO(tools.decode("utf-8-sig"))))
    entry = next(r for r in records if r["response_id"] == str(response))
    assert entry["q2_framgang"] == tricky and entry["status"] == "complete"
    assert entry["started_at"].endswith("+00:00")


def test_coded_segments_download_for_swedish_excel_with_swedish_headings(
    client: FlaskClient, db: Store, auth: Auth, team: dict
) -> None:
    from survey.workbench import actions

    sid = team["survey"]["id"]
    code = db.code_by_key(sid, "kartlaggning")["id"]
    actions.add_coding(db, sid, team["anna"], team["answers"][0]["id"], code, stance="success")
    auth.sign_in("admin", "chef@example.org")
    rows = as_swedish_excel_opens(client.get(f"/coding/surveys/{sid}/export/codings.csv").data)
    header = rows[0]
    assert {"Svar nr", "Kod", "Kodare", "Hållning", "Kodad"} <= set(header)
    assert all(len(r) == len(header) for r in rows) and len(rows) == 2
    assert rows[1][header.index("Hållning")] == "framgångsfaktor"


def test_the_responses_workbook_has_dates_question_headings_ids_and_text_as_typed(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = db.survey("demo")
    questionnaire = db.load_version(survey["version_id"])
    ids = db.question_ids(survey["version_id"])
    response = db.create_response(survey["id"], "sv")
    formula_like = "=SUMMA(A1) och -1 i betyg"
    db.save_answers(response, {ids["q2_framgang"]: formula_like, ids["q1_roll"]: "+46 kurator"})
    db.complete_response(response)
    book = load_workbook(io.BytesIO(client.get(f"/admin/surveys/{survey['id']}/export.xlsx").data))
    assert book.sheetnames == ["Svar", "Frågor och kolumner"]
    sheet = book["Svar"]
    header = [c.value for c in sheet[1]]
    mine = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == response)
    framgang = header.index(questionnaire.question("q2_framgang").text["sv"])
    assert mine[framgang].value == formula_like and mine[framgang].data_type == "s"
    assert mine[header.index(questionnaire.question("q1_roll").text["sv"])].value == "+46 kurator"
    started = mine[header.index("Påbörjad")]
    assert isinstance(started.value, datetime) and started.is_date
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    ids_sheet = list(book["Frågor och kolumner"].iter_rows(values_only=True))
    assert ids_sheet[0] == ("Kolumn", "Id", "Rubrik")
    assert ids_sheet[1 + framgang][1:] == ("q2_framgang", header[framgang])
    english = load_workbook(
        io.BytesIO(client.get(f"/admin/surveys/{survey['id']}/export.xlsx?lang=en").data)
    )
    assert english.sheetnames == ["Responses", "Questions and columns"]
    assert questionnaire.question("q2_framgang").text["en"] in [
        c.value for c in english["Responses"][1]
    ]


# Every way Excel and other tools write a CSV of people, read alike by every reader.
DIALECTS = SPREADSHEETS


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_one_reader_takes_every_csv_excel_writes_for_invitations_imports_and_codebooks(
    dialect: str,
) -> None:
    encoding, delimiter = DIALECTS[dialect]
    rows = [*PEOPLE, ("Cecilia Ådahl", "cecilia@example.org", 'Skärholmen; "Söder"')]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    raw = buffer.getvalue().encode(encoding)
    table = read_csv(raw)
    assert table.delimiter == delimiter
    assert [table.header, *(cells for _, cells in table.rows)] == [list(r) for r in rows]
    preview = invitations.read(raw)
    assert preview.problems == []
    assert [p.name for p in preview.people] == ["Åsa Öberg", "Bo Ek, rektor", "Cecilia Ådahl"]
    assert preview.people[2].attributes == {"stadsdel": 'Skärholmen; "Söder"'}
    imported = importing.read_table(raw, "svar.csv")
    assert imported.header == list(PEOPLE[0]) and imported.rows[1][0] == "Bo Ek, rektor"
