"""Which way a question leans, read from its own words when no questionnaire says so.

A questionnaire of this project gives each open question its stance hint ("Vad har
fungerat bäst?" asks for successes). Answers from other tools come without one, but
their questions say the same in their ids and texts: `vh_bast`, `elev_battre`,
`p_positivt`, "What could have been better?". An answer to "what was best" that says
"they didn't force me" is praise, not a lack; the question tells the reader so.

Only words that ask for one side count. "Better" asks for what could improve, unless
the question asks what became better ("Vad har blivit bättre?", "What got better?").
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).parent / "data" / "question_leaning.toml"
_TURN_REACH = 2  # words between a turning word and what it turns: "inte så bra"
_BECAME_REACH = 2  # words before "bättre" a verb of becoming may stand: "mår du bättre"
_FOLD = str.maketrans("åäöéü", "aaoeu")
_WORD = re.compile(r"[a-z0-9]+")


@cache
def _words() -> dict[str, frozenset[str]]:
    """The word lists of `WORDS_FILE`, read once, on the first question asked about."""
    with WORDS_FILE.open("rb") as handle:
        return {kind: frozenset(words) for kind, words in tomllib.load(handle).items()}


@lru_cache(maxsize=4096)
def leaning(question: str | None) -> str | None:
    """ "success" or "challenge" where a question's id or text asks for one side only,
    else None (it asks for neither, or for both: "Vad var bra och vad var svårt?")."""
    if not question:
        return None
    words = _question_words(question)
    lists = _words()
    success = challenge = False
    for i, word in enumerate(words):
        if word in lists["success"] or (
            word == "well" and lists["went"].intersection(words[max(0, i - 2) : i])
        ):
            if lists["turning"].intersection(words[max(0, i - _TURN_REACH - 1) : i]):
                challenge = True
            else:
                success = True
        elif word in lists["change"]:
            if lists["would"].intersection(words[:i]):
                challenge = True
        elif word in lists["challenge"]:
            if word in ("battre", "better") and lists["became"].intersection(
                words[max(0, i - _BECAME_REACH) : i]
            ):
                success = True
            else:
                challenge = True
    if success == challenge:
        return None
    return "success" if success else "challenge"


@lru_cache(maxsize=4096)
def asks_for_needs(question: str | None) -> bool:
    """Whether a question asks what it takes to go on (prerequisites): an answer whose
    words judge neither way names a need."""
    if not question:
        return False
    return not _words()["needs"].isdisjoint(_question_words(question))


def _question_words(question: str) -> list[str]:
    """A question's id or text as the word lists write words: lower case, no å, ä, ö."""
    return _WORD.findall(question.casefold().translate(_FOLD))
