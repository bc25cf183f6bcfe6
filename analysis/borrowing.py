"""Keywords borrowed from the starter codebook by a codebook written elsewhere.

A codebook from another tool, or one an evaluator writes, brings names and descriptions.
In this field its themes overlap the starter codebook's (trust, assessment, flexibility,
steering, collaboration …) under other names and other cuts. The starter codebook's
keywords were written over many rounds of reading answers; a description finds far less.

Which starter themes a theme corresponds to is read from data, never from names: the
codebook's own rules code the project's coded answers in the starter codebook
(`starter_examples`), and a theme borrows the keywords of every starter theme whose
coded answers its suggestions match at F1 `MATCH_F1` or more. A theme that matches none
borrows nothing, and a codebook from another field borrows nothing. A starter theme the
codebook holds itself (an edited starter codebook: the same id, with keywords) lends
nothing: its keywords are there as the evaluator left them; a code that only shares its id
(no keywords, as another tool's codebook brings) borrows from it as from any other. The
borrowed
keywords then count as the theme's own: scored, hedged and weighed against the
descriptions like them, and corrected by the theme model like them once the evaluators
decide.

Chosen on the other codebooks' tuning sets: with `MATCH_F1` 0.3, rules alone rose from a
mean micro-F1 of 0.52 to 0.58 (every set rose); 0.35 and 0.4 borrowed less and gained
less, 0.25 the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .codebook import Codebook, Theme

MATCH_F1 = 0.3


def matches(
    suggested: Sequence[set[str]],
    coded: Sequence[set[str]],
    themes: Sequence[str],
    starter_themes: Sequence[str],
) -> dict[str, tuple[str, ...]]:
    """Per theme, the starter themes its suggestions on the starter codebook's coded
    answers match at F1 ≥ `MATCH_F1` (best first). `suggested`: the codebook's rule
    decisions on those answers; `coded`: their starter themes."""
    if not suggested:
        return {}
    picked = np.array([[t in s for t in themes] for s in suggested], dtype=float)
    truth = np.array([[t in c for t in starter_themes] for c in coded], dtype=float)
    both = picked.T @ truth  # theme × starter theme: answers with both
    sizes = picked.sum(axis=0)[:, None] + truth.sum(axis=0)[None, :]
    f1 = np.divide(2 * both, sizes, out=np.zeros_like(both), where=sizes > 0)
    out: dict[str, tuple[str, ...]] = {}
    for i, theme in enumerate(themes):
        order = np.argsort(-f1[i], kind="stable")
        found = tuple(starter_themes[j] for j in order if f1[i, j] >= MATCH_F1)
        if found:
            out[theme] = found
    return out


def lenders(codebook: Codebook, matched: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Per theme, the matched starter themes it takes keywords from: those the codebook
    does not hold itself. A theme with the starter theme's id and keywords of its own is
    that theme as an evaluator edited it, so a keyword taken out stays out; one with the
    same id and no keywords (a name and a description, as a codebook from another tool
    brings) is another codebook's code that happens to share the id, and borrows."""
    own = {theme.id for theme in codebook.themes if _keyworded(theme)}
    out = {theme: tuple(s for s in ids if s not in own) for theme, ids in matched.items()}
    return {theme: ids for theme, ids in out.items() if ids}


@dataclass(frozen=True)
class Lender:
    """A starter theme whose keywords a code also uses, as an evaluator is shown it: a
    suggestion's evidence may be one of these words, not one the code lists."""

    id: str
    label: str
    keywords: Mapping[str, tuple[str, ...]]  # per language, the reader's first: plain, then weak


def described(starter: Codebook, ids: Iterable[str], lang: str) -> list[Lender]:
    """The starter themes `ids` (from `lenders`) with their label in `lang` and their
    keywords in every language; an id the starter codebook no longer holds is left out."""
    known = {t.id: t for t in starter.themes}
    out = []
    for theme_id in ids:
        theme = known.get(theme_id)
        if theme is None:
            continue
        words = {
            language: tuple(
                dict.fromkeys((*theme.keywords_for(language), *theme.weak_for(language)))
            )
            for language in sorted({*theme.keywords, *theme.weak}, key=lambda x: (x != lang, x))
        }
        out.append(Lender(theme.id, theme.label_for(lang), {k: v for k, v in words.items() if v}))
    return out


def _keyworded(theme: Theme) -> bool:
    """Whether a theme has keywords of its own, in any language and of any kind."""
    return any(theme.keywords.values()) or any(theme.weak.values()) or bool(theme.by_question)


def borrowed(
    codebook: Codebook, starter: Codebook, matched: Mapping[str, Sequence[str]]
) -> Codebook:
    """The codebook with each theme's keywords (plain, weak and per question, in every
    language) joined by those of its `lenders`."""
    lent = lenders(codebook, matched)
    themes = []
    for theme in codebook.themes:
        for starter_id in lent.get(theme.id, ()):
            theme = _joined(theme, starter.theme(starter_id))
        themes.append(theme)
    return replace(codebook, themes=tuple(themes))


def _joined(theme: Theme, lender: Theme) -> Theme:
    def words(
        own: Mapping[str, Sequence[str]], lent: Mapping[str, Sequence[str]]
    ) -> dict[str, tuple[str, ...]]:
        out = {lang: tuple(w) for lang, w in own.items()}
        for lang, w in lent.items():
            out[lang] = tuple(dict.fromkeys((*out.get(lang, ()), *w)))
        return out

    by_question = {lang: dict(questions) for lang, questions in theme.by_question.items()}
    for lang, questions in lender.by_question.items():
        mine = by_question.setdefault(lang, {})
        for question, w in questions.items():
            mine[question] = tuple(dict.fromkeys((*mine.get(question, ()), *w)))
    return replace(
        theme,
        keywords=words(theme.keywords, lender.keywords),
        weak=words(theme.weak, lender.weak),
        by_question=by_question,
    )


def translated(
    coded: Iterable[str], matched: Mapping[str, Sequence[str]], suggested: Iterable[str]
) -> set[str]:
    """An answer coded in starter themes, coded in a codebook's themes instead: a theme
    that borrowed is there where one of its starter themes is coded; a theme that did
    not borrow (nothing tells) is there where the codebook's rules suggest it, which
    teaches its model nothing either way."""
    starter = set(coded)
    out = {theme for theme, lenders in matched.items() if starter.intersection(lenders)}
    out.update(theme for theme in suggested if theme not in matched)
    return out


def key(codebook: Codebook, threshold: float) -> str:
    """What the match depends on: the codable themes' words and the threshold."""
    return json.dumps(
        [
            codebook.language,
            threshold,
            [
                [t.id, t.label, t.description, t.keywords, t.weak, t.by_question]
                for t in codebook.codable()
            ],
        ],
        sort_keys=True,
        ensure_ascii=False,
        default=list,
    )
