"""Workbench benchmark: the round-trip latency of every coding action with 10,000 open
answers in the database, measured the way the page's script sends them.

Set-up (not timed): a fresh instance folder, `survey init`, a survey of the managers'
questionnaire with 1,250 complete responses × 8 open answers written by a small
generator below, the starter codebook imported into the survey, suggestions computed
once (a training run, as the "train" button starts), and an administrator. The app is
then served by gunicorn (gthread worker, so the browser's keep-alive is honoured) and
one evaluator signs in over HTTP with a real session cookie and CSRF token.

Timed: rounds of every action on answers drawn from the whole database, each a
form-encoded POST with `Accept: application/json`, the CSRF token, and the `rev` and
`cbrev` of the previous reply (so no conflict arises), over one keep-alive connection;
page loads and the live keyword preview beside them. Every reply is checked (HTTP 200
and `ok: true` for actions); failures are counted in the table, never dropped.

Automatic retraining (every 25 decisions) is switched off by default: this evaluator
decides far faster than a person, so the server would retrain back to back and the
table would measure the retraining rather than the actions. `--retrain` keeps the
app's default, to see what an action costs while a retraining runs beside it.

    python -m bench.coding [--responses 1250] [--rounds 300] [--threads 4] [--retrain]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .servers import BIN, free_port, running
from .submission import CSRF_RE, percentile

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = "chefsenkat"
EMAIL = "bench-admin@example.org"
ACTION_GOAL_MS = 100.0
PAGE_GOAL_MS = 500.0
CODING_ACTIONS = (
    "code a whole answer",
    "code a span",
    "change a coding's stance",
    "remove a coding",
    "accept a suggestion",
    "reject a suggestion",
    "undo",
    "mark done",
)
PREVIEW_KEYWORDS = (
    "samverkan,tid",
    "kartläggning",
    "föräldrar,vårdnadshavare",
    "närvaro,frånvaro",
    "ledning,mandat",
)
CODING_ID_RE = re.compile(r"/codings/(\d+)/stance")
CBREV_RE = re.compile(r'data-cbrev="(\d+)"')

# --- made-up answers -------------------------------------------------------------------
# Fragments recombined into sentences: subject + predicate + tail, optionally after an
# opener that takes a subordinate clause (hence each predicate's second, "att" form).

OPENERS = (
    "", "", "", "Jag upplever att", "Min bild är att", "Det märks tydligt att",
    "Jag tycker att", "Vi har sett att", "Många i personalgruppen menar att",
    "Jag skulle säga att", "Ärligt talat känns det som att", "Från skolans håll ser vi att",
    "Från socialtjänstens sida upplever vi att", "Det är ingen tvekan om att",
)  # fmt: skip
SUBJECTS = (
    "samverkan mellan skola och socialtjänst", "samarbetet med socialtjänsten",
    "kartläggningen av elevens situation", "den gemensamma kartläggningen",
    "arbetet med föräldrarna", "kontakten med vårdnadshavarna", "stödet till föräldrarna",
    "närvaron bland eleverna i målgruppen", "elevernas närvaro", "ledningens stöd",
    "styrgruppens arbete", "samordnarens mandat", "förankringen hos rektorerna",
    "tiden för samordning", "det tvärprofessionella teamet", "teamets flexibilitet",
    "hembesöken", "relationen till eleverna", "bemanningen i teamet", "dokumentationen",
    "finansieringen", "spridningen till fler skolor", "lokalfrågan", "arbetsbelastningen",
    "informationsflödet mellan förvaltningarna", "uppföljningen av frånvaron",
)  # fmt: skip
POSITIVE = (
    ("har fungerat mycket bra", None),
    ("har gett oss en helhetsbild som vi saknat tidigare", None),
    ("har gjort stor skillnad för familjerna", None),
    ("har skapat förtroende hos vårdnadshavarna", None),
    ("har lett till att fler elever kommer tillbaka till skolan", None),
    ("har utvecklats positivt under projektets gång", None),
    ("har varit avgörande för resultaten", None),
    ("gör att vi hittar orsakerna till frånvaron tidigare", None),
    ("har underlättat arbetet för skolans personal", None),
    ("har bidragit till ett gemensamt språk mellan professionerna", None),
    ("gör det lättare att nå familjer som tidigare tackat nej till stöd", None),
    ("har stärkt elevernas tillit till vuxna på skolan", None),
)
NEGATIVE = (
    ("tar mer tid än vi hade räknat med", None),
    ("har tagit lång tid att få på plats", None),
    ("kräver ett tydligare mandat från ledningen", None),
    ("har påverkats av hög personalomsättning", None),
    ("fungerar inte fullt ut ännu", "inte fungerar fullt ut ännu"),
    ("har inte prioriterats tillräckligt", "inte har prioriterats tillräckligt"),
    ("riskerar att försvinna när projektmedlen tar slut", None),
    ("bromsas av att vi arbetar i olika datasystem", None),
    ("hänger för mycket på enskilda personer", None),
    ("har inte räckt till för alla elever som behöver det", "inte har räckt till för alla"),
    ("blir lidande när ärendemängden ökar", None),
    ("har varit tungrodd på grund av oklar ansvarsfördelning", None),
)
NEUTRAL = (
    ("har förändrats under projekttiden", None),
    ("ser olika ut på olika skolor", None),
    ("är något vi fortfarande diskuterar i styrgruppen", None),
    ("behöver följas upp mer systematiskt", None),
    ("har diskuterats mycket på våra gemensamma möten", None),
)
TAILS = (
    "", "", "", " för många av eleverna", ", särskilt på högstadiet", " i vår stadsdel",
    ", åtminstone på de skolor jag känner till", " jämfört med tidigare",
    " under det senaste året", ", men det varierar mellan skolorna",
    " trots att resurserna är begränsade", " enligt både lärare och familjebehandlare",
)  # fmt: skip
EXTRA = {
    "q2_framgang": (
        "Det viktigaste är att teamet kan träffa familjerna där de är.",
        "Att skola och socialtjänst sitter tillsammans har betytt mycket.",
        "Familjebehandlarna kan arbeta i små steg och på kvällstid.",
        "Eleverna märker att de vuxna pratar med varandra.",
    ),
    "q3_utmaning": (
        "Tiden räcker inte till.",
        "Vi har svårt att rekrytera familjebehandlare.",
        "Det saknas gemensamma lokaler.",
        "Sekretessen mellan verksamheterna skapar ibland dubbelarbete.",
    ),
    "q6_lardomar": (
        "Vi tar med oss vikten av en noggrann kartläggning innan insatserna startar.",
        "Att lyssna på elevens egen berättelse är en lärdom vi vill behålla.",
        "Gemensamma rutiner för uppföljning av närvaron bör finnas kvar.",
    ),
    "q7_forutsattningar": (
        "Utan långsiktig finansiering blir det svårt att fortsätta.",
        "Ledningen måste avsätta tid för samordning i den ordinarie budgeten.",
        "Risken är att arbetssättet faller när nyckelpersoner slutar.",
    ),
    "q8_tips": (
        "Börja med att förankra arbetssättet hos rektorerna.",
        "Avsätt tid för gemensam kartläggning.",
        "Involvera föräldrarna från början.",
        "Se till att samordnaren har ett tydligt mandat.",
        "Ha tålamod, det tar tid att bygga förtroende.",
        "Följ upp närvaron varje vecka och fira små framsteg.",
    ),
}
ROLES = (
    "rektor", "biträdande rektor", "enhetschef inom socialtjänsten", "sektionschef",
    "samordnare", "förvaltningschef", "elevhälsochef", "verksamhetsutvecklare",
)  # fmt: skip
PLACES = (
    "på en grundskola i norra distriktet", "inom socialtjänsten i södra stadsdelen",
    "på stadsdelsförvaltningen", "på utbildningsförvaltningen", "på en F–9-skola i centrum",
    "inom individ- och familjeomsorgen",
)  # fmt: skip
AREAS = ("Norra", "Södra", "Östra", "Västra", "Centrum")
# Share of positive, negative and neutral predicates per question (others: even).
LEANING = {"q2_framgang": (8, 1, 2), "q3_utmaning": (1, 8, 2), "q7_forutsattningar": (2, 5, 2)}


def sentence(rng: random.Random, qid: str) -> str:
    """One generated sentence, leaning positive or negative as the question asks."""
    if qid in EXTRA and rng.random() < 0.25:
        return rng.choice(EXTRA[qid])
    pools = (POSITIVE, NEGATIVE, NEUTRAL)
    pool = rng.choices(pools, weights=LEANING.get(qid, (3, 3, 2)))[0]
    main, subordinate = rng.choice(pool)
    opener = rng.choice(OPENERS)
    predicate = (subordinate or main) if opener else main
    text = " ".join(p for p in (opener, rng.choice(SUBJECTS), predicate) if p)
    return text[0].upper() + text[1:] + rng.choice(TAILS) + "."


def answer_text(rng: random.Random, qid: str) -> str:
    if qid == "q1_roll":
        text = f"Jag är {rng.choice(ROLES)} {rng.choice(PLACES)}."
        if rng.random() < 0.5:
            text += f" Jag har varit med i projektet sedan {rng.choice(('2021', '2022', '2023'))}."
        return text
    return " ".join(sentence(rng, qid) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))


# --- set-up ----------------------------------------------------------------------------


@dataclass
class Setup:
    env: dict[str, str]
    db: Path
    survey_id: int
    password: str
    responses: int
    answers: dict[int, str]
    suggestions: int
    codes: list[int]
    seconds: float


def build(folder: Path, responses: int, retrain: bool, seed: int) -> Setup:
    """The instance, the survey and its answers, the codebook, the suggestions, an admin."""
    from werkzeug.security import generate_password_hash

    from analysis.codebook import bundled
    from survey.store import connect, now
    from survey.workbench.codebook_editor import import_toml
    from survey.workbench.training import run_training

    started = time.perf_counter()
    env = {
        "SURVEY_INSTANCE": str(folder),
        "SURVEY_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "SURVEY_DB": str(folder / "survey.db"),
    }
    if not retrain:
        (folder / "config.toml").write_text("auto_retrain = false\n", encoding="utf-8")
    db = folder / "survey.db"
    subprocess.run(
        [str(BIN / "survey"), "init", "--db", str(db)],
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )
    rng = random.Random(seed)
    password = uuid.uuid4().hex
    store = connect(db)
    try:
        version = store.latest_version(QUESTIONNAIRE)
        survey = store.create_survey(
            slug="bench-coding",
            version_id=version["id"],
            title="Bench: coding",
            audience="managers",
            attributes=("stadsdel",),
        )
        ids = store.question_ids(version["id"])
        qids = [q.id for q in store.load_version(version["id"]).questions()]
        with store.transaction():
            for _ in range(responses):
                response = store.create_response(
                    survey["id"], "sv", attributes={"stadsdel": rng.choice(AREAS)}
                )
                store.save_answers(response, {ids[q]: answer_text(rng, q) for q in qids}, page=3)
                store.complete_response(response)
        import_toml(store, survey["id"], None, bundled().read_bytes(), bundled().name)
        store.create_user(EMAIL, generate_password_hash(password), "admin", "Bench")
        run_id = store.start_training(survey["id"], None, now())
        assert run_id is not None
        result = run_training(store, store.survey_by_id(survey["id"]) or {}, folder, run_id)
        answers = {r["id"]: r["text"] for r in store.open_answers(survey["id"])}
        codes = [c["id"] for c in store.codes(survey["id"])]
    finally:
        store.close()
    return Setup(
        env,
        db,
        survey["id"],
        password,
        responses,
        answers,
        result["suggestions"],
        codes,
        time.perf_counter() - started,
    )


# --- one evaluator's browser -----------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: str
    seconds: float

    def json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.body)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


@dataclass
class Browser:
    """A keep-alive connection with its cookies, as a browser tab keeps one."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None
    connects: int = 0  # TCP connections opened: 1 when keep-alive holds

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, accept: str = "text/html"
    ) -> Reply:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Accept": accept}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(form).encode() if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connects += self.conn.sock is None
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        seconds = time.perf_counter() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.partition(";")[0].strip()
        return Reply(response.status, data.decode("utf-8", "replace"), seconds)


# --- measuring -------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    goal_ms: float | None
    seconds: list[float] = field(default_factory=list)
    attempts: int = 0
    failures: int = 0
    first_failure: str = ""

    def add(self, seconds: float | None, problem: str | None) -> None:
        """A round trip (None: none completed); any problem makes it a failure."""
        self.attempts += 1
        if seconds is not None:
            self.seconds.append(seconds)
        if problem:
            self.failures += 1
            self.first_failure = self.first_failure or problem[:200]

    def ms(self, q: float) -> float:
        return percentile(self.seconds, q) * 1000


class Workbench:
    """The evaluator at work: sends what static/coding.js sends, keeps each answer's
    revision from the last reply, and times every round trip."""

    def __init__(self, browser: Browser, setup: Setup, seed: int):
        self.browser, self.setup, self.rng = browser, setup, random.Random(seed)
        self.base = f"/coding/surveys/{setup.survey_id}"
        self.revs: dict[int, int] = {}
        self.cbrev = "0"
        self.csrf = ""
        self.timings: dict[str, Timing] = {}

    def timing(self, name: str, goal_ms: float | None = ACTION_GOAL_MS) -> Timing:
        return self.timings.setdefault(name, Timing(name, goal_ms))

    def sign_in(self) -> None:
        page = self.browser.request("GET", "/login")
        token = CSRF_RE.search(page.body)
        assert token, f"no CSRF token on /login (HTTP {page.status})"
        form = {"csrf_token": token.group(1), "email": EMAIL, "password": self.setup.password}
        reply = self.browser.request("POST", "/login", form)
        assert reply.status == 302, f"sign-in refused (HTTP {reply.status})"
        page = self.browser.request("GET", self.base)
        token, cbrev = CSRF_RE.search(page.body), CBREV_RE.search(page.body)
        assert page.status == 200 and token and cbrev, f"workbench not shown ({page.status})"
        self.csrf, self.cbrev = token.group(1), cbrev.group(1)

    def act(self, name: str, path: str, answer: int | None, **fields: str) -> dict[str, Any]:
        """POST an action; the reply's body, or {} when it failed (counted)."""
        form = {"csrf_token": self.csrf, "cbrev": self.cbrev, "next": self.base, **fields}
        if answer is not None:
            form["rev"] = str(self.revs.get(answer, 0))
        try:
            reply = self.browser.request("POST", self.base + path, form, "application/json")
        except (OSError, http.client.HTTPException) as exc:
            self.timing(name).add(None, f"{type(exc).__name__}: {exc}")
            return {}
        body = reply.json()
        if isinstance(body.get("answer"), int) and isinstance(body.get("rev"), int):
            self.revs[body["answer"]] = body["rev"]
        if body.get("cbrev") is not None:
            self.cbrev = str(body["cbrev"])
        ok = reply.status == 200 and body.get("ok") is True
        problem = None if ok else f"HTTP {reply.status}: {body.get('message') or reply.body[:120]}"
        self.timing(name).add(reply.seconds, problem)
        return body if ok else {}

    def get(self, name: str, path: str, goal_ms: float | None, check: str) -> dict[str, Any]:
        """GET a page (checked for `check` in its HTML) or the preview (JSON with `check`)."""
        as_json = "preview" in path
        accept = "application/json" if as_json else "text/html"
        try:
            reply = self.browser.request("GET", self.base + path, accept=accept)
        except (OSError, http.client.HTTPException) as exc:
            self.timing(name, goal_ms).add(None, f"{type(exc).__name__}: {exc}")
            return {}
        body = reply.json() if as_json else {}
        found = check in body if as_json else check in reply.body
        if as_json and body.get("total") != len(self.setup.answers):
            found = False  # the index must hold every open answer
        problem = None if reply.status == 200 and found else f"HTTP {reply.status}, no {check!r}"
        self.timing(name, goal_ms).add(reply.seconds, problem)
        return body

    # The actions, each on its own answer, each leaving what the next needs.

    def code_whole(self, answer: int) -> None:
        body = self.act(
            "code a whole answer",
            f"/answers/{answer}/codings",
            answer,
            code_id=str(self.rng.choice(self.setup.codes)),
            start="",
            end="",
            quote="",
        )
        coding = newest_coding(body)
        if coding is None:
            self.timing("change a coding's stance").add(None, "not tried: coding failed")
            return
        stance = self.rng.choice(("success", "challenge", "neutral", ""))
        self.act("change a coding's stance", f"/codings/{coding}/stance", answer, stance=stance)

    def code_span(self, answer: int) -> None:
        start, end = span_of(self.setup.answers[answer], self.rng)
        body = self.act(
            "code a span",
            f"/answers/{answer}/codings",
            answer,
            code_id=str(self.rng.choice(self.setup.codes)),
            start=str(start),
            end=str(end),
            quote=self.setup.answers[answer][start:end],
        )
        coding = newest_coding(body)
        if coding is None:
            self.timing("remove a coding").add(None, "not tried: coding failed")
            return
        self.act("remove a coding", f"/codings/{coding}/delete", answer)

    def review(self, decision: str, suggestion: int, answer: int) -> None:
        name = f"{decision} a suggestion"
        self.act(name, f"/suggestions/{suggestion}/{decision}", answer)

    def mark_done(self, answer: int) -> None:
        self.act("mark done", f"/answers/{answer}/done", answer)

    def undo(self) -> None:
        self.act("undo", "/undo", None)


def newest_coding(body: dict[str, Any]) -> int | None:
    """The coding just added: the highest coding id in the cell the reply redraws."""
    ids = [int(i) for i in CODING_ID_RE.findall(body.get("html") or "")]
    return max(ids) if ids else None


def span_of(text: str, rng: random.Random) -> tuple[int, int]:
    """A sentence of the answer as an evaluator selects it (offsets in code points)."""
    sentences = [m.span() for m in re.finditer(r"[^\s.!?][^.!?]*[.!?]?", text)]
    start, end = rng.choice(sentences) if sentences else (0, len(text))
    if (start, end) == (0, len(text)) and len(text) > 10:
        end = text.rfind(" ", 0, len(text) // 2) if " " in text[: len(text) // 2] else len(text)
    return start, end


OPEN_SUGGESTIONS = (
    "FROM suggestions s JOIN codes k ON k.survey_id = :survey AND k.key = s.theme "
    "AND k.active = 1 WHERE s.codebook_id = (SELECT suggestion_codebook_id FROM surveys "
    "WHERE id = :survey) AND NOT EXISTS (SELECT 1 FROM suggestion_reviews v "
    "WHERE v.suggestion_id = s.id)"
)


class Suggestions:
    """Open suggestion ids read from the database just before they are used (not timed):
    a retraining in the background replaces open suggestions with new ids."""

    def __init__(self, db: Path, survey_id: int):
        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.survey_id = survey_id

    def answers_with_open(self) -> list[int]:
        sql = f"SELECT DISTINCT s.answer_id {OPEN_SUGGESTIONS}"  # noqa: S608
        return [r[0] for r in self.conn.execute(sql, {"survey": self.survey_id})]

    def open_on(self, answer: int) -> int | None:
        sql = f"SELECT s.id {OPEN_SUGGESTIONS} AND s.answer_id = :answer"  # noqa: S608
        row = self.conn.execute(sql, {"survey": self.survey_id, "answer": answer}).fetchone()
        return row[0] if row else None


def measure(bench: Workbench, setup: Setup, rounds: int, seed: int) -> float:
    """`rounds` rounds of every action, in a new order each round, then an undo and the
    page loads; the answers of each action are drawn from the whole database."""
    from survey.blueprints.coding import GRID_PAGE, QUESTION_PAGE

    rng = random.Random(seed)
    suggestions = Suggestions(setup.db, setup.survey_id)
    pool = list(setup.answers)
    rng.shuffle(pool)
    whole, span, done = (pool[i * rounds : (i + 1) * rounds] for i in range(3))
    taken = set(whole) | set(span) | set(done)
    suggested = [a for a in suggestions.answers_with_open() if a not in taken]
    rng.shuffle(suggested)
    reviewable = iter(suggested)
    grid_pages = -(-setup.responses // GRID_PAGE)  # every response has all 8 answers
    question_pages = -(-setup.responses // QUESTION_PAGE)

    def review(decision: str) -> None:
        for answer in reviewable:  # the next answer that still has an open suggestion
            suggestion = suggestions.open_on(answer)
            if suggestion is not None:
                bench.review(decision, suggestion, answer)
                return
        bench.timing(f"{decision} a suggestion").add(None, "no open suggestion left")

    preview = "/codebook/preview?"
    first = urlencode({"keywords_sv": PREVIEW_KEYWORDS[0]})
    bench.get("keyword preview, first call", preview + first, None, "answers")
    started = time.perf_counter()
    for i in range(rounds):
        steps = [
            partial(bench.code_whole, whole[i]),
            partial(bench.code_span, span[i]),
            partial(review, "accept"),
            partial(review, "reject"),
            partial(bench.mark_done, done[i]),
        ]
        rng.shuffle(steps)
        for step in steps:
            step()
        bench.undo()  # takes back whichever action came last in this round
        bench.get("page: grid", f"?page={rng.randint(1, grid_pages)}", PAGE_GOAL_MS, 'id="answer-')
        bench.get(
            "page: one question",
            f"?question=q2_framgang&page={rng.randint(1, question_pages)}",
            PAGE_GOAL_MS,
            'id="answer-',
        )
        keywords = urlencode({"keywords_sv": PREVIEW_KEYWORDS[i % len(PREVIEW_KEYWORDS)]})
        bench.get("keyword preview", preview + keywords, ACTION_GOAL_MS, "answers")
    suggestions.conn.close()
    return time.perf_counter() - started


# --- report ----------------------------------------------------------------------------

ORDER = (
    *CODING_ACTIONS,
    "keyword preview",
    "keyword preview, first call",
    "page: grid",
    "page: one question",
)


def report(timings: dict[str, Timing]) -> float:
    """Print the table; return the worst p95 over the coding actions (ms)."""
    header = ("action", "n", "failed", "p50 ms", "p95 ms", "p99 ms", "max ms", "goal", "met?")
    rows = []
    for name in ORDER:
        t = timings.get(name)
        if t is None:
            continue
        goal = f"p95 < {t.goal_ms:.0f} ms" if t.goal_ms else "–"
        met = "–"
        if t.goal_ms:
            met = "yes" if t.ms(0.95) < t.goal_ms and not t.failures else "no"
        worst = max(t.seconds, default=float("nan")) * 1000
        rows.append(
            (name, str(t.attempts), str(t.failures), f"{t.ms(0.5):.1f}", f"{t.ms(0.95):.1f}",
             f"{t.ms(0.99):.1f}", f"{worst:.1f}", goal, met)
        )  # fmt: skip
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    for t in timings.values():
        if t.failures:
            print(f"\n{t.name}: {t.failures} failed; first: {t.first_failure}")
    return max(timings[name].ms(0.95) for name in CODING_ACTIONS if name in timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1250, help="x 8 open answers")
    parser.add_argument("--rounds", type=int, default=300, help="of each action")
    parser.add_argument("--threads", type=int, default=4, help="of the one gunicorn worker")
    parser.add_argument("--retrain", action="store_true", help="keep AUTO_RETRAIN on")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-coding-") as tmp:
        folder = Path(tmp)
        setup = build(folder, args.responses, args.retrain, args.seed)
        port = free_port()
        command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
        command += ["--keep-alive", "75", "survey:create_app()"]
        env = {**setup.env, "PYTHONPATH": str(ROOT)}
        log = folder / "server.log"
        try:
            with running(command, env, f"http://127.0.0.1:{port}/", log):
                bench = Workbench(Browser(port), setup, args.seed)
                bench.sign_in()
                seconds = measure(bench, setup, args.rounds, args.seed)
        except RuntimeError:  # the server did not start: say why
            print(log.read_text(encoding="utf-8", errors="replace")[-3000:], file=sys.stderr)
            raise
        with sqlite3.connect(setup.db) as conn:
            trainings = conn.execute(
                "SELECT COUNT(*) FROM training_runs WHERE survey_id = ?", (setup.survey_id,)
            ).fetchone()[0]

    retraining = "on" if args.retrain else "off (--retrain to keep it on)"
    print(
        f"\nCoding workbench: {len(setup.answers):,} open answers ({args.responses:,} responses"
        f" × 8), {setup.suggestions:,} suggestions, {len(setup.codes)} codes (set-up "
        f"{setup.seconds:.0f} s). gunicorn, 1 worker × {args.threads} threads; one evaluator "
        f"over keep-alive ({bench.browser.connects} TCP connection(s) in all); {args.rounds} "
        f"rounds in {seconds:.0f} s; automatic retraining {retraining}, {trainings - 1} "
        "retraining runs during the rounds.\n"
    )
    worst = report(bench.timings)
    print(f"\ncoding: p95 of coding actions = {worst:.1f} ms (goal < {ACTION_GOAL_MS:.0f} ms)")


if __name__ == "__main__":
    main()
