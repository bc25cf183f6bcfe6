"""The questionnaires shipped in questionnaires/ load and say what the evaluation asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.config import QUESTIONNAIRE_DIR
from survey.fielding.questionnaire import bundled_files, load_file

FILES = bundled_files(QUESTIONNAIRE_DIR)

MANAGER_QUESTIONS_SV = [
    "Vilken är din arbetsplats och roll/funktion inom SST plus?",
    "Vad anser du är den största framgångsfaktorn med arbetssättet SST plus?",
    "Vad anser du är den största utmaningen/det största förbättringsområdet med arbetssättet?",
    "På vilket sätt har projektet påverkat din organisations arbete med målgruppen för SST plus?",
    "Har projektet haft någon inverkan på er lokala samverkan mellan skola och socialtjänst? "
    "Beskriv gärna kortfattat.",
    "Vilka lärdomar och/eller arbetssätt är viktiga att ta med sig från projektet?",
    "Hur ser du på förutsättningarna (till exempel tid, budget/resurser, ledarskap) för att "
    "fortsätta arbeta enligt projektets arbetssätt i ordinarie verksamhet? Ser du några risker "
    "eller hinder kopplat till det?",
    "Vill du ge några tips eller medskick till andra stadsdelar/kommuner som vill arbeta på "
    "liknande sätt?",
]


def test_the_three_bundled_questionnaires_are_there() -> None:
    assert {p.stem for p in FILES} >= {"chefsenkat", "vardnadshavare", "elev"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_bundled_questionnaire_loads_in_both_languages(path: Path) -> None:
    q = load_file(path)
    assert q.id == path.stem
    for question in q.questions():
        assert question.text["sv"].strip() and question.text["en"].strip()
        for lang in ("sv", "en"):
            assert all(label for _, label in question.choice_labels(lang))


def test_manager_questionnaire_asks_exactly_the_eight_questions_in_order() -> None:
    q = load_file(QUESTIONNAIRE_DIR / "chefsenkat.toml")
    questions = list(q.questions())
    assert [x.text["sv"] for x in questions] == MANAGER_QUESTIONS_SV
    assert all(x.type == "textarea" for x in questions)
    assert questions[0].stance_hint == "background", "a role says nothing about a theme"
    assert questions[1].stance_hint == "success"
    assert questions[2].stance_hint == "challenge"
    assert [x.stance_hint for x in questions[3:]] == [None] * 5


@pytest.mark.parametrize("name", ["vardnadshavare", "elev"])
def test_family_questionnaires_ask_for_consent_before_anything_else(name: str) -> None:
    q = load_file(QUESTIONNAIRE_DIR / f"{name}.toml")
    assert q.consent is not None
    assert q.pages[0].questions[0].type == "consent"
    assert all(
        getattr(q.consent, part)["sv"]
        for part in ("responsible", "purpose", "retention", "withdraw")
    )


def test_parent_questionnaire_covers_school_year_attendance_wellbeing_and_open_questions() -> None:
    q = load_file(QUESTIONNAIRE_DIR / "vardnadshavare.toml")
    year = next(x for x in q.questions() if x.type == "single")
    assert year.choice_values() == ("F", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    assert sum(1 for x in q.questions() if x.type == "likert") >= 4
    hints = {x.stance_hint for x in q.questions() if x.type == "textarea"}
    assert {"success", "challenge"} <= hints


def test_pupil_questionnaire_stays_short_with_a_dont_know_option() -> None:
    q = load_file(QUESTIONNAIRE_DIR / "elev.toml")
    questions = list(q.questions())
    assert len(questions) <= 10
    dont_know = [
        x
        for x in questions
        if any("vet inte" in label.lower() for _, label in x.choice_labels("sv"))
    ]
    assert len(dont_know) >= 2
    # Plain language: no question text over 25 words.
    assert max(len(x.text["sv"].split()) for x in questions) <= 25
