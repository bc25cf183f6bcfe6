"""Related words: a hand-written thesaurus of the field (`data/concepts.toml`), clusters
of Swedish and English words that an evaluator would take as talking about the same
thing ("tillit", "förtroende", "lita", "trust", "rely" …).

A codebook from another tool brings names and descriptions only, and answers paraphrase
them: a description says "trust", an answer "they finally relied on us". A description's
word lends its theme the other words of its clusters, at a discount (see
`descriptions.py`). The clusters hold both languages, so a Swedish description also
reaches an English answer. The file is data, written without reading any coded set.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from .pipeline import pipeline, stop_words

CONCEPTS_FILE = Path(__file__).parent / "data" / "concepts.toml"
MIN_WORD = 3  # shorter base forms ("ta", "gå") match too much to stand for a concept
# Words of every answer in this field: as a cluster's member (a base form can land here
# from another word: "Teams" → "team", "schooling" → "school") they would match all.
_COMMON_WORDS = """
gå göra bra dålig tid år skola elev barn förälder team arbete arbeta stöd stödja hjälp
hjälpa problem bli få ha kunna vilja good bad time year school pupil student child
parent work help support get make go have
"""
COMMON = frozenset(_COMMON_WORDS.split())


@cache
def clusters() -> tuple[dict[str, tuple[str, ...]], ...]:
    """The clusters as written: per cluster, each language's words."""
    with CONCEPTS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        {lang: tuple(c.get(lang, ())) for lang in ("sv", "en")} for c in data.get("concepts", [])
    )


class Related:
    """The clusters as base forms in each language, and which clusters a base form is in."""

    def __init__(self, written: tuple[dict[str, tuple[str, ...]], ...]) -> None:
        self._written = written
        self._members: dict[str, list[frozenset[str]]] = {}
        self._index: dict[str, dict[str, tuple[int, ...]]] = {}

    def members(self, lang: str) -> list[frozenset[str]]:
        """Each cluster's words in `lang`, as base forms (as an answer's words are read)."""
        if lang not in self._members:
            nlp, stops = pipeline(lang), stop_words(lang)
            found = []
            for cluster in self._written:
                words: set[str] = set()
                for entry in cluster.get(lang, ()):
                    for token in nlp(entry):
                        form = token.norm_
                        if (
                            token.is_alpha
                            and len(form) >= MIN_WORD
                            and form not in stops
                            and form not in COMMON
                        ):
                            words.add(form)
                found.append(frozenset(words))
            self._members[lang] = found
        return self._members[lang]

    def clusters_of(self, word: str, lang: str) -> tuple[int, ...]:
        """The clusters (indexes) a base form of `lang` is in."""
        if lang not in self._index:
            index: dict[str, list[int]] = {}
            for i, words in enumerate(self.members(lang)):
                for w in words:
                    index.setdefault(w, []).append(i)
            self._index[lang] = {w: tuple(ids) for w, ids in index.items()}
        return self._index[lang].get(word, ())


@cache
def related() -> Related:
    """The thesaurus, read once per process."""
    return Related(clusters())
