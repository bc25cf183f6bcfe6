"""Which language an answer is written in, for surveys that mix Swedish and English.

Function words decide: each language's stop words found in the answer, with å, ä and ö
counting for Swedish. When they do not ("Home visits, small steps."), the words each
language's lemma table knows and the other's does not decide. Answers with nothing to go
on keep the codebook's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from functools import cache

from .pipeline import stop_words

_WORD = re.compile(r"[a-zåäöéü]+")
SAMPLE = 600  # characters: enough to tell the language, cheap for long answers


@cache
def _only(lang: str) -> frozenset[str]:
    """Stop words of one language that are not also words of the other."""
    other = "en" if lang == "sv" else "sv"
    return stop_words(lang) - stop_words(other)


def detect(
    text: str,
    default: str,
    available: Container[str] = ("sv", "en"),
    known: Mapping[str, Callable[[str], object]] | None = None,
) -> str:
    """ "sv" or "en" from the function words of the answer's beginning, then (with
    `known`: language → the words its lemma table knows) from its vocabulary, else
    `default`."""
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
    if known and "sv" in known and "en" in known and not letters:
        in_sv, in_en = known["sv"], known["en"]
        content = [w for w in words if len(w) > 2]
        only_en = sum(1 for w in content if in_en(w) and not in_sv(w))
        only_sv = sum(1 for w in content if in_sv(w) and not in_en(w))
        english, swedish = english + only_en, swedish + only_sv
        if english > swedish and english >= 2 and "en" in available:
            return "en"
        if swedish > english and swedish >= 2 and "sv" in available:
            return "sv"
    return default
