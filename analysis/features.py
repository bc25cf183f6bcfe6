"""What the learned models see of an answer, as named features in blocks (see
`learned.scaled`): the base forms and character n-grams of its content words, the
question, the rules' evidence per theme and, for one theme's keyword hits, their context
(the sentence, the words next to the hit, the keyword, the other themes hit there, the
cue words). Built only when a model is trained or used: the rules alone never pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from .learned import Features, scaled, words_block
from .normalize import PARTS_KEY
from .rules import Hit, token_arrays

NGRAM = 4  # character n-grams of a word: inflections and compounds the lemma table misses
NEAR = 3  # tokens either side of a hit that count as its neighbours
ANSWER_WEIGHTS = {"w": 1.0, "c": 0.6, "r": 0.8, "q": 0.4, "z": 0.5, "bias": 0.3}
HIT_WEIGHTS = {"s": 1.0, "n": 0.8, "k": 0.8, "o": 0.6, "u": 0.5, "q": 0.4, "z": 0.5, "bias": 0.5}
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
            lower = strings[lower_hash]
            norm = strings[norm_hash]
            lowers.append(lower)
            if not any(ch.isalpha() for ch in lower) or lower in stops or norm in stops:
                norms.append(None)
            else:
                norms.append(norm)
        return cls(norms, lowers, doc.user_data.get(PARTS_KEY, {}))

    def words(self, start: int = 0, end: int | None = None) -> list[str]:
        """Base forms and compound parts of the content words in a token range."""
        out: list[str] = []
        stop = len(self.norms) if end is None else end
        for i in range(max(0, start), min(stop, len(self.norms))):
            norm = self.norms[i]
            if norm is None:
                continue
            out.append(norm)
            out.extend(p for p in self.parts.get(i, ()) if p != norm)
        return out

    def ngrams(self) -> list[str]:
        out: list[str] = []
        for norm, lower in zip(self.norms, self.lowers, strict=True):
            if norm is None or len(lower) < NGRAM:
                continue
            padded = f"<{lower}>"
            out.extend(padded[i : i + NGRAM] for i in range(len(padded) - NGRAM + 1))
        return out


def answer_features(
    tokens: Tokens,
    question: str | None,
    rule_scores: Mapping[str, float],
    zero_shot: Mapping[str, float],
) -> Features:
    """The whole answer, for the theme classifier."""
    blocks = {
        "w": words_block(tokens.words()),
        "c": words_block(tokens.ngrams()),
        "r": {t: s for t, s in rule_scores.items() if s > 0},
        "q": {question or "none": 1.0},
        "z": {t: s for t, s in zero_shot.items() if s > 0},
        "bias": {"1": 1.0},
    }
    return scaled(blocks, ANSWER_WEIGHTS)


def hit_features(
    tokens: Tokens,
    hits: Sequence[Hit],
    sentences: Sequence[tuple[int, int]],
    others: Iterable[str],
    cues: Iterable[str],
    question: str | None,
    margin: float,
) -> Features:
    """One theme's hits in one answer, for the verifier: what surrounds them."""
    sentence_words: list[str] = []
    for start, end in sentences:
        sentence_words += tokens.words(start, end)
    near: list[str] = []
    for hit in hits:
        near += tokens.words(hit.start - NEAR, hit.start)
        near += tokens.words(hit.end, hit.end + NEAR)
    keywords = {f"{h.keyword}": 1.0 for h in hits}
    keywords |= {f"kind={h.kind}": 0.5 for h in hits}
    if all(h.weak for h in hits):
        keywords["weak"] = 1.0
    blocks = {
        "s": words_block(sentence_words),
        "n": words_block(near),
        "k": keywords,
        "o": {t: 1.0 for t in others},
        "u": words_block(cues),
        "q": {question or "none": 1.0},
        "z": {"margin+": max(margin, 0.0), "margin-": max(-margin, 0.0)},
        "bias": {"1": 1.0},
    }
    return scaled(blocks, HIT_WEIGHTS)


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
