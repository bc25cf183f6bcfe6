"""The learned model: trained from coded answers, saved per codebook version, merged with
the rules with its provenance and confidence kept; it overrules the rules for a theme
only where cross-validation inside the training answers says it does better."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import models
from analysis.codebook import loads
from analysis.engine import Answer, Engine
from analysis.features import View
from tests.analysis.conftest import SMALL_CODEBOOK

CODEBOOK = SMALL_CODEBOOK

MUSIC = [
    "Eleven började spela gitarr på fritidsgården och fick nya kompisar där.",
    "Kören på onsdagar blev en trygg punkt i veckan för pojken.",
    "Hon sjunger i en musikgrupp efter skolan och längtar dit.",
    "Trumlektionerna gav honom något att se fram emot varje vecka.",
    "Musikskolan tog emot honom och han spelar piano nu.",
    "Gitarrlektioner efter skolan hjälpte henne att komma igång.",
]
FOOD = [
    "Skolmaten var ett problem, han åt ingenting hela dagen.",
    "Frukost hemma saknades ofta och hon var hungrig på förmiddagen.",
    "Vi ordnade mellanmål så att han orkade till eftermiddagen.",
    "Matsalen var stökig så hon åt i ett mindre rum.",
    "Han åt bättre när frukosten kom igång hemma.",
    "Mellanmålet på eftermiddagen gjorde stor skillnad för orken.",
]


def _examples() -> list[tuple[Answer, list[str]]]:
    rows = [(Answer(f"m{i}", t), ["fritid"]) for i, t in enumerate(MUSIC)]
    rows += [(Answer(f"f{i}", t), ["mat"]) for i, t in enumerate(FOOD)]
    return rows * 3


def test_a_trained_model_suggests_themes_the_rules_cannot_see(tmp_path: Path) -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    probe = [
        Answer("n1", "Han har börjat spela gitarr i ett band."),
        Answer("n2", "Frukosten hemma blev bättre."),
    ]
    assert all(not c.suggestions for c in engine.code(probe)), "no keyword matches these"
    engine.train(_examples())
    coded = {c.answer.id: c for c in engine.code(probe)}
    music = [s for s in coded["n1"].suggestions if s.theme == "fritid"]
    food = [s for s in coded["n2"].suggestions if s.theme == "mat"]
    assert music and music[0].source == "model" and music[0].confidence > 0.5
    assert food and food[0].source == "model"
    assert '"kind":"model"' in music[0].evidence_json()


def test_a_keyword_hit_the_model_has_no_evidence_against_stays_a_rule_suggestion() -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    engine.train(_examples()[:10])
    coded = engine.code([Answer("r", "Han spelar fotboll på rasterna igen.")])[0]
    assert coded.themes() == {"fritid": "success"}
    assert coded.suggestions[0].source == "rule"


def test_models_are_saved_per_codebook_version_and_reloaded(tmp_path: Path) -> None:
    first = Engine(loads(CODEBOOK, "liten.toml"))
    first.train(_examples())
    path = models.save(first, tmp_path)
    assert path.parent == tmp_path / "models"
    again = Engine(loads(CODEBOOK, "liten.toml"))
    assert models.load_saved(again, tmp_path)
    probe = [Answer("n", "Gitarren blev hans grej."), Answer("f", "Han spelar fotboll.")]
    assert first.scores(probe) == again.scores(probe)
    assert [c.themes() for c in first.code(probe)] == [c.themes() for c in again.code(probe)]
    changed = Engine(loads(CODEBOOK.replace('"lunch"', '"lunch", "frukost"'), "liten.toml"))
    assert not models.load_saved(changed, tmp_path), "a changed codebook needs its own model"


def test_retraining_happens_after_enough_new_codes() -> None:
    assert not models.should_retrain(30, 10, every=25)
    assert models.should_retrain(35, 10, every=25)


def test_a_stance_model_learns_how_a_question_leans() -> None:
    from analysis.codebook import bundled, load

    engine = Engine(load(bundled()), stance_prior=False)  # the rules alone to start from
    texts = [
        "Budgeten efter projektet.",
        "Finansieringen framåt.",
        "Pengarna till teamet.",
        "Budget och resurser.",
        "Medel för nästa år.",
    ]
    examples = [
        (Answer(f"e{i}-{j}", t, "q9_ekonomin"), {"budget_finansiering": "challenge"})
        for i in range(12)
        for j, t in enumerate(texts)
    ]
    probe = [Answer("p", "Budgeten för teamet.", "q9_ekonomin")]
    before = engine.code(probe)[0].themes()
    assert before == {"budget_finansiering": "success"}, "no cue word: the rules default to success"
    engine.train(examples)
    assert engine.stance_model is not None and engine.stance_model.trusted
    assert engine.code(probe)[0].themes() == {"budget_finansiering": "challenge"}


def test_a_stance_model_that_beats_the_rules_only_by_chance_is_not_used() -> None:
    import numpy as np

    from analysis.learned import STANCE_LABELS, StanceModel, beats_rules, words_block

    # Of 20 left-out readings the rules get 14 right; the model gets 3 right that the
    # rules got wrong and 1 wrong that they got right: 16 against 14, which 20 examples
    # cannot tell from luck.
    truth = np.array([0] * 14 + [1] * 6)
    rules = ["success"] * 20
    predicted = truth.copy()
    predicted[0] = 1  # one loss
    predicted[17:] = 0  # three of the rules' six misses still missed: three wins
    assert sum(predicted == truth) == 16
    assert sum(np.array([STANCE_LABELS.index(r) for r in rules]) == truth) == 14
    assert not beats_rules(predicted, rules, truth)
    assert beats_rules(truth, ["success"] * 20, np.array([0] * 8 + [1] * 12))

    # Twelve clauses whose stance no word tells apart: the rules read "success" and are
    # right half the time; whatever the model learns is luck on so few examples.
    rows = [{"w:" + w: v for w, v in words_block([f"ord{i}", "teamet"]).items()} for i in range(12)]
    gold = ["success", "challenge"] * 6
    model = StanceModel.train(rows, ["success"] * 12, gold)
    assert not model.trusted
    assert [s for s, _ in model.predict(rows, ["success"] * 12)] == ["success"] * 12
    # The same examples, with a word that does tell them apart, many times over: trusted.
    rows = [{"w:" + ("bra" if s == "success" else "svårt"): 1.0} for s in gold] * 3
    model = StanceModel.train(rows, ["success"] * 36, gold * 3)
    assert model.trusted
    assert [s for s, _ in model.predict(rows[:2], ["success"] * 2)] == ["success", "challenge"]


def test_the_model_learns_which_questions_a_theme_belongs_to() -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    said = [
        "Vi gör så nu också.",
        "Det har vi tagit med oss.",
        "Vi jobbar likadant nu.",
        "Det sitter kvar hos oss.",
    ]
    examples = [
        (Answer(f"q4-{i}-{j}", t, "q4_organisation"), ["fritid"])
        for i in range(6)
        for j, t in enumerate(said)
    ] + [
        (Answer(f"q2-{i}-{j}", t, "q2_framgang"), []) for i in range(6) for j, t in enumerate(said)
    ]
    engine.train(examples)
    probe = "Vi gör likadant nu."
    in_q4 = engine.code([Answer("a", probe, "q4_organisation")])[0]
    in_q2 = engine.code([Answer("b", probe, "q2_framgang")])[0]
    assert "fritid" in in_q4.themes() and in_q4.suggestions[0].source == "model"
    assert "fritid" not in in_q2.themes()


FOOTBALL_KEPT = [
    "Han spelar fotboll i klubben två kvällar i veckan.",
    "Fotbollsträningen blev det som höll ihop veckan.",
    "Laget och fotbollen gav honom kompisar.",
    "Hon började spela fotboll med en förening igen.",
]
FOOTBALL_REJECTED = [
    "Han såg fotboll på nätterna och kom inte upp.",
    "Fotbollsmatcher på tv till tre på natten förstörde sömnen.",
    "Han tittade på fotboll i mobilen hela natten.",
    "Nattliga fotbollssändningar gjorde honom trött.",
]


def _football(rounds: int) -> list[tuple[Answer, list[str]]]:
    """The evaluators accept "fotboll" for leisure when it is played, reject it when it
    is watched at night: `rounds` times each of the eight answers."""
    examples = [
        (Answer(f"k{i}-{j}", t), ["fritid"])
        for i in range(rounds)
        for j, t in enumerate(FOOTBALL_KEPT)
    ]
    return examples + [
        (Answer(f"r{i}-{j}", t), []) for i in range(rounds) for j, t in enumerate(FOOTBALL_REJECTED)
    ]


def test_a_model_drops_keyword_hits_the_evaluators_keep_rejecting_from_few_answers() -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    probe = [Answer("p", "Han såg fotboll på tv hela natten.")]
    assert "fritid" in engine.code(probe)[0].themes(), "the keyword alone suggests it"
    engine.train(_football(3))  # 24 decided answers
    assert engine.model is not None and engine.model.examples == 24
    assert "fritid" not in engine.code(probe)[0].themes()
    assert "fritid" in engine.code([Answer("q", "Han spelar fotboll i en klubb.")])[0].themes()


def test_decisions_with_no_pattern_leave_the_keyword_hits_as_the_rules_made_them() -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    texts = [
        f"{t} Det var vecka {n}."
        for n, t in enumerate((FOOTBALL_KEPT + FOOTBALL_REJECTED) * 2, start=10)
    ]
    answers = [Answer(f"a{i}", t) for i, t in enumerate(texts)]
    rules = [c.themes() for c in engine.code(answers)]
    rule_scores = engine.scores(answers)
    # Accepted and rejected as if by a coin: nothing to tell the two apart by.
    coin = [i % 3 == 0 for i in range(len(texts))]
    engine.train([(a, ["fritid"] if keep else []) for a, keep in zip(answers, coin, strict=True)])
    assert engine.model is not None and "fritid" in engine.model.ruled
    coded = engine.code(answers)
    assert [c.themes() for c in coded] == rules
    # … and reported as the rules' own: no model confidence, the rules' score, so the
    # review queue orders these answers by how sure the rules are.
    assert all(s.confidence is None for c in coded for s in c.suggestions)
    assert [s["fritid"] for s in engine.scores(answers)] == [s["fritid"] for s in rule_scores]


def test_a_model_whose_evidence_does_not_beat_the_rules_keeps_their_hits() -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    mixed = [(Answer(f"a{i}", t), ["fritid"]) for i, t in enumerate(FOOTBALL_KEPT * 2)]
    engine.train(mixed)  # every hit accepted: nothing to learn against the rules
    assert engine.model is not None and engine.model.examples == 8
    coded = engine.code([Answer("p", "Han såg fotboll på tv hela natten.")])[0]
    assert "fritid" in coded.themes()
    assert coded.suggestions[0].source == "rule", "the keyword evidence still says where"


def test_left_out_logits_match_refitting_without_the_row() -> None:
    """Thresholds are chosen on training answers as if each had been left out: the
    shortcut from the last Newton step must agree with really refitting without it."""
    import numpy as np

    from analysis.logistic import Reduced, balanced, fit

    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 120)).astype(np.float32)
    y = (x[:, 0] + 0.5 * rng.normal(size=40) > 0.8).astype(float)
    offset = np.where(x[:, 1] > 0, 2.0, -2.0)
    z = Reduced(x).z
    _, loo = fit(z, y, balanced(y), offset, 1.0)
    refit = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        beta, _ = fit(z[keep], y[keep], balanced(y[keep]), offset[keep], 1.0)
        refit.append(offset[i] + z[i] @ beta)
    assert np.corrcoef(loo, refit)[0, 1] > 0.98
    assert np.median(np.abs(loo - np.array(refit))) < 0.1  # the fit itself is off by ~2


def test_remembered_parses_code_exactly_as_fresh_ones() -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    answers = [Answer(f"a{i}", t) for i, t in enumerate(MUSIC + FOOD + FOOTBALL_KEPT)]
    fresh = [c.themes() for c in engine.code(answers)]
    with engine.remembering():
        engine.train(_examples())
        trained = [c.themes() for c in engine.code(answers)]
        engine.train(_examples())
        again = [c.themes() for c in engine.code(answers)]
    engine.train(_examples())
    assert trained == again == [c.themes() for c in engine.code(answers)]
    assert fresh != trained, "the model changed something, so the comparison means something"


def test_a_model_saved_by_an_earlier_engine_is_not_read_and_the_rules_code(
    tmp_path: Path,
) -> None:
    engine = Engine(loads(CODEBOOK, "liten.toml"))
    folder = models.model_dir(tmp_path, engine.codebook)
    folder.mkdir(parents=True)
    (folder / "training.json").write_text('{"examples": 40, "positives": {}}', encoding="utf-8")
    assert not models.load_saved(engine, tmp_path)
    assert engine.model is None
    assert "fritid" in engine.code([Answer("f", "Han spelar fotboll.")])[0].themes()
    engine.train(_examples())
    models.save(engine, tmp_path)
    assert models.load_saved(Engine(loads(CODEBOOK, "liten.toml")), tmp_path), "retrained: read"


def _adder(views: list[View], gold: list[set[str]]):  # type: ignore[no-untyped-def]
    """Adds an answer's words, its codes and the themes the rules suggest for it (each
    by a keyword) to `views` and `gold`."""

    def add(words: list[str], themes: set[str], suggested: set[str]) -> None:
        evidence = {f"{t}:word": 1.0 for t in suggested}
        views.append(View(words, [], None, evidence, frozenset(suggested)))
        gold.append(themes)

    return add


def _rarely_found(
    with_word: int, without_word: int, against: int
) -> tuple[list[View], list[set[str]]]:
    """Theme "a"'s keywords find four of its answers; of those they miss, `with_word`
    have the word "trumma", `without_word` do not; `against` answers without "a" have it
    too, forty have neither. Theme "b"'s keywords find its ten answers exactly."""
    views: list[View] = []
    gold: list[set[str]] = []
    add = _adder(views, gold)

    for i in range(4):
        add([f"ord{i}", "fotboll"], {"a"}, {"a"})
    for i in range(with_word + without_word):
        add([f"fyll{i}"] + (["trumma"] if i < with_word else []), {"a"}, set())
    for i in range(10):
        add([f"annat{i}", "lunch"], {"b"}, {"b"})
    for i in range(against + 40):
        add([f"tomt{i}"] + (["trumma"] if i < against else []), set(), set())
    return views, gold


def test_a_theme_the_keywords_rarely_find_is_learnt_where_it_raises_f1() -> None:
    """Right in ten of the twenty-one answers with "trumma", the model's additions lose
    on accuracy, but each right one adds more to the evaluator's F1 than a wrong one
    takes away: the model decides the theme. Right in two of twenty-one, it does not."""
    from analysis.theme_model import ThemeModel

    model = ThemeModel.train(*_rarely_found(10, 2, 11), ("a", "b"))
    assert "a" not in model.ruled
    probe = View(["nytt", "trumma"], [], None, {}, frozenset())
    assert model.scores([probe])[0]["a"] >= model.thresholds["a"]
    assert "b" in model.ruled, "the keywords already find every answer of b"

    model = ThemeModel.train(*_rarely_found(2, 10, 19), ("a", "b"))
    assert "a" in model.ruled


def test_a_gain_the_resampled_answers_do_not_bear_out_leaves_the_theme_with_the_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Six of thirteen answers with "trumma" are the theme's: left out in turn, the model
    raises F1 on these answers, but not in enough resamples of them to be trusted on
    the next (its threshold was chosen on the same left-out scores)."""
    from analysis import theme_model
    from analysis.theme_model import ThemeModel

    views, gold = _rarely_found(6, 6, 7)
    assert "a" in ThemeModel.train(views, gold, ("a", "b")).ruled
    # What decides is the resampling: trusting any gain, the model would take the theme.
    monkeypatch.setattr(theme_model, "GATE_SHARE", 0.0)
    assert "a" not in ThemeModel.train(views, gold, ("a", "b")).ruled


def _own_against_lent(lent_with_word: int) -> tuple[list[View], list[set[str]], int]:
    """Twelve of the evaluators' own answers with "trumma" are theme "a"'s, six of their
    answers have nothing; then the lent answers: six of "a" that its keywords find, ten
    of "b", `lent_with_word` with "trumma" that the lent coding does not give "a", and
    forty with nothing. Returns the views, their codes and how many are the own."""
    views: list[View] = []
    gold: list[set[str]] = []
    add = _adder(views, gold)

    for i in range(12):
        add([f"egen{i}", "trumma"], {"a"}, set())
    for i in range(6):
        add([f"tom{i}"], set(), set())
    own = len(views)
    for i in range(6):
        add([f"ord{i}", "fotboll"], {"a"}, {"a"})
    for i in range(10):
        add([f"annat{i}", "lunch"], {"b"}, {"b"})
    for i in range(lent_with_word):
        add([f"lånat{i}", "trumma"], set(), set())
    for i in range(40):
        add([f"tomt{i}"], set(), set())
    return views, gold, own


def test_the_evaluators_own_decisions_outweigh_answers_lent_from_the_starter_codebook() -> None:
    """Where a codebook learns from the starter codebook's answers translated into its
    codes, its evaluators' own coding is how this codebook is coded, the translation a
    guess: what only their own answers teach ("trumma" is theme a) is learnt, though
    as many lent answers say otherwise."""
    from analysis.theme_model import ThemeModel

    views, gold, own = _own_against_lent(12)
    probe = View(["nytt", "trumma"], [], None, {}, frozenset())
    model = ThemeModel.train(views, gold, ("a", "b"), penalty=0.1, own=own)
    assert "a" not in model.ruled
    assert model.scores([probe])[0]["a"] >= model.thresholds["a"]
    # Counted once each, the lent answers cancel the evaluators': the rules keep "a".
    assert "a" in ThemeModel.train(views, gold, ("a", "b"), penalty=0.1).ruled
