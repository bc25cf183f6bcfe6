"""Rule coding: a codebook's keywords matched on base forms and compound parts, per
sentence, with the evidence that explains each suggestion.

Two spaCy components, both keeping their data out of the config and loading it in
`initialize`:
- `survey_cues` marks negation, hedging and stance cue words (`token._.cue`);
- `survey_theme_rules` finds theme keywords (`doc._.theme_hits`), single words on a
  token's base form, its lower-case form or any compound part, phrases with a
  PhraseMatcher on base forms. Overlapping hits are all kept.
Keywords are normalised by the same pipeline as the answers, so "förtroende" in a
codebook and "förtroendet" in an answer meet whatever the lookup table says.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .codebook import Codebook, CodebookError

if not Token.has_extension("cue"):
    Token.set_extension("cue", default=None)
if not Doc.has_extension("theme_hits"):
    Doc.set_extension("theme_hits", default=None)
if not Doc.has_extension("cue_spans"):
    Doc.set_extension("cue_spans", default=None)

CUES_FILE = Path(__file__).parent / "data" / "cues.toml"
CUE_KINDS = ("negation", "hedge", "success", "challenge", "neutral")


@dataclass(frozen=True)
class Hit:
    """One keyword found in an answer: which theme, which words, where."""

    theme: str
    keyword: str
    start: int  # token index
    end: int
    kind: str  # "word", "part" or "phrase"


def keys_of(token: Token) -> set[str]:
    """Every base form a token can be matched by."""
    keys = {token.norm_, token.lower_}
    keys.update(token._.parts)
    return keys


def _pattern_docs(nlp: Language, phrases: Iterable[str]) -> list[Doc]:
    return [nlp(p) for p in phrases]


@Language.factory("survey_cues")
def make_cues(nlp: Language, name: str) -> CueMarker:
    return CueMarker(nlp, name)


class CueMarker:
    """Marks cue words; the lists live in analysis/data/cues.toml."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lang = nlp.lang
        self.words: dict[str, set[str]] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
        cues: dict[str, list[str]] | None = None,
    ) -> None:
        if cues is None:
            with CUES_FILE.open("rb") as handle:
                cues = tomllib.load(handle).get(self.lang, {})
        assert nlp is not None
        for kind in CUE_KINDS:
            for cue in cues.get(kind, []):
                doc = nlp(cue)
                if len(doc) == 1:
                    # A word may be several kinds (brist: negation and challenge).
                    for key in (doc[0].norm_, doc[0].lower_):
                        self.words.setdefault(key, set()).add(kind)
                else:
                    self.matcher.add(kind, [doc])

    def kinds_of(self, token: Token) -> set[str]:
        return self.words.get(token.norm_, set()) | self.words.get(token.lower_, set())

    def __call__(self, doc: Doc) -> Doc:
        spans: list[tuple[str, int, int]] = []
        for token in doc:
            for kind in sorted(self.kinds_of(token)):
                spans.append((kind, token.i, token.i + 1))
                token._.cue = token._.cue or kind
        for match_id, start, end in self.matcher(doc):
            spans.append((doc.vocab.strings[match_id], start, end))
        doc._.cue_spans = spans
        return doc


@Language.factory("survey_theme_rules")
def make_theme_rules(nlp: Language, name: str) -> ThemeRules:
    return ThemeRules(nlp, name)


class ThemeRules:
    """Finds a codebook's keywords in answers; `initialize(codebook=…)` loads them."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lang = nlp.lang
        self.words: dict[str, list[tuple[str, str]]] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.phrases: dict[str, tuple[str, str]] = {}

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
        codebook: Codebook | None = None,
        stop_words: frozenset[str] = frozenset(),
    ) -> None:
        assert nlp is not None and codebook is not None
        problems: list[str] = []
        for theme in codebook.codable():
            for keyword in theme.keywords_for(self.lang):
                doc = nlp(keyword)
                content = [t for t in doc if not t.is_punct]
                if not content:
                    problems.append(f"theme '{theme.id}': keyword '{keyword}' has no words")
                    continue
                if len(content) == 1:
                    token = content[0]
                    # Index the forms that are not stop words: the English table reads
                    # "evening" as "even", which must not match every "even".
                    keys = {token.norm_, token.lower_} - stop_words
                    if not keys:
                        problems.append(
                            f"theme '{theme.id}': keyword '{keyword}' normalises to the stop "
                            f"word '{token.norm_}' and would match almost every answer"
                        )
                        continue
                    for key in keys:
                        self.words.setdefault(key, []).append((theme.id, keyword))
                else:
                    key = f"{theme.id}\x1f{keyword}"
                    self.phrases[key] = (theme.id, keyword)
                    self.matcher.add(key, [doc])
        if problems:
            raise CodebookError(codebook.source or codebook.name, problems)

    def hits(self, doc: Doc) -> list[Hit]:
        found: list[Hit] = []
        for token in doc:
            direct = {token.norm_, token.lower_}
            for key in direct:
                for theme, keyword in self.words.get(key, ()):
                    found.append(Hit(theme, keyword, token.i, token.i + 1, "word"))
            for part in token._.parts:
                if part in direct:
                    continue
                for theme, keyword in self.words.get(part, ()):
                    found.append(Hit(theme, keyword, token.i, token.i + 1, "part"))
        for match_id, start, end in self.matcher(doc):
            theme, keyword = self.phrases[doc.vocab.strings[match_id]]
            found.append(Hit(theme, keyword, start, end, "phrase"))
        unique = {(h.theme, h.keyword, h.start, h.end): h for h in found}
        return sorted(unique.values(), key=lambda h: (h.start, h.theme))

    def __call__(self, doc: Doc) -> Doc:
        doc._.theme_hits = self.hits(doc)
        return doc


def sentence_of(doc: Doc, index: int) -> Span:
    return doc[index].sent
