"""Sentence boundaries, rule-based like spaCy's sentencizer, but read and written as
arrays (no Token object per word) and with one rule added for how survey answers are
written: a line break ends a sentence, so a list of points is a list of segments."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

STARTS_KEY = "survey_sentence_starts"  # token indexes where sentences begin
ENDS = (".", "!", "?", "…", "...", "!!", "??", "?!", "!?", ";")
CLOSERS = ('"', "'", "”", "’", ")", "]", "»")


@Language.factory("survey_sentences")
def make_sentences(nlp: Language, name: str) -> Sentences:
    return Sentences(name)


class Sentences:
    def __init__(self, name: str):
        self.name = name
        self.ends = frozenset(get_string_id(p) for p in ENDS)
        self.closers = frozenset(get_string_id(p) for p in CLOSERS)
        self._space: dict[int, tuple[bool, bool]] = {}  # orth → (is space, has line break)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        return None

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths = doc.to_array([ORTH]).tolist()
        strings = doc.vocab.strings
        starts = [-1] * len(orths)  # -1: not a start; 1: a start
        starts[0] = 1
        begins = [0]
        ended = False
        space = self._space
        for i, orth in enumerate(orths):
            kind = space.get(orth)
            if kind is None:
                text = strings[orth]
                kind = space[orth] = (text.isspace(), "\n" in text)
            if kind[0]:
                ended = ended or kind[1]
                continue
            if ended and orth not in self.ends and orth not in self.closers:
                starts[i] = 1
                begins.append(i)
                ended = False
            if orth in self.ends:
                ended = True
        doc.from_array(
            [SENT_START], np.array(starts, dtype=np.int64).reshape(-1, 1).astype("uint64")
        )
        # Kept for the engine, which needs only the starts: no second array read.
        doc.user_data[STARTS_KEY] = begins
        return doc
