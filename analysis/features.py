"""What the learned models see of an answer: for the theme model (`View`) the base
forms, word pairs and character n-grams of its content words, the question, and the
rules' evidence for every theme; for the stance model a theme's clause, its cue words
and what the rules read there. Built only when a model is trained or used: the rules
alone never pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from sys import intern

from spacy.tokens import Doc

from .arrays import token_arrays
from .learned import Features, scaled, words_block
from .normalize import PARTS_KEY
from .rules import Hit

CHAR_SIZES = (3, 4, 5)  # character n-grams of a word
STANCE_WEIGHTS = {"w": 1.0, "u": 1.2, "t": 0.5, "q": 0.5, "h": 0.5, "r": 0.8, "bias": 0.3}


@dataclass(slots=True)
class Tokens:
    """One parsed answer's content words: per token its base form (None for stop words,
    punctuation and numbers), its compound parts and its lower-case form."""

    norms: list[str | None]
    lowers: list[str]
    parts: Mapping[int, tuple[str, ...]]

    @classmethod
    def of(cls, doc: Doc, stops: frozenset[str]) -> Tokens:
        strings = doc.vocab.strings
        arrays = token_arrays(doc)
        norms: list[str | None] = []
        lowers: list[str] = []
        for norm_hash, lower_hash in zip(arrays["norm"], arrays["lower"], strict=True):
            # Interned: the views of many answers then share each word's string.
            lower = intern(strings[lower_hash])
            norm = intern(strings[norm_hash])
            lowers.append(lower)
            norms.append(content(lower, norm, stops))
        return cls(norms, lowers, doc.user_data.get(PARTS_KEY, {}))

    def words(self) -> list[str]:
        """Base forms and compound parts of the content words."""
        out: list[str] = []
        for i, norm in enumerate(self.norms):
            if norm is None:
                continue
            out.append(norm)
            out.extend(p for p in self.parts.get(i, ()) if p != norm)
        return out


def content(lower: str, norm: str, stops: frozenset[str]) -> str | None:
    """A word's base form, or None for a stop word, punctuation or a number."""
    if not any(ch.isalpha() for ch in lower) or lower in stops or norm in stops:
        return None
    return norm


def clause_words(
    doc: Doc, span: tuple[int, int], stops: frozenset[str], memo: dict[int, str | None]
) -> list[str]:
    """The content words of one token range, as `Tokens.words` reads them for a whole
    answer, without reading the rest: a word's `content` depends on its lower-case form
    alone, so `memo` (lower-case hash → base form or None, kept by the caller across
    answers) holds it."""
    strings = doc.vocab.strings
    arrays = token_arrays(doc)
    norms, lowers = arrays["norm"], arrays["lower"]
    parts = doc.user_data.get(PARTS_KEY, {})
    out: list[str] = []
    for i in range(max(0, span[0]), min(span[1], len(lowers))):
        lower_hash = lowers[i]
        if lower_hash in memo:
            norm = memo[lower_hash]
        else:
            norm = memo[lower_hash] = content(strings[lower_hash], strings[norms[i]], stops)
        if norm is None:
            continue
        out.append(norm)
        out.extend(p for p in parts.get(i, ()) if p != norm)
    return out


def word_terms(tokens: Tokens) -> list[str]:
    """Base forms and compound parts of the content words, and each pair of neighbouring
    content words ("gemensam_lokal"): what TF-IDF weighs for the theme model."""
    terms = tokens.words()
    previous: str | None = None
    for norm in tokens.norms:
        if norm is None:
            previous = None
            continue
        if previous is not None:
            terms.append(intern(f"{previous}_{norm}"))
        previous = norm
    return terms


def char_terms(tokens: Tokens) -> list[str]:
    """Character 3- to 5-grams of each content word with its edges marked ("<sam",
    "ver>"): inflections, compounds and misspellings the lemma table does not know."""
    out: list[str] = []
    for norm, lower in zip(tokens.norms, tokens.lowers, strict=True):
        if norm is not None:
            out.extend(_grams(lower))
    return out


@lru_cache(maxsize=100_000)
def _grams(lower: str) -> tuple[str, ...]:
    """One word's n-grams, made once: every answer's view then holds the same strings,
    which keeps a few thousand views (the starter codebook's examples joined) small."""
    padded = f"<{lower}>"
    return tuple(padded[i : i + size] for size in CHAR_SIZES for i in range(len(padded) - size + 1))


@dataclass(frozen=True, slots=True)
class ThemeEvidence:
    """What the rules found for one theme in one answer."""

    score: float  # the rules' score (the best sentence's)
    hits: Sequence[Hit]
    described: bool  # suggested from the theme's description alone (no keyword)
    similarity: float  # how well the answer matches the theme's description
    margin: float  # … against the best other theme's description


def rule_evidence(
    themes: Mapping[str, ThemeEvidence], suggested: Iterable[str]
) -> dict[str, float]:
    """Every theme's rule evidence as named features: a hit at all, its score, strong or
    only weak keywords, a keyword kept for this question, whether the rules suggest it,
    a suggestion from the description alone, and the description's match and margin."""
    out: dict[str, float] = {}
    for theme, e in themes.items():
        if e.hits or e.described:
            out[f"{theme}:present"] = 1.0
            out[f"{theme}:score"] = e.score
        if e.hits:
            strong = any(not h.weak for h in e.hits)
            out[f"{theme}:strong" if strong else f"{theme}:weak"] = 1.0
            if any(h.scoped for h in e.hits):
                out[f"{theme}:scoped"] = 1.0
        if e.described:
            out[f"{theme}:described"] = 1.0
        if e.similarity > 0:
            out[f"{theme}:similar"] = e.similarity
            out[f"{theme}:margin"] = e.margin
    for theme in suggested:
        out[f"{theme}:fires"] = 1.0
    return out


@dataclass(frozen=True, slots=True)
class View:
    """One answer as the theme model sees it."""

    words: Sequence[str]
    chars: Sequence[str]
    question: str | None
    evidence: Mapping[str, float]  # "theme:kind" → value (`rule_evidence`)
    suggested: frozenset[str]  # the themes the rules alone suggest


def stance_features(
    words: Sequence[str],
    cues: Iterable[str],
    theme: str,
    question: str | None,
    hint: str | None,
    rule_stance: str,
) -> Features:
    """One theme's clause, for the stance model: its words and cue kinds, the theme,
    the question and its hint, and what the rules read."""
    blocks = {
        "w": words_block(words),
        "u": words_block(cues),
        "t": {theme: 1.0},
        "q": {question or "none": 1.0},
        "h": {hint or "none": 1.0},
        "r": {rule_stance: 1.0},
        "bias": {"1": 1.0},
    }
    return scaled(blocks, STANCE_WEIGHTS)
