"""A sentence's match with the themes' descriptions, read per token range: the same
words, in the same order, as the range's tokens say, and a theme trails another exactly
where its score is more than the margin below the best described theme's."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from analysis.descriptions import Descriptions
from analysis.engine import DESCRIPTION_MARGIN, Answer, Engine, sentence_bounds
from analysis.normalize import PICK_KEY
from analysis.pipeline import pipeline, stop_words
from analysis.sentences import Sentences

ANSWERS = [
    "Samverkan med skolan har blivit bättre. Eleverna kommer till lektionerna igen.",
    "Förvaltningsgränserna gör samordningen svår, och socialtjänstens handläggare byts ofta.",
    "Familjebehandlarna och skolkuratorn träffades varje vecka.\nFrånvaron minskade.",
    "Det var för många möten för mig. Budgeten räckte inte till fler tjänster.",
    "Vi fick det stöd vi behövde, men lokalerna var trånga och IT-stödet krånglade.",
    # A word twice, and a compound's part that is a word of the sentence too: once each.
    "Samverkan med skolan och samverkan med familjen. Skolpersonalen och skolan möttes.",
    "Bra.",
    "",
]


def _expected(descriptions: Descriptions, doc: Doc, span: tuple[int, int]) -> dict[int, float]:
    """Each theme's sum as the descriptions define it: the tokens' description words
    (base form, else the form as written; no function word), then their compound parts'
    ones, each word once, added in that order."""
    first, last = span
    stops = stop_words(descriptions.lang)
    strings = doc.vocab.strings
    by_hash = {descriptions.part_hash[w]: w for w in descriptions.weights}
    words: list[str] = []
    for token in doc[first:last]:
        if token.lower_ in stops:
            continue
        for form in (token.norm_, token.lower_):
            hashed = descriptions._counts_as.get(strings[form])
            if hashed:
                words.append(by_hash[hashed])
                break
    for token in doc[first:last]:
        words += [p for p in token._.parts if p in descriptions.weights]
    scores: dict[int, float] = {}
    for word in dict.fromkeys(words):
        for index, weight in descriptions.weights[word]:
            scores[index] = scores.get(index, 0.0) + weight
    return scores


def _ranges(doc: Doc) -> list[tuple[int, int]]:
    return [(0, len(doc)), *sentence_bounds(doc)[1], (1, max(1, len(doc) - 1))]


@pytest.mark.parametrize("text", ANSWERS)
def test_a_ranges_scores_add_its_words_in_token_order(engine: Engine, text: str) -> None:
    doc, lang = next(engine.parse([Answer("a", text)]))
    descriptions = engine._descriptions[lang]
    for span in _ranges(doc):
        assert descriptions.sentence_scores(doc, span) == _expected(descriptions, doc, span)


@pytest.mark.parametrize("text", ANSWERS)
def test_a_doc_made_another_way_scores_the_same(engine: Engine, text: str) -> None:
    # Made by the pipeline itself, and without the form picker the engine's parse
    # leaves (read token by token): the same scores, to the last bit.
    descriptions = engine._descriptions["sv"]
    parsed, _ = next(engine.parse([Answer("a", text)]))
    made = pipeline("sv")(text)
    made.user_data.pop(PICK_KEY, None)
    for span in _ranges(parsed):
        assert descriptions.sentence_scores(made, span) == descriptions.sentence_scores(
            parsed, span
        )


@pytest.mark.parametrize("text", ANSWERS)
def test_a_theme_trails_where_the_best_description_leads_it_by_the_margin(
    engine: Engine, text: str
) -> None:
    doc, lang = next(engine.parse([Answer("a", text)]))
    descriptions = engine._descriptions[lang]
    for span in _ranges(doc):
        dense = descriptions.dense(descriptions.sentence_scores(doc, span))
        top = max(s for s, d in zip(dense, descriptions.described, strict=True) if d)
        leading = descriptions.leading(doc, span, DESCRIPTION_MARGIN)
        assert (leading is None) == (top <= DESCRIPTION_MARGIN)
        if leading is None:
            continue
        assert leading == (dense, top)
        for index, theme in enumerate(descriptions.themes):
            trails = descriptions.described[index] and dense[index] - top < -DESCRIPTION_MARGIN
            assert descriptions.trails(leading, theme, DESCRIPTION_MARGIN) == trails


def test_sentences_read_from_the_text_given_as_from_the_doc() -> None:
    text = (
        "Projektgruppen beskriver att samverkan med socialtjänsten har utvecklats\n"
        "positivt under året, men att personalomsättningen i teamet har varit\n"
        "en utmaning. Nästa år behövs mer tid.\nfler hembesök\n\nen ny paragraf"
    )
    marker = Sentences("sentences")
    nlp = pipeline("sv")
    assert marker.starts(nlp.make_doc(text), text) == marker.starts(nlp.make_doc(text))
    assert len(marker.starts(nlp.make_doc(text), text)) == 4
