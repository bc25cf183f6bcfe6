"""Answers collected elsewhere — a CSV or XLSX from Microsoft Forms, Google Forms or
LimeSurvey, or a spreadsheet typed by hand — imported as responses: complete, or partial
where the file says the respondent did not submit (LimeSurvey's empty submit date).

Columns map to questions by an explicit map, by question id or by question text; or a
new questionnaire is made from the header, one open question per column. Columns that
identify respondents (e-mail, name, IP address, access code, referrer URL, timestamps),
found by heading or by content (`identifying`), are never stored, not even when asked
for. The whole file is checked and imported in one transaction: all or nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from analysis.sheets import Bounds, NotASheet, SheetTooLarge, first_sheet
from survey.exchange.csv_files import read_csv
from survey.exchange.identifying import LAST_PAGE, SUBMITTED, fold, identifying
from survey.exchange.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TABLE_BYTES,
    MAX_UNPACKED_BYTES,
    FileRefused,
    too_large,
    too_many,
)
from survey.fielding.questionnaire import Questionnaire
from survey.i18n import Message
from survey.store import Store


class AnswerImportError(FileRefused):
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
    identifying: dict[str, str] = field(default_factory=dict)  # column → what it holds
    submitted: str | None = None  # the column whose empty cell marks a partial response
    last_page: str | None = None  # LimeSurvey's page reached, when there is no submit date


@dataclass(frozen=True)
class Imported:
    complete: int
    partial: int

    @property
    def total(self) -> int:
        return self.complete + self.partial


def read_table(raw: bytes, filename: str) -> Table:
    """The file's header and rows, CSV through the shared reader, XLSX within bounds."""
    if filename.lower().endswith(".xlsx"):
        values = xlsx_values(raw, filename)
    else:
        try:
            csv_table = read_csv(raw)
        except FileRefused as exc:
            raise AnswerImportError(f"{filename}: {exc}", exc.key, **exc.params) from None
        values = [csv_table.header] + [cells for _, cells in csv_table.rows]
    values = [row for row in values if any(cell.strip() for cell in row)]
    if not values:
        raise AnswerImportError(Message("import.problem.empty", file=filename))
    values = _one_header_row(values)
    header = [h.strip() for h in values[0]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    rows = []
    for number, row in enumerate(values[1:], start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise AnswerImportError(
                Message("import.problem.extra_cells", file=filename, line=number)
            )
        rows.append([cell.strip() for cell in row[:width]] + [""] * (width - len(row)))
    return Table(header, rows)


# What SurveyMonkey writes in its second header row over a column that is a whole
# question ("Response", "Open-Ended Response"), in English and Swedish exports.
_SUB_HEADINGS = frozenset(["response", "openendedresponse", "svar", "öppetsvar", "fritextsvar"])


def _one_header_row(values: list[list[str]]) -> list[list[str]]:
    """SurveyMonkey's two header rows as one: the first names each question, over as
    many columns as the question has options; the second names each option ("Rektor",
    "Other (please specify)") or says "Response". A question spread over several columns
    becomes one column holding the filled cells, joined by "; " (the option chosen, or
    every option ticked, and any text written under "Other"). Other files pass as they
    are: a second row is SurveyMonkey's where it says "Response" over some column, or
    names an option under every column the first row leaves blank and leaves the first
    column (the respondent's id) blank."""
    if len(values) < 2:
        return values
    header, second = values[0], values[1]
    width = max(len(header), len(second))
    header = [h.strip() for h in header] + [""] * (width - len(header))
    second = [c.strip() for c in second] + [""] * (width - len(second))
    named = [i for i, h in enumerate(header) if h]
    if not named:
        return values
    continued = [i for i, h in enumerate(header) if not h and i > named[0] and second[i]]
    blank = [i for i, h in enumerate(header) if not h and i > named[0]]
    says_response = any(fold(cell) in _SUB_HEADINGS for cell in second)
    lists_options = bool(continued) and continued == blank and not second[0]
    if not (says_response or lists_options):
        return values
    groups: list[list[int]] = []
    for i, h in enumerate(header):
        if h or not groups:
            groups.append([i])
        elif second[i]:
            groups[-1].append(i)
    merged = [[header[g[0]] for g in groups]]
    for row in values[2:]:
        cells = [c.strip() for c in row] + [""] * (width - len(row))
        merged.append(["; ".join(cells[i] for i in g if cells[i]) for g in groups])
    return merged


def xlsx_values(raw: bytes, filename: str) -> list[list[str]]:
    """The first sheet's cells as text, within the upload bounds (`analysis.sheets`),
    each refusal in the user's language."""
    if len(raw) > MAX_TABLE_BYTES:
        raise _refused(filename, too_large(MAX_TABLE_BYTES // 2**20))
    try:
        return first_sheet(raw, SHEET_BOUNDS)
    except NotASheet as exc:
        raise AnswerImportError(
            Message("import.problem.not_xlsx", file=filename, kind=exc.kind)
        ) from None
    except SheetTooLarge as exc:
        if exc.what == "unpacked":
            refusal = too_large(exc.limit // 2**20, unpacked=True)
        else:
            refusal = too_many(exc.what, exc.limit)
        raise _refused(filename, refusal) from None


SHEET_BOUNDS = Bounds(MAX_UNPACKED_BYTES, MAX_ROWS, MAX_COLUMNS, MAX_CELLS)


def _refused(filename: str, refusal: FileRefused) -> AnswerImportError:
    return AnswerImportError(f"{filename}: {refusal}", refusal.key, **refusal.params)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def identifying_columns(table: Table) -> dict[str, str]:
    """The columns that will not be stored, with what each holds ("e-mail address"…)."""
    return identifying(table.header, table.rows)


def plan(
    table: Table,
    questionnaire: Questionnaire,
    *,
    mapping: Mapping[str, str] | None = None,
    attributes: Sequence[str] = (),
) -> Plan:
    """Match columns to questions: explicit map, then question id, then question text.
    Identifying columns are never matched; asking for one is a problem."""
    mapping = dict(mapping or {})
    by_id = {q.id: q for q in questionnaire.questions()}
    by_text = {_key(q.text[lang]): q.id for q in questionnaire.questions() for lang in ("sv", "en")}
    result = Plan(identifying=identifying_columns(table))
    result.submitted, result.last_page = _progress_columns(table.header)
    wanted = {_key(a) for a in attributes}
    for column in table.header:
        key = _key(column)
        if column in result.identifying:
            if column in mapping or key in wanted:
                result.problems.append(
                    Message(
                        "import.problem.never_stored",
                        column=column,
                        why=result.identifying[column],
                    )
                )
            continue
        if column in mapping:
            if mapping[column] not in by_id:
                result.problems.append(
                    Message("import.problem.no_question", column=column, question=mapping[column])
                )
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
            result.problems.append(Message("import.problem.no_attribute", column=name))
    if not result.columns:
        result.problems.append(Message("import.problem.nothing_matches"))
    return result


def _progress_columns(header: Sequence[str]) -> tuple[str | None, str | None]:
    """LimeSurvey's submit-date and last-page columns, if the file has them."""
    submitted = next((c for c in header if fold(c) in SUBMITTED), None)
    last_page = next((c for c in header if fold(c) in LAST_PAGE), None)
    return submitted, last_page


def answer_columns(table: Table, attributes: Sequence[str]) -> list[str]:
    """The columns a questionnaire made from the file asks as questions: all but the
    attributes, the identifying columns and columns without a heading."""
    wanted = {_key(a) for a in attributes}
    hidden = identifying_columns(table)
    return [c for c in table.header if c and _key(c) not in wanted and c not in hidden]


def adhoc_definition(slug: str, title: str, table: Table, attributes: Sequence[str]) -> str:
    """A questionnaire made from the header: one open question per answer column."""
    lines = [
        f'id = "{slug}"',
        'languages = ["sv", "en"]',
        f"title = {{ sv = {json.dumps(title, ensure_ascii=False)}, en = {json.dumps(title, ensure_ascii=False)} }}",
        'audience = "imported"',
        "",
        "[[pages]]",
        'id = "svar"',
    ]
    columns = answer_columns(table, attributes)
    for number, column in enumerate(columns, start=1):
        text = json.dumps(column, ensure_ascii=False)
        lines += [
            "",
            "  [[pages.questions]]",
            f'  id = "q{number}"',
            '  type = "textarea"',
            f"  text = {{ sv = {text}, en = {text} }}",
        ]
    if not columns:
        raise AnswerImportError(Message("import.problem.no_answer_columns"))
    return "\n".join(lines) + "\n"


def adhoc_mapping(table: Table, attributes: Sequence[str]) -> dict[str, str]:
    return {c: f"q{n}" for n, c in enumerate(answer_columns(table, attributes), start=1)}


def check_rows(table: Table, questionnaire: Questionnaire, chosen: Plan) -> list[str]:
    """Every cell that would break the definition, named by row and column."""
    problems: list[str] = []
    index = {c: i for i, c in enumerate(table.header)}
    for number, row in enumerate(table.rows, start=2):
        for column, qid in chosen.columns.items():
            value = row[index[column]]
            if not value:
                continue
            question = questionnaire.question(qid)
            if question.is_open and len(value) > question.max_length:
                problems.append(
                    Message(
                        "import.problem.too_long",
                        line=number,
                        column=column,
                        max=question.max_length,
                    )
                )
            elif (question.type in ("single", "likert") and _choice(question, value) is None) or (
                question.type == "multi" and _choices(question, value) is None
            ):
                problems.append(
                    Message("import.problem.not_a_choice", line=number, column=column, value=value)
                )
            elif question.type == "number" and not re.fullmatch(r"-?\d+", value):
                problems.append(
                    Message("import.problem.not_a_number", line=number, column=column, value=value)
                )
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
) -> Imported:
    """Store every row as a response, in one transaction: complete, or partial when the
    file's submit date is empty (or, without one, its last page is short of the last)."""
    index = {c: i for i, c in enumerate(table.header)}
    ids = store.question_ids(survey["version_id"])
    pages = len(questionnaire.pages)
    reached = _pages_reached(table, chosen)
    furthest = max((p for p in reached if p is not None), default=None)
    complete = partial = 0
    with store.transaction():
        for number, row in enumerate(table.rows):
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
            if chosen.submitted is not None:
                finished = bool(row[index[chosen.submitted]].strip())
            else:
                finished = reached[number] is None or reached[number] == furthest
            if finished:
                store.save_answers(response, values, page=pages)
                store.complete_response(response)
                complete += 1
            else:
                page = min(reached[number] or 1, pages)
                store.save_answers(response, values, page=page)
                partial += 1
    return Imported(complete, partial)


def _pages_reached(table: Table, chosen: Plan) -> list[int | None]:
    """Per row, the last page LimeSurvey says the respondent reached (None: not given)."""
    if chosen.last_page is None:
        return [None] * len(table.rows)
    index = table.header.index(chosen.last_page)
    return [int(r[index]) if re.fullmatch(r"\d+", r[index].strip()) else None for r in table.rows]
