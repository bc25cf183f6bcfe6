"""A set of answers parsed once for reporting: each answer's content words (base forms)
with their character positions, so a report can ask for the terms of any coded span, the
word weights of a question or a theme, and keyness, without parsing a text twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from spacy.attrs import IDX, IS_ALPHA, LENGTH, LOWER, NORM

from .language import detect
from .pipeline import pipeline, stop_words
from .terms import MIN_LENGTH

MAX_TEXT = 20_000


class Corpus:
    """`texts`: answer id → text. `extra_stops`: words never counted (e.g. the words of
    the questions themselves, which every answer repeats)."""

    def __init__(
        self,
        texts: Mapping[str, str],
        default_language: str = "sv",
        extra_stops: Iterable[str] = (),
    ):
        self.texts = dict(texts)
        self.lang: dict[str, str] = {}
        self._words: dict[str, list[tuple[int, int, str | None]]] = {}
        by_lang: dict[str, list[str]] = {}
        for answer_id, text in self.texts.items():
            lang = detect(text, default_language)
            self.lang[answer_id] = lang
            by_lang.setdefault(lang, []).append(answer_id)
        extra = {w.lower() for w in extra_stops}
        for lang, ids in by_lang.items():
            nlp, stops = pipeline(lang), stop_words(lang) | extra
            strings = nlp.vocab.strings
            # Per distinct base form: the word, or None when it does not count. Read
            # as arrays: building a Token object per word costs more than the parse.
            kept: dict[tuple[int, int], str | None] = {}
            texts_ = (self.texts[i][:MAX_TEXT] for i in ids)
            for answer_id, doc in zip(ids, nlp.pipe(texts_, batch_size=256), strict=True):
                rows = doc.to_array([IDX, LENGTH, NORM, LOWER, IS_ALPHA]).tolist()
                words = []
                for start, length, norm, lower, alpha in rows:
                    word = None
                    if alpha:
                        key = (norm, lower)
                        if key not in kept:
                            text = strings[norm]
                            good = len(text) >= MIN_LENGTH and text not in stops
                            kept[key] = text if good and strings[lower] not in stops else None
                        word = kept[key]
                    words.append((start, start + length, word))
                self._words[answer_id] = words

    def terms(self, answer_id: str, start: int | None = None, end: int | None = None) -> list[str]:
        """Content base forms, then two-word terms of adjacent content words, of an answer
        or of the span [start, end) of it."""
        words = [
            w
            for s, e, w in self._words.get(answer_id, [])
            if (start is None or s >= start) and (end is None or e <= end)
        ]
        unigrams = [w for w in words if w]
        bigrams = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a and b]
        return unigrams + bigrams

    def weights(self, spans: Iterable[tuple[str, int | None, int | None]]) -> dict[str, float]:
        """How often each content word occurs in the given answers or spans — the input
        of a word cloud."""
        counts: Counter[str] = Counter()
        for answer_id, start, end in spans:
            counts.update(
                w
                for s, e, w in self._words.get(answer_id, [])
                if w and (start is None or s >= start) and (end is None or e <= end)
            )
        return {word: float(n) for word, n in counts.items()}

    def question_words(self, questions: Iterable[str], lang: str) -> set[str]:
        """Base forms of the questions' own words, to leave out of word clouds."""
        nlp = pipeline(lang)
        return {t.norm_ for text in questions for t in nlp(text) if t.is_alpha} | {
            t.lower_ for text in questions for t in nlp(text) if t.is_alpha
        }
