"""Coded segments and memos leave the workbench as CSV, XLSX and JSON, from the web and
the CLI, with the respondent's attributes, the span, the coder, the source and memos."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from survey.store import Store
from survey.workbench import actions
from tests.conftest import Auth


def _coded(db: Store, team: dict) -> dict:
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    db.db.execute(
        "UPDATE responses SET attributes = ? WHERE id = ?",
        (json.dumps({"stadsdel": "Järva"}), answer["response_id"]),
    )
    text = answer["text"]
    code = db.code_by_key(sid, "kartlaggning")
    span = actions.add_coding(
        db, sid, team["anna"], answer["id"], code["id"], start=0, end=10, quote=text[:10]
    )["codings"][0]
    actions.add_coding(
        db, sid, team["bo"], answer["id"], db.code_by_key(sid, "tid_bemanning")["id"]
    )
    db.add_memo(
        sid,
        "coding",
        span["id"],
        team["anna"],
        "=SUMMA(A1) ser ut som en formel",
        "2026-11-01T09:00:00+00:00",
    )
    return {"answer": answer, "code": code, "span": span}


def test_the_cli_exports_one_row_per_coded_segment_with_attributes_and_memo(
    runner, db: Store, team: dict, tmp_path
) -> None:
    coded = _coded(db, team)
    out = tmp_path / "kodningar.csv"
    result = runner("export", "codings", "demo", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2
    span = next(r for r in rows if r["code"] == "kartlaggning")
    assert span["stadsdel"] == "Järva" and span["start"] == "0" and span["end"] == "10"
    assert span["text"] == coded["answer"]["text"][:10] and span["coder"] == "anna@example.org"
    assert span["source"] == "human" and span["parent"] == "Arbetssätt"
    assert span["memo"].startswith("anna@example.org: =SUMMA"), "the formula is inside the cell"
    whole = next(r for r in rows if r["code"] == "tid_bemanning")
    assert whole["start"] == "" and whole["text"] == coded["answer"]["text"]


def test_memos_export_as_json_and_codings_as_xlsx_from_the_web(
    runner, client, db: Store, team: dict, auth: Auth
) -> None:
    _coded(db, team)
    memos = json.loads(runner("export", "codings", "demo", "--memos", "--format", "json").output)
    assert memos[0]["about"] == "coding" and memos[0]["author"] == "anna@example.org"
    user = auth.sign_in("evaluator")
    sid = team["survey"]["id"]
    db.assign(user["id"], sid)
    reply = client.get(f"/coding/surveys/{sid}/export/codings.xlsx")
    assert reply.status_code == 200
    book = load_workbook(io.BytesIO(reply.data))
    sheet = book.active
    assert sheet.title == "Kodade textdelar"
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "Kod" in header and sheet.max_row == 3
    ids = [row[1] for row in book["Frågor och kolumner"].iter_rows(min_row=2, values_only=True)]
    assert ids[header.index("Kod")] == "code_label", "the ids stay on a sheet of their own"
    memo_csv = client.get(f"/coding/surveys/{sid}/export/memos.csv").data.decode("utf-8-sig")
    assert "'=SUMMA(A1)" in memo_csv, "a formula is neutralised for spreadsheets"
