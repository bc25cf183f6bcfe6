"""Coded data out of the workbench: one row per coded segment (who coded what, where in
the answer, from which source, with its memos) and one row per memo; with a `masker`
(the default of every caller) identifiers in the text become placeholders, a coded span
pseudonymised within its whole answer. Given the `viewer`, an export shows what the grid
shows that person: in a blind double-coding sample they code, only their own codes.
Tables of header and rows, written by the same CSV/XLSX/JSON writers as the response
exports."""

from __future__ import annotations

from typing import Any

from survey.exchange.exports import Table
from survey.privacy import shown_quote
from survey.privacy.pseudonymise import Pseudonymiser
from survey.store import Store, parse_attributes

CODING_COLUMNS = [
    "response_id",
    "answer_id",
    "question",
    "start",
    "end",
    "text",
    "code",
    "code_label",
    "parent",
    "stance",
    "coder",
    "source",
    "consensus",
    "coded_at",
    "memo",
]
MEMO_COLUMNS = ["memo_id", "about", "about_id", "subject", "author", "created_at", "memo"]

# What people read for each column and value, and the sheet's name, per language.
_HEADINGS = {
    "sv": {
        "response_id": "Svar nr",
        "answer_id": "Svarstext nr",
        "question": "Fråga",
        "start": "Början (tecken)",
        "end": "Slut (tecken)",
        "text": "Kodad text",
        "code": "Kod-id",
        "code_label": "Kod",
        "parent": "Överordnad kod",
        "stance": "Hållning",
        "coder": "Kodare",
        "source": "Källa",
        "consensus": "Konsensus",
        "coded_at": "Kodad",
        "memo": "Memo",
        "memo_id": "Memo nr",
        "about": "Gäller",
        "about_id": "Gäller nr",
        "subject": "Text som memot gäller",
        "author": "Skrivet av",
        "created_at": "Skrivet",
    },
    "en": {
        "response_id": "Response no.",
        "answer_id": "Answer no.",
        "question": "Question",
        "start": "Start (character)",
        "end": "End (character)",
        "text": "Coded text",
        "code": "Code id",
        "code_label": "Code",
        "parent": "Parent code",
        "stance": "Stance",
        "coder": "Coder",
        "source": "Source",
        "consensus": "Consensus",
        "coded_at": "Coded",
        "memo": "Memo",
        "memo_id": "Memo no.",
        "about": "About",
        "about_id": "About no.",
        "subject": "Text the memo is about",
        "author": "Written by",
        "created_at": "Written",
    },
}
_VALUES = {
    "sv": {
        "stance": {"success": "framgångsfaktor", "challenge": "utmaning", "neutral": "neutral"},
        "source": {"human": "manuell", "rule": "nyckelord", "model": "modell"},
        "about": {"answer": "svar", "coding": "kodning", "code": "kod", "survey": "enkät"},
    },
    "en": {
        "stance": {"success": "success factor", "challenge": "challenge", "neutral": "neutral"},
        "source": {"human": "manual", "rule": "keyword", "model": "model"},
        "about": {"answer": "answer", "coding": "coding", "code": "code", "survey": "survey"},
    },
}
SHEETS = {
    "sv": {"codings": "Kodade textdelar", "memos": "Memon"},
    "en": {"codings": "Coded segments", "memos": "Memos"},
}


def as_table(header: list[str], rows: list[list[Any]], lang: str) -> Table:
    """A coding or memo table with the headings and values people read in `lang`;
    attribute columns keep their name, capitalised."""
    lang = lang if lang in _HEADINGS else "en"
    headings = {
        column: _HEADINGS[lang].get(column, column[:1].upper() + column[1:]) for column in header
    }
    values = {c: v for c, v in _VALUES[lang].items() if c in header}
    return Table(header, rows, headings, frozenset(["coded_at", "created_at"]), values)


def _visible(store: Store, survey_id: int, viewer: int | None) -> Any:
    """Whether a coding (by answer and coder) is one the viewer may see: everything for
    the command line (no viewer), only their own codes on answers they code blind."""
    blind = store.blind_answer_ids(survey_id, viewer) if viewer is not None else set()

    def visible(answer_id: int, coder_id: int) -> bool:
        return answer_id not in blind or coder_id == viewer

    return visible


def coding_table(
    store: Store,
    survey_id: int,
    masker: Pseudonymiser | None = None,
    *,
    viewer: int | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """Every live coding with the respondent's attributes (as extra columns after
    response_id). Whole-answer codings have empty start and end; the text column holds
    the coded words as they were when coded."""

    def clean(value: str) -> str:
        return masker.apply(value) if masker and value else value

    visible = _visible(store, survey_id, viewer)
    rows = [
        r for r in store.coding_export_rows(survey_id) if visible(r["answer_id"], r["coder_id"])
    ]
    answers = {a["id"]: a["value"] for a in store.answers_by_ids([r["answer_id"] for r in rows])}

    def quote(row: dict[str, Any]) -> str:
        if masker is None:
            return str(row["quote"])
        return shown_quote(
            masker, row["quote"], answers.get(row["answer_id"]), row["start"], row["end"]
        )

    shown = {r["id"] for r in rows}
    codes = {c["id"]: c for c in store.codes(survey_id, inactive=True)}
    memos: dict[int, list[str]] = {}
    for memo in store.memos(survey_id, "coding", viewer=viewer):
        if memo["target_id"] in shown:
            memos.setdefault(memo["target_id"], []).append(
                f"{memo['author']}: {clean(memo['body'])}"
            )
    attrs = [parse_attributes(r["attributes"]) for r in rows]
    keys = list(dict.fromkeys(k for a in attrs for k in a))
    header = [CODING_COLUMNS[0], *keys, *CODING_COLUMNS[1:]]
    table = []
    for row, given in zip(rows, attrs, strict=True):
        code = codes[row["code_id"]]
        parent = codes.get(code["parent_id"]) if code["parent_id"] else None
        table.append(
            [row["response_id"], *(given.get(k, "") for k in keys)]
            + [
                row["answer_id"],
                row["qid"],
                row["start"] if row["start"] is not None else "",
                row["end"] if row["end"] is not None else "",
                quote(row),
                code["key"],
                code["label"],
                parent["label"] if parent else "",
                row["stance"],
                row["coder"],
                row["source"],
                int(row["consensus"]),
                row["created_at"],
                " | ".join(memos.get(row["id"], [])),
            ]
        )
    return header, table


def memo_table(
    store: Store,
    survey_id: int,
    masker: Pseudonymiser | None = None,
    *,
    viewer: int | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """Every memo with what it is about, so analytic notes travel with the report; a
    memo on a coding the viewer may not see (blind double coding) stays out."""
    codes = {c["id"]: c["label"] for c in store.codes(survey_id, inactive=True)}
    visible = _visible(store, survey_id, viewer)
    table = []
    for memo in store.memos(survey_id, viewer=viewer):
        subject = ""
        if memo["target"] == "code":
            subject = codes.get(memo["target_id"], "")
        elif memo["target"] == "answer":
            subject = (store.answer_for_coding(memo["target_id"]) or {}).get("value", "")
            subject = masker.apply(subject) if masker else subject
        elif memo["target"] == "coding":
            coding = store.coding(memo["target_id"]) or {}
            if not coding or not visible(coding["answer_id"], coding["coder_id"]):
                continue
            answer = store.answer_for_coding(coding["answer_id"]) or {}
            subject = coding["quote"]
            if masker:
                subject = shown_quote(
                    masker, subject, answer.get("value"), coding["start"], coding["end"]
                )
        table.append(
            [
                memo["id"],
                memo["target"],
                memo["target_id"],
                subject,
                memo["author"],
                memo["created_at"],
                masker.apply(memo["body"]) if masker else memo["body"],
            ]
        )
    return MEMO_COLUMNS, table
