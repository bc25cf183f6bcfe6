"""Codes that bring a description and no keywords (a codebook from another tool has
names and descriptions): each sentence that matches one code's description best is
suggested that code, so an answer about two such codes gets both."""

from __future__ import annotations

from analysis.codebook import loads
from analysis.descriptions import Descriptions
from analysis.engine import Answer, Engine

CODEBOOK = """
[codebook]
name = "Från ett annat verktyg"
language = "sv"

[[themes]]
id = "matsal"
label = "Matsalen"
description = "Hur lunchen, maten och matsalen fungerar för eleverna."

[[themes]]
id = "skjuts"
label = "Resor"
description = "Resor till och från skolan med taxi, buss eller skolskjuts."

[[themes]]
id = "lasning"
label = "Läsning"
description = "Elevens läsning, böcker och läsförståelse."
keywords = ["läsa", "bibliotek"]
"""

TWO = "Maten i matsalen var kall och lunchen för kort. Taxin till skolan kom sent varje dag."


def _engine() -> Engine:
    return Engine(loads(CODEBOOK, "annat.toml"))


def test_each_sentence_gets_the_code_whose_description_it_matches() -> None:
    coded = _engine().code([Answer("a", TWO)])[0]
    assert set(coded.themes()) == {"matsal", "skjuts"}
    where = {s.theme: TWO[s.start : s.end] for s in coded.suggestions}
    assert where == {
        "matsal": "Maten i matsalen var kall och lunchen för kort.",
        "skjuts": "Taxin till skolan kom sent varje dag.",
    }
    # The evidence is the sentence's words that match the description, with offsets.
    words = {
        s.theme: [(e.kind, e.text, TWO[e.start : e.end]) for e in s.evidence]
        for s in coded.suggestions
    }
    assert words["matsal"] == [
        ("description", "Maten", "Maten"),
        ("description", "matsalen", "matsalen"),
        ("description", "lunchen", "lunchen"),
    ]
    assert ("description", "Taxin", "Taxin") in words["skjuts"]
    assert all(kind == "description" for kind, _, _ in words["skjuts"])


def test_a_code_without_keywords_is_found_beside_another_codes_keyword() -> None:
    text = "Han har börjat läsa varje kväll. Lunchen i matsalen fungerar nu."
    coded = _engine().code([Answer("a", text)])[0]
    assert set(coded.themes()) == {"lasning", "matsal"}


def test_a_code_with_keywords_is_not_suggested_by_its_description_beside_others() -> None:
    # Its author chose its keywords: its description weighs their hits, and speaks
    # alone only where nothing else in the answer is found.
    text = "Taxin till skolan kom sent. Böckerna och läsförståelsen var svåra."
    assert set(_engine().code([Answer("a", text)])[0].themes()) == {"skjuts"}
    alone = "Böckerna och läsförståelsen var svåra."
    assert set(_engine().code([Answer("a", alone)])[0].themes()) == {"lasning"}


def test_a_background_answer_gets_no_code_from_descriptions_alone() -> None:
    coded = _engine().code([Answer("a", TWO, "q1", "background")])[0]
    assert coded.suggestions == []


def test_a_description_word_the_lemma_table_misreads_still_matches_the_answer() -> None:
    # The table reads "buss" (the description's word) as the verb "bussa", but
    # "bussen" (the answer's) as "buss": the word as written bridges them.
    coded = _engine().code([Answer("a", "Bussen kom sent varje morgon.")])[0]
    assert set(coded.themes()) == {"skjuts"}


def test_a_word_of_the_codes_name_counts_more_than_one_of_its_description() -> None:
    descriptions = Descriptions(loads(CODEBOOK, "annat.toml"), "sv")
    trips = descriptions.themes.index("skjuts")
    # "resa" is in the name ("Resor"), "taxi" only in the description; neither is in
    # another code's words, so only where they stand tells them apart.
    assert descriptions.similarity(["resa"])[trips] > descriptions.similarity(["taxi"])[trips]


def test_a_sentence_saying_when_not_to_use_a_code_lends_it_no_words() -> None:
    # Codebooks from other tools say what a code excludes, naming another code's matter.
    book = CODEBOOK.replace(
        'description = "Hur lunchen, maten och matsalen fungerar för eleverna."',
        'description = "Hur lunchen och maten fungerar. Används inte för resor med taxi."',
    ).replace(
        'description = "Elevens läsning, böcker och läsförståelse."',
        'description = "Elevens läsning. Exclude: taxi and other trips."',
    )
    descriptions = Descriptions(loads(book, "annat.toml"), "sv")
    lunch, reading = descriptions.themes.index("matsal"), descriptions.themes.index("lasning")
    assert descriptions.similarity(["taxi"])[lunch] == 0.0
    assert descriptions.similarity(["taxi"])[reading] == 0.0
    assert descriptions.similarity(["lunch"])[lunch] > 0.0
