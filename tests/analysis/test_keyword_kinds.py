"""Weak keywords (a word that names someone is not yet a statement about the theme) and
keywords that count only in answers to some questions. The engines here read the test
codebook's keywords as written: none borrowed from the starter codebook (`borrowing`),
whose collaboration theme makes "socialtjänst" a full keyword."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.codebook import CodebookError, load, loads
from analysis.engine import Answer, Engine

CODEBOOK = """
[codebook]
name = "Prov"
language = "sv"

[[themes]]
id = "samverkan_soc"
label = "Samverkan med socialtjänsten"
keywords = ["samverkan"]
weak_keywords = ["socialtjänst", "kontakt"]
keywords_en = ["collaboration"]
weak_keywords_en = ["social services", "contact"]

[themes.question_keywords]
q5_samverkan = ["socialtjänst"]

[[themes]]
id = "spridning"
label = "Spridning"
keywords = ["implementering"]

[themes.question_keywords]
q4_organisation = ["börja", "ta efter"]
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(loads(CODEBOOK, "prov.toml"), borrow=False)


def themes(engine: Engine, text: str, question: str | None = None) -> set[str]:
    return set(engine.code([Answer("a", text, question)])[0].themes())


def test_the_codebook_reads_weak_and_question_keywords_in_both_languages() -> None:
    theme = loads(CODEBOOK, "prov.toml").theme("samverkan_soc")
    assert theme.weak_for("sv") == ("socialtjänst", "kontakt")
    assert theme.weak_for("en") == ("social services", "contact")
    assert theme.question_keywords_for("sv") == {"q5_samverkan": ("socialtjänst",)}


def test_a_weak_keyword_alone_suggests_nothing(engine: Engine) -> None:
    assert themes(engine, "Socialtjänsten var med på ett möte i våras.") == set()
    assert themes(engine, "Social services attended a meeting in the spring.") == set()


def test_a_weak_keyword_beside_another_of_its_theme_suggests_it(engine: Engine) -> None:
    coded = engine.code([Answer("a", "Kontakten med socialtjänsten blev mycket bättre.")])[0]
    assert set(coded.themes()) == {"samverkan_soc"}
    words = {e.text for s in coded.suggestions for e in s.evidence if e.kind == "keyword"}
    assert words == {"Kontakten", "socialtjänsten"}
    assert themes(engine, "Samverkan med socialtjänsten fungerade.") == {"samverkan_soc"}


def test_two_weak_keywords_in_different_sentences_do_not_add_up(engine: Engine) -> None:
    assert themes(engine, "Vi tog kontakt med familjen. Socialtjänsten hade ärendet.") == set()


def test_a_question_keyword_counts_only_in_that_question(engine: Engine) -> None:
    text = "Vi har börjat göra hembesök själva."
    assert themes(engine, text, "q4_organisation") == {"spridning"}
    assert themes(engine, text, "q2_framgang") == set()
    assert themes(engine, text) == set()


def test_a_weak_keyword_listed_for_a_question_counts_fully_there(engine: Engine) -> None:
    text = "Ja, vi ringer socialtjänsten oftare nu."
    assert themes(engine, text, "q5_samverkan") == {"samverkan_soc"}
    assert themes(engine, text, "q3_utmaning") == set()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: s.replace(
                'weak_keywords = ["socialtjänst", "kontakt"]', 'weak_keywords = "soc"'
            ),
            "theme 'samverkan_soc': 'weak_keywords' must be a list of words or phrases",
        ),
        (
            lambda s: s.replace('"kontakt"]', '" "]'),
            "keyword 2 in 'weak_keywords' is empty",
        ),
        (
            lambda s: s.replace(
                'q4_organisation = ["börja", "ta efter"]', 'q4_organisation = "börja"'
            ),
            "theme 'spridning', question_keywords: 'q4_organisation' must be a list",
        ),
    ],
)
def test_mistakes_in_the_new_lists_are_named(tmp_path: Path, change, message: str) -> None:
    path = tmp_path / "kodbok.toml"
    path.write_text(change(CODEBOOK), encoding="utf-8")
    with pytest.raises(CodebookError, match=message):
        load(path)


def test_a_weak_keyword_that_is_a_stop_word_is_refused() -> None:
    cb = loads(CODEBOOK.replace('"kontakt"]', '"blev"]'), "stopp.toml")
    with pytest.raises(CodebookError, match="keyword 'blev' normalises to the stop word"):
        Engine(cb, borrow=False)


def test_overlapping_weak_keywords_are_one_piece_of_evidence() -> None:
    cb = loads(
        CODEBOOK.replace(
            'weak_keywords_en = ["social services", "contact"]',
            'weak_keywords_en = ["social services", "services", "contact"]',
        ),
        "prov.toml",
    )
    engine = Engine(cb, borrow=False)
    assert themes(engine, "Social services took part in a meeting.") == set()
    assert themes(engine, "The contact with social services got better.") == {"samverkan_soc"}


def test_a_background_question_gets_themes_only_where_the_answer_judges(
    engine: Engine,
) -> None:
    def coded(text: str) -> set[str]:
        answer = Answer("a", text, "q1_roll", "background")
        return set(engine.code([answer])[0].themes())

    assert coded("Samordnare för samverkan mellan skola och socialtjänst.") == set()
    assert coded("Samordnare, men samverkan med socialtjänsten fungerade inte.") == {
        "samverkan_soc"
    }


def test_a_keyword_does_not_claim_the_base_form_another_keyword_lists() -> None:
    cb = loads(
        """
[codebook]
name = "Staff"
language = "en"

[[themes]]
id = "staffing"
label = "Staffing"
keywords = ["staffing"]
weak_keywords = ["staff", "shortage"]
""",
        "staff.toml",
    )
    engine = Engine(cb, borrow=False)

    def found(text: str) -> set[str]:
        return set(engine.code([Answer("a", text)])[0].themes())

    assert found("The staffing was a problem for the whole project.") == {"staffing"}
    assert found("My staff had to attend all of the planning meetings.") == set()
    assert found("There was a staff shortage for most of the year.") == {"staffing"}
