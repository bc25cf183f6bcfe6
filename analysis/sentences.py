"""Sentence boundaries, rule-based like spaCy's sentencizer, but read and written as
arrays (no Token object per word) and with one rule added for how survey answers are
written: a line break ends a sentence, so a list of points is a list of segments."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import compress
from typing import Any

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .normalize import by_form, token_table

STARTS_KEY = "survey_sentence_starts"  # token indexes where sentences begin
BOUNDS_KEY = "survey_sentence_bounds"  # each sentence's (start, end) token indexes
ENDS = (".", "!", "?", "…", "...", "!!", "??", "?!", "!?", ";")
CLOSERS = ('"', "'", "”", "’", ")", "]", "»")
NOT_START = np.uint64(2**64 - 1)  # -1 as spaCy's arrays hold it: "not a sentence start"
# What a token is to the sentence rules, by its lower-case form (0: a word, not visited).
END, CLOSER, SPACE, LINE_BREAK = 1, 2, 3, 4


@Language.factory("survey_sentences")
def make_sentences(nlp: Language, name: str) -> Sentences:
    return Sentences(name)


def _sent_starts(n: int, begins: list[int]) -> Any:
    """The SENT_START column `Doc.from_array` takes (typed Any: thinc's `Ints1d` is
    this array at run time, but not to the type checker)."""
    starts = np.full(n, NOT_START, dtype=np.uint64)
    for begin in begins:  # few: item by item is cheaper than an index array
        starts[begin] = 1
    return starts


WRAPPED_LINE = 60  # characters: a line this long, broken mid-sentence, was wrapped


def _wrapped(doc: Doc, text: str, table: np.ndarray, kinds: Any, i: int) -> bool:
    """Whether the line break at token `i` only wraps a sentence, as prose copied from a
    report or a PDF is wrapped ("… har\nutvecklats positivt …"): a single line break
    after a long line that ends in a word or a comma, before a word in lower case. A
    list typed point by point has short lines, or starts each with a dash or a capital."""
    n = len(doc)
    if i == 0 or i + 1 >= n or kinds[i - 1] in (END, CLOSER):
        return False
    start = int(table[i, 1])
    if text.count("\n", start, start + int(table[i, 2])) != 1:
        return False  # a blank line: a new paragraph
    following = text[int(table[i + 1, 1])]
    if not following.islower():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return start - line_start >= WRAPPED_LINE


class Sentences:
    def __init__(self, name: str):
        self.name = name
        self.ends = frozenset(get_string_id(p) for p in ENDS)
        self.closers = frozenset(get_string_id(p) for p in CLOSERS)
        # Lower-case form (hash) → END, CLOSER, SPACE, LINE_BREAK or 0: worked out
        # once per distinct form, so a doc's words are not looked at one by one.
        self._kind: dict[int, int] = {}

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        return None

    def _kind_of(self, doc: Doc, i: int, h: int) -> int:
        if h in self.ends:
            return END
        if h in self.closers:
            return CLOSER
        if doc[i].is_space:  # whitespace: a line break ends a sentence
            return LINE_BREAK if "\n" in doc.vocab.strings[h] else SPACE
        return 0

    def __call__(self, doc: Doc) -> Doc:
        begins = self.starts(doc)
        if begins:
            doc.from_array([SENT_START], _sent_starts(len(doc), begins))
        return doc

    def starts(self, doc: Doc, text: str | None = None) -> list[int]:
        """Where the doc's sentences begin (kept for the engine, which needs only
        these), without marking them on the doc: for a caller that writes them together
        with other columns (one `Doc.from_array` instead of two). Empty for an empty doc.
        `text`: what the doc was made from, when the caller has it (`doc.text` rebuilds
        it token by token, which a long answer broken into lines would pay for)."""
        n = len(doc)
        if not n:
            return []
        table, lowers, pick = token_table(doc)
        kinds = by_form(self._kind, lowers, lambda i: self._kind_of(doc, i, lowers[i]), pick)
        # Only punctuation and whitespace decide: visit those tokens alone.
        begins = [0]
        ended = False
        previous = -1
        for i in compress(range(n), kinds):
            if ended and i > previous + 1:
                # The first word after a sentence's end (and its closing quotes).
                begins.append(previous + 1)
                ended = False
            kind = kinds[i]
            if kind == LINE_BREAK:
                if text is None:
                    text = doc.text  # once per doc, and only for a doc with a line break
                if not _wrapped(doc, text, table, kinds, i):
                    ended = True
            elif kind == END:
                ended = True
            previous = i
        if ended and previous + 1 < n:
            begins.append(previous + 1)
        # Kept for the engine, which needs only the starts: no second array read.
        doc.user_data[STARTS_KEY] = begins
        # And each sentence's (start, end): the engine reads them for most answers.
        doc.user_data[BOUNDS_KEY] = list(zip(begins, [*begins[1:], n], strict=True))
        return begins
