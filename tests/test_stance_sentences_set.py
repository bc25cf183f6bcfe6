"""The sets of blind stance sentences the benchmark reads are well-formed (not how
well anything reads them)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from bench.stance_sentences import SETS


@pytest.mark.parametrize("path", [p for p, _ in SETS], ids=lambda p: p.name)
def test_every_row_has_an_id_a_language_a_register_a_stance_and_a_sentence(path: Path) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) >= 200
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert re.fullmatch(r"[pcrvfxsent]\d{3}", row["id"]), row
        assert row["lang"] in {"sv", "en"}, row
        assert row["register"] in {"manager", "prose", "notes", "parent", "pupil", "imported"}, row
        assert row["stance"] in {"success", "challenge", "neutral"}, row
        assert row["text"].strip(), row
    assert {r["stance"] for r in rows} == {"success", "challenge", "neutral"}
    assert {r["lang"] for r in rows} == {"sv", "en"}
