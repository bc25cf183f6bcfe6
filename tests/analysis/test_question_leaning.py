"""A question from another tool tells which way it leans by its own words."""

from __future__ import annotations

import pytest

from analysis.engine import Answer, Engine
from analysis.question_leaning import leaning


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Ids as other tools and evaluators write them, without å, ä, ö ...
        ("vh_bast", "success"),
        ("elev_positivt", "success"),
        ("p_battre", "challenge"),
        ("vh_samre", "challenge"),
        # ... and questions written out, in either language.
        ("Vad var det bästa med stödet?", "success"),
        ("Vad kunde ha varit bättre?", "challenge"),
        ("What was most helpful?", "success"),
        ("What was the hardest part?", "challenge"),
        ("Vad har varit mest värdefullt?", "success"),
        ("Vad önskar du hade gjorts annorlunda?", "challenge"),
        # What went less well, or would be changed, asks for concerns.
        ("Vad har fungerat mindre bra?", "challenge"),
        ("What did not go so well?", "challenge"),
        ("What worked well?", "success"),
        ("How well did the home visits fit your family?", None),
        ("Är det något du skulle vilja förändra?", "challenge"),
        ("What would you change about the support?", "challenge"),
        ("Vad har förändrats för ditt barn?", None),
        # What became better is a gain, not a wish.
        ("Vad har blivit bättre för ditt barn?", "success"),
        ("What got better at school?", "success"),
        # Feeling or doing better asks whether it is so, not what could improve.
        ("elev_mar_battre", "success"),
        ("Mår du bättre nu än innan?", "success"),
        ("Do you feel better about school now?", "success"),
        # Neither side, or both: no leaning.
        ("vh_ovrigt", None),
        ("q5_samverkan", None),
        ("Vad var bra och vad var svårt?", None),
        ("Har du några andra synpunkter på ditt svar?", None),
        (None, None),
        ("", None),
    ],
)
def test_a_questions_words_say_which_way_it_leans(question: str | None, expected) -> None:
    assert leaning(question) == expected


def test_an_answer_to_what_was_best_reads_a_denied_imposition_as_praise(
    engine: Engine,
) -> None:
    text = "De tvingade aldrig min son att prata om skolan under hembesöken."
    best = engine.code([Answer("a", text, "vh_bast")])[0].themes()
    # The same words to a question that leans neither way: a negation with nothing
    # judged near it reads as a lack.
    other = engine.code([Answer("b", "Min son pratade aldrig under hembesöken.", "vh_ovrigt")])
    told = engine.code([Answer("c", "Min son pratade aldrig under hembesöken.", "vh_bast")])
    assert best and set(best.values()) == {"success"}
    assert set(other[0].themes().values()) == {"challenge"}
    assert set(told[0].themes().values()) == {"success"}


def test_the_questionnaires_own_hint_comes_first(engine: Engine) -> None:
    # A questionnaire's hint is what its author chose; the id's words do not overrule it.
    text = "Hembesöken."
    hinted = engine.code([Answer("a", text, "p_battre", "success")])[0].themes()
    read = engine.code([Answer("b", text, "p_battre")])[0].themes()
    assert hinted and set(hinted.values()) == {"success"}
    assert read and set(read.values()) == {"challenge"}
