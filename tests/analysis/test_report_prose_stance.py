"""Stance in evaluation-report prose: "few" as not many, the share of a group that
fell, a lack denied, findings told as divided or to be read with caution."""

from __future__ import annotations

import pytest

from analysis.engine import Answer, Engine
from analysis.rules import CUES_KEY
from tests.analysis.conftest import stances


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "Få" / "few" opening a clause is "not many": a lack, or good news of a problem.
        ("Få rektorer har deltagit i hembesöken.", "challenge"),
        ("Väldigt få familjer tackade nej till hembesöken.", "success"),
        ("Few principals took part in the home visits.", "challenge"),
        ("Few pupils returned to high absence after the home visits.", "success"),
        # "A few" is some, and "få X att" is the verb: to get them to.
        ("A few principals took part in the home visits and were pleased.", "success"),
        ("Få föräldrar att känna sig trygga var det som fungerade bäst på hembesöken.", "success"),
    ],
)
def test_few_is_not_many(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


def test_few_as_a_verb_is_no_negation(engine: Engine) -> None:
    [(doc, _)] = list(engine.parse([Answer("a", "Få med rektorerna på hembesöken.")]))
    assert not [k for k, _, _ in doc.user_data[CUES_KEY] if k.startswith("negation")]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # The share or number of a group named by its problem is what rose or fell.
        ("Andelen elever med hög frånvaro har halverats sedan hembesöken började.", "success"),
        ("Antalet elever med hög frånvaro ökade trots hembesöken.", "challenge"),
        ("The number of pupils with high absence fell after the home visits.", "success"),
        # "Den höga frånvaron" is the problem; what became of it decides.
        ("Den höga frånvaron har minskat sedan hembesöken.", "success"),
        # "Fewer" as "färre": fewer pupils is a concern, fewer conflicts good news.
        ("The home visits reached fewer pupils than planned.", "challenge"),
        ("There were fewer conflicts after the home visits.", "success"),
    ],
)
def test_shares_and_numbers_that_rise_or_fall(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A lack denied is praise.
        ("Det har inte saknats engagemang kring hembesöken.", "success"),
        ("There was no lack of commitment to the home visits.", "success"),
        # Nobody wants to go back to how it was.
        ("Ingen vill gå tillbaka till hur det var före hembesöken.", "success"),
        # Findings told as divided, early or to be read with caution judge neither way.
        ("Det är för tidigt att uttala sig om hembesökens effekter.", "neutral"),
        ("Om hembesöken går att överföra till andra skolor återstår att se.", "neutral"),
        ("Whether the home visits can be transferred remains to be seen.", "neutral"),
        ("Både positiva och negativa erfarenheter av hembesöken framkommer.", "neutral"),
        ("Resultaten av hembesöken ska tolkas med försiktighet.", "neutral"),
        ("The results of the home visits should be interpreted with caution.", "neutral"),
        # Sluggish and faltering are concerns.
        ("Samverkan kring hembesöken beskrivs som trögflytande.", "challenge"),
        ("Coordination of the home visits faltered in the spring.", "challenge"),
    ],
)
def test_report_findings_read_as_meant(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}
