"""CSV as people's spreadsheets write and open it: the one reader for every CSV that comes
in (people to invite, answers to import, codebooks) and the writer for every CSV that goes
out.

Reading: the encoding and the separator are found as `analysis.csv_text` finds them (the
engine's CSV files are read alike): UTF-8, UTF-16 or Windows-1252; semicolon, comma or
tab. Rows, columns and bytes are bounded (`limits`).

Writing: Swedish Excel opens a CSV by double-click only if it is separated by semicolons,
and shows å, ä and ö only with a BOM; English Excel wants commas. Files for people follow
the user's language (`style_for`); `TOOLS` keeps the comma format that scripts read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from analysis.csv_text import NotText, sniff
from analysis.csv_text import decode as decode_text
from survey.exchange.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TABLE_BYTES,
    FileRefused,
    too_large,
    too_many,
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The longest cell read: an answer is at most a few thousand characters, but a pasted
# report may be longer; the csv module's default of 128 KB is kept.
_FIELD_LIMIT = 131_072


@dataclass(frozen=True)
class CsvStyle:
    """How a CSV for download is written: its separator, and the language of the headings
    (None: the stable ids tools read)."""

    delimiter: str
    lang: str | None

    @property
    def for_people(self) -> bool:
        return self.lang is not None


TOOLS = CsvStyle(",", None)


def style_for(lang: str, uploaded: str | None = None, *, tools: bool = False) -> CsvStyle:
    """The style of a CSV for a user of `lang`: semicolons for Swedish (or when the file it
    answers, `uploaded` being its separator, had them), commas for English; `tools` keeps
    the comma format with ids as headings."""
    if tools:
        return TOOLS
    return CsvStyle(";" if lang == "sv" or uploaded == ";" else ",", lang)


def safe_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_rows(
    handle: IO[str], header: Sequence[Any], rows: Iterable[Sequence[Any]], delimiter: str = ","
) -> None:
    """Header and rows, formulas neutralised; the caller adds the BOM (see `csv_text`)."""
    writer = csv.writer(handle, delimiter=delimiter)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], delimiter: str = ",") -> str:
    """The whole file as text, with the BOM that makes Excel read it as UTF-8."""
    buffer = io.StringIO()
    write_rows(buffer, header, rows, delimiter)
    return "\ufeff" + buffer.getvalue()


def write_csv_file(
    path: Path, header: Sequence[Any], rows: Iterable[Sequence[Any]], delimiter: str = ","
) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        write_rows(handle, header, rows, delimiter)


# -- reading ----------------------------------------------------------------------------------


@dataclass
class CsvTable:
    """A CSV read whole: the header, each row with the number Excel shows for it (the header
    is row 1), and how the file was written."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str
    encoding: str


class CsvError(FileRefused):
    """A CSV that cannot be read; the message names the row where it can."""


def read_limited(handle: IO[bytes], limit: int = MAX_TABLE_BYTES) -> bytes:
    """At most `limit` bytes of an upload or file, refusing a larger one without reading on."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_large(limit // 2**20)
    return data


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding it was in (`analysis.csv_text.decode`), refused with the
    row where it is no text Excel writes."""
    try:
        return decode_text(raw)
    except NotText as exc:
        raise CsvError(
            f"row {exc.line}: the file is neither UTF-8 nor Windows-1252 text "
            "(in Excel: save as “CSV UTF-8”)",
            "exchange.csv.encoding",
            row=exc.line,
        ) from None


def read_csv(raw: bytes) -> CsvTable:
    """Decode, find the dialect and read every row, within the size bounds. Rows that are
    empty are left out but keep their numbers; cells are not stripped (callers clean)."""
    if len(raw) > MAX_TABLE_BYTES:
        raise too_large(MAX_TABLE_BYTES // 2**20)
    text, encoding = decode(raw)
    delimiter = sniff(text)
    previous = csv.field_size_limit(_FIELD_LIMIT)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    cells = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            if len(row) > MAX_COLUMNS:
                raise too_many("columns", MAX_COLUMNS)
            if number > MAX_ROWS + 1:
                raise too_many("rows", MAX_ROWS)
            cells += len(row)
            if cells > MAX_CELLS:
                raise too_many("cells", MAX_CELLS)
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = row
            else:
                rows.append((number, row))
    except csv.Error as exc:
        raise CsvError(
            f"row {reader.line_num}: the file cannot be read as CSV ({exc})",
            "exchange.csv.broken",
            row=reader.line_num,
        ) from None
    finally:
        csv.field_size_limit(previous)
    return CsvTable(header or [], rows, delimiter, encoding)
