"""Every bundled gold, dev and tune set loads with its codebook: the benchmark and
`survey evaluate` read them, and a theme id the codebook lacks would be lost silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.codebook import bundled, load
from analysis.files import read_coded
from survey.cli.engine import stance_hints

GOLD = Path(bundled("gold/gold_sv.csv")).parent
SETS = sorted(p for p in GOLD.rglob("*.csv"))


@pytest.mark.parametrize("path", SETS, ids=[str(p.relative_to(GOLD)) for p in SETS])
def test_a_bundled_coded_set_loads_with_its_codebook(path: Path) -> None:
    own = path.parent / "codebook.toml"  # a folder with its own codebook: the sets use it
    codebook = load(own if own.exists() else bundled())
    rows = read_coded(path, codebook.ids, stance_hints(()))
    assert len(rows) >= 80
    codable = {t.id for t in codebook.codable()}
    coded = [r for r in rows if r.themes]
    assert len(coded) >= 0.7 * len(rows)  # some answers (a role, "nothing to add") have none
    for row in coded:
        assert set(row.themes) <= codable, row.answer.id
        assert set(row.themes.values()) <= {"success", "challenge", "neutral", ""}
