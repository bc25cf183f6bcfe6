"""The demo survey: the managers' questionnaire with a handful of sample answers, so
that a new user sees every screen with content."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path
from typing import Any

from survey.config import QUESTIONNAIRE_DIR
from survey.fielding.bootstrap import import_file
from survey.store import Store

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


DEMO_CODERS = (
    ("demo.kodare.a@example.org", "Demokodare A"),
    ("demo.kodare.b@example.org", "Demokodare B"),
)


def seed_demo_coding(store: Store, survey: dict[str, Any]) -> bool:
    """Give the demo survey the bundled codebook, the engine's suggestions, and the work
    of two demo coders — accepted and rejected suggestions, a blind double-coded sample
    with its agreement, memos — so every workbench and report section has content. The
    demo coders can never sign in. False when the survey already has a codebook."""
    from analysis.codebook import bundled
    from survey.workbench import actions
    from survey.workbench.codebook_editor import import_toml, to_codebook, to_toml
    from survey.workbench.double_coding import draw_sample
    from survey.workbench.suggestions import code_survey
    from survey.workbench.training import CODEBOOK_LANGUAGE

    sid = survey["id"]
    if store.codes(sid):
        return False
    import_toml(store, sid, None, bundled().read_bytes(), bundled().name)
    code_survey(
        store,
        sid,
        to_codebook(store, survey, CODEBOOK_LANGUAGE),
        source_text=to_toml(store, survey, CODEBOOK_LANGUAGE),
    )
    coders = []
    for email, name in DEMO_CODERS:
        user = store.any_user_by_email(email)
        user_id = user["id"] if user else store.create_user(email, "!", "evaluator", name)
        store.assign(user_id, sid)
        coders.append(user_id)
    a, b = coders
    rng = random.Random(7)
    codebook_id = (store.survey_by_id(sid) or {}).get("suggestion_codebook_id")
    answer_ids = [r["id"] for r in store.open_answers(sid)]
    suggestions = store.open_suggestions(sid, codebook_id, answer_ids)
    themes_of: dict[int, list[int]] = {}
    for s in suggestions:
        themes_of.setdefault(s["answer_id"], []).append(s["code_id"])
    sample = draw_sample(store, sid, a, 0.25, coders, name="Demo 25 %", seed=7)
    in_sample = set(store.sample_answer_ids(sample))
    for s in suggestions:
        if s["answer_id"] in in_sample:
            continue
        roll = rng.random()
        if roll < 0.6:
            actions.accept_suggestion(store, sid, a, s["id"])
        elif roll < 0.75:
            actions.reject_suggestion(store, sid, b, s["id"])
    codes = [c["id"] for c in store.codes(sid)]
    for answer_id in sorted(in_sample):
        suggested = list(dict.fromkeys(themes_of.get(answer_id, [])))
        for coder, keep, extra in ((a, 0.9, 0.05), (b, 0.75, 0.15)):
            chosen = [c for c in suggested if rng.random() < keep]
            if rng.random() < extra:
                chosen.append(rng.choice(codes))
            for code_id in dict.fromkeys(chosen):
                actions.add_coding(store, sid, coder, answer_id, code_id)
            if not chosen:
                actions.mark_done(store, sid, coder, answer_id)
    stamp = "2026-10-20T09:00:00+00:00"
    with store.transaction():
        store.add_memo(
            sid,
            "survey",
            sid,
            a,
            "Demo: många chefer nämner samverkan som framgång och finansiering som hinder.",
            stamp,
        )
        if codes:
            store.add_memo(
                sid,
                "code",
                codes[0],
                b,
                "Demo: avgränsningen mot närliggande koder behöver diskuteras.",
                stamp,
            )
    for email, _ in DEMO_CODERS:
        store.disable_user(email)
    return True
