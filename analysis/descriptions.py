"""The codebook's words as evidence before any example exists (zero-shot): each theme's
label and description as weighted base forms, so a sentence can be told which themes'
descriptions it matches best. A keyword hit in a sentence that matches another theme's
description far better is weighed down ("frånvaron" in a sentence about the inflow of
cases), and the learned models see the same similarities as features.

A word shared by many descriptions says little (weight log(themes / descriptions with
the word)); sentences of a description that send the reader to another theme ("… kodas
som Skolmiljö", "… belongs under …") are left out, or they would lend this theme the
other's words.

Answers paraphrase: each description word lends its theme the words related to it in
the field's thesaurus (`concepts`: "tillit" lends "förtroende" and "lita"), at
`RELATED` of its weight. The thesaurus holds both languages, so answers in the other
language meet a description through those words alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from spacy.tokens import Doc

from . import concepts
from .arrays import token_arrays
from .codebook import Codebook, Theme
from .normalize import ARRAYS_KEY, PARTS_KEY, PICK_KEY
from .pipeline import pipeline, stop_words

REDIRECT = re.compile(
    r"\b(kodas|hör till|hör hit|räcker inte|används inte|används ej|exkluder\w*|se även"
    r"|coded|belongs?|goes under|not for this|not used|do not use|don't use|exclud\w*|see also)\b",
    re.I,
)
SENTENCE = re.compile(r"(?<=[.;!?])\s+")
# A word of the code's name says more of what the code is about than one of its
# description, which also says what it is not and gives examples.
LABEL_WEIGHT = 1.75
# A name's word this long as written counts by its base form however short that is.
SHORT_BASE_WORD = 5
# A related word (`concepts`) weighs this much of what the description's own word would.
RELATED = 0.7


def _words(doc: Doc, stops: frozenset[str], named: bool = False) -> set[str]:
    """A text's content words: base forms and compound parts, no function words.
    `named` (a code's name): a long word whose base form is short counts by that base
    form ("Mående" by "må", so "hon mår bättre" meets it; "Boende" by "bo")."""
    words: set[str] = set()
    for token in doc:
        if token.is_punct or token.like_num or not token.is_alpha:
            continue
        if token.lower_ in stops or token.norm_ in stops:
            continue
        if len(token.norm_) < 3 and not (named and len(token.lower_) >= SHORT_BASE_WORD):
            continue
        words.add(token.norm_)
        words.update(p for p in token._.parts if len(p) >= 3 and p not in stops)
    return words


def description_text(label: str, description: str) -> str:
    """The label and the description's own sentences (not those pointing elsewhere)."""
    kept = [s for s in SENTENCE.split(description) if s.strip() and not REDIRECT.search(s)]
    return " ".join([label + ".", *kept])


# A token range's score for every theme (in `themes` order), and the best described
# theme's score: all `trails` needs.
Leading = tuple[list[float], float]


class _Bag(NamedTuple):
    words: set[str]  # the label's and description's base forms (none in another language)
    label: set[str]  # those of the label
    # The related words (`concepts`) in the answers' language, and whether a word of
    # the label lends each (then it weighs as the label's words do).
    lent: dict[str, bool]
    # A description's word as written, where the lemma table reads it as another word
    # ("buss" → "bussa", while "bussen" → "buss"): an answer's word whose base form or
    # own form is either counts as that word.
    written: dict[str, str]


def _bag(theme: Theme, own: str, lang: str) -> _Bag:
    """One theme's words for answers in `lang`, read from its label and description
    (written in the codebook's language, `own`)."""
    if not theme.description:
        return _Bag(set(), set(), {}, {})
    nlp, stops = pipeline(own), stop_words(own)
    doc = nlp(description_text(theme.label, theme.description))
    label = _words(nlp(theme.label), stops, named=True)
    words = _words(doc, stops) | label
    related = concepts.related()
    relatives: dict[str, bool] = {}
    if RELATED:
        for w in sorted(words):
            for index in related.clusters_of(w, own):
                for other in related.members(lang)[index]:
                    relatives[other] = relatives.get(other, False) or w in label
    if lang != own:
        # An answer in another language meets the description through its related
        # words alone.
        return _Bag(set(), set(), relatives, {})
    written = {
        t.lower_: t.norm_
        for t in doc
        if t.lower_ != t.norm_ and t.norm_ in words and len(t.lower_) >= 3
    }
    lent = {w: by_label for w, by_label in relatives.items() if w not in words}
    return _Bag(words, label, lent, written)


def _bags(
    codebook: Codebook, lang: str
) -> tuple[list[set[str]], list[set[str]], list[dict[str, bool]], dict[str, str]]:
    """Every codable theme's `_Bag`, as lists in theme order (words, label words, lent
    words), and the words as written of all of them."""
    bags = [_bag(theme, codebook.language, lang) for theme in codebook.codable()]
    written: dict[str, str] = {}
    for bag in bags:
        for form, word in bag.written.items():
            written.setdefault(form, word)
    return [b.words for b in bags], [b.label for b in bags], [b.lent for b in bags], written


class Descriptions:
    """Per codable theme, the base forms of its label and description with weights."""

    def __init__(self, codebook: Codebook, lang: str):
        self.themes: tuple[str, ...] = tuple(t.id for t in codebook.codable())
        self.position = {t: i for i, t in enumerate(self.themes)}
        # Only themes with a description compete: a label alone is too little to say a
        # sentence is about that theme rather than another. (The engine gives a code
        # with a name alone and no keywords its name as description: `engine._named`.)
        self.described = [bool(t.description.strip()) for t in codebook.codable()]
        self.all_described = all(self.described)
        self.lang = lang
        bags, named, lent, written = _bags(codebook, lang)
        count = len(bags)
        df: dict[str, int] = {}
        for bag, relatives in zip(bags, lent, strict=True):
            for w in bag | relatives.keys():
                df[w] = df.get(w, 0) + 1
        self.weights: dict[str, list[tuple[int, float]]] = {}
        norms = [0.0] * count

        def weight(w: str, index: int) -> float:
            boost = LABEL_WEIGHT if w in named[index] else 1.0
            return math.log((count + 1) / df[w]) * boost

        def lent_weight(w: str, index: int) -> float:
            boost = LABEL_WEIGHT if lent[index][w] else 1.0
            return math.log((count + 1) / df[w]) * boost * RELATED

        for index, bag in enumerate(bags):
            for w in bag:
                norms[index] += weight(w, index) ** 2
            if not bag:  # another language's answers: the related words are all there is
                for w in lent[index]:
                    norms[index] += lent_weight(w, index) ** 2
        for index, bag in enumerate(bags):
            norm = math.sqrt(norms[index]) or 1.0
            for w in bag:
                self.weights.setdefault(w, []).append((index, weight(w, index) / norm))
            for w in lent[index]:
                self.weights.setdefault(w, []).append((index, lent_weight(w, index) / norm))
        nlp, stops = pipeline(lang), stop_words(lang)  # the answers' language from here
        strings = nlp.vocab.strings
        # An answer's function words match nothing, whatever their base form: the
        # lemma table makes "för" (for) the verb "föra" (carry over).
        self.stop_hashes = frozenset(strings.add(w) for w in stops)
        self.part_hash = {w: strings.add(w) for w in self.weights}
        self.hashed = {self.part_hash[w]: v for w, v in self.weights.items()}
        # Hash of a form → the hash of the description's word it counts as.
        self._counts_as = {h: h for h in self.hashed}
        for form, word in written.items():
            self._counts_as.setdefault(strings.add(form), self.part_hash[word])
        self.ceiling = {h: max(w for _, w in v) for h, v in self.hashed.items()}
        self.empty = not self.weights
        # Lower-case form (hash) → the description's word it counts as (`_word`), else
        # 0: worked out once per form, read per token by `_found`.
        self._word_of: dict[int, int] = {}
        # A compound's lower-case form (hash) → the description's words among its parts
        # (hashes, in order).
        self._part_words: dict[int, list[int]] = {}

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
        hashed = self.hashed
        get = scores.get
        for h in self._found(doc, span):
            for index, weight in hashed[h]:
                scores[index] = get(index, 0.0) + weight
        return scores

    def leading(self, doc: Doc, span: tuple[int, int], level: float) -> Leading | None:
        """A token range's scores (every theme's, as `dense`) and the best described
        theme's, where that one matches by more than `level` (None otherwise: then no
        theme can trail another by as much). The sums are `sentence_scores`' own: each
        theme's the same numbers added in the same order, from 0."""
        found = self._found(doc, span)
        # Every weight is positive, so no theme's sum exceeds that of each word's highest
        # weight (but by rounding, some 1e-14 here): below `level`, none leads by as much.
        if sum(map(self.ceiling.__getitem__, found)) <= level - 1e-9:
            return None
        scores = [0.0] * len(self.themes)
        hashed = self.hashed
        for h in found:
            for index, weight in hashed[h]:
                scores[index] += weight
        # Every weight is positive: a theme no word matches stays at 0, as in `leaders`.
        top = max(scores if self.all_described else self._masked(scores))
        return (scores, top) if top > level else None

    def trails(self, leading: Leading, theme: str, margin: float) -> bool:
        """Whether another theme's description matches a range better than this
        theme's by more than `margin` (`margin` of the range's `leading` scores below
        -margin: the best theme itself trails none, its score being the top)."""
        index = self.position.get(theme)
        if index is None or not self.described[index]:
            return False
        scores, top = leading
        return scores[index] - top < -margin

    def _masked(self, scores: list[float]) -> list[float]:
        """The described themes' scores, 0 for the others (which never lead)."""
        return [s if d else 0.0 for s, d in zip(scores, self.described, strict=True)]

    def _found(self, doc: Doc, span: tuple[int, int]) -> list[int] | dict[int, None]:
        """The description words (hashes) of a token range: its tokens' base forms, then
        its compound parts, each word once, in token order (so that each theme's sum adds
        the same numbers in the same order, however it is summed). Read per range, not
        per doc: most answers are asked about one or two of their sentences."""
        first, last = span
        user_data = doc.user_data
        parts_of: dict[int, tuple[str, ...]] = user_data.get(PARTS_KEY) or {}
        if PICK_KEY not in user_data:  # a doc made some other way: token by token
            arrays = token_arrays(doc)
            norms, lowers, part_hash = arrays["norm"], arrays["lower"], self.part_hash
            found = [w for i in range(first, last) if (w := self._word(norms[i], lowers[i]))]
            for i, token_parts in parts_of.items():
                if first <= i < last:
                    found += [part_hash[p] for p in token_parts if p in part_hash]
            return dict.fromkeys(found) if len(found) > 1 else found
        # Made by the base-form component, so a token's base form and compound parts
        # follow from its lower-case form: which description words they are is worked
        # out once per distinct form, and looked up in C.
        arrays = user_data[ARRAYS_KEY]  # set with the picker
        lowers = arrays["lower"]
        known = self._word_of
        window = lowers[first:last]
        try:
            found = list(filter(None, map(known.__getitem__, window)))  # 0: none
        except KeyError:
            norms = arrays["norm"]
            for i in range(first, last):
                if lowers[i] not in known:
                    known[lowers[i]] = self._word(norms[i], lowers[i])
            found = list(filter(None, map(known.__getitem__, window)))
        if parts_of:
            part_words = self._part_words
            for i, token_parts in parts_of.items():
                if first <= i < last:
                    words = part_words.get(lowers[i])
                    if words is None:
                        part_hash = self.part_hash
                        words = part_words[lowers[i]] = [
                            part_hash[p] for p in token_parts if p in part_hash
                        ]
                    found += words
        return dict.fromkeys(found) if len(found) > 1 else found

    def matched(self, doc: Doc, span: tuple[int, int], theme: str) -> list[int]:
        """The tokens of a range that match a theme's description (its own words or their
        related words): what an evaluator is shown as the evidence of a suggestion made
        from a description. Asked only for such suggestions, so read token by token."""
        index = self.position.get(theme)
        if index is None or self.empty:
            return []
        arrays = token_arrays(doc)
        norms, lowers = arrays["norm"], arrays["lower"]
        parts_of: dict[int, tuple[str, ...]] = doc.user_data.get(PARTS_KEY) or {}
        found = []
        for i in range(max(0, span[0]), min(span[1], len(lowers))):
            words = [self._word(norms[i], lowers[i])]
            words += [self.part_hash[p] for p in parts_of.get(i, ()) if p in self.part_hash]
            if any(h and any(t == index for t, _ in self.hashed[h]) for h in words):
                found.append(i)
        return found

    def dense(self, scores: dict[int, float]) -> list[float]:
        """`sentence_scores` as one score per theme, in `themes` order."""
        return [scores.get(i, 0.0) for i in range(len(self.themes))]

    def _word(self, norm: int, lower: int) -> int:
        """The description's word (its hash) that a token's base form, or else its own
        form, counts as, unless the token is a function word; else 0."""
        if lower in self.stop_hashes:
            return 0
        known = self._counts_as
        return known.get(norm) or known.get(lower) or 0

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
