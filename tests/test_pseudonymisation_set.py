"""The pseudonymisation evaluation set is well-formed (not how well anything scores on it)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from bench.pseudonymisation import DATA, KINDS, Span, Tally, check_set, score_row

PROJECT_ROOT = Path(__file__).resolve().parents[1]

PROJECT_ROOT = Path(__file__).resolve().parents[1]

PATH = PROJECT_ROOT / "bench" / "data" / "pseudonymisation.jsonl"
LINES = PATH.read_text(encoding="utf-8").splitlines()


def rows() -> list[dict]:
    return [json.loads(line) for line in LINES]


def luhn_valid(ten: str) -> bool:
    total = 0
    for i, ch in enumerate(ten):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return total % 10 == 0


def ten_digits(surface: str) -> str:
    """YYMMDDNNNC from any written form: 10 or 12 digits, '-', '+', ' ' or nothing between."""
    assert re.fullmatch(r"(\d{2})?\d{6}[-+ ]?\d{4}", surface), surface
    digits = re.sub(r"\D", "", surface)
    return digits[-10:]


def test_the_benchmark_reads_the_same_file() -> None:
    assert DATA == PATH


def test_every_line_is_a_json_object_with_the_fields() -> None:
    assert len(LINES) >= 200
    ids = set()
    for line in LINES:
        row = json.loads(line)
        assert {"id", "lang", "names", "text", "spans"} <= row.keys(), row
        assert set(row) <= {"id", "lang", "names", "text", "spans", "traps"}, row["id"]
        assert re.fullmatch(r"s\d{3,}", row["id"]) and row["id"] not in ids
        ids.add(row["id"])
        assert row["lang"] in {"sv", "en"}
        assert row["names"] and all(isinstance(n, str) and n.strip() for n in row["names"])
        assert isinstance(row["text"], str) and row["text"].strip()
        assert all(isinstance(t, str) and t for t in row.get("traps", []))


def test_spans_are_inside_the_text_do_not_overlap_and_match_their_surface() -> None:
    assert check_set(rows()) == []
    for row in rows():
        end = 0
        for span in sorted(row["spans"], key=lambda s: s["start"]):
            assert span["kind"] in KINDS
            assert end <= span["start"] < span["end"] <= len(row["text"]), row["id"]
            assert row["text"][span["start"] : span["end"]] == span["surface"], row["id"]
            assert span["surface"] == span["surface"].strip(), row["id"]
            end = span["end"]


def test_every_kind_is_present_and_both_languages() -> None:
    kinds = {span["kind"] for row in rows() for span in row["spans"]}
    assert kinds == set(KINDS)
    assert {row["lang"] for row in rows()} == {"sv", "en"}
    assert any(not row["spans"] for row in rows())


@pytest.mark.parametrize("kind", ["PERSONNUMMER", "SAMORDNINGSNUMMER"])
def test_personal_identity_numbers_have_a_valid_date_and_check_digit(kind: str) -> None:
    spans = [s for row in rows() for s in row["spans"] if s["kind"] == kind]
    assert spans
    for span in spans:
        ten = ten_digits(span["surface"])
        assert luhn_valid(ten), span["surface"]
        day = int(ten[4:6]) - (60 if kind == "SAMORDNINGSNUMMER" else 0)
        assert 1 <= day <= 31, span["surface"]
        full = re.sub(r"\D", "", span["surface"])
        years = [int(full[:4])] if len(full) == 12 else [1900 + int(ten[:2]), 2000 + int(ten[:2])]
        assert any(_is_date(y, int(ten[2:4]), day) for y in years), span["surface"]


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def test_wrong_check_digit_traps_really_fail_the_check() -> None:
    for row in rows():
        if "luhn" in row.get("traps", []):
            numbers = re.findall(r"(?<![\d-])\d{10}(?![\d-])", row["text"])
            assert numbers and not any(luhn_valid(n) for n in numbers), row["id"]


def test_overlap_scoring_and_the_personnummer_group() -> None:
    gold = [Span(0, 11, "SAMORDNINGSNUMMER", "x"), Span(20, 34, "NAMN", "Anna Lindqvist")]
    pred = [
        Span(0, 11, "PERSONNUMMER", "x"),  # right span, label of the other group member
        Span(20, 24, "NAMN", "Anna"),  # overlaps: found, not exact
        Span(25, 34, "NAMN", "Lindqvist"),  # a second hit on the same gold span
        Span(40, 45, "TELEFON", "12345"),  # nothing there
    ]
    strict, grouped, names, everything = Tally(), Tally(), Tally(), Tally()
    score_row("SAMORDNINGSNUMMER", gold, pred, strict)
    score_row("personnummer (both)", gold, pred, grouped)
    score_row("NAMN", gold, pred, names)
    score_row("all", gold, pred, everything)
    assert (strict.gold, strict.predicted, strict.found) == (1, 0, 0)
    assert (grouped.gold, grouped.predicted, grouped.found, grouped.exact) == (1, 1, 1, 1)
    assert (names.found, names.exact, names.correct, names.predicted) == (1, 0, 2, 2)
    assert (everything.gold, everything.predicted, everything.found, everything.correct) == (
        2,
        4,
        2,
        3,
    )
