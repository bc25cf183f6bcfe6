"""The CSV contracts of `survey code` and `survey evaluate`.

- answers: `id,text[,question]`
- training and gold: `id,text,themes[,stance][,question]`, themes separated by `;`, stance
  either one value for all themes or one per theme in the same order
- output: one row per coded segment, `id,start,end,theme,stance,score,source,evidence`

Input is read as spreadsheets write it (`csv_text`): UTF-8, UTF-16 or Windows-1252,
separated by commas, semicolons (Swedish Excel) or tabs, headings in any case; or the
first sheet of an Excel workbook (.xlsx), with the same columns. Rows left blank are
skipped. Output is
comma-separated UTF-8, what other tools read.

Every problem names the file and the row (the line in the file); output is written to a
temporary file and moved into place, so a failure never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from .codebook import name_key
from .csv_text import NotText, decode, sniff
from .engine import MAX_TEXT, Answer, Coded, Suggestion
from .evaluate import GoldRow
from .sheets import ZIP, Bounds, NotASheet, SheetTooLarge, first_sheet
from .stance import STANCES

# An Excel file beyond these is no table of answers.
SHEET_BOUNDS = Bounds(unpacked_bytes=200 * 2**20, rows=200_000, columns=300, cells=10_000_000)
OUTPUT_COLUMNS = ("id", "start", "end", "theme", "stance", "score", "source", "evidence")


class InputError(ValueError):
    """A CSV file that cannot be used, with the file and row in the message."""


# Column headings as a spreadsheet written by hand, in Swedish or English, may name them.
HEADING_ALIASES = {
    "id": ("svar_id", "svarsid", "answer_id"),
    "text": ("svar", "svarstext", "answer", "segment"),
    "themes": ("teman", "tema", "theme", "koder", "kod", "codes", "code"),
    "stance": ("hållning", "stances"),
    "question": ("fråga", "fråge_id", "question_id"),
}


def _canonical(header: list[str]) -> list[str]:
    """The headings, each alias of a missing column named as that column."""
    out = list(header)
    for column, aliases in HEADING_ALIASES.items():
        if column in out:
            continue
        found = [i for i, h in enumerate(out) if h in aliases]
        if len(found) == 1:
            out[found[0]] = column
    return out


def _table(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The file's rows as text cells, each with its line (its row in a spreadsheet): a
    CSV as spreadsheets write it, or the first sheet of an Excel workbook (.xlsx), which
    evaluators keep coded answers in."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror}") from None
    if raw.startswith(ZIP):
        yield from _sheet(path, raw)
        return
    try:
        text, _ = decode(raw)
    except NotText as exc:
        raise InputError(
            f"{path}, row {exc.line}: neither UTF-8 nor Windows-1252 text "
            "(save the file as UTF-8, in Excel “CSV UTF-8”)"
        ) from None
    # Commas, or the semicolons of Swedish Excel, or tabs: read as they were written.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff(text))
    for cells in reader:
        yield reader.line_num, cells


def _sheet(path: Path, raw: bytes) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows (`sheets`), numbered as the spreadsheet shows them."""
    try:
        values = first_sheet(raw, SHEET_BOUNDS)
    except NotASheet as exc:
        raise InputError(
            f"{path}: not a readable Excel workbook ({exc.kind}); "
            "save it again as .xlsx, or as CSV UTF-8"
        ) from None
    except SheetTooLarge as exc:
        if exc.what == "unpacked":
            too_much = f"unpacks to more than {exc.limit // 2**20} MB"
        else:
            too_much = f"has more than {exc.limit:,} {exc.what}"
        raise InputError(f"{path}: the workbook {too_much}; split it, or save it as CSV") from None
    yield from enumerate(values, start=1)


def _rows(
    path: Path, required: Sequence[str], repeats: bool = False
) -> list[tuple[int, dict[str, str]]]:
    """The file's rows, checked; `repeats`: an id may come again (a coded file with one
    row per coding), which the caller then merges."""
    table = _table(path)
    first = next((row for row in table if any(c.strip() for c in row[1])), None)
    header = _canonical([h.strip().lower() for h in (first[1] if first else [])])
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(header) or 'none'})"
        )
    rows = []
    seen: dict[str, int] = {}
    for line, cells in table:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise InputError(f"{path}, row {line}: more fields than the header has")
        if not any(c.strip() for c in cells):
            continue  # a blank line, or a row of empty cells a spreadsheet left
        record = dict(zip(header, cells, strict=False))
        clean = {k: record.get(k, "").strip() for k in header if k != "text"}
        clean["text"] = record.get("text", "")
        if not clean["id"]:
            raise InputError(f"{path}, row {line}: empty id")
        if clean["id"] in seen and not repeats:
            raise InputError(
                f"{path}, row {line}: id '{clean['id']}' already on row {seen[clean['id']]}"
            )
        seen.setdefault(clean["id"], line)
        if not clean["text"].strip():
            raise InputError(f"{path}, row {line}: empty text for id '{clean['id']}'")
        if len(clean["text"]) > MAX_TEXT:
            raise InputError(
                f"{path}, row {line}: text of id '{clean['id']}' is {len(clean['text'])} characters "
                f"(at most {MAX_TEXT})"
            )
        rows.append((line, clean))
    if not rows:
        raise InputError(f"{path}: no rows")
    return rows


def read_answers(path: Path, hints: Mapping[str, str] | None = None) -> list[Answer]:
    hints = hints or {}
    return [
        Answer(r["id"], r["text"], r.get("question") or None, hints.get(r.get("question") or ""))
        for _, r in _rows(path, ("id", "text"))
    ]


def read_coded(
    path: Path,
    themes: Iterable[str] | Mapping[str, str],
    hints: Mapping[str, str] | None = None,
) -> list[GoldRow]:
    """Coded answers. `themes`: the codebook's theme ids, or what a file may name a theme
    by → its id (`Codebook.names`: ids, and labels in any case)."""
    known = dict(themes) if isinstance(themes, Mapping) else {t: t for t in themes}

    def find(name: str) -> str | None:
        return known.get(name) or known.get(name.casefold()) or known.get(name_key(name))

    hints = hints or {}
    result: dict[str, GoldRow] = {}
    first_row: dict[str, int] = {}
    for line, r in _rows(path, ("id", "text", "themes"), repeats=True):
        named = _split(r["themes"], find)
        unknown = [t for t in named if find(t) is None]
        if unknown:
            raise InputError(
                f"{path}, row {line}: theme(s) {', '.join(unknown)} not in the codebook"
            )
        codes = [str(find(t)) for t in named]
        stances = [stance_of(s) or s for s in _split(r.get("stance", ""), stance_of)]
        bad = [s for s in stances if s not in STANCES]
        if bad:
            raise InputError(
                f"{path}, row {line}: stance '{bad[0]}' is not one of {', '.join(STANCES)}"
            )
        if len(stances) == 1 and len(codes) > 1:
            stances = stances * len(codes)
        if not codes:
            stances = []  # a stance on an answer coded with nothing: nothing it is of
        if stances and len(stances) != len(codes):
            raise InputError(f"{path}, row {line}: {len(stances)} stances for {len(codes)} themes")
        question = r.get("question") or None
        coded = dict(zip(codes, stances or [""] * len(codes), strict=True))
        earlier = result.get(r["id"])
        if earlier is None:
            answer = Answer(r["id"], r["text"], question, hints.get(question or ""))
            result[r["id"]] = GoldRow(answer, coded)
            first_row[r["id"]] = line
            continue
        # Another tool's export: one row per coding of the same answer. The same answer
        # again adds its codes; another text under the same id is another answer.
        if earlier.answer.text.strip() != r["text"].strip():
            raise InputError(
                f"{path}, row {line}: id '{r['id']}' already on row {first_row[r['id']]} "
                "with another text (one id, one answer: give each answer its own id)"
            )
        for theme, stance in coded.items():
            if earlier.themes.get(theme, "") in ("", stance):
                earlier.themes[theme] = stance
            elif stance:
                raise InputError(
                    f"{path}, row {line}: theme {theme} of id '{r['id']}' has stance "
                    f"{earlier.themes[theme]} on row {first_row[r['id']]} and {stance} here"
                )
    return list(result.values())


# What other tools and people write for a stance (case aside) → the engine's stance.
STANCE_WORDS = {
    **{s: s for s in STANCES},
    "positive": "success",
    "negative": "challenge",
    "framgång": "success",
    "framgångsfaktor": "success",
    "positiv": "success",
    "utmaning": "challenge",
    "negativ": "challenge",
    "neutralt": "neutral",
}


def stance_of(word: str) -> str | None:
    """The engine's stance for what a file writes, in any case (None: not a stance)."""
    return STANCE_WORDS.get(word.casefold())


def _split(cell: str, known: Callable[[str], object]) -> list[str]:
    """A cell's names, separated by ";" as the contract says; a cell without ";" that is
    not itself `known` may be separated by "," or "|" as other tools write lists, where
    every part is then known. A label may hold the separator itself ("Avslut, överlämning
    och avbrott, Förändrad närvaro"): pieces are joined back into the known names."""
    if ";" in cell or not cell.strip() or known(cell.strip()):
        return [t.strip() for t in cell.split(";") if t.strip()]
    for separator in ("|", ","):
        found = _known_names(cell.split(separator), separator, known)
        if found is not None and len(found) > 1:
            return found
    return [cell.strip()]


def _known_names(
    pieces: list[str], separator: str, known: Callable[[str], object]
) -> list[str] | None:
    """`pieces` joined back (by `separator`) into runs that are each `known`, the longest
    names first; None when no such reading exists. Empty pieces (",,") are skipped."""
    count = len(pieces)
    # reading[i]: the names of pieces[i:], or None when they cannot all be read.
    reading: list[list[str] | None] = [None] * count + [[]]
    for i in range(count - 1, -1, -1):
        if not pieces[i].strip():
            reading[i] = reading[i + 1]
            continue
        for j in range(count, i, -1):  # the longest run first
            rest = reading[j]
            name = separator.join(pieces[i:j]).strip()
            if rest is not None and known(name):
                reading[i] = [name, *rest]
                break
    return reading[0]


ORDERS = ("confident", "uncertain")


def ordered(coded: Iterable[Coded], order: str | None) -> list[Suggestion]:
    """Every suggestion: answer by answer in input order (`order` None), most confident
    first, or most uncertain first (nearest the threshold, 0.5: what a reviewer's
    decision teaches the model most)."""
    found = [
        s for item in coded for s in sorted(item.suggestions, key=lambda s: (s.start, s.theme))
    ]
    if order == "confident":
        found.sort(key=lambda s: -s.score)
    elif order == "uncertain":
        found.sort(key=lambda s: abs(s.score - 0.5))
    return found


def write_suggestions(
    target: Path | io.TextIOBase, coded: Iterable[Coded], order: str | None = None
) -> int:
    """Write one row per suggestion; to a path atomically, or to an open text file."""
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".csv", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                count = write_suggestions(handle, coded, order)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return count
    writer = csv.writer(target)
    writer.writerow(OUTPUT_COLUMNS)
    count = 0
    for s in ordered(coded, order):
        writer.writerow(
            [
                s.answer_id,
                s.start,
                s.end,
                s.theme,
                s.stance,
                f"{s.score:.3f}",
                s.source,
                s.evidence_json(),
            ]
        )
        count += 1
    return count
