"""A set of answers parsed once for a report: each answer's language, content words (base
forms) with their character positions, and its sentences, so a report can ask for the
terms of any coded span, the word weights of a question or a theme, the sentence a quote
is cut to, and keyness, without parsing a text twice.

Words inside a hidden span (where the pseudonymiser put a placeholder: a listed name, a
phone number) never count: a listed school's base form must not top a word cloud, and
finding the name again in a base form is not reliable ("Zebraskolan" → "zebraskola").
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from spacy.attrs import IDX, IS_ALPHA, LENGTH, LOWER, NORM, SENT_START

from .language import detect
from .pipeline import pipeline, stop_words
from .terms import MIN_LENGTH

MAX_TEXT = 20_000
Span = tuple[int, int]


class Corpus:
    """`texts`: answer id → text. `extra_stops`: words never counted. `questions`: the
    questions' own texts per language (every answer repeats their words, so they are left
    out of the answers in that language). `hidden`: answer id → character spans whose
    words never count."""

    def __init__(
        self,
        texts: Mapping[str, str],
        default_language: str = "sv",
        extra_stops: Iterable[str] = (),
        *,
        questions: Mapping[str, Sequence[str]] | None = None,
        hidden: Mapping[str, Sequence[Span]] | None = None,
    ):
        self.texts = dict(texts)
        self.lang: dict[str, str] = {}
        self._words: dict[str, list[tuple[int, int, str | None]]] = {}
        self._sentences: dict[str, list[int]] = {}  # character offsets where sentences begin
        by_lang: dict[str, list[str]] = {}
        for answer_id, text in self.texts.items():
            lang = detect(text, default_language)
            self.lang[answer_id] = lang
            by_lang.setdefault(lang, []).append(answer_id)
        extra = {w.lower() for w in extra_stops}
        hidden = hidden or {}
        for lang, ids in by_lang.items():
            # Only the languages the answers are in are loaded (a pipeline costs seconds).
            asked = (questions or {}).get(lang, ())
            nlp = pipeline(lang)
            stops = stop_words(lang) | extra | self.question_words(asked, lang)
            strings = nlp.vocab.strings
            # Per distinct base form: the word, or None when it does not count. Read
            # as arrays: building a Token object per word costs more than the parse.
            kept: dict[tuple[int, int], str | None] = {}
            texts_ = (self.texts[i][:MAX_TEXT] for i in ids)
            for answer_id, doc in zip(ids, nlp.pipe(texts_, batch_size=256), strict=True):
                rows = doc.to_array([IDX, LENGTH, NORM, LOWER, IS_ALPHA, SENT_START]).tolist()
                spans = sorted(hidden.get(answer_id, ()))
                words = []
                starts = [0]
                for start, length, norm, lower, alpha, sent_start in rows:
                    if sent_start == 1 and start:
                        starts.append(start)
                    word = None
                    if alpha and not _overlaps(spans, start, start + length):
                        key = (norm, lower)
                        if key not in kept:
                            text = strings[norm]
                            good = len(text) >= MIN_LENGTH and text not in stops
                            kept[key] = text if good and strings[lower] not in stops else None
                        word = kept[key]
                    words.append((start, start + length, word))
                self._words[answer_id] = words
                self._sentences[answer_id] = starts

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

    def weights(
        self, spans: Iterable[tuple[str, int | None, int | None]], lang: str | None = None
    ) -> dict[str, float]:
        """How often each content word occurs in the given answers or spans — the input
        of a word cloud. With `lang`, only answers written in that language count, so a
        Swedish cloud holds no English words."""
        counts: Counter[str] = Counter()
        for answer_id, start, end in spans:
            if lang is not None and self.lang.get(answer_id) != lang:
                continue
            counts.update(
                w
                for s, e, w in self._words.get(answer_id, [])
                if w and (start is None or s >= start) and (end is None or e <= end)
            )
        return {word: float(n) for word, n in counts.items()}

    def sentences(self, answer_id: str) -> list[Span]:
        """The answer's sentences as (start, end) character spans."""
        text = self.texts.get(answer_id, "")
        starts = self._sentences.get(answer_id, [0])
        ends = [*starts[1:], len(text)]
        return [(s, e) for s, e in zip(starts, ends, strict=True) if text[s:e].strip()]

    def sentence_at(self, answer_id: str, offset: int) -> Span:
        """The sentence holding the character `offset`."""
        text = self.texts.get(answer_id, "")
        starts = self._sentences.get(answer_id, [0])
        index = max(0, bisect_right(starts, offset) - 1)
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        return starts[index], end

    def question_words(self, questions: Iterable[str], lang: str) -> set[str]:
        """Base forms of the questions' own words, to leave out of word clouds."""
        texts = [q for q in questions if q]
        if not texts:
            return set()
        words: set[str] = set()
        for doc in pipeline(lang).pipe(texts):
            words.update(t.norm_ for t in doc if t.is_alpha)
            words.update(t.lower_ for t in doc if t.is_alpha)
        return words


def _overlaps(spans: Sequence[Span], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the sorted spans."""
    if not spans:
        return False
    index = bisect_right(spans, (start, end)) - 1
    return any(s < end and start < e for s, e in spans[max(0, index) : index + 2])
