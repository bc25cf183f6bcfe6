"""The report, measured three ways:

1. The demo (32 respondents, coded as `survey demo` codes it): `survey report` from the
   command line as a user runs it (a fresh process, every format) against the web
   report page in a warm app (the second request), and the Word report's page count when
   LibreOffice renders it to PDF (goal: at most 25 A4 pages).
2. A full report for 10,000 answers: the numbers from the database, the figures and every
   format (Markdown, HTML, Word, the ZIP bundle). Goal: under 10 s.

    python -m bench.report [--responses 1250] [--repeat 3] [--skip-large]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.coding import build
from bench.servers import BIN

GOAL_S = 10.0
PAGES_GOAL = 25


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


def page_count(docx: Path) -> int | None:
    """Pages of the Word file as LibreOffice prints it; None without LibreOffice."""
    if shutil.which("soffice") is None:
        return None
    out = docx.parent / "pdf"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile",
         "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    pdf = (out / f"{docx.stem}.pdf").read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def demo(folder: Path, repeat: int) -> None:
    """`survey report` on the demo from a fresh process, and the web page warm."""
    env = {**os.environ, "SURVEY_INSTANCE": str(folder), "SURVEY_DB": str(folder / "survey.db")}
    env["SURVEY_SECRET_KEY"] = "bench-report"
    for command in (["init"], ["demo"]):
        subprocess.run([str(BIN / "survey"), *command], check=True, capture_output=True, env=env)
    cli: dict[str, list[float]] = {"md,html,docx,zip": [], "docx": []}
    cpu: dict[str, list[float]] = {"md,html,docx,zip": [], "docx": [], "page": [], "web": []}
    for n in range(repeat):
        for formats in cli:
            out = folder / f"cli-{n}-{formats.replace(',', '-')}"
            before = _children_cpu()
            start = time.perf_counter()
            subprocess.run(
                [str(BIN / "survey"), "report", "demo", "--format", formats, "--out", str(out)],
                check=True, capture_output=True, env=env,
            )  # fmt: skip
            cli[formats].append(time.perf_counter() - start)
            cpu[formats].append(_children_cpu() - before)

    from survey import create_app
    from survey.store import connect
    from survey.web import SESSION_GENERATION

    os.environ.update({k: env[k] for k in ("SURVEY_INSTANCE", "SURVEY_DB", "SURVEY_SECRET_KEY")})
    app = create_app({"DATABASE": str(folder / "survey.db"), "TESTING": True})
    store = connect(folder / "survey.db")
    admin = store.create_user("bench-report@example.org", "!", "admin")
    sid = store.survey("demo")["id"]
    store.close()
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = admin
        session[SESSION_GENERATION] = 0  # a new account's generation
    web: dict[str, list[float]] = {"page": [], "docx": []}
    for n in range(repeat + 1):
        for kind, url in (
            ("page", f"/reports/surveys/{sid}/sv/"),
            ("docx", f"/reports/surveys/{sid}/sv/report.docx"),
        ):
            start, start_cpu = time.perf_counter(), time.process_time()
            reply = client.get(url)
            took, took_cpu = time.perf_counter() - start, time.process_time() - start_cpu
            assert reply.status_code == 200, (url, reply.status_code)
            if n:  # the first request warms the process, as a running server is
                web[kind].append(took)
                cpu["page" if kind == "page" else "web"].append(took_cpu)
    pages = page_count(folder / "cli-0-docx" / "report.docx")

    print("\n## Demo report (32 respondents): command line and web\n")
    print("| what | median s | min s | max s | median CPU s |")
    print("|---|---|---|---|---|")
    every = "md,html,docx,zip"
    rows = [
        (f"`survey report demo --format {every}` (fresh process)", cli[every], cpu[every]),
        ("`survey report demo --format docx` (fresh process)", cli["docx"], cpu["docx"]),
        ("web report page (warm app)", web["page"], cpu["page"]),
        ("web Word download (warm app)", web["docx"], cpu["web"]),
    ]
    for label, values, used in rows:
        print(
            f"| {label} | {statistics.median(values):.2f} | {min(values):.2f} "
            f"| {max(values):.2f} | {statistics.median(used):.2f} |"
        )
    print("\n(CPU time is the steadier figure on a shared machine; wall time waits for others.)")
    if pages is None:
        print("\nWord report pages: not measured (LibreOffice `soffice` is not installed)")
    else:
        met = "met" if pages <= PAGES_GOAL else "MISSED"
        print(f"\nWord report pages (LibreOffice, A4): {pages} (goal ≤ {PAGES_GOAL}: {met})")


def large(folder: Path, responses: int, repeat: int) -> None:
    from survey.reports import render as report_render
    from survey.reports.build import build_report
    from survey.store import connect

    setup = build(folder, responses, retrain=False, seed=11)
    accepted = code_some(setup.db, setup.survey_id, 0.3)
    store = connect(setup.db)
    timings: dict[str, list[float]] = {"numbers": [], "bundle": [], "total": []}
    try:
        for n in range(repeat):
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
        "numbers": "numbers from the database (questions, themes, quotes, groups, discovery)",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=1250)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true", help="Only the demo report.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo(Path(tmp) / "demo", args.repeat)
        if not args.skip_large:
            (Path(tmp) / "large").mkdir()
            large(Path(tmp) / "large", args.responses, args.repeat)


if __name__ == "__main__":
    main()
