"""Answers collected elsewhere — a CSV or XLSX from Microsoft Forms, Google Forms or
LimeSurvey, or a spreadsheet typed by hand — imported as complete responses.

Columns map to questions by an explicit map, by question id or by question text; or a
new questionnaire is made from the header, one open question per column. Metadata such
as e-mail, name, IP address and timestamps is never stored. The whole file is checked
and imported in one transaction: all or nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from survey.fielding.questionnaire import Questionnaire
from survey.store import Store

# Columns that tools add around the answers; never imported (names, e-mail, IP).
METADATA = frozenset(
    [
        "id",
        "response id",
        "start time",
        "completion time",
        "last modified time",
        "email",
        "e-mail",
        "e-post",
        "name",
        "namn",
        "timestamp",
        "tidsstämpel",
        "starttid",
        "sluttid",
        "slutförandetid",
        "senaste ändringstid",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "token",
    ]
)


class AnswerImportError(ValueError):
    """A file that cannot be imported; the message names the row or column."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Plan:
    """How the columns will be used, and what would be wrong, before importing."""

    columns: dict[str, str] = field(default_factory=dict)  # column → question id
    attributes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_table(raw: bytes, filename: str) -> Table:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
            if sheet is None:
                raise ValueError("no worksheet")
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise AnswerImportError(
                f"{filename}: not a readable Excel workbook ({exc.__class__.__name__})"
            ) from None
        values = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise AnswerImportError(
                f"{filename}, row {line}: not UTF-8 (in Excel: save as “CSV UTF-8”)"
            ) from None
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        values = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    values = [row for row in values if any(cell.strip() for cell in row)]
    if not values:
        raise AnswerImportError(f"{filename}: the file is empty")
    header = [h.strip() for h in values[0]]
    width = len(header)
    rows = []
    for number, row in enumerate(values[1:], start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise AnswerImportError(
                f"{filename}, row {number}: more cells than the header has columns"
            )
        rows.append([cell.strip() for cell in row[:width]] + [""] * (width - len(row)))
    return Table(header, rows)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def plan(
    table: Table,
    questionnaire: Questionnaire,
    *,
    mapping: Mapping[str, str] | None = None,
    attributes: Sequence[str] = (),
) -> Plan:
    """Match columns to questions: explicit map, then question id, then question text."""
    mapping = dict(mapping or {})
    by_id = {q.id: q for q in questionnaire.questions()}
    by_text = {_key(q.text[lang]): q.id for q in questionnaire.questions() for lang in ("sv", "en")}
    result = Plan()
    wanted = {_key(a) for a in attributes}
    for column in table.header:
        key = _key(column)
        if column in mapping:
            if mapping[column] not in by_id:
                result.problems.append(f"column '{column}': no question '{mapping[column]}'")
            else:
                result.columns[column] = mapping[column]
        elif key in wanted:
            result.attributes.append(column)
        elif column in by_id:
            result.columns[column] = column
        elif key in by_text:
            result.columns[column] = by_text[key]
        else:
            result.skipped.append(column)
    for name in attributes:
        if _key(name) not in {_key(c) for c in table.header}:
            result.problems.append(f"attribute column '{name}' is not in the file")
    if not result.columns:
        result.problems.append("no column matches a question (give --map COLUMN=QUESTION_ID)")
    return result


def adhoc_definition(slug: str, title: str, table: Table, attributes: Sequence[str]) -> str:
    """A questionnaire made from the header: one open question per answer column."""
    wanted = {_key(a) for a in attributes}
    lines = [
        f'id = "{slug}"',
        'languages = ["sv", "en"]',
        f"title = {{ sv = {json.dumps(title, ensure_ascii=False)}, en = {json.dumps(title, ensure_ascii=False)} }}",
        'audience = "imported"',
        "",
        "[[pages]]",
        'id = "svar"',
    ]
    number = 0
    for column in table.header:
        if _key(column) in wanted or _key(column) in METADATA or not column:
            continue
        number += 1
        text = json.dumps(column, ensure_ascii=False)
        lines += [
            "",
            "  [[pages.questions]]",
            f'  id = "q{number}"',
            '  type = "textarea"',
            f"  text = {{ sv = {text}, en = {text} }}",
        ]
    if number == 0:
        raise AnswerImportError("the file has no answer columns")
    return "\n".join(lines) + "\n"


def adhoc_mapping(table: Table, attributes: Sequence[str]) -> dict[str, str]:
    wanted = {_key(a) for a in attributes}
    mapping, number = {}, 0
    for column in table.header:
        if _key(column) in wanted or _key(column) in METADATA or not column:
            continue
        number += 1
        mapping[column] = f"q{number}"
    return mapping


def check_rows(table: Table, questionnaire: Questionnaire, chosen: Plan) -> list[str]:
    """Every cell that would break the definition, named by row and column."""
    problems = []
    index = {c: i for i, c in enumerate(table.header)}
    for number, row in enumerate(table.rows, start=2):
        for column, qid in chosen.columns.items():
            value = row[index[column]]
            if not value:
                continue
            question = questionnaire.question(qid)
            if question.is_open and len(value) > question.max_length:
                problems.append(
                    f"row {number}, column '{column}': longer than {question.max_length} characters"
                )
            elif (question.type in ("single", "likert") and _choice(question, value) is None) or (
                question.type == "multi" and _choices(question, value) is None
            ):
                problems.append(
                    f"row {number}, column '{column}': '{value}' is not one of the choices"
                )
            elif question.type == "number" and not re.fullmatch(r"-?\d+", value):
                problems.append(f"row {number}, column '{column}': '{value}' is not a whole number")
    return problems


def _choice(question, value: str) -> str | None:  # noqa: ANN001
    """A choice given by its stored value or by its label in either language (a likert
    label with or without its number: "Stämmer helt" or "5 – Stämmer helt")."""
    for stored, _ in question.choice_labels("sv"):
        if value == stored:
            return stored
    for lang in ("sv", "en"):
        for stored, label in question.choice_labels(lang):
            bare = (
                label.split(" – ", 1)[1] if question.type == "likert" and " – " in label else label
            )
            if _key(value) in (_key(label), _key(bare)):
                return stored
    return None


def _choices(question, value: str) -> str | None:  # noqa: ANN001
    """A multi question's cell (values or labels separated by ";" or ",") as the JSON
    list the questionnaire stores; None when any part is not a choice."""
    whole = _choice(question, value)
    parts = (
        [whole] if whole else [_choice(question, p) for p in re.split(r"[;,]", value) if p.strip()]
    )
    if not parts or None in parts:
        return None
    return json.dumps(list(dict.fromkeys(parts)), ensure_ascii=False)


def import_rows(
    store: Store, survey: dict, questionnaire: Questionnaire, table: Table, chosen: Plan
) -> int:
    """Store every row as a complete response, in one transaction; returns how many."""
    index = {c: i for i, c in enumerate(table.header)}
    ids = store.question_ids(survey["version_id"])
    count = 0
    with store.transaction():
        for row in table.rows:
            values: dict[int, str | None] = {}
            for column, qid in chosen.columns.items():
                cell = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", row[index[column]])
                if not cell:
                    continue
                question = questionnaire.question(qid)
                if question.type in ("single", "likert"):
                    values[ids[qid]] = _choice(question, cell)
                elif question.type == "multi":
                    values[ids[qid]] = _choices(question, cell)
                else:
                    values[ids[qid]] = cell
            if not values:
                continue
            attrs = {_key(c): row[index[c]] for c in chosen.attributes if row[index[c]]}
            response = store.create_response(survey["id"], "sv", attributes=attrs)
            store.save_answers(response, values, page=len(questionnaire.pages))
            store.complete_response(response)
            count += 1
    return count
