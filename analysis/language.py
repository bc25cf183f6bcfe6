"""Which language an answer is written in, for surveys that mix Swedish and English.

Function words decide: each language's stop words found in the answer, with å, ä and ö
counting for Swedish. Short or unclear answers keep the codebook's language.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import cache

from .pipeline import stop_words

_WORD = re.compile(r"[a-zåäöéü]+")
SAMPLE = 600  # characters: enough to tell the language, cheap for long answers


@cache
def _only(lang: str) -> frozenset[str]:
    """Stop words of one language that are not also words of the other."""
    other = "en" if lang == "sv" else "sv"
    return stop_words(lang) - stop_words(other)


def detect(text: str, default: str, available: Container[str] = ("sv", "en")) -> str:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return default
    swedish = sum(1 for w in words if w in _only("sv")) + 2 * sum(
        1 for ch in text if ch in "åäöÅÄÖ"
    )
    english = sum(1 for w in words if w in _only("en"))
    if english > swedish and english >= 2 and "en" in available:
        return "en"
    if swedish > english and swedish >= 2 and "sv" in available:
        return "sv"
    return default
