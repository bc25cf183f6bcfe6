"""Several coders: a stratified double-coding sample coded blind, agreement figures that
equal a hand count, disagreements settled into consensus, and the engine measured
against human decisions."""

from __future__ import annotations

from collections import Counter

import pytest

from survey.store import Store
from survey.workbench import actions, double_coding
from survey.workbench.actions import WorkbenchError
from tests.conftest import Suggest


def _sample(db: Store, team: dict, fraction: float = 0.5) -> int:
    return double_coding.draw_sample(
        db, team["survey"]["id"], team["admin"], fraction, [team["anna"], team["bo"]], seed=3
    )


def test_the_sample_takes_the_same_share_of_every_question(db: Store, team: dict) -> None:
    sample = _sample(db, team, 0.5)
    chosen = set(db.sample_answer_ids(sample))
    per_question = Counter(a["question"] for a in team["answers"])
    in_sample = Counter(a["question"] for a in team["answers"] if a["id"] in chosen)
    assert set(in_sample) == set(per_question), "every answered question is represented"
    for question, n in per_question.items():
        assert in_sample[question] == max(1, round(n * 0.5))
    assert [c["id"] for c in db.sample_coders(sample)] == sorted([team["anna"], team["bo"]])


@pytest.mark.parametrize(
    ("fraction", "coders", "key"),
    [
        (0, 2, "sample.error.fraction"),
        (0.2, 1, "sample.error.coders"),
        (1.5, 2, "sample.error.fraction"),
    ],
)
def test_a_bad_sample_request_is_refused(
    db: Store, team: dict, fraction: float, coders: int, key: str
) -> None:
    with pytest.raises(WorkbenchError) as refused:
        double_coding.draw_sample(
            db, team["survey"]["id"], team["admin"], fraction, [team["anna"], team["bo"]][:coders]
        )
    assert refused.value.key == key


def test_a_coder_without_access_to_the_survey_cannot_be_chosen(db: Store, team: dict) -> None:
    outsider = db.create_user("ute@example.org", "x", "evaluator")
    with pytest.raises(WorkbenchError) as refused:
        double_coding.draw_sample(
            db, team["survey"]["id"], team["admin"], 0.2, [team["anna"], outsider]
        )
    assert refused.value.key == "sample.error.coder"


def test_sample_coders_see_only_their_own_codes_on_sample_answers(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    sample = _sample(db, team)
    answer = db.sample_answer_ids(sample)[0]
    code = db.code_by_key(sid, "kartlaggning")["id"]
    actions.add_coding(db, sid, team["anna"], answer, code)
    assert actions.cell(db, sid, answer, team["bo"])["codings"] == []
    assert actions.cell(db, sid, answer, team["bo"])["blind"]
    assert len(actions.cell(db, sid, answer, team["admin"])["codings"]) == 1, "admins see all"
    outside = next(a["id"] for a in team["answers"] if a["id"] not in db.sample_answer_ids(sample))
    actions.add_coding(db, sid, team["anna"], outside, code)
    assert len(actions.cell(db, sid, outside, team["bo"])["codings"]) == 1


def test_agreement_on_the_sample_equals_a_count_by_hand(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    sample = _sample(db, team)
    answers = db.sample_answer_ids(sample)[:4]
    k = db.code_by_key(sid, "kartlaggning")["id"]
    t = db.code_by_key(sid, "tid_bemanning")["id"]
    # answer: Anna's codes | Bo's codes
    #   0: k | k        1: k | t        2: (done) | (done)        3: k, t | k
    plan = {0: ([k], [k]), 1: ([k], [t]), 2: ([], []), 3: ([k, t], [k])}
    for i, (anna, bo) in plan.items():
        for coder, codes in ((team["anna"], anna), (team["bo"], bo)):
            for code in codes:
                actions.add_coding(db, sid, coder, answers[i], code)
            if not codes:
                actions.mark_done(db, sid, coder, answers[i])
    data = double_coding.sample_agreement(db, sample)
    kart = data.report.per_code["kartlaggning"]
    # kartläggning present/absent: Anna 1,1,0,1  Bo 1,0,0,1 → 3 of 4 agree.
    assert kart.units == 4 and kart.percent == pytest.approx(0.75)
    # κ: p_o = .75; Anna yes .75, Bo yes .5 → p_e = .75*.5 + .25*.5 = .5 → κ = .5
    assert kart.kappa == pytest.approx(0.5)
    tid = data.report.per_code["tid_bemanning"]
    # tid: Anna 0,0,0,1  Bo 0,1,0,0 → 2 of 4 agree.
    assert tid.percent == pytest.approx(0.5)
    assert data.report.exact == pytest.approx(0.5), "answers 0 and 2 have identical code sets"
    assert double_coding.disagreements(data) == sorted([answers[1], answers[3]])


def test_consensus_replaces_an_earlier_consensus_and_is_not_counted_as_a_coder(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    sample = _sample(db, team)
    answer = db.sample_answer_ids(sample)[0]
    k = db.code_by_key(sid, "kartlaggning")["id"]
    t = db.code_by_key(sid, "tid_bemanning")["id"]
    actions.add_coding(db, sid, team["anna"], answer, k)
    actions.add_coding(db, sid, team["bo"], answer, t)
    double_coding.settle(db, sid, team["admin"], answer, [k, t])
    double_coding.settle(db, sid, team["admin"], answer, [k])
    assert db.consensus_keys([answer]) == {answer: {"kartlaggning"}}
    data = double_coding.sample_agreement(db, sample)
    assert set(data.codings[answer]) == {team["anna"], team["bo"]}


def test_machine_figures_count_accepted_rejected_and_missed(
    db: Store, team: dict, suggest: Suggest
) -> None:

    sid = team["survey"]["id"]
    suggestions = suggest()
    theme = suggestions[0]["theme"]
    same = [s for s in suggestions if s["theme"] == theme]
    actions.accept_suggestion(db, sid, team["anna"], same[0]["id"])
    if len(same) > 1:
        actions.reject_suggestion(db, sid, team["anna"], same[1]["id"])
    suggested = {s["answer_id"] for s in suggestions if s["theme"] == theme}
    missed = next(a["id"] for a in team["answers"] if a["id"] not in suggested)
    actions.add_coding(db, sid, team["bo"], missed, db.code_by_key(sid, theme)["id"])
    row = next(r for r in double_coding.machine_figures(db, sid) if r["key"] == theme)
    assert row["accepted"] == 1 and row["rejected"] == (1 if len(same) > 1 else 0)
    assert row["coded"] == 2 and row["missed"] == 1 and row["recall"] == pytest.approx(0.5)
    assert row["precision"] == pytest.approx(1 / (1 + row["rejected"]))


def test_whole_survey_agreement_counts_answers_coded_by_two_outside_any_sample(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    k = db.code_by_key(sid, "kartlaggning")["id"]
    t = db.code_by_key(sid, "tid_bemanning")["id"]
    a, b, c = (x["id"] for x in team["answers"][:3])
    actions.add_coding(db, sid, team["anna"], a, k)
    actions.add_coding(db, sid, team["bo"], a, k)
    actions.add_coding(db, sid, team["anna"], b, k)
    actions.add_coding(db, sid, team["bo"], b, t)
    actions.add_coding(db, sid, team["anna"], c, k)  # one coder only: not counted
    data = double_coding.survey_agreement(db, sid)
    assert data.report.overall.units == 2 and data.answers == 2
    assert data.report.exact == pytest.approx(0.5)
    assert {u["email"] for u in data.coders} == {"anna@example.org", "bo@example.org"}
    question = team["answers"][0]["question"]
    only = double_coding.survey_agreement(db, sid, question)
    assert set(only.codings) <= {x["id"] for x in team["answers"] if x["question"] == question}
