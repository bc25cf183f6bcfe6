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
from functools import lru_cache

# Written as ids write them: without å, ä, ö (a text's letters are folded to these).
_SUCCESS = frozenset(
    [
        "bra",
        "bast",
        "basta",
        "positiv",
        "positivt",
        "positiva",
        "framgang",
        "framgangar",
        "framgangsfaktor",
        "framgangsfaktorer",
        "hjalpte",
        "hjalpt",
        "hjalpsamt",
        "styrka",
        "styrkor",
        "gillade",
        "uppskattade",
        "nojd",
        "good",
        "best",
        "positive",
        "positives",
        "success",
        "successes",
        "helped",
        "helpful",
        "strength",
        "strengths",
        "liked",
        "appreciated",
        "vardefull",
        "vardefullt",
        "vardefulla",
        "valuable",
    ]
)
_CHALLENGE = frozenset(
    [
        "battre",
        "forbattra",
        "forbattras",
        "forbattring",
        "forbattringar",
        "samre",
        "utmaning",
        "utmaningar",
        "utmaningen",
        "svart",
        "svarast",
        "svaraste",
        "svarighet",
        "svarigheter",
        "lattare",
        "problem",
        "problemen",
        "hinder",
        "saknade",
        "saknades",
        "saknas",
        "better",
        "improve",
        "improvement",
        "improvements",
        "worse",
        "worst",
        "challenge",
        "challenges",
        "challenging",
        "difficult",
        "difficulties",
        "difficulty",
        "hard",
        "hardest",
        "harder",
        "missing",
        "lacking",
        "obstacle",
        "obstacles",
        "easier",
        "onskar",
        "onskat",
        "onskade",
        "annorlunda",
        "wish",
        "differently",
    ]
)
# Before "bättre"/"better": the question asks what did improve, a success.
_BECAME = frozenset(["blev", "blivit", "got", "gotten", "become", "became"])
# Just before a word that asks for successes, these turn it: "Vad fungerade mindre bra?",
# "What did not go so well?".
_TURNING = frozenset(["mindre", "inte", "ej", "not", "less", "dont", "didnt"])
_TURN_REACH = 2  # words between: "inte så bra", "not so good"
# "Well" asks for successes after these ("What worked well?"), not alone ("How well …?").
_WENT = frozenset(["worked", "work", "works", "went", "go", "goes", "going", "gone"])
# What would change asks for what is wrong ("Vad skulle du vilja förändra?"); what
# changed does not ("Vad har förändrats?").
_CHANGE = frozenset(["forandra", "andra", "change"])
_WOULD = frozenset(["skulle", "kunde", "vill", "ville", "would", "could", "should"])
_FOLD = str.maketrans("åäöéü", "aaoeu")
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def leaning(question: str | None) -> str | None:
    """ "success" or "challenge" where a question's id or text asks for one side only,
    else None (it asks for neither, or for both: "Vad var bra och vad var svårt?")."""
    if not question:
        return None
    words = _WORD.findall(question.casefold().translate(_FOLD))
    success = challenge = False
    for i, word in enumerate(words):
        if word in _SUCCESS or (word == "well" and _WENT.intersection(words[max(0, i - 2) : i])):
            before = words[max(0, i - _TURN_REACH - 1) : i]
            if _TURNING.intersection(before):
                challenge = True
            else:
                success = True
        elif word in _CHANGE:
            if _WOULD.intersection(words[:i]):
                challenge = True
        elif word in _CHALLENGE:
            if word in ("battre", "better") and i > 0 and words[i - 1] in _BECAME:
                success = True
            else:
                challenge = True
    if success == challenge:
        return None
    return "success" if success else "challenge"
