"""Several coders: a double-coding sample drawn per question, blind coding of it, the
agreement report (percent, Cohen's κ, Krippendorff's α, per code and overall), the
disagreements the team settles into consensus codes, and how the engine's suggestions
fared against human decisions."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from analysis.agreement import AgreementReport, Codings, agreement, reading
from survey.store import Store, now
from survey.workbench.actions import WorkbenchError, default_stance


def draw_sample(
    store: Store,
    survey_id: int,
    user_id: int,
    fraction: float,
    coder_ids: Sequence[int],
    *,
    name: str = "",
    seed: int | None = None,
) -> int:
    """The same share of every question's answers (at least one of each answered
    question), so that agreement covers every question, assigned to two or more coders."""
    if not 0 < fraction <= 1:
        raise WorkbenchError("sample.error.fraction")
    coders = sorted(set(coder_ids))
    if len(coders) < 2:
        raise WorkbenchError("sample.error.coders")
    allowed = {u["id"] for u in store.assignments(survey_id)}
    for coder in coders:
        user = store.user(coder)
        if user is None or user["disabled"] or (user["role"] != "admin" and coder not in allowed):
            raise WorkbenchError("sample.error.coder", params={"id": coder})
        if user["role"] not in ("admin", "evaluator"):
            raise WorkbenchError("sample.error.coder", params={"id": coder})
    by_question: dict[str, list[int]] = defaultdict(list)
    ids = [row["id"] for row in store.filtered_answers(survey_id, user_id)]
    for row in store.answers_by_ids(ids):
        by_question[row["qid"]].append(row["id"])
    rng = random.Random(seed)
    chosen: list[int] = []
    for qid in sorted(by_question):
        ids = by_question[qid]
        chosen += rng.sample(ids, max(1, round(len(ids) * fraction)))
    if not chosen:
        raise WorkbenchError("sample.error.empty")
    with store.transaction():
        return store.create_sample(
            survey_id,
            name.strip()[:80] or f"{round(fraction * 100)} %",
            fraction,
            user_id,
            sorted(chosen),
            coders,
            now(),
        )


@dataclass(frozen=True)
class AgreementData:
    report: AgreementReport
    codings: dict[int, dict[int, frozenset[str]]]  # answer → coder → codes
    coders: list[dict[str, Any]]
    answers: int


def _agreement(
    store: Store,
    survey_id: int,
    rows: Iterable[tuple[int, int, str | None]],
    ids: Sequence[int] | None,
    qid: str | None,
    coders: list[dict[str, Any]],
) -> AgreementData:
    """An answer counts for a coder once they gave it a code or marked it done (looked
    at, nothing applies)."""
    codings: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for answer_id, coder_id, key in rows:
        applied = codings[answer_id][coder_id]
        if key is not None:
            applied.add(key)
    if qid is not None:
        questions = {a["id"]: a["qid"] for a in store.answers_by_ids(list(codings))}
        codings = {a: c for a, c in codings.items() if questions.get(a) == qid}
    frozen = {a: {c: frozenset(s) for c, s in by.items()} for a, by in codings.items()}
    keys = [c["key"] for c in store.codes(survey_id)]
    used = {k for by in frozen.values() for s in by.values() for k in s}
    report = agreement(cast(Codings, frozen), [k for k in keys if k in used] or sorted(used))
    total = len(ids) if ids is not None else sum(1 for by in frozen.values() if len(by) >= 2)
    return AgreementData(report, frozen, coders, total)


def sample_agreement(store: Store, sample_id: int, qid: str | None = None) -> AgreementData:
    """Agreement on a double-coding sample, among the sample's coders."""
    sample = store.sample(sample_id) or {}
    return _agreement(
        store,
        sample.get("survey_id", 0),
        store.sample_codings(sample_id),
        store.sample_answer_ids(sample_id),
        qid,
        store.sample_coders(sample_id),
    )


def survey_agreement(store: Store, survey_id: int, qid: str | None = None) -> AgreementData:
    """Agreement over every answer of the survey that two or more people coded."""
    return _agreement(
        store, survey_id, store.survey_codings(survey_id), None, qid, store.survey_coders(survey_id)
    )


@dataclass(frozen=True)
class Summary:
    """The overall agreement figures as the agreement page and the report both show them,
    computed here only so they cannot drift apart. Cohen's κ is defined for two coders:
    with any other number it is None (the page and the report then show α alone, which
    takes any number of coders)."""

    answers: int  # answers in the sample (or, for the whole survey, coded by two or more)
    units: int  # answers coded by at least two coders
    coders: int  # coders who coded those answers
    percent: float | None  # 0–1
    kappa: float | None
    alpha: float | None
    complete: bool  # every coder has coded or marked done every answer


def summary(data: AgreementData) -> Summary:
    overall = data.report.overall
    done = [sum(1 for by in data.codings.values() if c["id"] in by) for c in data.coders]
    return Summary(
        answers=data.answers,
        units=overall.units,
        coders=overall.coders,
        percent=overall.percent,
        kappa=overall.kappa if overall.coders == 2 else None,
        alpha=overall.alpha,
        complete=bool(data.coders) and all(n >= data.answers for n in done),
    )


def chosen_sample(store: Store, survey_id: int, name: str | None = None) -> dict[str, Any] | None:
    """The double-coding sample a report speaks of: the one named (the latest of that
    name), else the latest whose coders have all finished, else the latest. None when the
    survey has none, or none of that name."""
    samples = store.samples(survey_id)
    if name is not None:
        named = [s for s in samples if s["name"] == name]
        return named[-1] if named else None
    for sample in reversed(samples):
        if summary(sample_agreement(store, sample["id"])).complete:
            return sample
    return samples[-1] if samples else None


def disagreements(data: AgreementData) -> list[int]:
    """Answers (coded by two or more) where the coders' code sets differ."""
    return sorted(
        answer for answer, by in data.codings.items() if len(by) >= 2 and len(set(by.values())) > 1
    )


def settle(
    store: Store, survey_id: int, user_id: int, answer_id: int, code_ids: Iterable[int]
) -> None:
    """The team's consensus codes for an answer, replacing an earlier consensus."""
    with store.transaction():
        answer = store.answer_for_coding(answer_id)
        if answer is None or answer["survey_id"] != survey_id:
            raise WorkbenchError("workbench.error.no_answer", 404)
        codes = {c["id"]: c for c in store.codes(survey_id)}
        chosen = [c for c in code_ids if c in codes]
        stamp = now()
        old = [c["id"] for c in store.visible_codings([answer_id], user_id) if c["consensus"]]
        store.set_deleted(old, stamp)
        for code_id in chosen:
            store.add_coding(
                {
                    "answer_id": answer_id,
                    "code_id": code_id,
                    "coder_id": user_id,
                    "quote": answer["value"],
                    "stance": default_stance(answer),
                    "source": "human",
                    "consensus": True,
                },
                stamp,
            )
        store.log_action(survey_id, answer_id, user_id, "consensus", stamp)


def machine_figures(store: Store, survey_id: int) -> list[dict[str, Any]]:
    """Per code: precision of the suggestions evaluators reviewed (accepted share) and
    recall against human codes (share of answers coded with it that the engine had
    suggested it for)."""
    rows = store.machine_review(survey_id)
    for row in rows:
        reviewed = row["accepted"] + row["rejected"]
        row["precision"] = row["accepted"] / reviewed if reviewed else None
        row["recall"] = row["found"] / row["coded"] if row["coded"] else None
        row["missed"] = row["coded"] - row["found"]
    return rows


def plain_reading(value: float | None, measure: str, lang: str, units: int | None = None) -> str:
    """α or κ in plain words for the agreement page (the engine's wording)."""
    return reading(value, measure, lang, units)
