"""Retraining the engine from evaluators' decisions and refreshing the survey's
suggestions, as one run whose progress the workbench shows. Runs in a background
thread of the web process (or in the foreground from the CLI), with its own database
connection."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis import models
from analysis.engine import Answer, Engine
from survey.store import Store, now
from survey.store import database as dbmod
from survey.workbench.codebook_editor import to_codebook, to_toml
from survey.workbench.suggestions import code_survey, stance_hint

log = logging.getLogger(__name__)

CODEBOOK_LANGUAGE = "sv"  # survey codebooks keep Swedish keywords first and English beside
MIN_EXAMPLES = 10  # coded answers before a model is trained at all; rules alone below


def training_set(store: Store, survey_id: int) -> list[tuple[Answer, dict[str, str]]]:
    """Each decided answer with its codes and their stances; an answer whose
    suggestions were only rejected is an example with no codes."""
    by_answer: dict[int, tuple[Answer, dict[str, str]]] = {}
    for row in store.training_examples(survey_id):
        answer, themes = by_answer.setdefault(
            row["id"], (Answer(str(row["id"]), row["value"], row["qid"], stance_hint(row)), {})
        )
        if row["key"]:
            themes[row["key"]] = row["stance"] or themes.get(row["key"], "")
    return list(by_answer.values())


def run_training(
    store: Store, survey: Mapping[str, Any], instance: Path, run_id: int
) -> dict[str, Any]:
    """Train (when there are enough examples), save the model for this codebook
    version, and recode the survey; every step reported in the run's row."""
    try:
        decisions = store.count_decisions(survey["id"])
        codebook = to_codebook(store, survey, CODEBOOK_LANGUAGE)
        store.update_training(run_id, 0.05, "reading", examples=decisions)
        engine = Engine(codebook)
        examples = training_set(store, survey["id"])
        coded = sum(1 for _, themes in examples if themes)
        # The starter codebook's own coded answers train a model before the evaluators'
        # first decisions (`analysis.starter_examples`); another codebook waits for them.
        trained = coded >= MIN_EXAMPLES or engine.joined
        if trained:
            store.update_training(run_id, 0.1, "training")
            engine.train(examples)
            models.save(engine, instance)
        store.update_training(run_id, 0.4, "suggesting")
        result = code_survey(
            store,
            survey["id"],
            codebook,
            engine,
            source_text=to_toml(store, survey, CODEBOOK_LANGUAGE),
            progress=lambda f: store.update_training(run_id, 0.4 + 0.6 * f, "suggesting"),
        )
        message = "done" if trained else "rules_only"
        store.update_training(run_id, 1.0, message, status="done", finished_at=now())
        return {"examples": coded, "suggestions": result.suggestions, "model": trained}
    except Exception as exc:
        log.exception("training run %s failed", run_id)
        store.update_training(
            run_id, 1.0, f"failed: {exc}"[:200], status="failed", finished_at=now()
        )
        raise


def start_in_background(
    database: str, survey: Mapping[str, Any], instance: Path, run_id: int
) -> threading.Thread:
    """Run a training as `python -m survey train` in a process of its own (so it never
    slows the web worker's requests), watched by a thread that reaps it and records a
    crash in the run's row."""

    def work() -> None:
        command = [
            sys.executable, "-m", "survey", "train", str(survey["id"]),
            "--db", database, "--instance", str(instance), "--run", str(run_id),
        ]  # fmt: skip
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
        if finished.returncode != 0:
            log.error("training run %s failed: %s", run_id, finished.stderr[-2000:])
            store = dbmod.connect(database)
            try:
                run = store.latest_training(survey["id"]) or {}
                if run.get("id") == run_id and run.get("status") == "running":
                    store.update_training(run_id, 1.0, "failed", status="failed", finished_at=now())
            finally:
                store.close()

    thread = threading.Thread(target=work, name=f"training-{run_id}", daemon=True)
    thread.start()
    return thread


def retraining_due(store: Store, survey_id: int) -> bool:
    """Enough new decisions since the last run to retrain (the threshold of
    analysis.models), so the workbench can start a run by itself."""
    return models.should_retrain(
        store.count_decisions(survey_id), store.last_trained_decisions(survey_id)
    )


def retire_models(survey: Mapping[str, Any], instance: Path) -> list[Path]:
    """After an erasure or a retention purge: the survey's saved models (every codebook
    version) are deleted, since their vocabulary holds words of the deleted answers; the
    next training run builds a new one from what is left."""
    return models.retire(instance, str(survey["title"]))
