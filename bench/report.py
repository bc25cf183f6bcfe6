"""How long a full report takes for 10,000 answers: the numbers from the database, the
figures (a bar chart and a word cloud per question, a cloud per theme) and every format
(Markdown, HTML, Word, the ZIP bundle). Goal: under 10 s.

    python -m bench.report [--responses 1250] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.coding import build

GOAL_S = 10.0


def code_some(db: Path, survey_id: int, share: float) -> int:
    """Accept a share of the suggestions as an evaluator would, so the report counts
    reviewed codings for most questions and falls back on none."""
    from survey.store import connect
    from survey.workbench import actions

    store = connect(db)
    try:
        user = store.create_user("bench-coder@example.org", "!", "evaluator", "Bench coder")
        survey = store.survey_by_id(survey_id) or {}
        ids = [r["id"] for r in store.open_answers(survey_id)]
        suggestions = store.open_suggestions(survey_id, survey["suggestion_codebook_id"], ids)
        accepted = 0
        for n, s in enumerate(suggestions):
            if n % round(1 / share) == 0:
                actions.accept_suggestion(store, survey_id, user, s["id"])
                accepted += 1
        return accepted
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=1250)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from survey.reports import render as report_render
    from survey.reports.build import build_report
    from survey.store import connect

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        setup = build(folder, args.responses, retrain=False, seed=11)
        accepted = code_some(setup.db, setup.survey_id, 0.3)
        store = connect(setup.db)
        timings: dict[str, list[float]] = {"numbers": [], "bundle": [], "total": []}
        try:
            for n in range(args.repeat):
                start = time.perf_counter()
                report = build_report(store, setup.survey_id, "sv")
                numbers = time.perf_counter()
                report_render.write_bundle(report, folder / f"report-{n}.zip")
                done = time.perf_counter()
                timings["numbers"].append(numbers - start)
                timings["bundle"].append(done - numbers)
                timings["total"].append(done - start)
        finally:
            store.close()
    total = statistics.median(timings["total"])
    print(f"\n## Report for {len(setup.answers):,} answers ({accepted:,} accepted codings)\n")
    print("| step | median s | min s | max s |")
    print("|---|---|---|---|")
    labels = {
        "numbers": "numbers from the database (themes, quotes, groups, discovery)",
        "bundle": "figures + Markdown + HTML + Word + ZIP",
        "total": "full report",
    }
    for key, values in timings.items():
        print(
            f"| {labels[key]} | {statistics.median(values):.2f} | {min(values):.2f} "
            f"| {max(values):.2f} |"
        )
    met = "met" if total < GOAL_S else "MISSED"
    print(
        f"\nreport: {total:.2f} s for {len(setup.answers):,} answers (goal < {GOAL_S:.0f} s: {met})"
    )


if __name__ == "__main__":
    main()
