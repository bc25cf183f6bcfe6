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
    """ "sv" or "en" from the function words of the answer's beginning, else `default`."""
    lowered = text[:SAMPLE].lower()
    words = set(_WORD.findall(lowered))
    if not words:
        return default
    letters = lowered.count("å") + lowered.count("ä") + lowered.count("ö")
    swedish = len(words & _only("sv")) + 2 * min(letters, 3)
    english = len(words & _only("en"))
    if english > swedish and english >= 2 and "en" in available:
        return "en"
    if swedish > english and swedish >= 2 and "sv" in available:
        return "sv"
    return default
