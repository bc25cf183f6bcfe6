"""Load and fault test: many respondents through the public link of `survey serve`,
with double submits, lost replies, a gunicorn worker killed mid-run and an online
backup half-way; afterwards every acknowledged response must be in the database once.

Each simulated person opens the link, answers the one-page managers' questionnaire
(a unique marker in the first answer) and sends it from the review page, as a browser
does: CSRF token, idempotency key `submit_key`, session cookie. A response is
acknowledged when the final send is answered with the redirect to the done page. Faults:

- double submits: the same form (answers page or final send) posted twice, at once or
  right after, with the same key;
- lost replies: a POST whose reply the client never sees (it times out and drops the
  connection, or the reply is read and thrown away, cookies included), then sent again
  with the same key; requests that die with the killed worker, or fail with 5xx, are
  sent again the same way;
- SIGKILL to one gunicorn worker a third of the way through (gunicorn starts another);
- `survey backup` as a separate process against the live database half-way.

    python -m bench.reliability [--responses 2000] [--clients 100] [--workers 4]

Exit status 0 when nothing acknowledged is lost or duplicated and both the live
database and the backup pass their checks.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .http import Client, Reply
from .servers import BIN, free_port, survey_serve
from .submission import CSRF_RE, KEY_RE, answer_text, percentile, setup

SLUG = "bench"
MAX_ATTEMPTS = 8
# What a request that died on the way looks like to the client: refused or reset
# connections, timeouts, and an empty reply (the worker died before answering).
TRANSPORT_ERRORS = (OSError, TimeoutError, asyncio.IncompleteReadError, IndexError, ValueError)
MARKER_RE = re.compile(r"\[([0-9a-f]{32})\]$")


class GaveUp(Exception):
    """A request still failed after MAX_ATTEMPTS sends; the response is not acknowledged."""


@dataclass
class Plan:
    port: int
    questions: list[tuple[str, str]]  # (question id, type) on the one page
    double_rate: float
    lost_rate: float


@dataclass
class Tally:
    acknowledged: list[str] = field(default_factory=list)
    final_send: list[float] = field(default_factory=list)
    double_submits: int = 0
    retries: int = 0
    lost_replies: int = 0
    died: int = 0
    server_errors: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    started: int = 0


@dataclass
class Events:
    killed: int | None = None
    killed_at: int = 0
    replacement: int | None = None
    backup_rc: int | None = None
    backup_output: str = ""
    backup_seconds: float = 0.0
    acked_before_backup: list[str] = field(default_factory=list)


# --- one respondent ---------------------------------------------------------------


async def lose_reply(client: Client, path: str, form: dict[str, str], rng: random.Random) -> None:
    """Send the POST but never let its reply reach the person: either time out and drop
    the connection, or read the reply and throw it away (its cookies too)."""
    copy = Client(client.host, client.port, dict(client.cookies))
    if rng.random() < 0.5:
        copy.timeout = rng.uniform(0.002, 0.05)
    with contextlib.suppress(*TRANSPORT_ERRORS):
        await copy.request("POST", path, form)


def whole(reply: Reply) -> bool:
    """Whether the body is as long as announced: a worker killed while writing leaves a
    reply with a good status line and half a page."""
    announced = reply.headers.get("content-length")
    return announced is None or len(reply.body.encode("utf-8")) == int(announced)


async def deliver(
    client: Client,
    method: str,
    path: str,
    form: dict[str, str] | None,
    tally: Tally,
    rng: random.Random,
    plan: Plan,
) -> Reply:
    """One request as a patient browser makes it: sent again, unchanged (same key), while
    it dies on the way (no reply or half a reply) or the server fails; a POST sometimes
    loses its first reply."""
    for attempt in range(MAX_ATTEMPTS):
        if attempt:
            tally.retries += 1
            await asyncio.sleep(min(0.05 * 2**attempt, 1.0) * rng.uniform(0.5, 1.5))
        if form is not None and attempt == 0 and rng.random() < plan.lost_rate:
            tally.lost_replies += 1
            await lose_reply(client, path, form, rng)
            continue
        try:
            reply = await client.request(method, path, form)
        except TRANSPORT_ERRORS:
            tally.died += 1
            continue
        if not whole(reply):
            tally.died += 1
            continue
        if reply.status >= 500:
            tally.server_errors += 1
            continue
        return reply
    raise GaveUp(f"{method} {path}")


async def submit(
    client: Client,
    path: str,
    form: dict[str, str],
    double: str | None,
    tally: Tally,
    rng: random.Random,
    plan: Plan,
) -> Reply:
    """Post a form once, or twice with the same key (`double`: "concurrent" or "after").
    The person sees the last reply; both must lead to the same place."""
    if double is None:
        return await deliver(client, "POST", path, form, tally, rng, plan)
    tally.double_submits += 1
    if double == "concurrent":
        first, second = await asyncio.gather(
            deliver(client, "POST", path, form, tally, rng, plan),
            deliver(client, "POST", path, form, tally, rng, plan),
        )
    else:
        first = await deliver(client, "POST", path, form, tally, rng, plan)
        second = await deliver(client, "POST", path, form, tally, rng, plan)
    if (first.status, first.headers.get("location")) != (
        second.status,
        second.headers.get("location"),
    ):
        tally.failures["double submit: the two replies differ"] += 1
    return second


def redirected_to(reply: Reply, suffix: str) -> bool:
    return reply.status in (302, 303) and reply.headers.get("location", "").endswith(suffix)


async def respond(plan: Plan, tally: Tally, rng: random.Random) -> None:
    """One person, one complete response, from the link to the final send."""
    base = f"/s/{SLUG}"
    client = Client("127.0.0.1", plan.port)
    marker = uuid.uuid4().hex
    double = rng.choice(["concurrent", "after"]) if rng.random() < plan.double_rate else None
    double_on = rng.choice(["page", "review"])
    try:
        start = await deliver(client, "GET", base, None, tally, rng, plan)
        if not redirected_to(start, "/1"):
            tally.failures[f"link answered {start.status}"] += 1
            return
        page = await deliver(client, "GET", f"{base}/1", None, tally, rng, plan)
        csrf, key = CSRF_RE.search(page.body), KEY_RE.search(page.body)
        if page.status != 200 or csrf is None or key is None:
            tally.failures[f"page answered {page.status} without a form"] += 1
            return
        form = {"csrf_token": csrf.group(1), "submit_key": key.group(1)}
        first_text = True
        for qid, kind in plan.questions:
            if kind == "consent":
                form[qid] = "yes"
            else:
                form[qid] = answer_text(rng, marker if first_text else None)
                first_text = False
        sent = await submit(
            client, f"{base}/1", form, double if double_on == "page" else None, tally, rng, plan
        )
        if not redirected_to(sent, "/review"):
            tally.failures[f"answers page answered {sent.status}"] += 1
            return
        review = await deliver(client, "GET", f"{base}/review", None, tally, rng, plan)
        key = KEY_RE.search(review.body)
        if review.status != 200 or key is None:
            tally.failures[f"review answered {review.status} without a form"] += 1
            return
        final = {"csrf_token": csrf.group(1), "submit_key": key.group(1)}
        began = time.perf_counter()
        done = await submit(
            client,
            f"{base}/review",
            final,
            double if double_on == "review" else None,
            tally,
            rng,
            plan,
        )
        if redirected_to(done, "/done"):
            tally.final_send.append(time.perf_counter() - began)
            tally.acknowledged.append(marker)
        else:
            tally.failures[f"final send answered {done.status} {done.headers.get('location')}"] += 1
    except GaveUp as exc:
        tally.failures[f"gave up after {MAX_ATTEMPTS} sends: {exc}"] += 1


async def clients(plan: Plan, tally: Tally, responses: int, count: int, seed: int) -> None:
    """`count` people at once, each starting a new response as soon as one is sent."""

    async def person(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        while tally.started < responses:
            tally.started += 1
            await respond(plan, tally, rng)

    await asyncio.gather(*(person(n) for n in range(count)))


# --- faults -----------------------------------------------------------------------


def workers_of(master: int) -> list[int]:
    """The gunicorn master's children, its workers."""
    found: list[int] = []
    for task in Path(f"/proc/{master}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(found))


def serving(pid: int) -> bool:
    """Whether a sync worker holds a connection besides the listening socket, that is, is
    in the middle of a request."""
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return sum(link.startswith("socket:") for link in links) > 1


async def wait_for(tally: Tally, count: int, done: asyncio.Event) -> bool:
    while len(tally.acknowledged) < count and not done.is_set():
        await asyncio.sleep(0.02)
    return not done.is_set()


async def kill_a_worker(
    master: int, workers: int, tally: Tally, at: int, events: Events, done: asyncio.Event
) -> None:
    """SIGKILL one worker, one in the middle of a request if one is seen, and note the
    worker gunicorn starts in its place."""
    if not await wait_for(tally, at, done):
        return
    before = workers_of(master)
    if not before:
        return
    victim = random.choice(before)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:  # one caught mid-request, so that a request dies
        busy = [p for p in before if serving(p)]
        if busy:
            victim = random.choice(busy)
            break
        await asyncio.sleep(0)
    os.kill(victim, signal.SIGKILL)
    events.killed, events.killed_at = victim, len(tally.acknowledged)
    print(f"killed worker {victim} at {events.killed_at} acknowledged", file=sys.stderr)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        fresh = [p for p in workers_of(master) if p not in before]
        if fresh and len(workers_of(master)) >= workers:
            events.replacement = fresh[0]
            return
        await asyncio.sleep(0.05)


async def backup_midway(
    db: Path,
    dest: Path,
    env: dict[str, str],
    tally: Tally,
    at: int,
    events: Events,
    done: asyncio.Event,
) -> None:
    """`survey backup` as its own process against the live database, noting what had
    been acknowledged before it began: all of that must be in the copy."""
    if not await wait_for(tally, at, done):
        return
    events.acked_before_backup = list(tally.acknowledged)
    print(f"backup started at {len(events.acked_before_backup)} acknowledged", file=sys.stderr)
    began = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        str(BIN / "survey"),
        "backup",
        "--db",
        str(db),
        str(dest),
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    events.backup_seconds = time.perf_counter() - began
    events.backup_rc = process.returncode
    events.backup_output = output.decode("utf-8", "replace").strip()


async def load(
    plan: Plan,
    tally: Tally,
    events: Events,
    args: argparse.Namespace,
    master: int,
    db: Path,
    dest: Path,
    env: dict[str, str],
) -> float:
    done = asyncio.Event()
    faults = [
        asyncio.ensure_future(
            kill_a_worker(master, args.workers, tally, args.responses // 3, events, done)
        ),
        asyncio.ensure_future(
            backup_midway(db, dest, env, tally, args.responses // 2, events, done)
        ),
    ]
    began = time.perf_counter()
    await clients(plan, tally, args.responses, args.clients, args.seed)
    seconds = time.perf_counter() - began
    done.set()
    await asyncio.gather(*faults)
    return seconds


# --- checking ---------------------------------------------------------------------


@dataclass
class Found:
    integrity: str
    holders: Counter[str]  # marker -> responses holding it, any status
    complete: set[str]
    keys: int  # idempotency keys recorded for the survey's responses


def look(db: Path, survey_id: int, question_id: int) -> Found:
    """Integrity and every marker in the database (read-only; the app may still run)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        integrity = "ok" if rows == [("ok",)] else "; ".join(r[0] for r in rows[:5])
        answers = conn.execute(
            "SELECT a.value, r.status FROM answers a JOIN responses r ON r.id = a.response_id "
            "WHERE r.survey_id = ? AND a.question_id = ?",
            (survey_id, question_id),
        ).fetchall()
        keys = conn.execute(
            "SELECT count(*) FROM submissions s JOIN responses r ON r.id = s.response_id "
            "WHERE r.survey_id = ?",
            (survey_id,),
        ).fetchone()[0]
    finally:
        conn.close()
    holders: Counter[str] = Counter()
    complete: set[str] = set()
    for value, status in answers:
        match = MARKER_RE.search(value)
        if match:
            holders[match.group(1)] += 1
            if status == "complete":
                complete.add(match.group(1))
    return Found(integrity, holders, complete, keys)


def doctor(db: Path, env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run(
        [str(BIN / "survey"), "doctor", "--db", str(db)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    return done.returncode, (done.stdout + done.stderr).strip()


def log_problems(log: Path) -> tuple[Counter[str], list[str]]:
    """Lines in the server log worth a look: tracebacks, timeouts, killed workers; and
    the distinct error lines themselves (without their timestamps)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    lines = re.findall(r"^\[[^]]*\] \[\d+\] \[(?:ERROR|CRITICAL)\] (.*)$", text, re.M)
    lines += re.findall(r"^(\w+(?:Error|Exception): .*)$", text, re.M)
    patterns = {
        "tracebacks": r"^Traceback",
        "worker timeouts": r"WORKER TIMEOUT",
        "workers killed by signal": r"was sent SIGKILL|was sent code 9",
        "errors": r"\[ERROR\]",
    }
    counts = Counter({k: len(re.findall(p, text, re.M)) for k, p in patterns.items()})
    return counts, list(dict.fromkeys(lines))


# --- main -------------------------------------------------------------------------


def table(rows: list[tuple[str, str]]) -> str:
    head = "| " + " | ".join(k for k, _ in rows) + " |"
    rule = "|" + "|".join("-" * (len(k) + 2) for k, _ in rows) + "|"
    body = "| " + " | ".join(v for _, v in rows) + " |"
    return "\n".join([head, rule, body])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--double", type=float, default=0.10, help="share of double submits")
    parser.add_argument("--lost", type=float, default=0.05, help="share of POSTs losing a reply")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)

    with tempfile.TemporaryDirectory(prefix="bench-reliability-") as tmp:
        folder = Path(tmp)
        ctx = setup(folder)
        env: dict[str, str] = ctx["env"]  # type: ignore[assignment]
        db: Path = ctx["db"]  # type: ignore[assignment]
        survey: dict = ctx["survey"]  # type: ignore[assignment]
        ids: dict[str, int] = ctx["ids"]  # type: ignore[assignment]
        from survey.store import connect

        store = connect(db)
        questions = [(q.id, q.type) for q in store.load_version(survey["version_id"]).questions()]
        store.close()
        marker_question = ids[next(qid for qid, kind in questions if kind != "consent")]
        plan = Plan(free_port(), questions, args.double, args.lost)
        tally, events = Tally(), Events()
        log, dest = folder / "server.log", folder / "backup.db"

        with survey_serve(db, plan.port, args.workers, env, log) as server:
            seconds = asyncio.run(load(plan, tally, events, args, server.pid, db, dest, env))
            live = look(db, survey["id"], marker_question)  # while the app still serves
            doctor_rc, doctor_out = doctor(db, env)
        problems, error_lines = log_problems(log)
        copy = look(dest, survey["id"], marker_question) if dest.is_file() else None

    acked = tally.acknowledged
    stored = sum(1 for m in acked if m in live.complete)
    lost = len(acked) - stored
    partial_only = sum(1 for m in acked if m in live.holders and m not in live.complete)
    duplicated = sum(n - 1 for n in live.holders.values() if n > 1)
    unacked_stored = sum(1 for m in live.complete if m not in set(acked))
    before = events.acked_before_backup
    backup_missing = len([m for m in before if copy is None or m not in copy.complete])
    backup_ok = copy is not None and copy.integrity == "ok" and events.backup_rc == 0
    backup_all = bool(before) and backup_missing == 0
    integrity_ok = live.integrity == "ok" and doctor_rc == 0 and backup_ok and backup_all
    kill = (
        f"{events.killed} → {events.replacement or 'no replacement seen'}"
        if events.killed
        else "none"
    )
    throughput = len(acked) / seconds if seconds else 0.0

    print(
        f"\nReliability under load and faults: `survey serve` with {args.workers} workers, "
        f"{args.clients} clients, {args.responses} responses through the public link, "
        f"{args.double:.0%} double submits, {args.lost:.0%} of POSTs losing a reply\n"
    )
    print(
        table(
            [
                ("clients", str(args.clients)),
                ("responses", str(args.responses)),
                ("acknowledged", str(len(acked))),
                ("stored", str(stored)),
                ("lost", str(lost)),
                ("duplicated", str(duplicated)),
                ("double-submits", str(tally.double_submits)),
                ("retries", str(tally.retries)),
                ("worker killed (pid)", kill),
                ("responses/s", f"{throughput:.1f}"),
                ("final send p50 ms", f"{percentile(tally.final_send, 0.5) * 1000:.0f}"),
                ("final send p99 ms", f"{percentile(tally.final_send, 0.99) * 1000:.0f}"),
                (
                    "backup",
                    f"{'ok' if backup_ok else 'FAILED'}/"
                    f"{'contains-all' if backup_all else f'missing {backup_missing}'}",
                ),
            ]
        )
    )
    print()
    print(
        f"- retries: {tally.lost_replies} replies lost on purpose, {tally.died} requests died "
        f"on the way, {tally.server_errors} answered 5xx"
    )
    print(
        f"- not acknowledged: {args.responses - len(acked)}"
        + "".join(f"; {n} × {why}" for why, n in tally.failures.most_common())
    )
    print(
        f"- in the database: {len(live.holders)} markers, {len(live.complete)} in complete "
        f"responses ({unacked_stored} of them never acknowledged), "
        f"{partial_only} acknowledged only in partial responses; {live.keys} idempotency "
        f"keys recorded (2 a response: answers page and final send)"
    )
    print(f"- worker killed at {events.killed_at} acknowledged; run took {seconds:.1f} s")
    print(
        f"- backup at {len(before)} acknowledged took {events.backup_seconds:.1f} s, "
        f"exit {events.backup_rc}, integrity {copy.integrity if copy else 'no file'}, "
        f"{len(copy.complete) if copy else 0} complete responses in it: {events.backup_output}"
    )
    print(f"- live integrity_check: {live.integrity}; survey doctor exit {doctor_rc}:")
    print("\n".join(f"    {line}" for line in doctor_out.splitlines()))
    print("- server log: " + ", ".join(f"{n} {k}" for k, n in problems.items()))
    print("\n".join(f"    {line}" for line in error_lines[:10]))
    ok = lost == 0 and duplicated == 0 and integrity_ok
    print(
        f"reliability: acknowledged={len(acked)} stored={stored} lost={lost} "
        f"duplicated={duplicated} integrity={'ok' if integrity_ok else 'FAILED'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
