"""Respondent attributes from an invitation file, uploaded on the web or read by
`survey invite --csv`: hostile values and column names are escaped on the invitation
preview, the monitoring page, the response browser, the workbench and its filters and
the report, and no cell of the links file or the exports starts a formula.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask import Flask

from survey.store import Store
from survey.workbench import actions as coding_actions
from survey.workbench import codebook_editor as edit

from ..conftest import SurveyRunner, form_tokens, post_form
from ..hostile import ANSWERS, XSS, cleaned, same_words, visible_text
from .support import (
    ADMIN,
    assert_escaped,
    assert_inert,
    every_page,
    formula_cells,
    hostile_questionnaire_survey,
    link_paths,
    page_of,
    spreadsheet,
    staff,
)

ATTRIBUTE_COLUMN = "<img src=x onerror=window.__pwned=1>"
SCHOOL = XSS["svg_onload"]  # the same for everyone, so the report names the group


def _people_csv(payloads: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["namn", "e-post", "skola", "stadsdel", ATTRIBUTE_COLUMN])
    for n, (name, payload) in enumerate(payloads.items()):
        writer.writerow([f"Person {n}", f"person{n}@example.org", SCHOOL, payload, name])
    return buffer.getvalue().encode("utf-8")


def _invite_by_web(app: Flask, db: Store, survey: dict, content: bytes) -> list[str]:
    admin = staff(app, db, ADMIN, "admin")
    tokens = form_tokens(admin, f"/admin/surveys/{survey['id']}")
    preview = admin.post(
        f"/admin/surveys/{survey['id']}/invitations",
        data={**tokens, "people": (io.BytesIO(content), "personer.csv")},
        content_type="multipart/form-data",
    )
    html = page_of(preview)
    shown = list(ANSWERS.values())[:20]  # the preview shows the first 20 people
    assert_escaped(html, [cleaned(p) for p in shown] + [ATTRIBUTE_COLUMN], "invitation preview")
    hidden = re.search(r'name="content" value="([^"]+)"', html).group(1)
    created = admin.post(
        f"/admin/surveys/{survey['id']}/invitations", data={**tokens, "content": hidden}
    )
    return link_paths(created.get_data(as_text=True))


def _invite_by_cli(runner: SurveyRunner, tmp_path: Path, survey: dict, content: bytes) -> list[str]:
    people, out = tmp_path / "personer.csv", tmp_path / "lankar.csv"
    people.write_bytes(content)
    result = runner("invite", survey["slug"], "--csv", str(people), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "<script" not in result.output
    return link_paths(out.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("route", ["web upload", "survey invite --csv"])
def test_hostile_respondent_attributes_are_escaped_wherever_they_are_shown(
    app: Flask, db: Store, runner: SurveyRunner, tmp_path: Path, route: str
) -> None:
    survey = hostile_questionnaire_survey(db, "personlig", anonymous=False, attributes=["skola"])
    content = _people_csv(ANSWERS)
    if route == "web upload":
        links = _invite_by_web(app, db, survey, content)
    else:
        links = _invite_by_cli(runner, tmp_path, survey, content)
    assert len(links) == len(ANSWERS)
    for link in links:
        respondent = app.test_client()
        assert post_form(respondent, f"{link}/1", {"fritext": "Kurator"}).status_code == 302
    sid = survey["id"]
    values = [cleaned(p) for p in ANSWERS.values()] + [SCHOOL, ATTRIBUTE_COLUMN]
    admin = staff(app, db, ADMIN, "admin")
    assert_escaped(page_of(admin.get(f"/admin/surveys/{sid}")), values, "monitoring")
    evaluator = staff(app, db, "eva@example.org", "evaluator", sid)
    assert_escaped(page_of(evaluator.get(f"/responses/surveys/{sid}")), values, "browser")
    for response_id in (
        r["id"] for r in db.db.query("SELECT id FROM responses WHERE survey_id = ?", (sid,))
    ):
        assert_inert(page_of(evaluator.get(f"/responses/{response_id}")), "whole response")
    grid = every_page(evaluator, f"/coding/surveys/{sid}")
    assert_escaped("".join(grid), values, "workbench rows and attribute filters")
    filtered = evaluator.get(
        f"/coding/surveys/{sid}", query_string={"attr_stadsdel": XSS["script"]}
    )
    assert_escaped(page_of(filtered), [XSS["script"]], "workbench filtered by a hostile value")
    for fmt in ("csv", "xlsx"):
        # An XLSX cell is text, never a formula (`spreadsheet` checks); a CSV cell needs
        # the apostrophe.
        rows = spreadsheet(admin.get(f"/admin/surveys/{sid}/export.{fmt}"), fmt)
        if fmt == "csv":
            assert formula_cells(rows) == [], f"attribute values in the {fmt} export"
    code = edit.add_code(db, sid, None, "Roll")
    user = db.user_by_email("eva@example.org")["id"]
    for answer in db.open_answers(sid):
        coding_actions.add_coding(db, sid, user, answer["id"], code)
    report = page_of(evaluator.get(f"/reports/surveys/{sid}/sv/"))
    assert_inert(report, "report page")
    assert same_words(SCHOOL) in visible_text(report), "the group is named as text"
