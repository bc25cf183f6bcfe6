"""A codebook from another analysis tool as the coding engine's codebook, for `survey code`
and `survey evaluate` outside any survey: a REFI-QDA `.qdc`, `.qde` or `.qdpx`, or
Taguette's codebook CSV, brings code names, descriptions and a hierarchy, no keywords.
Each code gets a key made from its name, as the workbench gives one (files may name
codes by name: `Codebook.names`); the language is the one its names and descriptions
are written in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis import codebook as cb
from analysis.language import detect
from survey.exchange import refi_qda, taguette
from survey.exchange.csv_files import read_limited
from survey.workbench.codebook_editor import toml_string, unique_key

SUFFIXES = (".qdc", ".qde", ".qdpx")


def load(path: Path) -> cb.Codebook:
    """A codebook TOML; a REFI-QDA file, or a codebook CSV as Taguette writes it
    (`tag,description`) or as a spreadsheet keeps it (CSV or .xlsx: `Kod;Beskrivning`),
    read as one (`refi_qda.RefiQdaError` where it cannot be read,
    `CodebookError` where what it holds is no codebook)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        with path.open("rb") as handle:
            raw = read_limited(handle)
        records = taguette.read_codebook_csv(raw, path.name)
        return from_records(records, path.stem, str(path))
    if suffix not in SUFFIXES:
        return cb.load(path)
    return from_records(refi_qda.read_codebook(path), path.stem, str(path))


def from_records(records: Sequence[refi_qda.CodeRecord], name: str, source: str) -> cb.Codebook:
    """The codes as the engine's codebook: ids from their names, parents by guid."""
    ids: dict[str, str] = {}
    for record in records:
        ids[record.guid] = unique_key(record.name, set(ids.values()).__contains__)
    text = " ".join(f"{r.name}. {r.description}" for r in records)
    language = detect(text, cb.LANGUAGES[0], cb.LANGUAGES)
    lines = ["[codebook]", f"name = {toml_string(name)}", f'language = "{language}"']
    for record in records:
        lines += [
            "",
            "[[themes]]",
            f'id = "{ids[record.guid]}"',
            f"label = {toml_string(record.name)}",
        ]
        if record.description:
            lines.append(f"description = {toml_string(record.description)}")
        if record.parent in ids:
            lines.append(f'parent = "{ids[record.parent]}"')
    return cb.loads("\n".join(lines) + "\n", source)
