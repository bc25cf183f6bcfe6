"""How many of a survey's answers a code's keywords would match, counted as they are typed.

The answers are indexed once per process by base forms and compound parts (the engine's
`KeywordIndex`), over their pseudonymised text: what the count and the examples show is
what the evaluator may see, and a typed name or number cannot probe the hidden text.
The index is rebuilt when the answers or the survey's names to hide change.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from analysis.preview import KeywordIndex
from survey import privacy
from survey.store import Store
from survey.workbench.codebook_editor import parse_keywords
from survey.workbench.training import CODEBOOK_LANGUAGE

EXAMPLES = 3
EXAMPLE_CHARS = 160
WORDS = 12  # words as written shown, in alphabetical order

_indexes: dict[tuple[str, int], tuple[object, KeywordIndex, dict[int, str]]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Preview:
    answers: int
    total: int
    examples: tuple[str, ...]
    # The words the one-word keywords found, as written: "data" beside "dator" shows
    # that the lemma table read the keyword as another word.
    words: tuple[str, ...] = ()
    more_words: int = 0


def _index(store: Store, survey_id: int) -> tuple[KeywordIndex, dict[int, str]]:
    masker = privacy.pseudonymiser(store, survey_id)
    signature = (store.answers_signature(survey_id), id(masker))
    key = (str(store.path), survey_id)
    with _lock:
        cached = _indexes.get(key)
        if cached is None or cached[0] != signature:
            shown = {r["id"]: masker.apply(r["text"]) for r in store.open_answers(survey_id)}
            index = KeywordIndex(list(shown.items()), CODEBOOK_LANGUAGE)
            _indexes[key] = cached = (signature, index, shown)
    return cached[1], cached[2]


def keyword_preview(store: Store, survey_id: int, keywords: Mapping[str, str]) -> Preview:
    """`keywords` maps a language ("sv", "en") to the comma-separated keywords typed."""
    index, shown = _index(store, survey_id)
    found: set[int] = set()
    words: set[str] = set()
    for lang, typed in keywords.items():
        ids, written = index.found(parse_keywords(typed), lang)
        found |= set(ids)
        words |= written
    examples = tuple(shown[i][:EXAMPLE_CHARS] for i in sorted(found)[:EXAMPLES])
    listed = sorted(words)
    return Preview(
        len(found), len(index), examples, tuple(listed[:WORDS]), max(0, len(listed) - WORDS)
    )
