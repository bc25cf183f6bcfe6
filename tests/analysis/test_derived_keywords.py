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
