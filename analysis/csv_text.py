"""The text of a CSV as spreadsheets write it: which encoding, which separator.

Shared by the engine's CSV contracts (`files`: `survey code`, `survey evaluate`) and the
app's reader for uploads (`survey.exchange.csv_files`), so a file Excel writes reads the
same everywhere. The encoding is UTF-8 (with or without the BOM Excel's "CSV UTF-8"
writes), UTF-16 with a BOM (Excel's "Unicode text"), or else Windows-1252, which older
Excel writes on Swedish Windows. The separator is found by `csv.Sniffer` among semicolon
(Swedish Excel), comma and tab, so separators inside quoted cells do not mislead it, and
checked against the rows: the separator that gives the header's width on the most rows
wins if the sniffer's guess gives one column.
"""

from __future__ import annotations

import codecs
import csv
import io

DELIMITERS = ";,\t"
SNIFF_CHARS = 65_536


class NotText(ValueError):
    """Bytes that are neither UTF-8, UTF-16 with a BOM nor Windows-1252 text."""

    def __init__(self, line: int):
        super().__init__(f"line {line}: neither UTF-8 nor Windows-1252 text")
        self.line = line


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding it was in (`NotText`, with the line, where it is none)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise NotText(raw[: exc.start].count(b"\n") + 1) from None


def sniff(text: str) -> str:
    """The separator: semicolon, comma or tab, as `csv.Sniffer` finds it in the first lines,
    checked against the rows so a one-column guess does not hide a real separator."""
    sample = text[:SNIFF_CHARS]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        guess: str | None = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        guess = None
    scores = {d: _fit(sample, d) for d in DELIMITERS}
    wide = [d for d in DELIMITERS if scores[d][1] > 1]
    if not wide:  # one column: any separator reads it alike
        return guess or ","
    best = max(wide, key=lambda d: scores[d])
    if guess in wide and scores[guess][0] >= scores[best][0]:
        return guess
    return best


def _fit(sample: str, delimiter: str) -> tuple[int, int]:
    """(rows as wide as the header, header width) for a separator: how well it fits."""
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except csv.Error:
        return (0, 0)
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return (0, 0)
    width = len(rows[0])
    return (sum(len(r) == width for r in rows[1:]), width)
