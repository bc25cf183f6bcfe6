"""The first sheet of an Excel workbook (.xlsx) as rows of text, within bounds.

Shared, as `csv_text` is for CSV, by the engine's file contracts (`files`: `survey code`,
`survey evaluate`) and the app's uploads (`survey.exchange`), which say each refusal in
the user's language. The archive's parts are checked before openpyxl opens it (what they
unpack to), then the sheet's declared size, and rows and columns are read no further
than the bounds whatever the sheet declares.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

ZIP = b"PK\x03\x04"  # how a workbook (a zip archive) begins


@dataclass(frozen=True)
class Bounds:
    unpacked_bytes: int
    rows: int
    columns: int
    cells: int


class SheetTooLarge(ValueError):
    """Over a bound: `what` is "unpacked" (the limit in bytes), "rows", "columns" or
    "cells"."""

    def __init__(self, what: str, limit: int):
        super().__init__(f"more {what} than {limit}")
        self.what, self.limit = what, limit


class NotASheet(ValueError):
    """Not a workbook openpyxl can read; `kind` says what went wrong, for the message."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def first_sheet(raw: bytes, bounds: Bounds) -> list[list[str]]:
    """The first sheet's rows, each cell as the sheet shows it: empty for none, a whole
    number Excel stores as 7.0 as 7."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError):
        raise NotASheet("not a zip") from None
    if unpacked > bounds.unpacked_bytes:
        raise SheetTooLarge("unpacked", bounds.unpacked_bytes)
    try:
        sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
        if sheet is None:
            raise ValueError("no worksheet")
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise NotASheet(exc.__class__.__name__) from None
    if declared_rows > bounds.rows + 1:
        raise SheetTooLarge("rows", bounds.rows)
    if declared_columns > bounds.columns:
        raise SheetTooLarge("columns", bounds.columns)
    if declared_rows * declared_columns > bounds.cells:
        raise SheetTooLarge("cells", bounds.cells)
    values: list[list[str]] = []
    try:
        sheet.reset_dimensions()
        rows = sheet.iter_rows(
            max_row=bounds.rows + 2, max_col=bounds.columns + 1, values_only=True
        )
        for row in rows:
            if len(values) > bounds.rows:
                raise SheetTooLarge("rows", bounds.rows)
            if len(row) > bounds.columns and row[bounds.columns] is not None:
                raise SheetTooLarge("columns", bounds.columns)
            values.append([_text(v) for v in row[: bounds.columns]])
    except SheetTooLarge:
        raise
    except Exception as exc:
        raise NotASheet(exc.__class__.__name__) from None
    return values


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
