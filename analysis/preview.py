"""How many answers a code's keywords would match, answered while the evaluator
types: the answers are parsed once into an index of their base forms, lower-case forms
and compound parts, and each keyword is then looked up, matching the way the rule
coder matches (a word on any of those forms and its derived words, a word ending in * on
its beginning, a phrase on consecutive base forms, also in inverted word order, stop
words never)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from .keyword_forms import ADVERBS, SUBJECTS, derived_forms
from .language import detect
from .normalize import PARTS_KEY, base_forms
from .pipeline import pipeline, stop_words


class KeywordIndex:
    """Built once per set of answers (e.g. a survey's open answers), reused per query."""

    def __init__(self, answers: Sequence[tuple[int, str]], default_language: str = "sv"):
        self.ids = [answer_id for answer_id, _ in answers]
        self.words: dict[str, dict[str, set[int]]] = {}
        self.bases: dict[str, dict[str, set[int]]] = {}  # base forms of whole words only
        self.norms: dict[str, list[list[str]]] = {}
        # Index key (a base form, lower-case form or compound part) → the words as
        # written that gave it: what a keyword finds, shown to the evaluator, so that a
        # base form that is another word ("dator" read as "data") shows.
        self.written: dict[str, dict[str, set[str]]] = {}
        self.base_written: dict[str, dict[str, set[str]]] = {}
        by_lang: dict[str, list[int]] = {}
        for index, (_, text) in enumerate(answers):
            by_lang.setdefault(detect(text, default_language), []).append(index)
        for lang, indexes in by_lang.items():
            nlp = pipeline(lang)
            words: dict[str, set[int]] = self.words.setdefault(lang, {})
            bases: dict[str, set[int]] = self.bases.setdefault(lang, {})
            norms = self.norms.setdefault(lang, [[] for _ in answers])
            written = self.written.setdefault(lang, {})
            base_written = self.base_written.setdefault(lang, {})
            texts = (answers[i][1][:20_000] for i in indexes)
            for i, doc in zip(indexes, nlp.pipe(texts, batch_size=256), strict=True):
                parts = doc.user_data.get(PARTS_KEY, {})
                for t, token in enumerate(doc):
                    lower = token.lower_
                    forms = {token.norm_, lower, *parts.get(t, ())}
                    for form in forms:
                        words.setdefault(form, set()).add(i)
                        if token.is_alpha:
                            written.setdefault(form, set()).add(lower)
                    bases.setdefault(token.norm_, set()).add(i)
                    if token.is_alpha:
                        base_written.setdefault(token.norm_, set()).add(lower)
                    norms[i].append(token.norm_)

    def _derived(self, lang: str, word: str, stops: frozenset[str]) -> list[str]:
        forms = base_forms(pipeline(lang))
        return derived_forms(forms.known, lang, word, stops) if forms is not None else []

    def __len__(self) -> int:
        return len(self.ids)

    def matching(self, keywords: Iterable[str], lang: str) -> list[int]:
        """Ids of the answers in `lang` that at least one keyword matches."""
        return self.found(keywords, lang)[0]

    def found(self, keywords: Iterable[str], lang: str) -> tuple[list[int], set[str]]:
        """Ids of the answers in `lang` that at least one keyword matches, and the words
        (as written, lower-case) through which the one-word keywords matched."""
        if lang not in self.words:
            return [], set()
        nlp, stops = pipeline(lang), stop_words(lang)
        words, norms = self.words[lang], self.norms[lang]
        written, base_written = self.written[lang], self.base_written[lang]
        found: set[int] = set()
        shown: set[str] = set()
        for keyword in keywords:
            stem = keyword.strip().lower()
            if stem.endswith("*") and " " not in stem:
                # A word beginning so, whole or as a compound part.
                for form, ids in words.items():
                    if form.startswith(stem[:-1]):
                        found |= ids
                        shown |= written.get(form, set())
                continue
            tokens = [t for t in nlp(keyword.rstrip("*")) if not t.is_punct]
            if len(tokens) == 1:
                for form in {tokens[0].norm_, tokens[0].lower_} - stops:
                    found |= words.get(form, set())
                    shown |= written.get(form, set())
                for form in self._derived(lang, tokens[0].norm_, stops):
                    found |= self.bases[lang].get(form, set())
                    shown |= base_written.get(form, set())
            elif tokens:
                readings = [
                    {t.norm_, t.lower_} if t.is_alpha else {t.norm_} for t in tokens
                ]  # a base form the lemma table reads as another word, as written too
                # Inverted word order where a content word follows, as the engine does.
                skips = _SKIPS if any(t.lower_ not in stops for t in tokens[1:]) else _SKIPS[:1]
                between = _between(lang)
                for i in set().union(*(words.get(f, set()) for f in readings[0])):
                    seq = norms[i]
                    if any(_phrase_at(seq, j, readings, skips, between) for j in range(len(seq))):
                        found.add(i)
        return [self.ids[i] for i in sorted(found)], shown


# What may stand between a phrase's first word and the rest: nothing, a subject, a
# sentence adverb, or both ("gick hon inte till skolan"); see `keyword_forms.SUBJECTS`.
_SKIPS: tuple[tuple[int, ...], ...] = ((), (0,), (1,), (0, 1))


@cache
def _between(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The base forms of the subjects and of the adverbs (as answers get them)."""
    nlp = pipeline(lang)
    return (
        frozenset(nlp(w)[0].norm_ for w in SUBJECTS.get(lang, ())),
        frozenset(nlp(w)[0].norm_ for w in ADVERBS.get(lang, ())),
    )


def _phrase_at(
    seq: Sequence[str],
    j: int,
    readings: Sequence[set[str]],
    skips: Sequence[tuple[int, ...]],
    between: tuple[frozenset[str], frozenset[str]],
) -> bool:
    """Whether the phrase (`readings`: each word's accepted base forms) starts at `j`."""
    if seq[j] not in readings[0]:
        return False
    rest = readings[1:]
    for skip in skips:
        k = j + 1
        if any(k + n >= len(seq) or seq[k + n] not in between[kind] for n, kind in enumerate(skip)):
            continue
        k += len(skip)
        if k + len(rest) <= len(seq) and all(seq[k + m] in rest[m] for m in range(len(rest))):
            return True
    return False
