"""Submission benchmark: the respondent path under `survey serve` beside a bare Flask
endpoint that stores the same rows, both under the same gunicorn settings and driven by
the same load client in the same run.

A complete response is the managers' eight open questions. The survey path is what a
respondent's browser sends: the page with all eight answers, then the final "send" on
the review page (each with its CSRF token and idempotency key, through the session).
The full path adds the two page views before them. The bare endpoint takes the eight
answers in one POST. Afterwards every acknowledged response is looked up in the
database: lost and duplicated are counted, not assumed.

    python -m bench.submission [--workers 4] [--responses 1500] [--rate 100] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from .http import Client
from .servers import BIN, free_port, gunicorn, survey_serve

ROOT = Path(__file__).resolve().parent.parent
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY_RE = re.compile(r'name="submit_key" type="hidden" value="([^"]+)"')

SENTENCES = [
    "Det tvärprofessionella teamet har gjort stor skillnad för familjerna.",
    "Kartläggningen gav en helhetsbild av elevens situation som vi saknat tidigare.",
    "Samordningen mellan förvaltningarna tog mer tid än vi hade räknat med.",
    "Familjebehandlarna kunde träffa föräldrarna hemma och i små steg.",
    "Närvaron ökade för flera elever, men det är för tidigt att säga om det håller.",
    "Vi saknade gemensamma lokaler och ett gemensamt digitalt system.",
    "Skolans personal upplevde avlastning när teamet tog över samordningen.",
    "Ledningen behöver ge samordnaren ett tydligare mandat.",
    "Samverkan mellan skola och socialtjänst blev tätare och mer förtroendefull.",
    "Långsiktig finansiering är en förutsättning för att arbetssättet ska leva vidare.",
]


def answer_text(rng: random.Random, marker: str | None = None) -> str:
    text = " ".join(rng.sample(SENTENCES, rng.randint(2, 4)))
    return f"{text} [{marker}]" if marker else text


def one_page_questionnaire(folder: Path) -> Path:
    """The managers' eight questions on one page, as a survey author may lay them out."""
    source = (ROOT / "questionnaires" / "chefsenkat.toml").read_text(encoding="utf-8")
    source = source.replace('id = "chefsenkat"', 'id = "chefsenkat-bench"', 1)
    first = source.index("[[pages]]")
    head, pages = source[:first], source[first:]
    rest = re.sub(r"\[\[pages\]\]\nid = .*\ntitle = .*\n", "", pages[len("[[pages]]") :])
    path = folder / "chefsenkat-bench.toml"
    path.write_text(head + "[[pages]]" + rest, encoding="utf-8")
    return path


@dataclass
class Run:
    name: str
    acknowledged: list[str] = field(default_factory=list)
    request_latency: list[float] = field(default_factory=list)
    response_latency: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0


class SurveyPath:
    def __init__(self, port: int, slug: str, qids: list[str], full: bool):
        self.port, self.slug, self.qids, self.full = port, slug, qids, full

    async def session(self) -> tuple[Client, str]:
        client = Client("127.0.0.1", self.port)
        page = await client.request("GET", f"/s/{self.slug}/1")
        return client, CSRF_RE.search(page.body).group(1)  # type: ignore[union-attr]

    async def respond(self, state: tuple[Client, str], rng: random.Random, run: Run) -> bool:
        client, csrf = state
        marker = uuid.uuid4().hex
        key = uuid.uuid4().hex
        answers = {
            qid: answer_text(rng, marker if i == 0 else None) for i, qid in enumerate(self.qids)
        }
        if self.full:
            page = await client.request("GET", f"/s/{self.slug}/1")
            run.request_latency.append(page.seconds)
            key = KEY_RE.search(page.body).group(1)  # type: ignore[union-attr]
        sent = await client.request(
            "POST", f"/s/{self.slug}/1", {"csrf_token": csrf, "submit_key": key, **answers}
        )
        run.request_latency.append(sent.seconds)
        if sent.status != 302 or not sent.headers["location"].endswith("/review"):
            return False
        review_key = uuid.uuid4().hex
        if self.full:
            review = await client.request("GET", f"/s/{self.slug}/review")
            run.request_latency.append(review.seconds)
            review_key = KEY_RE.search(review.body).group(1)  # type: ignore[union-attr]
        done = await client.request(
            "POST", f"/s/{self.slug}/review", {"csrf_token": csrf, "submit_key": review_key}
        )
        run.request_latency.append(done.seconds)
        if done.status == 302 and done.headers["location"].endswith("/done"):
            run.acknowledged.append(marker)
            return True
        return False


class BarePath:
    def __init__(self, port: int):
        self.port = port

    async def session(self) -> Client:
        return Client("127.0.0.1", self.port)

    async def respond(self, client: Client, rng: random.Random, run: Run) -> bool:
        marker = uuid.uuid4().hex
        form = {f"q{i}": answer_text(rng, marker if i == 1 else None) for i in range(1, 9)}
        reply = await client.request("POST", "/bare", form)
        run.request_latency.append(reply.seconds)
        if reply.status == 201:
            run.acknowledged.append(marker)
            return True
        return False


async def closed_loop(
    path: SurveyPath | BarePath, run: Run, responses: int, connections: int
) -> None:
    """Saturation: `connections` respondents each send responses back to back."""
    remaining = [responses]

    async def worker(seed: int) -> None:
        rng = random.Random(seed)
        state = await path.session()
        while remaining[0] > 0:
            remaining[0] -= 1
            started = time.perf_counter()
            try:
                ok = await path.respond(state, rng, run)  # type: ignore[arg-type]
            except (TimeoutError, OSError, AttributeError):
                ok = False
            if ok:
                run.response_latency.append(time.perf_counter() - started)
            else:
                run.errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    run.seconds = time.perf_counter() - started


async def open_loop(path: SurveyPath | BarePath, run: Run, rate: float, seconds: float) -> None:
    """Fixed offered load: a new respondent every 1/rate seconds, whatever the server does."""
    tasks: list[Awaitable[None]] = []

    async def one(seed: int) -> None:
        rng = random.Random(seed)
        try:
            state = await path.session()
            started = time.perf_counter()
            ok = await path.respond(state, rng, run)  # type: ignore[arg-type]
        except (TimeoutError, OSError, AttributeError):
            ok = False
        if ok:
            run.response_latency.append(time.perf_counter() - started)
        else:
            run.errors += 1

    begin = time.perf_counter()
    for i in range(int(rate * seconds)):
        delay = begin + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(i)))
    await asyncio.gather(*tasks)
    run.seconds = time.perf_counter() - begin


def count_in_db(db: Path, markers: list[str], survey_id: int, first_qid: int) -> tuple[int, int]:
    """(lost, duplicated) among acknowledged responses, found by the marker in answer 1."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT a.value FROM answers a JOIN responses r ON r.id = a.response_id "
        "WHERE r.survey_id = ? AND r.status = 'complete' AND a.question_id = ?",
        (survey_id, first_qid),
    ).fetchall()
    conn.close()
    found: dict[str, int] = {}
    for (value,) in rows:
        match = re.search(r"\[([0-9a-f]{32})\]$", value)
        if match:
            found[match.group(1)] = found.get(match.group(1), 0) + 1
    lost = sum(1 for m in markers if m not in found)
    duplicated = sum(n - 1 for n in found.values() if n > 1)
    return lost, duplicated


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def setup(folder: Path) -> dict[str, object]:
    env = {"SURVEY_INSTANCE": str(folder), "SURVEY_SECRET_KEY": "bench-" + uuid.uuid4().hex}
    # Every simulated respondent comes from 127.0.0.1: per-address limits would measure
    # the limiter, not the submission path.
    (folder / "config.toml").write_text("ratelimit_enabled = false\n", encoding="utf-8")
    db = folder / "survey.db"
    questionnaire = one_page_questionnaire(folder)
    survey_cmd = str(BIN / "survey")
    subprocess.run(
        [survey_cmd, "init", "--db", str(db)], check=True, capture_output=True, env={**env}
    )
    subprocess.run(
        [survey_cmd, "questionnaire", "import", str(questionnaire), "--db", str(db)],
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(ROOT))
    from survey.store import connect

    store = connect(db)
    version = store.latest_version("chefsenkat-bench")
    survey = store.create_survey(slug="bench", version_id=version["id"], title="Bench")
    ids = store.question_ids(version["id"])
    qids = [q.id for q in store.load_version(version["id"]).questions()]
    store.close()
    return {"env": env, "db": db, "survey": survey, "ids": ids, "qids": qids}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--responses", type=int, default=1500)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-submission-") as tmp:
        folder = Path(tmp)
        ctx = setup(folder)
        env, db, survey = ctx["env"], ctx["db"], ctx["survey"]
        ids, qids = ctx["ids"], ctx["qids"]
        first_qid = ids[qids[0]]  # type: ignore[index]
        bare_env = {
            "BENCH_BARE_DB": str(db),
            "BENCH_SURVEY_ID": str(survey["id"]),  # type: ignore[index]
            "BENCH_QUESTION_IDS": ",".join(str(ids[q]) for q in qids),  # type: ignore[index]
            "PYTHONPATH": str(ROOT),
        }
        runs: list[tuple[str, Run]] = []
        survey_port, bare_port = free_port(), free_port()
        log = folder / "server.log"

        def measure(kind: str, make: Callable[[], SurveyPath | BarePath], mode: str) -> Run:
            run = Run(f"{kind} {mode}")
            if mode == "saturated":
                asyncio.run(closed_loop(make(), run, args.responses, args.connections))
            else:
                asyncio.run(open_loop(make(), run, args.rate, args.seconds))
            lost, duplicated = count_in_db(db, run.acknowledged, survey["id"], first_qid)  # type: ignore[arg-type,index]
            run.lost, run.duplicated = lost, duplicated  # type: ignore[attr-defined]
            runs.append((kind, run))
            return run

        submission = lambda: SurveyPath(survey_port, "bench", qids, False)  # noqa: E731
        bare = lambda: BarePath(bare_port)  # noqa: E731
        ratios: list[float] = []
        with (
            survey_serve(db, survey_port, args.workers, env, log),  # type: ignore[arg-type]
            gunicorn("bench.bare_app:create_app()", bare_port, args.workers, bare_env, log),
        ):
            # Saturation, paired and interleaved: a shared machine's noise hits both alike.
            for round_ in range(1, args.rounds + 1):
                ours = measure(f"survey: submission path (round {round_})", submission, "saturated")
                theirs = measure(f"bare endpoint (round {round_})", bare, "saturated")
                ratios.append(
                    (len(ours.acknowledged) / ours.seconds)
                    / (len(theirs.acknowledged) / theirs.seconds)
                )
            measure(
                "survey: full path",
                lambda: SurveyPath(survey_port, "bench", qids, True),
                "saturated",
            )  # type: ignore[arg-type]
            measure("survey: submission path", submission, "open")
            measure("bare endpoint", bare, "open")

    print(
        f"\nSubmission benchmark: {args.workers} gunicorn workers, "
        f"{args.connections} connections (saturated), {args.rate:.0f} responses/s for "
        f"{args.seconds:.0f} s (open loop); a response = 8 open answers\n"
    )
    header = (
        "run",
        "responses/s",
        "req p50 ms",
        "req p99 ms",
        "resp p50 ms",
        "resp p99 ms",
        "acked",
        "errors",
        "lost",
        "dup",
    )
    rows = []
    for _, run in runs:
        throughput = len(run.acknowledged) / run.seconds if run.seconds else 0.0
        rows.append(
            (
                run.name,
                f"{throughput:.0f}",
                f"{percentile(run.request_latency, 0.5) * 1000:.1f}",
                f"{percentile(run.request_latency, 0.99) * 1000:.1f}",
                f"{percentile(run.response_latency, 0.5) * 1000:.1f}",
                f"{percentile(run.response_latency, 0.99) * 1000:.1f}",
                str(len(run.acknowledged)),
                str(run.errors),
                str(run.lost),  # type: ignore[attr-defined]
                str(run.duplicated),  # type: ignore[attr-defined]
            )
        )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))

    ratio = sorted(ratios)[len(ratios) // 2]
    open_run = next(r for _, r in runs if r.name == "survey: submission path open")
    p99 = percentile(open_run.request_latency, 0.99) * 1000
    total_lost = sum(r.lost for _, r in runs)  # type: ignore[attr-defined]
    total_dup = sum(r.duplicated for _, r in runs)  # type: ignore[attr-defined]
    print()
    rounds = ", ".join(f"{r:.0%}" for r in ratios)
    print(f"survey/bare saturated throughput: {ratio:.0%}, median of rounds {rounds} (goal >= 40%)")
    print(f"survey submission p99 at {args.rate:.0f} responses/s: {p99:.1f} ms (goal < 100 ms)")
    print(f"lost: {total_lost}, duplicated: {total_dup} (goal 0 and 0)")


if __name__ == "__main__":
    main()
