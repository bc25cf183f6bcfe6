"""A codebook kept in a spreadsheet, as evaluators often keep one before any tool: a sheet
with a code column, a description and a category in Swedish or English headings, saved
as CSV by Swedish Excel or kept as .xlsx. It comes in through the codebook page and is
read by `survey code` and `survey evaluate` alike."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from flask.testing import FlaskClient
from openpyxl import Workbook

from survey.cli import main
from survey.store import Store
from survey.workbench import codebook_editor as edit

from .conftest import Auth, csrf_token

ROWS = [
    ["Kategori", "Kod", "Beskrivning"],
    ["Skoldagen", "Matsalen", "Lunchen, maten och matsalen."],
    ["Skoldagen", "Resor till skolan", "Bussen eller skjutsen till och från skolan."],
    ["", "Fritid", "Vad eleven gör efter skolan: fotboll, musik, vänner."],
]


def workbook(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def swedish_excel_csv(rows: list[list[str]]) -> bytes:
    return "\r\n".join(";".join(row) for row in rows).encode("utf-8-sig")


def tree(db: Store, survey_id: int) -> set[tuple[str, str, str]]:
    codes = {c["id"]: c for c in db.codes(survey_id)}
    return {
        (codes[c["parent_id"]]["label"] if c["parent_id"] else "", c["label"], c["description"])
        for c in codes.values()
    }


def test_a_swedish_codebook_sheet_comes_in_with_its_categories_as_parents(db: Store) -> None:
    for number, raw in enumerate((swedish_excel_csv(ROWS), workbook(ROWS))):
        survey = db.create_survey(slug=f"ark{number}", version_id=1, title="Ark")
        assert edit.import_csv(db, survey["id"], None, raw, "koder.xlsx") == (4, 0)
        assert tree(db, survey["id"]) == {
            ("", "Skoldagen", ""),
            ("Skoldagen", "Matsalen", "Lunchen, maten och matsalen."),
            ("Skoldagen", "Resor till skolan", "Bussen eller skjutsen till och från skolan."),
            ("", "Fritid", "Vad eleven gör efter skolan: fotboll, musik, vänner."),
        }


def test_the_codebook_page_takes_an_excel_sheet_and_refuses_a_broken_one_in_swedish(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = db.create_survey(slug="arket", version_id=1, title="Arket")
    page = f"/coding/surveys/{survey['id']}/codebook"
    english = [["Code", "Description"], ["Matsalen", "Lunchen och matsalen."]]
    for raw, name in ((workbook(english), "koder.xlsx"), (b"PK\x03\x04 trasig", "fel.xlsx")):
        reply = client.post(
            f"{page}/import",
            data={"csrf_token": csrf_token(client, page), "file": (io.BytesIO(raw), name)},
            content_type="multipart/form-data",
            headers={"Accept-Language": "sv"},
            follow_redirects=True,
        )
        text = reply.get_data(as_text=True)
        if name == "koder.xlsx":
            assert reply.status_code == 200 and "Matsalen" in text
        else:
            assert reply.status_code == 400
            assert "går inte att läsa som en Excel-arbetsbok" in text
    assert [c["label"] for c in db.codes(survey["id"])] == ["Matsalen"]


def test_survey_evaluate_reads_a_codebook_kept_as_an_excel_sheet(tmp_path: Path) -> None:
    (tmp_path / "koder.xlsx").write_bytes(workbook(ROWS))
    (tmp_path / "koder.csv").write_bytes(swedish_excel_csv(ROWS))
    gold = tmp_path / "kodat.csv"
    gold.write_text(
        "id,text,themes\n"
        "1,Maten i matsalen var god.,Matsalen\n"
        "2,Bussen till skolan kom alltid för sent.,Resor till skolan\n"
        "3,Han började spela fotboll efter skolan.,Fritid\n",
        encoding="utf-8",
    )
    results = []
    for book in ("koder.xlsx", "koder.csv"):
        args = ["evaluate", "--codebook", str(tmp_path / book), "--gold", str(gold), "--json"]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        results.append(json.loads(result.output)["rules"])
    assert results[0] == results[1]
    assert set(results[0]["per_theme"]) == {"matsalen", "resor_till_skolan", "fritid"}
    assert results[0]["micro_f1"] > 0.5, "the descriptions find the themes"
