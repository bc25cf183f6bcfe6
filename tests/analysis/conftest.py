"""One engine on the bundled codebook for the analysis tests (building it loads the
lemma tables, so it is shared), and a two-code codebook for the learning tests."""

from __future__ import annotations

import pytest

from analysis.codebook import bundled, load
from analysis.engine import Answer, Engine

# Two codes, one keyword each: what a model learns beyond them is plain to see.
SMALL_CODEBOOK = """
[codebook]
name = "Liten kodbok"
language = "sv"

[[themes]]
id = "fritid"
label = "Fritid"
keywords = ["fotboll"]

[[themes]]
id = "mat"
label = "Mat"
keywords = ["lunch"]
"""


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(load(bundled()))


def stances(engine: Engine, text: str) -> set[str]:
    """The stances the engine reads in a note (no question), which must code some theme."""
    themes = engine.code([Answer("a", text)])[0].themes()
    assert themes, f"no theme coded in {text!r}"
    return set(themes.values())


# A codebook an evaluator might write (names and descriptions only): its trust code meets
# the starter codebook's, its leisure code meets none (`analysis.borrowing`).
FAMILY_CODEBOOK = """
[codebook]
name = "Familjeteamets utvärdering"
language = "sv"

[[themes]]
id = "tillit"
label = "Tillit mellan familj och personal"
description = "Att familjen litar på personalen, känner förtroende och upplever att de blir tagna på allvar."

[[themes]]
id = "fritid"
label = "Fritidsaktiviteter"
description = "Elevens fritid efter skolan: idrott, musik och föreningsliv."
"""
