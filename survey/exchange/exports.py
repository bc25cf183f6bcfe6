"""Exports of responses: plain functions that take a path or an open file, so the CLI,
the web and the tests share them. CSV opens right in Excel (UTF-8 with BOM) and cannot
run formulas (cells starting with =, +, -, @ are neutralised)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from survey.fielding.questionnaire import Questionnaire
from survey.store import Store

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def response_table(
    store: Store,
    survey: dict[str, Any],
    *,
    attributes: bool = True,
    status: str | None = None,
    pseudonymise: Callable[[str], str] | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """One row per response, one column per question (in questionnaire order); with
    `pseudonymise`, identifiers in the answers become placeholders."""
    questionnaire: Questionnaire = store.load_version(survey["version_id"])
    questions = [q.id for q in questionnaire.questions()]
    responses = store.response_rows(survey["id"], status)
    answers = store.answers_by_response(survey["id"])
    keys: list[str] = []
    if attributes:
        seen: dict[str, None] = {}
        for row in responses:
            seen.update(dict.fromkeys(json.loads(row["attributes"] or "{}")))
        keys = list(seen)
    header = ["response_id", "status", "lang", "started_at", "completed_at", *keys, *questions]

    def clean(value: str) -> str:
        return pseudonymise(value) if pseudonymise and value else value

    rows = []
    for row in responses:
        attrs = json.loads(row["attributes"] or "{}")
        given = answers.get(row["id"], {})
        rows.append(
            [row["id"], row["status"], row["lang"], row["started_at"], row["completed_at"] or ""]
            + [attrs.get(k, "") for k in keys]
            + [clean(given.get(q, "")) for q in questions]
        )
    return header, rows


def _xlsx_cell(value: Any) -> Any:
    """A cell Excel accepts: no formula, no control characters (openpyxl refuses them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = safe_cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_csv(target: Path | IO[str], header: list[str], rows: Iterable[list[Any]]) -> None:
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            write_csv(handle, header, rows)
        return
    writer = csv.writer(target)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])


def write_json(target: Path | IO[str], header: list[str], rows: Iterable[list[Any]]) -> None:
    records = [dict(zip(header, row, strict=True)) for row in rows]
    if isinstance(target, Path):
        target.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        json.dump(records, target, ensure_ascii=False, indent=2)


def write_xlsx(target: Path | IO[bytes], header: list[str], rows: Iterable[list[Any]]) -> None:
    """An Excel workbook with one sheet of responses; text never turns into a formula."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("svar")
    sheet.append([_xlsx_cell(h) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    book.save(target)
