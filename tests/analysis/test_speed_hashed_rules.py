"""The cue rules read from hashes (lower-case and base forms) instead of Token objects,
and the keyword hits made from flat per-form matches: what they read, over the words
that say it, and hits in order, each once."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from analysis.engine import Answer, Engine
from analysis.rules import CUES_KEY, HITS_KEY

TEXTS = [
    "Det hade inte gått utan teamet; vi hade aldrig klarat det utan henne.",
    "Utan familjebehandlaren hade det aldrig gått. Men nu: bättre!",
    "Hade vi inte haft stödet från styrgruppen hade projektet aldrig kommit igång.",
    "Vi hade inte tid utan fick prioritera - det har varit tungt? Ja.",
    "We could not have done it without them, but it has been hard.",
    "Med en lokal hade vi kunnat träffas oftare och samverkan har fungerat bra.",
]


@pytest.fixture(scope="module")
def docs(engine: Engine) -> list[Doc]:
    return [doc for doc, _ in engine.parse([Answer(str(i), t) for i, t in enumerate(TEXTS)])]


# What the cue rules read in each text: thanks said as what could not have been (and
# "not X but Y", which is none), and a regret, each over the words that say it.
EXPECTED = [
    {("thanks", "hade inte gått utan"), ("thanks", "hade aldrig klarat det utan")},
    {("thanks", "Utan familjebehandlaren hade det aldrig gått")},
    {
        (
            "thanks",
            "Hade vi inte haft stödet från styrgruppen hade projektet aldrig kommit igång",
        )
    },
    set(),
    {("thanks", "could not have done it without")},
    {("challenge", "hade vi kunnat")},
]


def test_the_clause_rules_read_thanks_and_regrets_over_their_words(docs: list[Doc]) -> None:
    for doc, expected in zip(docs, EXPECTED, strict=True):
        read = {
            (kind, doc[start:end].text)
            for kind, start, end in doc.user_data[CUES_KEY]
            if kind == "thanks" or end - start > 2
        }
        assert read == expected, doc.text


def test_each_keyword_hit_is_kept_once_in_token_and_theme_order(docs: list[Doc]) -> None:
    for doc in docs:
        hits = doc.user_data[HITS_KEY]
        assert hits == sorted(hits, key=lambda h: (h.start, h.theme))
        assert len({h[:4] for h in hits}) == len(hits)
