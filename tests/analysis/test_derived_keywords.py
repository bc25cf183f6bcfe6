"""A one-word Swedish keyword also finds the words derived from it: a codebook lists
"förankring" and the answer says "förankrat"; it lists "anpassa" and the answer speaks
of "anpassningar". Codebooks written by others list few words per theme."""

from __future__ import annotations

import pytest

from analysis.codebook import loads
from analysis.engine import Answer, Engine

CODEBOOK = """
[codebook]
name = "Prov"
language = "sv"

[[themes]]
id = "forankring"
label = "Förankring"
keywords = ["förankring"]

[[themes]]
id = "anpassning"
label = "Anpassning"
keywords = ["anpassa"]

[[themes]]
id = "samverkan"
label = "Samverkan"
keywords = ["samverkan"]

[[themes]]
id = "oppenhet"
label = "Öppenhet"
keywords = ["öppenhet"]

[[themes]]
id = "ork"
label = "Ork"
keywords = ["orka"]

[[themes]]
id = "storm"
label = "Storm"
keywords = ["orkan"]
keywords_en = ["hurricane"]
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(loads(CODEBOOK, "prov.toml"))


def themes(engine: Engine, text: str) -> set[str]:
    return set(engine.code([Answer("a", text, "q2")])[0].themes())


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Arbetet var väl förankrat hos rektorerna.", "forankring"),
        ("Skolan gjorde anpassningar i schemat.", "anpassning"),
        ("Skolan och socialtjänsten samverkade kring eleven.", "samverkan"),
    ],
)
def test_a_keyword_finds_the_words_derived_from_it(engine: Engine, text: str, theme: str) -> None:
    assert theme in themes(engine, text)


def test_the_derived_word_shows_as_the_keywords_evidence(engine: Engine) -> None:
    coded = engine.code([Answer("a", "Arbetet var väl förankrat hos rektorerna.", "q2")])[0]
    evidence = [e for s in coded.suggestions for e in s.evidence if e.kind == "keyword"]
    assert [(e.text, e.detail) for e in evidence] == [("förankrat", "förankring")]


def test_short_keywords_and_words_claimed_by_another_theme_are_not_derived(
    engine: Engine,
) -> None:
    # "orka" would derive "orkan" (a storm), which is another theme's keyword anyway.
    assert themes(engine, "En orkan drog in över kusten.") == {"storm"}
    assert themes(engine, "Jag orkar inte.") == {"ork"}  # positive control


def test_a_derived_word_matches_a_whole_word_not_a_compound_part(engine: Engine) -> None:
    # "öppen" (from "öppenhet") is a word of its own, not the first part of "öppenvården".
    assert "oppenhet" not in themes(engine, "Vi hade kontakt med öppenvården.")
    assert "oppenhet" in themes(engine, "Personalen var öppen för nya arbetssätt.")


PHRASES = """
[codebook]
name = "Fraser"
language = "sv"

[[themes]]
id = "orsaker"
label = "Orsaker"
keywords = ["bakomliggande orsak", "samordnad individuell plan"]
"""


@pytest.mark.parametrize(
    "text",
    [
        "Teamet hittade bakomliggande orsaker till frånvaron.",
        "Det fanns en bakomliggande orsak.",
        "Vi tog fram en samordnad individuell plan.",
        "Den samordnade individuella planen följdes upp.",
    ],
)
def test_a_phrase_keyword_finds_its_inflected_forms(text: str) -> None:
    # The lemma table reads the keyword's "orsak" as the verb "orsaka" and "plan" as
    # "plana", while "orsaker" and "planen" read as the nouns.
    engine = Engine(loads(PHRASES, "fraser.toml"))
    assert "orsaker" in themes(engine, text)


WILDCARDS = """
[codebook]
name = "Jokertecken"
language = "sv"

[[themes]]
id = "forankring"
label = "Förankring"
keywords = ["förankr*"]
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Arbetet var förankrat hos rektorerna.", "keyword"),
        ("Förankringen brast på flera skolor.", "keyword"),
        ("Skolförankringen var svag.", "part"),
    ],
)
def test_a_keyword_ending_in_a_star_finds_every_word_beginning_so(text: str, kind: str) -> None:
    engine = Engine(loads(WILDCARDS, "jokertecken.toml"))
    coded = engine.code([Answer("a", text, "q2")])[0]
    evidence = [(e.kind, e.detail) for s in coded.suggestions for e in s.evidence]
    assert (kind, "förankr*") in evidence
    assert "forankring" not in themes(engine, "Fören ordnade en fest.")  # control


@pytest.mark.parametrize("keyword", ["sa*", "för*ankr", "*samverk", "**"])
def test_a_star_anywhere_but_after_a_word_is_refused_with_the_keyword_named(
    keyword: str,
) -> None:
    from analysis.codebook import CodebookError

    with pytest.raises(CodebookError) as raised:
        loads(WILDCARDS.replace("förankr*", keyword), "jokertecken.toml")
    assert any(keyword in problem and "*" in problem for problem in raised.value.problems)
