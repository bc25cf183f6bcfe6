"""Stance in text that is not an answer to a question: how an evaluation was made, who
took part, records from minutes, needs that were met, a concession's turn, and
outcomes said with figures. Each case is read as an imported note or report sentence
(no question), as the coding engine reads prose."""

from __future__ import annotations

import pytest

from analysis.engine import Answer, Engine


def coded(engine: Engine, text: str) -> dict[str, str]:
    return engine.code([Answer("n", text)])[0].themes()


@pytest.mark.parametrize(
    "text",
    [
        "Intervjuerna handlade om hur samverkan med socialtjänsten fungerar i praktiken.",
        "Respondenterna ombads beskriva den största utmaningen i samverkan med socialtjänsten.",
        "The interviews focused on how the collaboration with social services works in practice.",
    ],
)
def test_a_sentence_on_how_the_evaluation_was_made_judges_nothing(
    engine: Engine, text: str
) -> None:
    # Its judging words ("fungerar", "utmaningen", "works") name the topic.
    assert coded(engine, text) == {"samverkan_skola_soc": "neutral"}


def test_the_same_words_outside_a_method_sentence_still_judge(engine: Engine) -> None:
    text = "Samverkan med socialtjänsten fungerar bra i praktiken."
    assert coded(engine, text) == {"samverkan_skola_soc": "success"}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Jag satt med i styrgruppen från start.", "samordning_ledning"),
        ("I joined the steering group in autumn 2024.", "samordning_ledning"),
        ("Närvarande: samordnare, två familjebehandlare, skolpsykolog.", "tvarprofessionellt_team"),
        ("Jag har suttit i styrgruppen sedan hösten 2023.", "samordning_ledning"),
        ("I represented the education administration on the steering group.", "samordning_ledning"),
        (
            "Jag är rektor på en av skolorna i projektet och har haft tre elever i teamet.",
            "forankring",
        ),
    ],
)
def test_who_took_part_and_records_of_a_meeting_are_descriptive(
    engine: Engine, text: str, theme: str
) -> None:
    # No word judges: before, the codebook's default (success) was read into them.
    assert coded(engine, text) == {theme: "neutral"}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("I samverkan med socialtjänsten fick vi det stöd vi behövde.", "success"),
        ("I samverkan med socialtjänsten behövde vi mer stöd.", "challenge"),
        ("In the collaboration with social services we got the backing we needed.", "success"),
        ("In the collaboration with social services we needed more backing.", "challenge"),
    ],
)
def test_a_need_that_was_met_is_no_lack(engine: Engine, text: str, stance: str) -> None:
    assert coded(engine, text) == {"samverkan_skola_soc": stance}


def test_after_a_concession_with_no_comma_the_verb_that_follows_is_the_main_clause(
    engine: Engine,
) -> None:
    # "svårigheterna" and "lyckades" stand side by side: the turn is between them.
    text = "Trots de organisatoriska svårigheterna lyckades teamet etablera samverkan med skolorna."
    assert coded(engine, text) == {"samverkan_skola_soc": "success"}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Inga revirstrider i samverkan med socialtjänsten.", "success"),
        ("Revirstrider i samverkan med socialtjänsten.", "challenge"),
    ],
)
def test_a_trouble_denied_is_good_news(engine: Engine, text: str, stance: str) -> None:
    assert coded(engine, text) == {"samverkan_skola_soc": stance}


@pytest.mark.parametrize(
    "text",
    [
        "Målgruppskriterierna var för snäva för att fånga eleverna tidigt.",
        "The target group criteria were too narrow to reach pupils early.",
    ],
)
def test_too_much_of_a_quality_is_a_concern(engine: Engine, text: str) -> None:
    assert coded(engine, text)["malgruppskriterier"] == "challenge"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Väntetiden till första mötet halverades under året.", "success"),
        ("Väntetiden till första mötet fördubblades under året.", "challenge"),
        ("The waiting time to a first meeting was halved this year.", "success"),
        ("The waiting time to a first meeting went up from three to six weeks.", "challenge"),
    ],
)
def test_halving_doubling_and_up_from_are_outcomes(engine: Engine, text: str, stance: str) -> None:
    # A waiting time is a problem: halved is good news, doubled or up is not.
    assert coded(engine, text) == {"inflode": stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # As much for as against, with words that take no side: no view either way.
        ("Vissa skolor är nöjda och andra missnöjda, svårt att säga mer än så.", "neutral"),
        # Views set side by side ("vissa … andra") report a split: no view either way.
        ("Vissa skolor är nöjda och andra missnöjda.", "neutral"),
        # … but a split that shows unevenness named as such is a concern.
        ("Inflödet var ojämnt: vissa skolor skickade många ärenden, andra inga alls.", "challenge"),
        # As much for as against without a split: a concern, as before.
        ("Skolorna är nöjda med mötena men missnöjda med uppföljningen.", "challenge"),
    ],
)
def test_a_balanced_sentence_that_takes_no_side_is_neutral(
    engine: Engine, text: str, stance: str
) -> None:
    from analysis.arrays import token_arrays
    from analysis.rules import CUES_KEY
    from analysis.stance import read, sentence_point

    answer = Answer("n", text)
    [(doc, lang)] = list(engine.parse([answer]))
    cues = doc.user_data[CUES_KEY]
    span = sentence_point(token_arrays(doc)["lower"], (0, len(doc)), cues)
    reading = read(span, cues)
    assert engine.stance_reader.rule_stance(reading, answer, doc, span) == stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Inflöde: 9 ärenden (mål 30).", "challenge"),
        ("Inflöde: 34 ärenden (mål 30).", "success"),
        ("Referrals: 9 cases by December (target 30).", "challenge"),
        # Less is better for a waiting time: under the target is good news.
        ("Väntetid till första möte: 12 dagar (mål 21).", "success"),
    ],
)
def test_a_figure_set_against_its_target_says_how_it_went(
    engine: Engine, text: str, stance: str
) -> None:
    assert coded(engine, text) == {"inflode": stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Väntetid BUP: 8 mån.", "challenge"),
        # A wait of weeks, as for the team's first meeting, is often just a fact.
        ("Väntetid till första möte: 3 veckor.", "neutral"),
    ],
)
def test_a_wait_of_months_is_a_concern(engine: Engine, text: str, stance: str) -> None:
    assert coded(engine, text) == {"inflode": stance}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mål 60 elever, utfall 28.", "challenge"),
        ("Target 60 pupils, actual 28.", "challenge"),
        ("Projektet nådde 28 av de 60 elever som angavs som mål.", "challenge"),
        ("Närvaro 74 % (mål 80 %)", "challenge"),
        ("Frånvaron 30 % (målet var högst 20 %)", "challenge"),
        ("Mål: 40 elever. Utfall hittills 45 elever.", "success"),
        # Not a figure against a target.
        ("Delmål 2 uppnått: samtliga elever har en handlingsplan.", None),
        ("Budget 2024: 12 mkr", None),
        ("Mål för hösten: 30 elever, 12 skolor, 4 hembesök i veckan.", None),
    ],
)
def test_against_target_compares_the_two_figures(text: str, expected: str | None) -> None:
    from analysis.reporting import against_target

    assert against_target(text) == expected


def test_a_negation_in_a_comment_clause_opened_by_vilket_is_no_lack(engine: Engine) -> None:
    # "vilket ingen … hade bedömts" says how unlikely it was, not that something lacked.
    text = "Eleverna i nian blev behöriga till gymnasiet, vilket ingen av dem hade bedömts bli."
    assert coded(engine, text) == {"narvaro": "success"}


@pytest.mark.parametrize(
    ("text", "theme", "stance"),
    [
        # Good before and still: continuity, not a lingering problem ("fortfarande").
        (
            "Vår samverkan med socialtjänsten var god redan innan och är det fortfarande.",
            "samverkan_skola_soc",
            "success",
        ),
        (
            "We had good contact with social services before and still do.",
            "samverkan_skola_soc",
            "success",
        ),
        # A wait that grew.
        (
            "Väntetiden från aktualisering till första kontakt blev längre under våren.",
            "inflode",
            "challenge",
        ),
        # A need only when it arose: no lack.
        (
            "Samverkan med socialtjänsten fungerade väl när det behövdes.",
            "samverkan_skola_soc",
            "success",
        ),
    ],
)
def test_continuity_growth_and_needs_as_they_arise(
    engine: Engine, text: str, theme: str, stance: str
) -> None:
    assert coded(engine, text) == {theme: stance}


@pytest.mark.parametrize(
    ("text", "theme", "stance"),
    [
        # The problem after the outcome word, far from it: what grew is the knowledge.
        (
            "Elevhälsans personal har fått ökad kunskap om orsaker till långvarig frånvaro.",
            "kompetens_engagemang",
            "success",
        ),
        # No change is no judgement; where a result is shown is method.
        ("För en tredjedel av eleverna syntes ingen förändring i närvaron.", "narvaro", "neutral"),
        ("Andelen elever med förbättrad närvaro redovisas i tabell 4.", "narvaro", "neutral"),
    ],
)
def test_what_an_outcome_is_of_and_results_without_judgement(
    engine: Engine, text: str, theme: str, stance: str
) -> None:
    assert coded(engine, text) == {theme: stance}


def test_a_problem_before_the_outcome_word_is_what_rose() -> None:
    from analysis.stance import read

    # "Frånvaron bland eleverna i årskurs 8 ökade": the problem six words before.
    cues = [("problem", 0, 1), ("rise", 6, 7)]
    reading = read((0, 9), cues)
    assert (reading.success, reading.challenge) == (0, 1)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        (
            "Utvärderingen bygger på två workshoppar och en enkät om samverkan med socialtjänsten.",
            "samverkan_skola_soc",
        ),
        (
            "Frånvaron mättes som antal timmar ogiltig frånvaro enligt skolornas närvarosystem.",
            "narvaro",
        ),
        ("R3 = chef för samverkan med socialtjänsten, svarade skriftligt", "samverkan_skola_soc"),
        ("Boostermöten med skolorna planerade mars–april.", "inflode"),
    ],
)
def test_sources_measures_respondent_codes_and_plans_are_descriptive(
    engine: Engine, text: str, theme: str
) -> None:
    assert coded(engine, text) == {theme: "neutral"}


@pytest.mark.parametrize(
    ("text", "describes"),
    [
        ("Jag är enhetschef på socialtjänsten.", True),
        ("Jag är en av rektorerna i projektet.", True),
        ("I'm a teacher at one of the schools.", True),
        ("Jag är glad att vi kom igång.", False),
        ("I'm back at school now.", False),
    ],
)
def test_a_respondents_role_is_a_description(text: str, describes: bool) -> None:
    from analysis.reporting import reports_a_procedure

    assert reports_a_procedure(text) is describes


@pytest.mark.parametrize(
    ("text", "describes"),
    [
        ("Närvaron mättes i timmar per termin.", True),
        ("Hembesök 3g/v i början", True),
        ("Handledning en gång i månaden", True),
        # "8 g…" is a number and a word, not "8 gånger".
        ("En elev i åk 8 gick från nästan ingen närvaro till hela dagar.", False),
    ],
)
def test_a_schedule_is_a_description_and_a_number_before_a_word_is_not(
    text: str, describes: bool
) -> None:
    from analysis.reporting import reports_a_procedure

    assert reports_a_procedure(text) is describes


def test_more_than_planned_compares_and_is_no_plan(engine: Engine) -> None:
    assert coded(engine, "Kostnaden per elev blev högre än planerat.")["budget_finansiering"] == (
        "challenge"
    )


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # The need is the condition of a "när" clause, not a lack.
        ("Samverkan med socialtjänsten fungerade väl när frågor behövde lyftas.", "success"),
        ("Samverkan med socialtjänsten behöver lyftas till förvaltningsledningen.", "challenge"),
    ],
)
def test_a_need_inside_a_when_clause_is_a_condition(engine: Engine, text: str, stance: str) -> None:
    assert coded(engine, text) == {"samverkan_skola_soc": stance}
