"""The stance prior shipped with the engine: it reads the clauses the rules have nothing
to go on, never overrules a cue word or a question's leaning, and was trained on the
project's dev and tune sets only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.codebook import bundled, load
from analysis.engine import Answer, Engine
from analysis.stance_prior import FILE, StancePrior, features
from analysis.stance_prior import bundled as bundled_prior

# Every held-out set's file name (the second codebook's prose_sv too: its READMEs say which).
HELD_OUT = (
    "gold_sv",
    "gold_en",
    "prose_sv",
    "workshop_sv",
    "parents_sv",
    "parents_en",
    "check4_registers_sv",
    "check7_sv",
    "managers_sv",
    "families_sv",
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load(bundled()))


def _budget_prior() -> StancePrior:
    """A prior taught that clauses about money with no cue word were concerns."""
    rows, rules, gold = [], [], []
    for i in range(30):
        words = ["budget", f"ord{i}"] if i % 3 else [f"ord{i}", "hembesök"]
        rows.append(features(words, [], "success", False))
        rules.append("success")
        gold.append("challenge" if "budget" in words else "success")
    return StancePrior.train(rows, rules, gold)


def test_the_shipped_prior_loads_and_was_trained_on_no_held_out_set() -> None:
    prior = bundled_prior()
    assert prior is not None and prior.examples >= 1000
    assert prior.trained_on
    assert not {name.split()[-1] for name in prior.trained_on} & set(HELD_OUT)
    assert json.loads(FILE.read_text(encoding="utf-8"))["format"] == "stance-prior-1"


def test_a_clause_with_no_cue_word_outside_any_question_is_read_by_the_prior(
    engine: Engine,
) -> None:
    engine.stance_prior = _budget_prior()
    try:
        answer = Answer("a", "Budgeten för teamet nästa läsår.")
        assert engine.code([answer])[0].themes() == {"budget_finansiering": "challenge"}
        # A cue word judges: the rules' reading stands.
        judged = Answer("b", "Budgeten för teamet räcker bra nästa läsår.")
        assert engine.code([judged])[0].themes() == {"budget_finansiering": "success"}
        # A question that leans decides, as before.
        asked = Answer("c", "Budgeten för teamet nästa läsår.", "q2_framgang", "success")
        assert engine.code([asked])[0].themes() == {"budget_finansiering": "success"}
    finally:
        engine.stance_prior = bundled_prior()


def test_without_the_prior_the_rules_default_applies() -> None:
    rules_only = Engine(load(bundled()), stance_prior=False)
    answer = Answer("a", "Budgeten för teamet nästa läsår.")
    assert rules_only.code([answer])[0].themes() == {"budget_finansiering": "success"}


def test_a_prior_round_trips_through_its_file(tmp_path: Path) -> None:
    prior = _budget_prior()
    path = tmp_path / "prior.json"
    prior.to_file(path)
    again = StancePrior.from_file(path)
    rows = [
        features(["budget"], [], "success", False),
        features(["hembesök"], [], "success", False),
    ]
    assert again.predict(rows, ["success", "success"]) == prior.predict(
        rows, ["success", "success"]
    )
