"""One engine on the bundled codebook for the analysis tests (building it loads the
lemma tables, so it is shared)."""

from __future__ import annotations

import pytest

from analysis.codebook import bundled, load
from analysis.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(load(bundled()))
