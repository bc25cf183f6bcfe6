"""The spaCy pipelines: a blank language, a sentencizer (`survey_sentences`: spaCy's
rules read as arrays, plus line breaks) and the base-form component,
which is the lookup lemmatizer (spacy-lookups-data's table, read once per distinct
word, setting `token.lemma_`) plus compound parts and suffix rules (`token.norm_`,
`token._.parts`). Nothing is downloaded; each pipeline is built once per process."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from . import normalize, sentences  # noqa: F401  (register the component factories)

LANGUAGES = ("sv", "en")


class UnknownLanguage(ValueError):
    """A language the engine has no pipeline for."""


@cache
def pipeline(lang: str) -> Language:
    """The shared pipeline for `lang`; the lemma table loads here, once."""
    if lang not in LANGUAGES:
        raise UnknownLanguage(f"unknown language '{lang}' (one of: {', '.join(LANGUAGES)})")
    nlp = spacy.blank(lang)
    nlp.add_pipe("survey_sentences")
    nlp.add_pipe("survey_base_forms")
    nlp.initialize()
    return nlp


@cache
def stop_words(lang: str) -> frozenset[str]:
    return frozenset(spacy.blank(lang).Defaults.stop_words) if lang in LANGUAGES else frozenset()
