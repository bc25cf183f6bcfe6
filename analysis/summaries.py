"""Summaries for reports: per question and respondent group, themes ranked by how many
respondents raised them, split into success factors and challenges, each with two or
three representative quotes (the most typical segments, not the longest) and the terms
that characterise the theme."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .pipeline import pipeline, stop_words
from .terms import content_terms, keyness

QUOTES = 3


@dataclass(frozen=True)
class Item:
    """One coded answer as summaries see it."""

    answer_id: str
    respondent: str
    question: str
    group: str
    lang: str
    text: str
    segments: tuple[tuple[str, str, int, int], ...]  # (theme, stance, start, end)


@dataclass(frozen=True)
class ThemeSummary:
    theme: str
    stance: str
    respondents: int
    share: float
    quotes: tuple[str, ...]
    terms: tuple[str, ...]


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def typical(segments: Sequence[tuple[str, list[str]]], n: int = QUOTES) -> list[str]:
    """The segments closest to the centroid of their group's terms (ties: shorter first)."""
    vectors = [(text, Counter(terms)) for text, terms in segments]
    centroid: Counter[str] = Counter()
    for _, vector in vectors:
        centroid.update({k: 1 for k in vector})
    ranked = sorted(vectors, key=lambda tv: (-_cosine(tv[1], centroid), len(tv[0])))
    seen: set[str] = set()
    quotes = []
    for text, _ in ranked:
        if text not in seen:
            quotes.append(text)
            seen.add(text)
        if len(quotes) == n:
            break
    return quotes


def summarise(items: Sequence[Item]) -> dict[tuple[str, str], list[ThemeSummary]]:
    """(question, group) → themes ranked by respondents; group "" is everyone."""
    terms_cache: dict[tuple[str, int, int], list[str]] = {}

    def terms(item: Item, start: int, end: int) -> list[str]:
        key = (item.answer_id, start, end)
        if key not in terms_cache:
            doc = pipeline(item.lang)(item.text[start:end])
            terms_cache[key] = content_terms(doc, stop_words(item.lang))
        return terms_cache[key]

    result: dict[tuple[str, str], list[ThemeSummary]] = {}
    groups = sorted({i.group for i in items}) + [""]
    for question in sorted({i.question for i in items}):
        for group in groups:
            chosen = [
                i for i in items if i.question == question and (group == "" or i.group == group)
            ]
            if not chosen:
                continue
            respondents = {i.respondent for i in chosen}
            by_theme: dict[tuple[str, str], list[tuple[Item, int, int]]] = defaultdict(list)
            for item in chosen:
                for theme, stance, start, end in item.segments:
                    by_theme[(theme, stance)].append((item, start, end))
            all_terms = [terms(i, s, e) for segs in by_theme.values() for i, s, e in segs]
            summaries = []
            for (theme, stance), segs in by_theme.items():
                who = {i.respondent for i, _, _ in segs}
                texts = [(i.text[s:e].strip(), terms(i, s, e)) for i, s, e in segs]
                own = [t for _, t in texts]
                characteristic = [t for t, _ in keyness(own, all_terms, min_count=1)[:5]]
                summaries.append(
                    ThemeSummary(
                        theme,
                        stance,
                        len(who),
                        round(len(who) / len(respondents), 3),
                        tuple(typical(texts)),
                        tuple(characteristic),
                    )
                )
            summaries.sort(key=lambda s: (-s.respondents, s.stance, s.theme))
            result[(question, group)] = summaries
    return result
