"""Codes with a name alone (typed in the workbench, or imported from another tool's
codebook) still find answers: the distinctive words of their label count as keywords."""

from __future__ import annotations

import pytest

from analysis.codebook import loads
from analysis.engine import Answer, Engine

CODEBOOK = """
[codebook]
name = "Importerad"
language = "sv"

[[themes]]
id = "skjuts"
label = "Skolskjuts"

[[themes]]
id = "lokaler"
label = "Lokaler för elevernas samtal"

[[themes]]
id = "samtal"
label = "Elevernas samtal med kuratorn"
"""
DESCRIBED = """
[[themes]]
id = "beskriven"
label = "Matsalen"
description = "Hur lunchen och rasterna fungerar."
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(loads(CODEBOOK, "importerad.toml"))


def themes(engine: Engine, text: str) -> set[str]:
    return set(engine.code([Answer("a", text, "q2")])[0].themes())


def test_a_code_with_a_name_alone_finds_answers_with_its_words(engine: Engine) -> None:
    assert themes(engine, "Skolskjutsen kom för sent varje morgon.") == {"skjuts"}
    coded = engine.code([Answer("a", "Vi saknade lokaler.", "q2")])[0]
    [suggestion] = coded.suggestions
    assert suggestion.theme == "lokaler"
    assert [(e.text, e.detail) for e in suggestion.evidence if e.kind == "keyword"] == [
        ("lokaler", "lokal")
    ]


def test_a_label_word_other_codes_use_is_no_keyword(engine: Engine) -> None:
    # "elev" and "samtal" are in two labels: they say nothing about which code it is.
    assert themes(engine, "Eleverna var nöjda med samtalen.") == set()
    assert themes(engine, "Kuratorn ringde hem.") == {"samtal"}  # its own word does


def test_a_code_with_a_description_is_left_to_it() -> None:
    # The label word of a described code is not made a keyword: its description speaks
    # (a suggestion from the description, where it matches best, not a keyword hit).
    engine = Engine(loads(CODEBOOK + DESCRIBED, "importerad.toml"))
    coded = engine.code([Answer("a", "Matsalen var stökig.", "q2")])[0]
    kinds = {e.kind for s in coded.suggestions if s.theme == "beskriven" for e in s.evidence}
    assert kinds == {"description"}


NAMES_ONLY = """
[codebook]
name = "Kodlista"
language = "sv"

[[themes]]
id = "samverkan"
label = "Samverkan"

[[themes]]
id = "ledarskap"
label = "Ledarskap"

[[themes]]
id = "maende"
label = "Elevens mående"
"""


@pytest.mark.parametrize(
    "text",
    [
        "Samarbetet med socialtjänsten har fungerat bra.",
        "The cooperation with social services worked well.",
    ],
)
def test_a_list_of_code_names_finds_answers_that_paraphrase_a_name(text: str) -> None:
    """A codebook of names alone (a list of codes, as many evaluators keep one): a name
    is its code's description too, so the words related to it find the answers that
    say it another way, in either language."""
    engine = Engine(loads(NAMES_ONLY, "kodlista.toml"))
    assert themes(engine, text) == {"samverkan"}


def test_a_code_with_keywords_is_not_found_by_the_words_related_to_its_name() -> None:
    keyed = NAMES_ONLY.replace(
        'label = "Samverkan"\n', 'label = "Samverkan"\nkeywords = ["nätverksmöte"]\n'
    )
    engine = Engine(loads(keyed, "kodlista.toml"))
    assert themes(engine, "Samarbetet med socialtjänsten har fungerat bra.") == set()
    assert themes(engine, "Nätverksmötet med socialtjänsten fungerade bra.") == {"samverkan"}


def test_a_code_found_by_its_name_and_its_description_is_suggested_once() -> None:
    """ "Eleven" is a word of the name "Elevens mående" (a keyword) and matches the name as
    a description: one suggestion, its keyword as the evidence."""
    engine = Engine(loads(NAMES_ONLY, "kodlista.toml"))
    [coded] = engine.code([Answer("a", "Eleven mår mycket bättre nu.", "q2")])
    [suggestion] = coded.suggestions
    assert suggestion.theme == "maende"
    assert {e.kind for e in suggestion.evidence} == {"keyword"}


@pytest.mark.parametrize(
    "text",
    ["Hon mår mycket bättre nu.", "Elevens mående har förbättrats.", "Välmåendet har ökat."],
)
def test_a_name_whose_base_form_is_short_still_finds_its_answers(text: str) -> None:
    """ "Mående" is "må" in the lemma table: too short a word to go on in a description,
    but a code's name was chosen, so it counts."""
    codebook = """
[codebook]
name = "Kodlista"
language = "sv"

[[themes]]
id = "maende"
label = "Mående"

[[themes]]
id = "narvaro"
label = "Närvaro"
"""
    engine = Engine(loads(codebook, "kodlista.toml"))
    assert themes(engine, text) == {"maende"}
    assert themes(engine, "Närvaron ökade under våren.") == {"narvaro"}
