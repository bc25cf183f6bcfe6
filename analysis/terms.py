"""Salient words: content base forms and two-word terms of a text, and keyness — how much
more often a term occurs in one set of texts than in the rest (Dunning's log-likelihood),
which is what sets a theme's words apart, unlike raw frequency."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc

MIN_LENGTH = 3


def content_terms(
    doc: Doc, stops: frozenset[str], extra_stops: frozenset[str] = frozenset()
) -> list[str]:
    """Base forms of content words, then two-word terms of adjacent content words."""
    words: list[str | None] = []
    for token in doc:
        norm = token.norm_
        keep = (
            token.is_alpha
            and len(norm) >= MIN_LENGTH
            and norm not in stops
            and token.lower_ not in stops
            and norm not in extra_stops
        )
        words.append(norm if keep else None)
    unigrams = [w for w in words if w]
    bigrams = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a and b]
    return unigrams + bigrams


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """G² for a term seen a times in c target tokens and b times in d reference tokens;
    signed: negative when the term is rarer in the target."""
    if a == 0:
        return 0.0
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 2 * (a * math.log(a / e1) + (b * math.log(b / e2) if b else 0.0))
    return g2 if a / c >= (b / d if d else 0) else -g2


def document_counts(texts: Iterable[list[str]]) -> Counter[str]:
    """In how many texts each term occurs."""
    counts: Counter[str] = Counter()
    for terms in texts:
        counts.update(set(terms))
    return counts


def keyness(
    target: Iterable[list[str]],
    reference: Iterable[list[str]] | Counter[str],
    min_count: int = 2,
) -> list[tuple[str, float]]:
    """Terms of the target texts ranked by keyness against the reference texts (each
    text counted once per term, so one long answer cannot dominate). The reference may
    be given as its `document_counts`, when many targets share it."""
    t_counts = document_counts(target)
    r_counts = reference if isinstance(reference, Counter) else document_counts(reference)
    c = sum(t_counts.values()) or 1
    d = sum(r_counts.values()) or 1
    scored = [
        (term, log_likelihood(n, r_counts.get(term, 0), c, d))
        for term, n in t_counts.items()
        if n >= min_count
    ]
    return sorted((x for x in scored if x[1] > 0), key=lambda x: (-x[1], x[0]))
