"""Retraining from evaluators' decisions: accepted codes are positives, answers whose
suggestions were only rejected are negatives, and enough new decisions start a run by
themselves."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient

from survey.store import Store
from survey.workbench import actions
from survey.workbench.training import training_set
from tests.conftest import Auth, Suggest, form_tokens


def test_decisions_become_training_examples_with_rejections_as_negatives(
    db: Store, team: dict, suggest: Suggest
) -> None:
    sid = team["survey"]["id"]
    suggestions = suggest()
    rejected = suggestions[0]
    actions.reject_suggestion(db, sid, team["anna"], rejected["id"])
    coded = next(a for a in team["answers"] if a["id"] != rejected["answer_id"])
    actions.add_coding(
        db,
        sid,
        team["bo"],
        coded["id"],
        db.code_by_key(sid, "kartlaggning")["id"],
        stance="challenge",
    )
    examples = {int(answer.id): themes for answer, themes in training_set(db, sid)}
    assert examples[coded["id"]] == {"kartlaggning": "challenge"}
    assert rejected["theme"] not in examples.get(rejected["answer_id"], {"x": ""})
    assert rejected["answer_id"] in examples, "an answer with only a rejection is a negative"


def test_enough_new_decisions_start_a_retraining_by_themselves(
    app: Flask, client: FlaskClient, db: Store, team: dict, auth: Auth
) -> None:
    app.config["AUTO_RETRAIN"] = True
    user = auth.sign_in("evaluator")
    sid = team["survey"]["id"]
    db.assign(user["id"], sid)
    token = form_tokens(client, f"/coding/surveys/{sid}")["csrf_token"]
    code = db.code_by_key(sid, "kartlaggning")["id"]
    for answer in team["answers"][:24]:
        client.post(
            f"/coding/surveys/{sid}/answers/{answer['id']}/codings",
            data={"csrf_token": token, "code_id": code},
        )
    assert db.latest_training(sid) is None, "below the threshold nothing is trained"
    client.post(
        f"/coding/surveys/{sid}/answers/{team['answers'][24]['id']}/codings",
        data={"csrf_token": token, "code_id": code},
    )
    run = db.latest_training(sid)
    assert run is not None
    deadline = time.monotonic() + 120  # generous: a loaded machine trains slowly
    while True:
        run = db.latest_training(sid)
        if run["status"] != "running" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert run["status"] == "done" and run["message"] == "done", run
    assert db.last_trained_decisions(sid) == 25


def test_survey_train_retrains_from_the_command_line(runner, db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    for answer in team["answers"][:12]:
        actions.add_coding(
            db, sid, team["anna"], answer["id"], db.code_by_key(sid, "kartlaggning")["id"]
        )
    result = runner("train", "demo")
    assert result.exit_code == 0, result.output
    assert "12 coded answers; model trained" in result.output
    assert db.latest_training(sid)["status"] == "done"


def test_a_survey_on_the_starter_codebook_trains_a_model_before_any_decision(
    runner, db: Store, team: dict
) -> None:
    # The project's own answers coded into the starter codebook teach the first model.
    result = runner("train", "demo")
    assert result.exit_code == 0, result.output
    assert "0 coded answers; model trained" in result.output
    run = db.latest_training(team["survey"]["id"])
    assert run["status"] == "done" and run["message"] == "done", run


def test_a_survey_whose_codebook_has_other_codes_waits_for_its_own_decisions(
    runner, db: Store, team: dict
) -> None:
    from survey.workbench import codebook_editor as editor

    sid = team["survey"]["id"]
    editor.add_code(db, sid, team["admin"], "Gemensam kalender")
    result = runner("train", "demo")
    assert result.exit_code == 0, result.output
    assert "0 coded answers; too few coded answers for a model: rules only" in result.output
    assert db.latest_training(sid)["message"] == "rules_only"
