"""Codebooks as Taguette exchanges them. Taguette 1.5 imports a codebook only as a CSV with
the columns `tag,description`, where a tag's hierarchy is its path ("Samverkan.Skola och
socialtjänst"); its own QDC export is flat, with those paths as names and no namespace.

Writing: every code as its path of labels, comma-separated UTF-8 (what Taguette's reader
expects whatever the user's language); a dot inside a label would read as a level, so it
is written as "·". Reading: the shared CSV reader, the tag column named `tag`, `name` or
`path` as Taguette accepts (or, for a codebook kept in a spreadsheet, `kod`, `code`,
`tema`, `theme` …), an optional `description` (`beskrivning`, `definition` …) and
`parent` (`överordnad`, `kategori` …); levels of a path that
are not codes of their own become grouping codes, with guids derived from the path so the
same file gives the same codes every time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from analysis.sheets import ZIP
from survey.exchange.csv_files import CsvError, CsvTable, csv_text, read_csv
from survey.exchange.refi_qda import CodeRecord, RefiQdaError, canonical_guid
from survey.i18n import Message

HEADER = ["tag", "description"]
SEPARATOR = "."
# Root of the guids given to codes read from paths (uuid5 of the lower-case path).
_PATH_ROOT = uuid.UUID("0b6f5a53-4a8e-5f0e-b3f4-2d9c8e61a7d2")


def label_part(label: str) -> str:
    """A label as one level of a path: dots would start new levels."""
    return label.strip().replace(SEPARATOR, "·")


def paths(codes: Sequence[CodeRecord]) -> dict[str, str]:
    """Each code's path of labels by guid ("Förutsättningar.Lokal")."""
    by_guid = {canonical_guid(c.guid) or c.guid: c for c in codes}
    found: dict[str, str] = {}

    def path(guid: str, depth: int = 0) -> str:
        if guid not in found:
            code = by_guid[guid]
            parent = canonical_guid(code.parent) if code.parent else None
            own = label_part(code.name)
            if parent in by_guid and depth < len(by_guid):
                found[guid] = f"{path(parent, depth + 1)}{SEPARATOR}{own}"
            else:
                found[guid] = own
        return found[guid]

    for guid in by_guid:
        path(guid)
    return found


def codebook_csv(codes: Sequence[CodeRecord]) -> str:
    """The codebook as the CSV Taguette imports: `tag,description`, parents first."""
    found = paths(codes)
    rows = sorted(
        ([found[canonical_guid(c.guid) or c.guid], c.description] for c in codes),
        key=lambda row: row[0].casefold(),
    )
    return csv_text(HEADER, rows, ",")


def path_guid(path: str) -> str:
    return str(uuid.uuid5(_PATH_ROOT, path.casefold()))


def records_from_paths(items: Sequence[tuple[str, str, str | None]]) -> list[CodeRecord]:
    """Records for (path, description, guid) items, parents before children: each level of
    a path is a code (a grouping code if the file does not list it)."""
    listed: dict[str, tuple[str, str | None]] = {}
    for path, description, guid in items:
        parts = [p.strip() for p in path.split(SEPARATOR) if p.strip()]
        if parts:
            listed[SEPARATOR.join(parts)] = (description, guid)
    records: dict[str, CodeRecord] = {}
    for path in listed:
        parts = path.split(SEPARATOR)
        parent: str | None = None
        for depth in range(1, len(parts) + 1):
            prefix = SEPARATOR.join(parts[:depth])
            if prefix not in records:
                description, guid = listed.get(prefix, ("", None))
                records[prefix] = CodeRecord(
                    guid=canonical_guid(guid) or path_guid(prefix),
                    name=parts[depth - 1],
                    description=description,
                    parent=parent,
                    codable=prefix in listed,
                )
            parent = records[prefix].guid
    return list(records.values())


def nest(codes: Sequence[CodeRecord]) -> list[CodeRecord]:
    """A flat codebook whose names are paths (Taguette's QDC) as a hierarchy."""
    if any(c.parent for c in codes):
        return list(codes)
    return records_from_paths([(c.name, c.description, c.guid) for c in codes])


TAG_COLUMNS = ("tag", "name", "path")  # as Taguette reads a codebook
# Headings of a codebook kept in a spreadsheet, in Swedish or English, in order of
# preference where a sheet has several.
TAG_ALIASES = ("kod", "code", "kodnamn", "code name", "namn", "tema", "theme", "label", "etikett")
DESCRIPTION_COLUMNS = (
    "description", "beskrivning", "definition", "förklaring", "kodbeskrivning", "memo"
)  # fmt: skip
PARENT_COLUMNS = (
    "parent", "förälder", "överordnad", "överordnad kod", "huvudkod", "huvudtema",
    "kategori", "category", "grupp", "group",
)  # fmt: skip


def _spreadsheet(raw: bytes, filename: str) -> CsvTable:
    """An Excel workbook's first sheet as the CSV reader gives a table: the first row that
    is not empty is the header, rows keep the numbers Excel shows."""
    from survey.exchange.importing import AnswerImportError, xlsx_values

    try:
        values = xlsx_values(raw, filename)
    except AnswerImportError as exc:
        said = exc.args[0] if exc.args else None
        if exc.key is None and isinstance(said, Message):  # "not a readable workbook"
            params = {k: str(v) for k, v in said.values.items()}
            raise RefiQdaError(str(said), key=said.key, **params) from None
        raise RefiQdaError.of(exc) from None
    numbered = [(n, row) for n, row in enumerate(values, start=1) if any(c.strip() for c in row)]
    if not numbered:
        return CsvTable([], [], ",", "xlsx")
    return CsvTable(numbered[0][1], numbered[1:], ",", "xlsx")


def _column(header: list[str], names: Sequence[str], besides: int) -> int | None:
    """The first of `names` among the headings, other than the tag's own column."""
    for name in names:
        if name in header and header.index(name) != besides:
            return header.index(name)
    return None


def read_codebook_csv(raw: bytes, filename: str = "codebook.xlsx") -> list[CodeRecord]:
    """The codes of a Taguette codebook CSV (or one written here), parents first; or of a
    codebook kept in a spreadsheet, as CSV or as an Excel workbook (its first sheet)."""
    try:
        table = _spreadsheet(raw, filename) if raw.startswith(ZIP) else read_csv(raw)
    except CsvError as exc:
        raise RefiQdaError(str(exc), key=exc.key, **exc.params) from None
    header = [h.strip().casefold() for h in table.header]
    named = [c for c in TAG_COLUMNS if c in header]
    if not named:  # a codebook kept in a spreadsheet: "Kod;Beskrivning", "Tema;Definition"
        named = [c for c in TAG_ALIASES if c in header][:1]
    if len(named) != 1:
        raise RefiQdaError(
            "The CSV needs exactly one column named tag, name or path (or kod, code, "
            f"tema, theme) (found: {', '.join(table.header) or 'none'}).",
            key="codebook.file.csv_column",
            found=", ".join(table.header) or "–",
        )
    column = header.index(named[0])
    description = _column(header, DESCRIPTION_COLUMNS, besides=column)
    parent = _column(header, PARENT_COLUMNS, besides=column)
    items: list[tuple[str, str, str | None]] = []
    problems = []
    empty: list[str] = []  # row numbers, for the translated message
    for line, cells in table.rows:
        cells = cells + [""] * (len(header) - len(cells))
        path = cells[column].strip()
        if not path:
            problems.append(f"Row {line} has no tag name.")
            empty.append(str(line))
            continue
        if parent is not None and cells[parent].strip():
            path = f"{cells[parent].strip()}{SEPARATOR}{path}"
        text = cells[description].strip() if description is not None else ""
        items.append((path, text, None))
    if problems:
        raise RefiQdaError(*problems, key="codebook.file.csv_no_tag", lines=", ".join(empty))
    if not items:
        raise RefiQdaError(
            "The codebook is empty: the CSV has no tags.", key="codebook.file.csv_empty"
        )
    return records_from_paths(items)
