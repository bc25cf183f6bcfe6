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

from spacy.strings import get_string_id
from spacy.tokens import Doc

from .normalize import token_table
from .pipeline import stop_words

_WORD = re.compile(r"[a-zåäöéü]+")
SAMPLE = 600  # characters: enough to tell the language, cheap for long answers
SAMPLE_TOKENS = 150


@cache
def _only(lang: str) -> frozenset[str]:
    """Stop words of one language that are not also words of the other."""
    other = "en" if lang == "sv" else "sv"
    return stop_words(lang) - stop_words(other)


@cache
def _only_ids(lang: str) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in _only(lang))


def _letters(text: str) -> int:
    lowered = text[:SAMPLE].lower()
    return lowered.count("å") + lowered.count("ä") + lowered.count("ö")


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
    return _decide(
        len(words & _only("sv")),
        len(words & _only("en")),
        _letters(text),
        lambda: words,
        default,
        available,
        known,
    )


def detect_doc(
    doc: Doc,
    text: str,
    default: str,
    available: Container[str] = ("sv", "en"),
    known: Mapping[str, Callable[[str], object]] | None = None,
) -> str:
    """`detect` on an answer (`text`) already tokenised as `doc` by the default
    language's tokeniser: its function words are compared as hashes, so the answer is
    not read word by word a second time."""
    lowers = token_table(doc).lowers
    ids = lowers[:SAMPLE_TOKENS] if len(lowers) > SAMPLE_TOKENS else lowers
    # Each distinct function word once: the intersections are sets.
    swedish, english = (
        len(_only_ids("sv").intersection(ids)),
        len(_only_ids("en").intersection(ids)),
    )
    if swedish >= 2 and swedish > english and "sv" in available:
        return "sv"  # decided: å, ä and ö could only add to Swedish (no need to count them)
    strings = doc.vocab.strings

    def words() -> set[str]:
        return {strings[h] for h in set(ids) if strings[h].isalpha()}

    return _decide(
        swedish,
        english,
        _letters(text),
        words,
        default,
        available,
        known,
    )


def _decide(
    swedish_words: int,
    english_words: int,
    letters: int,
    words: Callable[[], set[str]],
    default: str,
    available: Container[str],
    known: Mapping[str, Callable[[str], object]] | None,
) -> str:
    swedish = swedish_words + 2 * min(letters, 3)
    english = english_words
    if english > swedish and english >= 2 and "en" in available:
        return "en"
    if swedish > english and swedish >= 2 and "sv" in available:
        return "sv"
    if known and "sv" in known and "en" in known and not letters:
        in_sv, in_en = known["sv"], known["en"]
        content = [w for w in words() if len(w) > 2]
        only_en = sum(1 for w in content if in_en(w) and not in_sv(w))
        only_sv = sum(1 for w in content if in_sv(w) and not in_en(w))
        english, swedish = english + only_en, swedish + only_sv
        if english > swedish and english >= 2 and "en" in available:
            return "en"
        if swedish > english and swedish >= 2 and "sv" in available:
            return "sv"
    return default
