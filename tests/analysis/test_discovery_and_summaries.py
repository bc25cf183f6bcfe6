"""Theme discovery in uncovered answers, and summaries with typical quotes."""

from __future__ import annotations

from analysis.discovery import discover
from analysis.engine import Answer, Engine
from analysis.summaries import Item, summarise, typical
from analysis.terms import keyness


def test_keyness_prefers_terms_typical_of_the_target_not_merely_frequent() -> None:
    target = [["skolskjuts", "elev"], ["skolskjuts", "elev"], ["skolskjuts", "buss"]]
    reference = [["elev", "lärare"], ["elev"], ["elev", "rektor"], ["elev"]]
    ranked = [term for term, _ in keyness(target, reference)]
    assert ranked[0] == "skolskjuts"
    assert "elev" not in ranked


def test_discovery_offers_a_candidate_theme_from_uncovered_answers(engine: Engine) -> None:
    answers = [
        Answer("1", "Skolskjutsen fungerade inte på måndagarna."),
        Answer("2", "Problem med skolskjuts gjorde att hon kom sent varje dag."),
        Answer("3", "Skolskjutsen kom aldrig i tid på vintern."),
        Answer("4", "Kartläggningen gav en tydlig bild av elevens behov."),
        Answer("5", "Hembesöken var viktiga för familjerna."),
    ]
    coded = engine.code(answers)
    candidates = discover(coded)
    assert candidates, "the uncovered answers share a theme"
    first = candidates[0]
    assert "skolskjuts" in first.label
    assert set(first.answer_ids) == {"1", "2", "3"}
    assert first.examples and all("kolskjuts" in e for e in first.examples)


def test_typical_quotes_are_the_central_ones_not_the_longest() -> None:
    segments = [
        ("Hembesöken gav kontakt med familjen.", ["hembesök", "kontakt", "familj"]),
        ("Hembesök skapade kontakt.", ["hembesök", "kontakt"]),
        (
            "En mycket lång mening om allt möjligt annat, som budget, lokaler och politik och annat.",
            ["budget", "lokal", "politik", "mening"],
        ),
        ("Kontakt med familjen via hembesök.", ["kontakt", "familj", "hembesök"]),
    ]
    quotes = typical(segments, 2)
    assert "budget" not in " ".join(quotes)


def test_summaries_rank_themes_by_respondents_and_split_by_stance_and_group() -> None:
    items = [
        Item(
            "a1",
            "r1",
            "q2",
            "Järva",
            "sv",
            "Hembesöken var bra.",
            (("flexibilitet", "success", 0, 19),),
        ),
        Item(
            "a2",
            "r2",
            "q2",
            "Järva",
            "sv",
            "Hembesök och små steg.",
            (("flexibilitet", "success", 0, 22),),
        ),
        Item(
            "a3",
            "r3",
            "q2",
            "Kungsholmen",
            "sv",
            "Teamet var tvärprofessionellt.",
            (("tvarprofessionellt_team", "success", 0, 30),),
        ),
        Item(
            "a4",
            "r3",
            "q2",
            "Kungsholmen",
            "sv",
            "Hembesöken.",
            (("flexibilitet", "success", 0, 11),),
        ),
        Item(
            "a5",
            "r4",
            "q2",
            "Kungsholmen",
            "sv",
            "Lokaler saknades.",
            (("lokaler_it", "challenge", 0, 17),),
        ),
    ]
    result = summarise(items)
    everyone = result[("q2", "")]
    assert everyone[0].theme == "flexibilitet" and everyone[0].respondents == 3
    assert everyone[0].share == 0.75
    assert len(everyone[0].quotes) == 3
    challenge = [s for s in everyone if s.stance == "challenge"]
    assert challenge[0].theme == "lokaler_it"
    assert {s.theme for s in result[("q2", "Järva")]} == {"flexibilitet"}
