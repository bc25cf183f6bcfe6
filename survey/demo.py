"""The demo survey: the managers' questionnaire with a handful of sample answers, so
that a new user sees every screen with content."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .bootstrap import import_file
from .config import QUESTIONNAIRE_DIR
from .db import Store

DEMO_SLUG = "demo"
DEMO_QUESTIONNAIRE = "chefsenkat"
ANSWERS_FILE = Path(__file__).with_name("demo_answers.toml")


def seed_demo(
    store: Store, questionnaire_dir: Path = QUESTIONNAIRE_DIR
) -> tuple[dict[str, Any], bool]:
    """Create the demo survey with sample answers unless it exists; return it and whether
    it was created. Running it again changes nothing."""
    existing = store.survey_by_slug(DEMO_SLUG)
    if existing is not None:
        return existing, False
    version = store.latest_version(DEMO_QUESTIONNAIRE)
    if version is None:
        version, _ = import_file(store, questionnaire_dir / f"{DEMO_QUESTIONNAIRE}.toml")
    with ANSWERS_FILE.open("rb") as handle:
        sample = tomllib.load(handle)
    with store.transaction():
        survey = store.create_survey(
            slug=DEMO_SLUG,
            version_id=version["id"],
            title="Demo: chefsenkät SST plus",
            audience="managers",
            anonymous=True,
        )
        ids = store.question_ids(version["id"])
        questionnaire = store.load_version(version["id"])
        page_of = {
            q.id: number
            for number, page in enumerate(questionnaire.pages, start=1)
            for q in page.questions
        }
        for item in sample["responses"]:
            response_id = store.create_response(
                survey["id"], item.get("lang", "sv"), attributes=item.get("attributes", {})
            )
            values = {ids[qid]: text for qid, text in item["answers"].items() if qid in ids}
            reached = max((page_of[qid] for qid in item["answers"] if qid in page_of), default=0)
            store.save_answers(response_id, values, page=reached)
            if item.get("status") == "complete":
                store.complete_response(response_id)
    return survey, True


def seed_demo_coding(store: Store, survey: dict[str, Any]) -> bool:
    """Give the demo survey the bundled codebook and the engine's suggestions, so the
    workbench has something to review; False when it already has a codebook."""
    from analysis.codebook import bundled

    from .codebook_editor import import_toml, to_codebook, to_toml
    from .suggest import code_survey
    from .training import CODEBOOK_LANGUAGE

    if store.codes(survey["id"]):
        return False
    import_toml(store, survey["id"], None, bundled().read_bytes(), bundled().name)
    code_survey(
        store,
        survey["id"],
        to_codebook(store, survey, CODEBOOK_LANGUAGE),
        source_text=to_toml(store, survey, CODEBOOK_LANGUAGE),
    )
    return True
