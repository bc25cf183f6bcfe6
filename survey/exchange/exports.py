"""Exports of responses: plain functions that take a path or an open file, so the CLI,
the web and the tests share them.

A table has two faces. For tools (the CLI's CSV and JSON, and `?style=tools` on the web)
the headings are stable ids (`response_id`, `q2_framgang`) and times ISO 8601 in UTC, as
they always were. For people (the web's CSV in the user's language, and every XLSX) the
headings are words ("Påbörjad", the question's text), times are Stockholm time, and an
XLSX holds real date cells, with the ids on a sheet of their own so tools can still map
the columns. CSV cannot run formulas (cells starting with =, +, -, @ are neutralised);
an XLSX text cell never is a formula, so it is written as typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from survey.exchange.csv_files import TOOLS, CsvStyle, csv_text, write_csv_file, write_rows
from survey.exchange.csv_files import safe_cell as safe_cell  # where callers found it before
from survey.fielding.questionnaire import Questionnaire
from survey.formatting import STOCKHOLM
from survey.store import Store

# Headings and values of the columns every response has, for people.
_WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "response_id": "Svar nr",
        "status": "Status",
        "lang": "Språk",
        "started_at": "Påbörjad",
        "completed_at": "Slutförd",
        "complete": "slutförd",
        "partial": "påbörjad",
        "sheet": "Svar",
        "columns_sheet": "Frågor och kolumner",
        "column": "Kolumn",
        "id": "Id",
        "text": "Rubrik",
    },
    "en": {
        "response_id": "Response no.",
        "status": "Status",
        "lang": "Language",
        "started_at": "Started",
        "completed_at": "Completed",
        "complete": "completed",
        "partial": "started",
        "sheet": "Responses",
        "columns_sheet": "Questions and columns",
        "column": "Column",
        "id": "Id",
        "text": "Heading",
    },
}
_TIMES = ("started_at", "completed_at", "created_at", "coded_at")
_EXCEL_TIME = "yyyy-mm-dd hh:mm"


def words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["en"])


@dataclass
class Table:
    """Rows under stable column ids, with what people read instead of each id."""

    ids: list[str]
    rows: list[list[Any]]
    headings: dict[str, str] = field(default_factory=dict)  # id → heading for people
    times: frozenset[str] = frozenset()  # ids of columns holding ISO timestamps
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # id → stored → shown

    def header(self, style: CsvStyle = TOOLS) -> list[str]:
        if not style.for_people:
            return list(self.ids)
        return unique([self.headings.get(i, i) for i in self.ids])

    def cells(self, style: CsvStyle = TOOLS, *, dates: bool = False) -> Iterable[list[Any]]:
        """The rows as written: for tools as stored; for people with times in Stockholm
        time (as datetimes with `dates`, for XLSX; as "2025-05-02 12:01" otherwise) and
        values in words."""
        if not style.for_people:
            yield from self.rows
            return
        times = [n for n, i in enumerate(self.ids) if i in self.times]
        shown = [(n, self.values[i]) for n, i in enumerate(self.ids) if i in self.values]
        for row in self.rows:
            out = list(row)
            for n in times:
                moment = local_time(out[n])
                if moment is not None:
                    out[n] = moment if dates else moment.strftime("%Y-%m-%d %H:%M")
            for n, mapping in shown:
                out[n] = mapping.get(out[n], out[n])
            yield out


def unique(headings: Sequence[str]) -> list[str]:
    """Headings made distinct ("Roll", "Roll (2)"), so a spreadsheet can tell them apart."""
    seen: dict[str, int] = {}
    out = []
    for heading in headings:
        seen[heading] = seen.get(heading, 0) + 1
        out.append(heading if seen[heading] == 1 else f"{heading} ({seen[heading]})")
    return out


def local_time(value: Any) -> datetime | None:
    """An ISO timestamp as naive Stockholm time (spreadsheets have no time zones)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(STOCKHOLM).replace(tzinfo=None)
    return moment.replace(second=0, microsecond=0)


def responses(
    store: Store,
    survey: dict[str, Any],
    lang: str = "sv",
    *,
    attributes: bool = True,
    status: str | None = None,
    pseudonymise: Callable[[str], str] | None = None,
) -> Table:
    """The responses as a `Table`: ids for tools, question texts in `lang` for people."""
    questionnaire: Questionnaire = store.load_version(survey["version_id"])
    header, rows = response_table(
        store, survey, attributes=attributes, status=status, pseudonymise=pseudonymise
    )
    said = words(lang)
    headings = {i: said[i] for i in ("response_id", "status", "lang", "started_at", "completed_at")}
    for question in questionnaire.questions():
        headings[question.id] = question.text.get(lang) or question.text.get("sv") or question.id
    for key in header[5:]:
        headings.setdefault(key, key[:1].upper() + key[1:])
    return Table(
        header,
        rows,
        headings,
        frozenset(_TIMES),
        {"status": {"complete": said["complete"], "partial": said["partial"]}},
    )


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


def write_csv(
    target: Path | IO[str],
    header: list[str],
    rows: Iterable[list[Any]],
    delimiter: str = ",",
) -> None:
    """A CSV in UTF-8 with BOM (a path) or without (a text stream the caller prefixes)."""
    if isinstance(target, Path):
        write_csv_file(target, header, rows, delimiter)
        return
    write_rows(target, header, rows, delimiter)


def table_csv(table: Table, style: CsvStyle) -> str:
    """A table as the text of a CSV file in `style`, BOM first."""
    return csv_text(table.header(style), table.cells(style), style.delimiter)


def write_json(target: Path | IO[str], header: list[str], rows: Iterable[list[Any]]) -> None:
    records = [dict(zip(header, row, strict=True)) for row in rows]
    if isinstance(target, Path):
        target.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        json.dump(records, target, ensure_ascii=False, indent=2)


def _xlsx_text(value: Any) -> Any:
    """A cell Excel accepts: no control characters (openpyxl refuses them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def sheet_title(name: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in name).strip("' ")
    return cleaned[:31] or "Blad1"


def write_xlsx(
    target: Path | IO[bytes],
    header: list[str],
    rows: Iterable[list[Any]],
    *,
    sheet: str = "Svar",
    ids: Sequence[str] | None = None,
    ids_sheet: tuple[str, str, str, str] | None = None,
) -> None:
    """An Excel workbook: one sheet of rows named for what it holds, text cells written as
    text (never run as a formula, and so without the apostrophe CSV needs), datetimes as
    date cells. With `ids`, a second sheet (`ids_sheet`: its name and the headings of its
    three columns) maps each column's heading to its stable id."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    data = book.create_sheet(sheet_title(sheet))
    bold = Font(bold=True)

    def cell(value: Any, *, heading: bool = False) -> Any:
        written = WriteOnlyCell(data, value=_xlsx_text(value))
        if isinstance(value, str):
            written.data_type = "s"  # as typed: "=SUM(A1)" stays text
        elif isinstance(value, datetime):
            written.number_format = _EXCEL_TIME
        if heading:
            written.font = bold
        return written

    data.freeze_panes = "A2"
    data.append([cell(h, heading=True) for h in header])
    for row in rows:
        data.append([cell(v) for v in row])
    if ids is not None:
        name, *columns = ids_sheet or ("Kolumner", "Kolumn", "Id", "Rubrik")
        mapping = book.create_sheet(sheet_title(name))
        mapping.append([cell(c, heading=True) for c in columns])
        from openpyxl.utils import get_column_letter

        for number, (column_id, heading) in enumerate(zip(ids, header, strict=True), start=1):
            mapping.append([cell(get_column_letter(number)), cell(column_id), cell(heading)])
    book.save(target)


def table_xlsx(target: Path | IO[bytes], table: Table, lang: str, sheet: str | None = None) -> None:
    """A table as an XLSX for people: words as headings, date cells, ids on a second sheet."""
    said = words(lang)
    people = CsvStyle(",", lang)
    write_xlsx(
        target,
        table.header(people),
        table.cells(people, dates=True),
        sheet=sheet or said["sheet"],
        ids=table.ids,
        ids_sheet=(said["columns_sheet"], said["column"], said["id"], said["text"]),
    )
