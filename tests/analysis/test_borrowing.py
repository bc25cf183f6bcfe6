"""A codebook written elsewhere borrows the starter codebook's keywords where its codes
meet the starter codes on the project's coded answers, and its model learns from those
answers coded in its own codes; a codebook from another field borrows nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis import borrowing, starter_examples
from analysis.codebook import Theme, bundled, load, loads
from analysis.engine import MIN_TRAINING, Answer, Engine
from tests.analysis.conftest import FAMILY_CODEBOOK

LIBRARY = """
[codebook]
name = "Bibliotekets besökare"
language = "sv"

[[themes]]
id = "oppettider"
label = "Öppettider"
description = "När biblioteket har öppet: kvällar, helger och sommaruppehåll."

[[themes]]
id = "bokutbud"
label = "Bokutbud"
description = "Vilka böcker, tidskrifter och ljudböcker som finns att låna."
"""

# Answers about trust in words the family codebook's description does not use, but the
# starter codebook's trust code lists ("samma person", "lyhörd", "kontinuitet").
TRUST = [
    "Det betydde mycket att det var samma person som kom varje gång.",
    "Hon var lyhörd och dömde oss aldrig.",
    "Kontinuiteten i kontakten gjorde att pappan till slut öppnade sig.",
]


@pytest.fixture(scope="module")
def family() -> Engine:
    engine = Engine(loads(FAMILY_CODEBOOK, "familj.toml"))
    engine.code([Answer("x", "Start.")])  # the match is read at the first answer
    return engine


def themes(engine: Engine, texts: list[str]) -> list[set[str]]:
    coded = engine.code([Answer(str(i), t) for i, t in enumerate(texts)])
    return [set(c.themes()) for c in coded]


def test_a_code_about_trust_borrows_the_starter_codebooks_trust_keywords(family: Engine) -> None:
    assert family.borrowed == {"tillit": ("relation_fortroende",)}
    assert family.lenders == family.borrowed
    assert themes(family, TRUST) == [{"tillit"}] * 3
    # The same codebook read as written finds none of them.
    alone = Engine(loads(FAMILY_CODEBOOK, "familj.toml"), borrow=False)
    assert themes(alone, TRUST) == [set()] * 3
    assert alone.borrowed == {}


def test_a_borrowed_keyword_is_shown_as_the_evidence(family: Engine) -> None:
    [coded] = family.code([Answer("a", TRUST[0])])
    [suggestion] = coded.suggestions
    assert suggestion.source == "rule"
    assert "samma person" in {e.detail or e.text for e in suggestion.evidence}


def test_a_code_that_meets_no_starter_code_borrows_nothing(family: Engine) -> None:
    assert "fritid" not in family.borrowed
    assert themes(family, ["Han började spela fotboll på fritiden."]) == [{"fritid"}]


def test_a_codebook_from_another_field_borrows_nothing() -> None:
    library = Engine(loads(LIBRARY, "bibliotek.toml"))
    alone = Engine(loads(LIBRARY, "bibliotek.toml"), borrow=False)
    assert themes(library, TRUST) == themes(alone, TRUST)
    assert library.borrowed == {}


def test_the_starter_codebook_borrows_nothing_from_itself() -> None:
    for joined in (True, False):
        engine = Engine(load(bundled()), joined=joined)
        engine.code([Answer("a", TRUST[0])])
        assert engine.borrowed == {}


def test_its_model_learns_from_the_starter_answers_coded_in_its_own_codes(family: Engine) -> None:
    decisions: list[tuple[Answer, list[str]]] = [
        (Answer(f"t{i}", text), ["tillit"]) for i, text in enumerate(TRUST)
    ]
    decisions += [
        (Answer("f1", "Hon spelar fiol i kulturskolan varje vecka."), ["fritid"]),
        (Answer("f2", "Fotbollsträningen på tisdagar blev viktig för honom."), ["fritid"]),
        (Answer("f3", "Han har börjat på scouterna."), ["fritid"]),
        (Answer("n1", "Vi träffades i skolans lokaler på onsdagar."), []),
        (Answer("n2", "Mötena hölls en gång i månaden."), []),
    ]
    assert len(decisions) >= MIN_TRAINING
    model = family.train(decisions)
    assert model is not None
    assert model.examples == len(decisions) + len(starter_examples.examples())
    assert model.positives["tillit"] > 100  # the starter answers coded with trust
    # With fewer decisions than a model needs, it waits: the starter answers alone do
    # not train another codebook's model.
    assert family.train(decisions[:3]) is None
    family.model = family.stance_model = None


def test_matches_keeps_every_starter_code_found_at_the_f1_threshold_best_first() -> None:
    suggested = [{"a"}, {"a"}, {"a", "b"}, set(), {"b"}]
    coded = [{"x"}, {"x", "y"}, {"y"}, {"y"}, set()]
    # a ~ x: 2 of 3 suggestions, 2 coded: F1 0.8; a ~ y: 2 of 3, 3 coded: F1 0.67;
    # b ~ y: 1 of 2, 3 coded: F1 0.4; b ~ x: none.
    assert borrowing.matches(suggested, coded, ["a", "b"], ["x", "y"]) == {
        "a": ("x", "y"),
        "b": ("y",),
    }
    # b ~ y: 1 of 6 suggestions, 1 coded: F1 0.29, under the threshold.
    often = [{"b"}] * 6
    assert borrowing.matches(often, [{"y"}] + [set()] * 5, ["b"], ["y"]) == {}


def test_translated_codes_a_starter_answer_in_the_codes_that_borrowed() -> None:
    matched = {"tillit": ("relation_fortroende",), "stod": ("foraldrastod", "maende")}
    assert borrowing.translated({"maende"}, matched, set()) == {"stod"}
    assert borrowing.translated({"relation_fortroende"}, matched, {"fritid"}) == {
        "tillit",
        "fritid",
    }
    # A code that borrowed is decided by the starter codes, not by its own rules.
    assert borrowing.translated({"narvaro"}, matched, {"tillit"}) == set()


def test_borrowed_joins_keywords_in_every_language_and_keeps_the_codes_own() -> None:
    codebook = loads(
        """
[codebook]
name = "Egen"
language = "sv"

[[themes]]
id = "tillit"
label = "Tillit"
keywords = ["tillit", "förtroende"]
weak_keywords = ["kontakt"]
""",
        "egen.toml",
    )
    lent = borrowing.borrowed(
        codebook, starter_examples.starter(), {"tillit": ("relation_fortroende",)}
    )
    theme: Theme = lent.theme("tillit")
    starter = starter_examples.starter().theme("relation_fortroende")
    assert theme.keywords_for("sv")[:2] == ("tillit", "förtroende")
    assert set(starter.keywords_for("sv")) <= set(theme.keywords_for("sv"))
    assert theme.keywords_for("sv").count("förtroende") == 1
    assert set(starter.keywords_for("en")) <= set(theme.keywords_for("en"))
    assert set(theme.weak_for("sv")) == {"kontakt", *starter.weak_for("sv")}
    assert lent.theme("tillit").label == "Tillit"
    assert codebook.theme("tillit").keywords_for("en") == ()  # the codebook is not changed


def test_an_edited_starter_codebook_keeps_its_keywords_as_the_evaluator_left_them() -> None:
    starter = load(bundled())
    trust = starter.theme("relation_fortroende")
    edited_trust = replace(
        trust,
        keywords={
            lang: tuple(k for k in words if k != "samma person")
            for lang, words in trust.keywords.items()
        },
    )
    bus = Theme(
        id="skolskjuts",
        label="Skolskjuts",
        description="Resor till och från skolan med skolskjuts eller taxi.",
        parent=trust.parent,
    )
    themes = tuple(edited_trust if t.id == trust.id else t for t in starter.themes)
    edited = replace(starter, themes=(*themes, bus))
    engine = Engine(edited)
    text = "Det betydde mycket att det var samma person som kom varje gång."
    assert "relation_fortroende" not in themes_of(engine, text)  # taken out, stays out
    assert "relation_fortroende" in themes_of(Engine(starter), text)
    # Its codes match their starter codes, so the starter answers teach its model.
    assert engine.borrowed["relation_fortroende"][0] == "relation_fortroende"
    assert "relation_fortroende" not in engine.lenders  # it lends its own keywords nothing
    decisions = [
        (Answer(f"a{i}", f"Skolskjutsen kom sent dag {i}."), ["skolskjuts"]) for i in range(8)
    ]
    model = engine.train(decisions)
    assert model is not None
    assert model.examples == len(decisions) + len(starter_examples.examples())


def themes_of(engine: Engine, text: str) -> set[str]:
    return set(engine.code([Answer("a", text)])[0].themes())


def test_a_code_sharing_a_starter_codes_id_without_keywords_borrows_from_it() -> None:
    # Another tool's codebook names its trust code as the starter codebook does, with a
    # description and no keyword: nothing of it to keep as an evaluator left it.
    namesake = FAMILY_CODEBOOK.replace('id = "tillit"', 'id = "relation_fortroende"')
    engine = Engine(loads(namesake, "familj.toml"))
    assert engine.lenders == {"relation_fortroende": ("relation_fortroende",)}
    assert themes(engine, TRUST) == [{"relation_fortroende"}] * 3
    # With a keyword of its own it is the starter code as edited: its words stay its own.
    edited = namesake.replace(
        'label = "Tillit mellan familj och personal"',
        'label = "Tillit mellan familj och personal"\nkeywords = ["tillit"]',
    )
    assert Engine(loads(edited, "familj.toml")).lenders == {}


def test_a_lender_is_described_with_its_label_in_the_readers_language_and_all_its_words() -> None:
    starter = starter_examples.starter()
    theme = starter.theme("relation_fortroende")
    [swedish] = borrowing.described(starter, ["relation_fortroende", "borttagen"], "sv")
    [english] = borrowing.described(starter, ["relation_fortroende"], "en")
    assert (swedish.label, english.label) == (theme.label, theme.label_en)
    assert theme.label != theme.label_en != ""
    assert (list(swedish.keywords), list(english.keywords)) == (["sv", "en"], ["en", "sv"])
    # Plain keywords, then the weak ones a suggestion may also show as evidence.
    for lang in ("sv", "en"):
        words = swedish.keywords[lang]
        assert words[: len(theme.keywords_for(lang))] == theme.keywords_for(lang)
        assert set(theme.weak_for(lang)) <= set(words)


def test_only_a_borrowing_codebooks_lent_answers_weigh_less_than_the_evaluators(
    monkeypatch: pytest.MonkeyPatch, family: Engine
) -> None:
    """The starter codebook's own coded answers are its coding, not a translation: there
    the evaluators' decisions count as one answer each, as the joined answers do."""
    from analysis import engine as engine_module

    seen: list[int | None] = []
    real = engine_module.ThemeModel.train

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs.get("own"))
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_module.ThemeModel, "train", spy)
    texts = ["Vi träffades i skolans lokaler.", "Mötena hölls en gång i månaden."] * 5
    decisions = [(Answer(f"a{i}", t), []) for i, t in enumerate(texts)]
    family.train(decisions)
    family.model = family.stance_model = None
    starter = Engine(load(bundled()))
    starter.train(decisions)
    assert seen == [len(decisions), None]
