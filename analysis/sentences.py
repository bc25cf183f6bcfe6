"""Sentence boundaries, rule-based like spaCy's sentencizer, but read and written as
arrays (no Token object per word) and with one rule added for how survey answers are
written: a line break ends a sentence, so a list of points is a list of segments."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

import numpy as np
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .normalize import TABLE_COLUMNS, token_table

STARTS_KEY = "survey_sentence_starts"  # token indexes where sentences begin
ENDS = (".", "!", "?", "…", "...", "!!", "??", "?!", "!?", ";")
CLOSERS = ('"', "'", "”", "’", ")", "]", "»")
SPACE_COLUMN = TABLE_COLUMNS.index(IS_SPACE)
NOT_START = np.uint64(2**64 - 1)  # -1 as spaCy's arrays hold it: "not a sentence start"


@Language.factory("survey_sentences")
def make_sentences(nlp: Language, name: str) -> Sentences:
    return Sentences(name)


class Sentences:
    def __init__(self, name: str):
        self.name = name
        self.ends = frozenset(get_string_id(p) for p in ENDS)
        self.closers = frozenset(get_string_id(p) for p in CLOSERS)
        self.marks = self.ends | self.closers
        self._newline: dict[int, bool] = {}  # whitespace token → has a line break

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        return None

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        table, lowers = token_table(doc)
        # Only punctuation and whitespace decide: visit those tokens alone.
        marks = self.marks
        visit = [i for i, h in enumerate(lowers) if h in marks]
        space = table[:, SPACE_COLUMN]
        if space.any():
            visit = sorted(set(visit).union(np.flatnonzero(space).tolist()))
        begins = [0]
        ended = False
        previous = -1
        for i in visit:
            if ended and i > previous + 1:
                # The first word after a sentence's end (and its closing quotes).
                begins.append(previous + 1)
                ended = False
            h = lowers[i]
            if h in self.ends:
                ended = True
            elif h not in self.closers:  # whitespace: a line break ends a sentence
                newline = self._newline.get(h)
                if newline is None:
                    newline = self._newline[h] = "\n" in doc.vocab.strings[h]
                ended = ended or newline
            previous = i
        if ended and previous + 1 < n:
            begins.append(previous + 1)
        starts = np.full((n, 1), NOT_START, dtype=np.uint64)
        starts[begins, 0] = 1
        doc.from_array([SENT_START], cast(Any, starts))  # thinc's Ints2d is this array
        # Kept for the engine, which needs only the starts: no second array read.
        doc.user_data[STARTS_KEY] = begins
        return doc
