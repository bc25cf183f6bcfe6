"""Short answers from parents and pupils: everyday words for the themes they speak of,
and no theme from a function word that shares its base form with a description's word."""

from __future__ import annotations

import pytest

from analysis.engine import Answer, Engine


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("han går till skolan fyra dagar i veckan nu", "narvaro"),
        ("hon är med på alla lektioner igen utom idrotten", "narvaro"),
        ("I think he goes to school most days now", "narvaro"),
        ("min dotter är gladare och har fått nya kompisar", "maende"),
        ("han sover bättre och har mindre ont i magen på morgonen", "maende"),
        ("She is happy again and sees her friends after school", "maende"),
        ("Jag kände mig anklagad på första mötet", "relation_fortroende"),
        ("They never judged us and we felt safe with them", "relation_fortroende"),
        ("hon var alltid förberedd och visste vad hon pratade om", "kompetens_engagemang"),
        ("vad händer när teamet slutar komma hit?", "hallbarhet_uppfoljning"),
        ("jag fick verktyg för hur jag kan göra på morgnarna", "foraldrastod"),
    ],
)
def test_parents_and_pupils_everyday_words_find_the_theme(
    engine: Engine, text: str, theme: str
) -> None:
    coded = engine.code([Answer("a", text, "p_ovrigt")])[0]
    assert theme in coded.themes(), (text, coded.themes())


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # "frånvaro" alone is context in most answers about this work, not a result.
        ("Eleverna som teamet arbetade med hade hög frånvaro sedan länge.", "narvaro"),
        # Making a difference is said of every theme.
        ("Samverkan med socialtjänsten har gjort skillnad för oss.", "maende"),
    ],
)
def test_words_that_only_set_the_scene_do_not_code_the_result_themes(
    engine: Engine, text: str, theme: str
) -> None:
    assert theme not in engine.code([Answer("a", text, "q4_effekt")])[0].themes()


def description_scores(engine: Engine, text: str) -> dict[str, float]:
    doc, lang = next(engine.parse([Answer("a", text)]))
    descriptions = engine._descriptions[lang]
    scores = descriptions.sentence_scores(doc, (0, len(doc)))
    return {descriptions.themes[i]: s for i, s in scores.items()}


def test_a_function_word_matches_no_description(engine: Engine) -> None:
    # The lemma table makes "för" (for, too) the verb "föra" of the description of
    # dissemination ("föra över arbetssättet …").
    assert "spridning" not in description_scores(engine, "Det var för många för mig.")
    # Positive control: the verb itself does match it.
    assert description_scores(engine, "Vi vill föra över arbetssättet.")["spridning"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "Nu går han till skolan nästan varje dag.",  # subject after the verb
        "Efter jul gick hon inte till skolan på tre veckor.",  # subject and negation
    ],
)
def test_a_phrase_keyword_is_found_in_inverted_word_order(engine: Engine, text: str) -> None:
    suggestion = next(
        s
        for s in engine.code([Answer("a", text, "p_ovrigt")])[0].suggestions
        if s.theme == "narvaro"
    )
    assert any(e.kind == "phrase" and e.text.endswith("till skolan") for e in suggestion.evidence)


@pytest.mark.parametrize(
    "text", ["bättre. jag går nästan varje dag", "Han går typ varje dag nu, det trodde jag aldrig."]
)
def test_an_adverb_of_degree_after_the_verb_keeps_the_phrase(engine: Engine, text: str) -> None:
    """ "går nästan varje dag" is "gå varje dag", as pupils and parents write it."""
    suggestion = next(
        s
        for s in engine.code([Answer("a", text, "p_ovrigt")])[0].suggestions
        if s.theme == "narvaro"
    )
    assert any(e.kind == "phrase" and e.text.endswith("varje dag") for e in suggestion.evidence)


def test_inverted_order_allows_one_word_not_any(engine: Engine) -> None:
    # "gå … till skolan" with a whole clause between is not the phrase.
    text = "Vi gick med mamman och hennes syster till skolan för ett möte."
    assert "narvaro" not in engine.code([Answer("a", text, "p_ovrigt")])[0].themes()
