"""Codebooks as Taguette exchanges them. Taguette 1.5 imports a codebook only as a CSV with
the columns `tag,description`, where a tag's hierarchy is its path ("Samverkan.Skola och
socialtjänst"); its own QDC export is flat, with those paths as names and no namespace.

Writing: every code as its path of labels, comma-separated UTF-8 (what Taguette's reader
expects whatever the user's language); a dot inside a label would read as a level, so it
is written as "·". Reading: the shared CSV reader, the tag column named `tag`, `name` or
`path` as Taguette accepts, an optional `description` and `parent`; levels of a path that
are not codes of their own become grouping codes, with guids derived from the path so the
same file gives the same codes every time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from survey.exchange.csv_files import CsvError, csv_text, read_csv
from survey.exchange.refi_qda import CodeRecord, RefiQdaError, canonical_guid

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


def read_codebook_csv(raw: bytes) -> list[CodeRecord]:
    """The codes of a Taguette codebook CSV (or one written here), parents first."""
    try:
        table = read_csv(raw)
    except CsvError as exc:
        raise RefiQdaError(str(exc), key=exc.key, **exc.params) from None
    header = [h.strip().casefold() for h in table.header]
    named = [c for c in ("tag", "name", "path") if c in header]
    if len(named) != 1:
        raise RefiQdaError(
            "The CSV needs exactly one column named tag, name or path "
            f"(found: {', '.join(table.header) or 'none'}).",
            key="codebook.file.csv_column",
            found=", ".join(table.header) or "–",
        )
    column = header.index(named[0])
    description = header.index("description") if "description" in header else None
    parent = header.index("parent") if "parent" in header else None
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
