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


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Disagreement, what could not be shown and what is not known judge neither way.
        ("Rektorerna är inte eniga om hur hembesöken ska prioriteras.", "neutral"),
        ("Någon effekt av hembesöken på betygen kan inte påvisas.", "neutral"),
        ("Om hembesöken syns i betygen vet jag inte.", "neutral"),
        # … but not knowing where to turn is a lack.
        ("Efter hembesöken vet vi inte vart vi ska vända oss.", "challenge"),
        # Principals on board from the start.
        ("Rektorerna: med från start i hembesöken.", "success"),
    ],
)
def test_disagreement_and_what_is_not_known(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


def test_a_negation_after_and_negates_what_follows_it(engine: Engine) -> None:
    # "inte" after "och" negates the stomach ache, not the better sleep before it.
    text = "Efter hembesöken sover hon bättre och inte längre har hon ont i magen."
    assert stances(engine, text) == {"success"}


def test_a_theme_takes_its_stance_from_the_sentence_that_judges_it(engine: Engine) -> None:
    # The first sentence only says what the home visits were about; the second judges.
    text = (
        "Hembesöken gällde oftast schema och placering i klassrummet. "
        "I två skolor blev hembesöken aldrig av."
    )
    [coded] = engine.code([Answer("a", text)])
    segments = [s for s in coded.suggestions if s.theme == "flexibilitet"]
    assert len(segments) == 2
    assert coded.themes()["flexibilitet"] == "challenge"


def test_what_a_heading_of_needs_lists_is_needed(engine: Engine) -> None:
    # Under "Rekommendationer:" each line names what is needed, whatever the default.
    text = "Utkast rekommendationer:\n1) fler hembesök\n2) samordnare med mandat"
    [coded] = engine.code([Answer("a", text)])
    assert coded.themes().get("flexibilitet") == "challenge"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Getting the time that was needed, with whom: the need was met.
        ("Vid hembesöken fick man ta den tid som behövdes med varje familj.", "success"),
        # Dragging on is a concern.
        ("Hembesöken drog ut på tiden i vissa ärenden.", "challenge"),
    ],
)
def test_time_that_was_needed_and_time_that_dragged(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Not believing it would have gone without someone is thanks.
        ("Jag tror inte att vi hade klarat hembesöken utan teamet.", "success"),
        ("I don't think we could have managed the home visits without the team.", "success"),
        # … and not believing it gets better without money is a concern.
        ("Jag tror inte att hembesöken blir bättre utan mer pengar.", "challenge"),
        # Falling between the chairs, and nobody doing so.
        ("Efter hembesöken faller eleven mellan stolarna.", "challenge"),
        ("Ingen elev har fallit mellan stolarna sedan hembesöken började.", "success"),
        # What remains to be done, and what had to be fought for.
        ("Mycket återstår att göra när det gäller hembesöken.", "challenge"),
        ("Much remains to be done on the home visits.", "challenge"),
        ("Vi har fått kämpa för varje hembesök.", "challenge"),
        ("I don't have to fight for the home visits anymore.", "success"),
        # A framing that denies nothing; friction that eased.
        ("Det är ingen överdrift att säga att hembesöken har förändrat vårt arbete.", "success"),
        ("Friction around the home visits has eased.", "success"),
    ],
)
def test_managers_turns_of_phrase(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Worth the cost, and not convinced it was; little evidence; late arrivals.
        ("Rektorerna menar att hembesöken är värda varje krona.", "success"),
        ("Principals were not convinced the home visits were worth the cost.", "challenge"),
        ("Utvärderingen fann få belägg för att hembesöken ändrat skolornas rutiner.", "challenge"),
        ("Referrals for home visits arrived late, often after months.", "challenge"),
    ],
)
def test_worth_evidence_and_late_arrivals(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


def test_a_special_needs_teacher_is_no_need(engine: Engine) -> None:
    text = "The home visits were made by a social worker and a special-needs teacher."
    assert stances(engine, text) != {"challenge"}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Nothing went without it: two negations make one assurance …
        ("Inget ärende avslutades utan ett hembesök.", "success"),
        ("No case was closed without a final home visit.", "success"),
        # … but "ingen X utan" before a verb is "not X but".
        ("Vi hade ingen plan för hembesöken utan improviserade hela hösten.", "challenge"),
        # Parents' English: pressure denied, thanks beyond words, a wish for all.
        ("They never made me feel like a bad parent at the home visits.", "success"),
        ("The lady at the home visits was nice and didnt push me.", "success"),
        ("Can't thank them enough for the home visits.", "success"),
        ("I wish every school had home visits like these.", "success"),
        ("After the home visits we were left on our own over the summer.", "challenge"),
        ("Staff turnover disrupted the home visits.", "challenge"),
    ],
)
def test_assurances_and_parents_english(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # No possibility to go on without money is a need, not an assurance.
        ("Jag ser inga möjligheter att fortsätta hembesöken utan extra medel.", "challenge"),
        # No reason not to is a yes; "utan tvekan" lacks nothing.
        ("Jag ser inga skäl att inte fortsätta med hembesöken.", "success"),
        ("Utan tvekan det bästa med hembesöken.", "success"),
        # Pupils left at home are the problem the team exists for.
        ("Utan hembesök har eleverna i de flesta fall blivit kvar hemma.", "challenge"),
        ("Hembesöken har tagit mer tid än de har gett.", "challenge"),
        # Less than half is too few.
        ("Mindre än hälften av eleverna har fått hembesök.", "challenge"),
    ],
)
def test_needs_doubts_and_pupils_at_home(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


def test_a_team_made_permanent_is_good_news_and_permanent_funding_a_need(engine: Engine) -> None:
    assert stances(engine, "Beslut: hembesöken permanentas från 1 januari.") == {"success"}
    text = "Utkast rekommendationer:\n1) permanent finansiering av hembesöken"
    assert engine.code([Answer("a", text)])[0].themes()["flexibilitet"] == "challenge"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # What an indirect question asks is not said …
        ("Det råder delade meningar om huruvida hembesöken bör finnas kvar.", "neutral"),
        ("Views differ on whether the home visits should continue.", "neutral"),
        # … unless it is advice to weigh it.
        ("Think about whether the home visits should start earlier.", "challenge"),
        # English report words: gaps that narrowed, rushed and well-planned hand-overs.
        ("The gap between referral and the first home visit narrowed.", "success"),
        ("The home visits before the hand-over were rushed.", "challenge"),
        ("The home visits before the hand-over were carefully planned.", "success"),
        ("The home visits proved the right forum for solving problems quickly.", "success"),
        # Response times are waits: they come down as good news and creep up as bad.
        ("Response times for home visits have come down a lot.", "success"),
        ("Response times for home visits have crept up over the year.", "challenge"),
        ("The biggest headache was booking the home visits.", "challenge"),
        ("I'd keep the home visits no matter what.", "success"),
    ],
)
def test_indirect_questions_and_report_english(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Whom the work reached is the group it was for, not a concern …
        ("Hembesöken nådde familjer som länge mått dåligt.", "success"),
        ("Hembesöken nådde familjer som var svåra att nå.", "success"),
        ("The home visits reached families who struggled for years.", "success"),
        ("Several pupils who had refused home visits now welcome them.", "success"),
        # … but a relative clause that judges what it names still judges.
        ("Vi har ett system för hembesök som fungerar dåligt.", "challenge"),
    ],
)
def test_whom_the_work_reached_is_described_not_judged(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}
