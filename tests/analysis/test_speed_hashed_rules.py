"""The cue rules read from hashes (lower-case and base forms) instead of Token objects,
and the keyword hits made from flat per-form matches: the same answers as the readings
token by token they replace."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from analysis.engine import Answer, Engine
from analysis.rules import (
    _SENTENCE_ENDS,
    HITS_KEY,
    _clause_end,
    _clause_ends,
    _verb_between,
    token_arrays,
)

TEXTS = [
    "Det hade inte gått utan teamet; vi hade aldrig klarat det utan henne.",
    "Utan familjebehandlaren hade det aldrig gått. Men nu: bättre!",
    "Hade vi inte haft stödet från styrgruppen hade projektet aldrig kommit igång.",
    "Vi hade inte tid utan fick prioritera - det har varit tungt? Ja.",
    "We could not have done it without them, but it has been hard.",
    "Med en lokal hade vi kunnat träffas oftare och samverkan har fungerat bra.",
]


def _tokens_clause_end(doc: Doc, start: int) -> int:
    for token in doc[start:]:
        if token.text in _SENTENCE_ENDS or token.lower_ in ("men", "but"):
            return token.i
    return len(doc)


def _tokens_verb_between(doc: Doc, first: int, last: int) -> bool:
    for token in doc[first:last]:
        lower = token.lower_
        if lower in ("have", "be", "been", "varit", "blivit"):
            return True
        if lower.endswith(("t", "ts")) and token.norm_ != lower and len(lower) > 3:
            return True
    return False


@pytest.fixture(scope="module")
def docs(engine: Engine) -> list[Doc]:
    return [doc for doc, _ in engine.parse([Answer(str(i), t) for i, t in enumerate(TEXTS)])]


def test_the_clause_rules_read_from_hashes_as_from_tokens(docs: list[Doc]) -> None:
    for doc in docs:
        arrays = token_arrays(doc)
        lowers, norms, strings = arrays["lower"], arrays["norm"], doc.vocab.strings
        n = len(doc)
        for first in range(n):
            assert _clause_end(lowers, first) == _tokens_clause_end(doc, first)
            for last in range(first, n + 2):
                assert _clause_ends(lowers, first, last) == any(
                    t.text in _SENTENCE_ENDS for t in doc[first:last]
                )
                assert _verb_between(lowers, norms, strings, first, last) == (
                    _tokens_verb_between(doc, first, last)
                )


def test_each_keyword_hit_is_kept_once_in_token_and_theme_order(docs: list[Doc]) -> None:
    for doc in docs:
        hits = doc.user_data[HITS_KEY]
        assert hits == sorted(hits, key=lambda h: (h.start, h.theme))
        assert len({h[:4] for h in hits}) == len(hits)
