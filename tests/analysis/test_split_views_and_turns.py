"""Stance where a sentence reports a split, a turn, an understatement or an assurance:
views set side by side lean neither way, a turn from bad to good is good news, "not a
single … without" is an assurance, and a counterfactual comparative is praise."""

from __future__ import annotations

import pytest

from analysis.engine import Engine
from tests.analysis.conftest import stances


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Some praise, others do not: a split, not a verdict.
        ("Vissa rektorer var positiva till hembesöken, andra mer tveksamma.", "neutral"),
        ("Some parents were pleased with the home visits, others less so.", "neutral"),
        ("Hembesöken passade vissa familjer men inte andra.", "neutral"),
        ("The home visits suited some families and not others.", "neutral"),
        # Both sides praising is praise, and "some" alone decides nothing.
        ("Vissa familjer var nöjda med hembesöken, andra mycket nöjda.", "success"),
        ("Some families found the home visits difficult to fit in.", "challenge"),
    ],
)
def test_views_set_side_by_side_lean_neither_way(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A turn after a verb of going: where it came from is the past.
        ("Efter hembesöken gick han från att knappt lämna rummet till att gå tre dagar i veckan.", "success"),
        ("After the home visits my son went from barely leaving his room to going in three days a week.", "success"),
        ("Hembesöken gick från att fungera bra till att bli svåra att boka.", "challenge"),
        # "From … to" without a verb of going is a place, not a turn.
        ("The home visits moved from the flat to the library, which was difficult for the family.", "challenge"),
    ],
)  # fmt: skip
def test_a_turn_from_bad_to_good_is_good_news(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "Not a single … without" / "inte en enda … utan" is an assurance.
        ("Inte en enda elev lämnades utan hembesök.", "success"),
        ("Not a single pupil was left without a home visit.", "success"),
        # … and "not one" reaches the problem it denies across its clause.
        ("Not one family was turned away from the home visits.", "success"),
        ("Ingen familj avvisades från hembesöken.", "success"),
        ("Två familjer avvisades från hembesöken.", "challenge"),
        # A plain "inte … utan" is still "not X but Y".
        ("Hembesöken var inte planerade utan improviserades från vecka till vecka.", "challenge"),
    ],
)
def test_not_a_single_one_without_is_an_assurance(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # What could not have been better was as good as it gets.
        ("Hembesöken kunde inte ha varit bättre.", "success"),
        ("The home visits could not have gone better.", "success"),
        ("The home visits couldn't have been better.", "success"),
        # Understatement.
        ("Inte helt fel med hembesök, visade det sig.", "success"),
        ("The home visits were not bad at all.", "success"),
        # A gap filled is a gain; a gap is a lack.
        ("Hembesöken fyllde en lucka mellan skola och socialtjänst.", "success"),
        ("The home visits left a gap in the weekly support.", "challenge"),
        # Idioms of unevenness and haste.
        ("The home visits were hit and miss across the district.", "challenge"),
        ("Hembesöken var lite si och så beroende på vem som kom.", "challenge"),
        ("The home visits were rolled out too quickly.", "challenge"),
    ],
)
def test_counterfactual_praise_understatement_and_idioms(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A concern named as the occasion of praise is no concern of its own.
        ("The home visit staff were open and curious even when the cases were really messy.", "success"),
        # Pains and waits denied, and the problem denied across "inte som att".
        ("After the home visits my tummy doesn't hurt in the mornings anymore.", "success"),
        ("No one was left waiting for a home visit.", "success"),
        ("Det kändes inte som att någon dömde oss vid hembesöken.", "success"),
        # Not knowing whom to turn to is a lack; not knowing what a question means is not.
        ("Vet inte vem jag ska ringa om hembesöken nu när hon har slutat.", "challenge"),
        # Understood as before: the contrast with how it was is praise.
        ("Dom lyssnade på riktigt vid hembesöken, inte som förut.", "success"),
    ],
)  # fmt: skip
def test_occasions_denied_problems_and_contrasts_with_before(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Advice to make something clear or secure names a precondition; the same verb
        # told as done is a gain.
        ("Tydliggör rutinerna för hembesök tidigt.", "challenge"),
        ("Rutinerna för hembesök har tydliggjorts under andra året.", "success"),
        ("Funding for the home visits has been secured for next year.", "success"),
        ("Funding for the home visits has not yet been secured.", "challenge"),
        # What a report names as uneven, an area to develop or a burden that grew.
        ("Skolorna har i varierande grad tagit emot rekommendationerna från hembesöken.", "challenge"),
        ("Hembesöken lyfts som ett utvecklingsområde.", "challenge"),
        ("Hembesöken har snarast ökat elevhälsans arbetsbörda.", "challenge"),
        ("Mornings are not a battle anymore since the home visits.", "success"),
    ],
)  # fmt: skip
def test_done_against_advised_and_what_reports_call_uneven(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A reported "…, men att …" makes its point after "men" where that judges and
        # names no other theme.
        ("Det framkom att kartläggningen ofta drog ut på tiden, men att den gav en djupare bild av orsakerna.", "success"),
        ("Kartläggningen var tung att planera, men den gav mycket tillbaka.", "success"),
        ("Kartläggningen gick fort, men mycket gick i stället åt till pappersarbete.", "challenge"),
        ("At no point did we feel like bad parents during the assessment.", "success"),
    ],
)  # fmt: skip
def test_the_point_after_men_att_and_at_no_point(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "Utan att" spares a wait or a detour, but lacks a gain that follows it.
        ("Familjerna kunde boka hembesök utan att behöva vänta.", "success"),
        ("Hembesöken avslutades utan att målen nåtts.", "challenge"),
        ("Året med hembesök gick utan att närvaron förbättrades.", "challenge"),
        ("The home visits ended without attendance improving.", "challenge"),
        # A risk closed in a log is good news.
        ("Risk stängd: ny samordnare för hembesöken på plats sedan mars.", "success"),
    ],
)
def test_without_a_gain_is_a_lack_and_a_closed_risk_good_news(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Report English as Swedish evaluators write it.
        ("The evaluation shows that most pupils on home visits still attend irregularly.", "challenge"),
        ("Planning the home visits went faster than planned.", "success"),
        ("The home visits were described as an eye-opener by several teachers.", "success"),
        ("The weekly home visits were described as the backbone of the work.", "success"),
        ("The caseload of home visits quickly became unmanageable.", "challenge"),
        ("Hembesöken beskrevs som en ögonöppnare av flera lärare.", "success"),
    ],
)  # fmt: skip
def test_report_english_as_swedish_evaluators_write_it(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A problem that goes on as much as before persists; support as before is no news.
        ("Vi bråkar lika mycket hemma som förut, trots hembesöken.", "challenge"),
        ("We argue as much as before at home, despite the home visits.", "challenge"),
        ("Vi får lika mycket stöd vid hembesöken som förut.", "neutral"),
        ("Hon som kom på hembesöken var sur hela tiden.", "challenge"),
    ],
)
def test_what_goes_on_as_before(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Pupils' words: crying denied, a problem that goes on all the time, a thing allowed.
        ("After the home visits I can do maths again without crying.", "success"),
        ("Mum and I fight all the time, even after the home visits.", "challenge"),
        ("Vi bråkar hela tiden, hembesöken har inte ändrat det.", "challenge"),
        ("The home visit staff were with us all the time.", "success"),
        ("Efter hembesöken fick jag lov att ta pauser.", "success"),
        ("I was not allowed to take breaks, despite the home visits.", "challenge"),
    ],
)
def test_pupils_words_about_crying_fights_and_breaks(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Advice to keep a practice endorses it; advice to secure a precondition does not.
        ("The home visits are what we should definitely take with us.", "success"),
        ("We should keep the home visits, whatever else changes.", "success"),
        ("We should have started the home visits much earlier.", "challenge"),
    ],
)
def test_advice_to_keep_a_practice_endorses_it(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Figures against a target or a year before, in report prose.
        ("Väntetiden till hembesök var längre än målet på fyra veckor.", "challenge"),
        ("Antalet orosanmälningar minskade med en tredjedel efter hembesöken.", "success"),
        ("Antalet orosanmälningar ökade trots hembesöken.", "challenge"),
        ("Andelen elever med hembesök låg kvar på hälften.", "neutral"),
    ],
)
def test_figures_against_targets_in_report_prose(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}
