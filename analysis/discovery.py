"""Theme discovery: in answers that no theme covers, terms that stand out against the
rest of the corpus, grouped by the answers they share, each group with example answers —
candidate themes an evaluator may add to the codebook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .engine import Coded
from .pipeline import pipeline, stop_words
from .terms import content_terms, keyness

MAX_CANDIDATES = 8
MIN_SHARED = 0.5  # share of the seed's answers a term must also appear in to join it


@dataclass(frozen=True)
class Candidate:
    label: str
    terms: tuple[tuple[str, float], ...]  # (term, keyness)
    answer_ids: tuple[str, ...]
    examples: tuple[str, ...]


def discover(
    coded: Sequence[Coded],
    covered: set[str] | None = None,
    *,
    extra_stops: frozenset[str] = frozenset(),
    max_candidates: int = MAX_CANDIDATES,
    terms: Mapping[str, list[str]] | None = None,
) -> list[Candidate]:
    """Candidates from the answers without any theme (or outside `covered` ids).
    `terms` (answer id → content terms, e.g. from a `Corpus`) saves parsing again."""
    if covered is None:
        covered = {c.answer.id for c in coded if c.suggestions}
    terms_of: dict[str, list[str]] = dict(terms or {})
    for item in coded:
        if item.answer.id in terms_of:
            continue
        nlp = pipeline(item.lang)
        doc = nlp(item.answer.text)
        terms_of[item.answer.id] = content_terms(doc, stop_words(item.lang), extra_stops)
    uncovered = [c for c in coded if c.answer.id not in covered]
    if not uncovered:
        return []
    ranked = keyness(
        [terms_of[c.answer.id] for c in uncovered],
        [terms_of[c.answer.id] for c in coded if c.answer.id in covered],
    )
    answers_with: dict[str, set[str]] = {}
    for item in uncovered:
        for term in set(terms_of[item.answer.id]):
            answers_with.setdefault(term, set()).add(item.answer.id)
    texts = {c.answer.id: c.answer.text for c in coded}
    used: set[str] = set()
    candidates: list[Candidate] = []
    for seed, _score in ranked:
        if seed in used or len(candidates) >= max_candidates:
            continue
        seed_answers = answers_with[seed]
        group = [(seed, _score)]
        for term, score in ranked:
            if term == seed or term in used:
                continue
            shared = len(answers_with[term] & seed_answers) / len(seed_answers)
            if shared >= MIN_SHARED and not (set(term.split()) & set(seed.split()) and " " in term):
                group.append((term, score))
            if len(group) >= 6:
                break
        used.update(t for t, _ in group)
        ids = sorted(seed_answers)
        candidates.append(
            Candidate(
                label=" / ".join(t for t, _ in group[:3]),
                terms=tuple((t, round(s, 2)) for t, s in group),
                answer_ids=tuple(ids),
                examples=tuple(texts[i] for i in ids[:3]),
            )
        )
    return candidates
