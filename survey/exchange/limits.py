"""How big a file from someone else may be, and the refusal that says so.

Uploads are read within these bounds, never whole first: a small file can declare or
unpack into anything (a 5 KB workbook declaring a million rows, a 700 KB project that
inflates to 200 MB). A refusal carries a translation key and its numbers, so the web says
it in the user's language, and an English sentence for the command line.
"""

from __future__ import annotations

# Spreadsheets of answers or people (CSV and XLSX).
MAX_TABLE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 300
MAX_CELLS = 2_000_000
# Everything an XLSX (a zip) may unpack to, all its parts together.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# REFI-QDA: the .qdpx archive, its project.qde, its sources together, the XML elements
# of one document and the codes of one codebook.
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
MAX_XML_BYTES = 100 * 1024 * 1024
MAX_XML_ELEMENTS = 300_000
MAX_CODES = 10_000


class FileRefused(ValueError):
    """A file that cannot be used. `key` (a translation key, with `params`) says why in the
    user's language where one exists; str() is the English sentence the CLI prints."""

    def __init__(self, message: str, key: str | None = None, **params: int | str) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


_UNITS = {
    "rows": "rows",
    "columns": "columns",
    "cells": "cells",
    "elements": "XML elements",
    "codes": "codes",
}


def too_large(limit_mb: int, *, unpacked: bool = False) -> FileRefused:
    """The file, or what a compressed file unpacks to, is over a size limit."""
    if unpacked:
        return FileRefused(
            f"The file unpacks to more than {limit_mb} MB, more than can be read safely; "
            "nothing was read.",
            "exchange.refused.unpacks_too_large",
            limit=limit_mb,
        )
    return FileRefused(
        f"The file is larger than {limit_mb} MB, more than can be read safely; nothing was read.",
        "exchange.refused.too_large",
        limit=limit_mb,
    )


def too_many(what: str, limit: int) -> FileRefused:
    """The file holds (or declares) more rows, columns, cells, XML elements or codes than
    can be read; `what` is one of those, as in `_UNITS`."""
    return FileRefused(
        f"The file holds more than {limit} {_UNITS[what]}, more than can be read safely; "
        "nothing was read.",
        f"exchange.refused.too_many_{what}",
        limit=limit,
    )
