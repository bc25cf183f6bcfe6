"""Related words (`analysis/concepts.py`): a description's word lends its theme the
other words of its clusters, so an answer that paraphrases a description still meets
it, in the codebook's language or the other one."""

from __future__ import annotations

import tomllib

import pytest

from analysis import concepts
from analysis.codebook import loads
from analysis.concepts import CONCEPTS_FILE, Related
from analysis.descriptions import Descriptions
from analysis.engine import Answer, Engine

THESAURUS: tuple[dict[str, tuple[str, ...]], ...] = (
    {"sv": ("tillit", "förtroende", "lita"), "en": ("trust", "rely", "confidence")},
    {"sv": ("hembesök", "hemma"), "en": ("home visit", "doorstep")},
    {"sv": ("kö", "väntetid", "vänta"), "en": ("queue", "waiting list", "wait")},
)

CODEBOOK = """
[codebook]
name = "Från ett annat verktyg"
language = "sv"

[[themes]]
id = "tillit"
label = "Tillit"
description = "Familjens tillit till teamet och skolan."

[[themes]]
id = "hemma"
label = "Hembesök"
description = "Teamet gör hembesök hos familjen."

[[themes]]
id = "ko"
label = "Köer"
description = "Lång väntetid till psykiatrin."
"""


@pytest.fixture
def thesaurus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concepts, "related", lambda: Related(THESAURUS))


def _themes(text: str) -> set[str]:
    engine = Engine(loads(CODEBOOK, "annat.toml"))
    return set(engine.code([Answer("a", text)])[0].themes())


@pytest.mark.usefixtures("thesaurus")
def test_an_answer_that_paraphrases_a_description_meets_it() -> None:
    assert _themes("Föräldrarna fick förtroende för oss efter ett tag.") == {"tillit"}


@pytest.mark.usefixtures("thesaurus")
def test_an_english_answer_meets_a_swedish_description_through_related_words() -> None:
    assert _themes("The parents came to rely on us.") == {"tillit"}
    assert _themes("We had to wait half a year for an assessment.") == {"ko"}


def test_without_the_thesaurus_the_paraphrase_is_missed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concepts, "related", lambda: Related(()))
    assert _themes("Föräldrarna fick förtroende för oss efter ett tag.") == set()
    assert _themes("The parents came to rely on us.") == set()


@pytest.mark.usefixtures("thesaurus")
def test_a_related_word_weighs_less_than_the_descriptions_own() -> None:
    descriptions = Descriptions(loads(CODEBOOK, "annat.toml"), "sv")
    own = descriptions.similarity(["tillit"])
    lent = descriptions.similarity(["lita"])
    index = descriptions.position["tillit"]
    assert 0 < lent[index] < own[index]


@pytest.mark.usefixtures("thesaurus")
def test_a_sentence_about_two_things_goes_to_the_theme_of_its_own_words() -> None:
    # "hembesök" is the home-visit theme's own word; "lita" only related to trust.
    text = "Vi gjorde hembesök hos familjen, de kunde lita på att vi kom."
    assert _themes(text) == {"hemma"}


def test_the_bundled_thesaurus_loads_with_both_languages_in_every_cluster() -> None:
    with CONCEPTS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    written = data["concepts"]
    assert len(written) >= 150
    related = concepts.related()
    for lang in ("sv", "en"):
        members = related.members(lang)
        assert len(members) == len(written)
        # Every cluster keeps words in both languages once read as base forms.
        empty = [c["id"] for c, words in zip(written, members, strict=True) if not words]
        assert empty == []


def test_the_bundled_thesaurus_links_a_swedish_word_to_english_ones() -> None:
    related = concepts.related()
    clusters = related.clusters_of("tillit", "sv")
    assert clusters
    english = set().union(*(related.members("en")[i] for i in clusters))
    assert "trust" in english


def test_an_answer_of_loan_words_stays_swedish_for_a_swedish_codebook() -> None:
    # English is read only through the thesaurus here: an answer takes it on its
    # function words, not on a few words the English lemma table knows.
    keyed = (
        CODEBOOK + '\n[[themes]]\nid = "samverkan"\nlabel = "Samverkan"\nkeywords = ["samverkan"]\n'
    )
    engine = Engine(loads(keyed, "annat.toml"))
    coded = engine.code([Answer("a", "Open space meetings, samverkan")])[0]
    assert coded.lang == "sv" and "samverkan" in coded.themes()
    english = engine.code([Answer("b", "The parents came to trust us over the year.")])[0]
    assert english.lang == "en"
