"""The codebook's words as evidence before any example exists (zero-shot): each theme's
label and description as weighted base forms, so a sentence can be told which themes'
descriptions it matches best. A keyword hit in a sentence that matches another theme's
description far better is weighed down ("frånvaron" in a sentence about the inflow of
cases), and the learned models see the same similarities as features.

A word shared by many descriptions says little (weight log(themes / descriptions with
the word)); sentences of a description that send the reader to another theme ("… kodas
som Skolmiljö", "… belongs under …") are left out, or they would lend this theme the
other's words.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import compress

from spacy.tokens import Doc

from .codebook import Codebook
from .normalize import PARTS_KEY
from .pipeline import pipeline, stop_words
from .rules import token_arrays

REDIRECT = re.compile(
    r"\b(kodas|hör till|hör hit|räcker inte|coded|belongs?|goes under|not for this)\b", re.I
)
SENTENCE = re.compile(r"(?<=[.;!?])\s+")
DESCRIBED_KEY = "survey_described_tokens"  # (Descriptions, indexes of its words in a doc)


def description_text(label: str, description: str) -> str:
    """The label and the description's own sentences (not those pointing elsewhere)."""
    kept = [s for s in SENTENCE.split(description) if s.strip() and not REDIRECT.search(s)]
    return " ".join([label + ".", *kept])


class Descriptions:
    """Per codable theme, the base forms of its label and description with weights."""

    def __init__(self, codebook: Codebook, lang: str):
        self.themes: tuple[str, ...] = tuple(t.id for t in codebook.codable())
        self.position = {t: i for i, t in enumerate(self.themes)}
        # Only themes with a description compete: a label alone is too little to say a
        # sentence is about that theme rather than another.
        self.described = [bool(t.description.strip()) for t in codebook.codable()]
        self.lang = lang
        stops = stop_words(lang)
        nlp = pipeline(lang)
        bags: list[set[str]] = []
        for theme in codebook.codable():
            text = description_text(theme.label, theme.description) if theme.description else ""
            if lang != codebook.language:
                text = ""  # the descriptions are written in the codebook's language
            doc = nlp(text)
            words: set[str] = set()
            for token in doc:
                if token.is_punct or token.like_num or not token.is_alpha:
                    continue
                if token.lower_ in stops or token.norm_ in stops or len(token.norm_) < 3:
                    continue
                words.add(token.norm_)
                words.update(p for p in token._.parts if len(p) >= 3 and p not in stops)
            bags.append(words)
        count = len(bags)
        df: dict[str, int] = {}
        for bag in bags:
            for w in bag:
                df[w] = df.get(w, 0) + 1
        self.weights: dict[str, list[tuple[int, float]]] = {}
        norms = [0.0] * count
        for index, bag in enumerate(bags):
            for w in bag:
                weight = math.log((count + 1) / df[w])
                norms[index] += weight * weight
        for index, bag in enumerate(bags):
            norm = math.sqrt(norms[index]) or 1.0
            for w in bag:
                weight = math.log((count + 1) / df[w]) / norm
                self.weights.setdefault(w, []).append((index, weight))
        strings = nlp.vocab.strings
        # An answer's function words match nothing, whatever their base form: the
        # lemma table makes "för" (for) the verb "föra" (carry over).
        self.stop_hashes = frozenset(strings.add(w) for w in stops)
        self.part_hash = {w: strings.add(w) for w in self.weights}
        self.hashed = {self.part_hash[w]: v for w, v in self.weights.items()}
        self.empty = not self.weights

    def similarity(self, words: Iterable[str]) -> list[float]:
        """Each theme's match with these words (base forms), in `themes` order."""
        scores = [0.0] * len(self.themes)
        for w in set(words):
            for index, weight in self.weights.get(w, ()):
                scores[index] += weight
        return scores

    def sentence_scores(self, doc: Doc, span: tuple[int, int]) -> dict[int, float]:
        """`similarity` of a token range of a parsed answer, read from its hashes: the
        themes (by index) that match at all, most themes matching no sentence."""
        scores: dict[int, float] = {}
        if self.empty:
            return scores
        first, last = span
        hashed = self.hashed
        positions, words, part_positions, parts = self._described_tokens(doc)
        seen: set[int] = set()
        get = scores.get
        # Only the tokens (then the compound parts) that are a description's word, found
        # once per doc; in token order, so each theme's sum adds the same numbers in the
        # same order.
        for found_at, found in ((positions, words), (part_positions, parts)):
            for h in found[bisect_left(found_at, first) : bisect_left(found_at, last)]:
                if h not in seen:
                    seen.add(h)
                    for index, weight in hashed[h]:
                        scores[index] = get(index, 0.0) + weight
        return scores

    def dense(self, scores: dict[int, float]) -> list[float]:
        """`sentence_scores` as one score per theme, in `themes` order."""
        return [scores.get(i, 0.0) for i in range(len(self.themes))]

    def _described_tokens(self, doc: Doc) -> tuple[list[int], list[int], list[int], list[int]]:
        """Where the doc's description words are, read once per doc (a doc's sentences
        are scored one by one): the indexes of the tokens whose base form is one and
        those hashes; the indexes of the tokens with a compound part that is one and
        those parts' hashes."""
        kept = doc.user_data.get(DESCRIBED_KEY)
        if kept is not None and kept[0] is self:
            return kept[1]
        arrays = token_arrays(doc)
        norms = arrays["norm"]
        positions = list(compress(range(len(norms)), map(self.hashed.__contains__, norms)))
        if positions and not self.stop_hashes.isdisjoint(arrays["lower"]):
            lowers, stops = arrays["lower"], self.stop_hashes
            positions = [i for i in positions if lowers[i] not in stops]
        words = [norms[i] for i in positions]
        part_positions: list[int] = []
        parts: list[int] = []
        parts_of = doc.user_data.get(PARTS_KEY)
        if parts_of:
            part_hash = self.part_hash
            for i, token_parts in parts_of.items():
                for part in token_parts:
                    known = part_hash.get(part)
                    if known is not None:
                        part_positions.append(i)
                        parts.append(known)
        found = (positions, words, part_positions, parts)
        doc.user_data[DESCRIBED_KEY] = (self, found)
        return found

    def leaders(self, scores: dict[int, float]) -> tuple[int, float, float]:
        """The best-matching described theme's index and score, and the runner-up's
        score (of `sentence_scores`): read once per sentence, every theme's `margin`
        follows from it."""
        best, top, second = -1, 0.0, 0.0
        described = self.described
        for index in sorted(scores):  # in theme order: ties go to the first theme
            score = scores[index]
            if score > second and described[index]:
                if score > top:
                    best, top, second = index, score, top
                else:
                    second = score
        return best, top, second

    def margin(
        self,
        scores: dict[int, float],
        theme: str,
        leaders: tuple[int, float, float] | None = None,
    ) -> float:
        """How much better this theme's description matches than the best other's
        (`leaders` of the same scores, when already read)."""
        index = self.position.get(theme)
        if index is None or len(self.themes) < 2 or not self.described[index]:
            return 0.0
        best, top, second = leaders or self.leaders(scores)
        return scores.get(index, 0.0) - (second if index == best else top)
