"""The starter codebook's own coded answers join the evaluators' decisions when the theme
model is trained: only for that codebook, only its tuning sets, and to the benefit of
an evaluation that has made few decisions yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import evaluate as ev
from analysis import starter_examples
from analysis.codebook import bundled, load, loads
from analysis.engine import Answer, Engine
from analysis.files import read_coded
from bench.engine import GOLD, SETS
from survey.cli.engine import stance_hints
from tests.analysis.conftest import SMALL_CODEBOOK

CODEBOOK = SMALL_CODEBOOK
LEISURE = [
    "Hon började spela gitarr på fritidsgården och fick nya vänner där.",
    "Kören på tisdagar blev en fast punkt i veckan för flickan.",
    "Han spelar trummor i ett band efter skolan och ser fram emot det.",
    "Gitarrlektionerna gav henne något att längta till varje vecka.",
    "Musikskolan tog emot honom och nu spelar han gitarr hemma också.",
    "Gitarren blev hans sätt att koppla av efter skoldagen.",
]
MEALS = [
    "Frukosten hemma uteblev ofta och hon var hungrig redan vid nio.",
    "Vi ordnade mellanmål så att han orkade hela eftermiddagen.",
    "Matsalen var för stökig så han åt i ett mindre rum med en vuxen.",
    "Han åt ingenting under skoldagen och blev trött och arg.",
    "Mellanmålet klockan två gjorde stor skillnad för orken.",
    "När frukosten kom igång hemma blev förmiddagarna lugnare.",
]


def _examples() -> list[tuple[Answer, list[str]]]:
    rows = [(Answer(f"l{i}", t), ["fritid"]) for i, t in enumerate(LEISURE)]
    rows += [(Answer(f"m{i}", t), ["mat"]) for i, t in enumerate(MEALS)]
    return rows * 3


def test_the_starter_codebook_in_either_language_joins_its_coded_answers() -> None:
    for name in ("codebook_sst.toml", "codebook_sst_en.toml"):
        assert starter_examples.applies(load(bundled(name)))
    joined = [row for _, rows in starter_examples.by_file(load(bundled())) for row in rows]
    assert len(joined) > 1500
    assert all(themes.keys() <= {t.id for t in load(bundled()).codable()} for _, themes in joined)


def test_a_codebook_with_other_codes_joins_none() -> None:
    own = loads(CODEBOOK, "liten.toml")
    assert not starter_examples.applies(own)
    assert starter_examples.by_file(own) == ()
    engine = Engine(own)
    assert not engine.joined


def test_an_edited_starter_codebook_with_one_code_more_joins_none() -> None:
    text = bundled().read_text(encoding="utf-8")
    text += '\n[[themes]]\nid = "ny_kod"\nlabel = "Ny kod"\nkeywords = ["ekorre"]\n'
    assert not starter_examples.applies(loads(text, "edited.toml"))


def test_only_tuning_sets_are_joined_never_a_held_out_one() -> None:
    held_out = {path.relative_to(GOLD).as_posix() for *_, path, _, held in SETS if held}
    tuning = {path.relative_to(GOLD).as_posix() for _, book, path, _, held in SETS if not held}
    joined = set(starter_examples.FILES + starter_examples.OWN_FILES)
    assert joined <= tuning
    assert not joined & held_out


def test_the_joined_answers_carry_the_bundled_questionnaires_hints() -> None:
    assert stance_hints(()) == starter_examples.HINTS


@pytest.fixture(scope="module")
def held_out() -> list:
    codebook = load(bundled())
    return read_coded(GOLD / "gold_sv.csv", codebook.ids, stance_hints(()))


def test_after_a_few_tens_of_decisions_the_joined_model_codes_better_than_their_own(
    held_out: list,
) -> None:
    # An evaluation of the starter codebook that has decided 30 answers: the model
    # trained with the joined answers codes the rest better than one trained on the 30.
    train, test = ev.split(held_out, 30 / len(held_out), 0)
    themes = [t.id for t in load(bundled()).codable()]
    scores = {}
    for joined in (False, True):
        engine = Engine(load(bundled()), joined=joined)
        engine.train([(g.answer, g.themes) for g in train])
        coded = engine.code([g.answer for g in test])
        scores[joined] = ev.score(test, [c.themes() for c in coded], themes)["micro_f1"]
    assert scores[True] > scores[False] + 0.01


def test_files_left_out_are_not_learnt_from(held_out: list) -> None:
    train = [(g.answer, g.themes) for g in held_out[:40]]
    probe = [g.answer for g in held_out[40:120]]
    alone = Engine(load(bundled()), joined=False)
    alone.train(train)
    none_left = Engine(load(bundled()))
    none_left.joined_exclude = frozenset(starter_examples.FILES + starter_examples.OWN_FILES)
    none_left.train(train)
    assert none_left.scores(probe) == alone.scores(probe)


def test_a_theme_the_model_adds_without_a_keyword_reads_its_stance_where_the_point_is() -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    engine.train(_examples())
    answer = Answer("p1", "Det var jobbigt och tungt i början men nu spelar han gitarr och trivs.")
    (coded,) = engine.code([answer])
    added = [s for s in coded.suggestions if s.theme == "fritid"]
    assert added and added[0].source == "model"
    assert added[0].stance == "success"


def test_the_joined_files_ship_with_the_package() -> None:
    data = Path(starter_examples.__file__).parent / "data" / "gold"
    for name in starter_examples.FILES + starter_examples.OWN_FILES:
        assert (data / name).is_file()


def test_answers_joined_to_the_starter_codebook_alone_are_not_lent_to_another() -> None:
    joined = {name for name, _ in starter_examples.by_file(load(bundled()))}
    lent = {name for name, _ in starter_examples.every_file()}
    assert set(starter_examples.OWN_FILES) <= joined
    assert not set(starter_examples.OWN_FILES) & lent
    assert lent == set(starter_examples.FILES)
    lent_texts = {answer.text for answer, _ in starter_examples.examples()}
    own = {
        answer.text
        for name, rows in starter_examples.by_file(load(bundled()))
        if name in starter_examples.OWN_FILES
        for answer, _ in rows
    }
    assert own and not own <= lent_texts


def test_the_starter_codebook_trains_a_model_from_no_decisions_and_another_does_not() -> None:
    assert Engine(load(bundled())).train([]) is not None
    assert Engine(load(bundled()), joined=False).train([]) is None
    assert Engine(loads(CODEBOOK, "liten.toml")).train(_examples()[:3]) is None
