"""Coding-engine benchmark: throughput and memory, then quality on every gold and dev set.

Throughput runs in a child process so its peak memory is the engine's alone. Quality uses
`analysis/data/gold/gold_sv.csv` and `gold_en.csv`, which no engine setting was tuned on
(keywords and settings were chosen on the `dev*` sets; `dev4_sv.csv` was first scored
only as a whole, as a blind check, and later pooled with the other dev sets to choose
the model's settings; `dev5_sv.csv`, written by a separate writer who coded by meaning
without the keyword lists, was scored once after those choices). The sets in other
registers (`registers/`) and the second, independent codebook's sets
(`second_codebook/`) are held out except their tune files (see their READMEs); the third
codebook (`third_codebook/`, names and descriptions only, as exported from another tool)
has one held-out set; the fourth (`fourth_codebook/`, the same in English) one tuning
set; the fifth (`fifth_codebook/`, Swedish, names and descriptions only, coding Swedish
and English answers) one held-out set; `tune8_managers_sv.csv` (managers' answers by a
writer who saw neither the keyword lists nor any other set) is a tuning set, not joined. Models are trained on one part of a set and scored on the rest, beside a TF-IDF +
logistic-regression baseline on the same splits (for the starter codebook's sets, the
model trains with the project's own coded answers joined, `analysis.starter_examples`,
as it does in the app: its tuning sets, never the set measured); a simulated review counts the
decisions needed before micro-F1 on the undecided answers reaches 0.70 and 0.80, in
order and most uncertain first.

    python -m bench.engine [--answers 10000] [--seeds 3] [--quality-only]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "analysis" / "data" / "gold"
FRACTIONS = (0.1, 0.25, 0.5, 0.75)
REPEATS = 9  # best of: enough rounds that the fastest measures the code, not the neighbours


def table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    cells = [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *cells]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def corpus(n: int, seed: int = 7) -> list[tuple[str, list[str]]]:
    """Realistic answers: one to four sentences recombined from the project's own coded
    answers (dev and gold), with the union of their themes."""
    sentences: list[tuple[str, list[str]]] = []
    for name in ("dev_sv.csv", "gold_sv.csv"):
        for row in csv.DictReader((GOLD / name).open(encoding="utf-8")):
            themes = [t for t in row["themes"].split(";") if t]
            for sentence in re.split(r"(?<=[.!?])\s+", row["text"].strip()):
                if len(sentence) > 15:
                    sentences.append((sentence, themes))
    rng = random.Random(seed)
    result = []
    for _ in range(n):
        picked = rng.sample(sentences, rng.randint(1, 4))
        result.append((" ".join(s for s, _ in picked), sorted({t for _, ts in picked for t in ts})))
    return result


# --- throughput (child process) -----------------------------------------------------


def speed(n: int) -> dict[str, float]:
    """Answers per second: bare spaCy (blank + lookup lemmatizer) and the engine, on the
    same texts, interleaved, the best of a few rounds: on a shared virtual machine the
    slow rounds measure the neighbours, the fastest what the code costs."""
    import spacy

    from analysis.codebook import bundled, load
    from analysis.engine import Answer, Engine

    texts = [t for t, _ in corpus(n)]
    bare = spacy.blank("sv")
    bare.add_pipe("lemmatizer", config={"mode": "lookup"})
    bare.initialize()
    engine = Engine(load(bundled()))
    answers = [Answer(str(i), t, "q2_framgang", "success") for i, t in enumerate(texts)]
    # The same texts as prose outside any question: where no cue word judges, the
    # shipped stance prior reads the clause (answers to a leaning question never need it).
    prose = [Answer(str(i), t) for i, t in enumerate(texts)]
    engine.code(answers[:200])  # warm both: first-use caches are not what is measured
    engine.code(prose[:200])
    list(bare.pipe(texts[:200]))
    bare_s, engine_s, prose_s = [], [], []
    for _ in range(REPEATS):  # interleaved: a shared machine's noise hits both alike
        gc.collect()  # each run starts from a clean heap, not the last run's garbage
        started = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=256):
            pass
        bare_s.append(time.perf_counter() - started)
        gc.collect()
        started = time.perf_counter()
        engine.code(answers)
        engine_s.append(time.perf_counter() - started)
        gc.collect()
        started = time.perf_counter()
        engine.code(prose)
        prose_s.append(time.perf_counter() - started)
    return {
        "answers": n,
        "mean_chars": mean(len(t) for t in texts),
        "bare_per_s": n / min(bare_s),
        "engine_per_s": n / min(engine_s),
        "prose_per_s": n / min(prose_s),
    }


def workload(n: int) -> dict[str, float]:
    """The engine alone in a fresh process, as the app uses it: build it, code and store
    n answers in SQLite, retrain on 1,000 coded answers; then its peak memory."""
    from analysis.codebook import bundled, load
    from analysis.engine import Answer, Engine
    from survey.config import QUESTIONNAIRE_DIR
    from survey.fielding.bootstrap import import_directory
    from survey.store import connect
    from survey.workbench.suggestions import code_survey

    texts = [t for t, _ in corpus(n)]
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = connect(Path(tmp) / "s.db", create=True)
        store.migrate()
        import_directory(store, QUESTIONNAIRE_DIR)
        version = store.latest_version("chefsenkat")
        survey = store.create_survey(slug="bench", version_id=version["id"], title="Bench")
        qid = store.question_ids(version["id"])["q2_framgang"]
        with store.transaction():
            for text in texts:
                response = store.create_response(survey["id"], "sv")
                store.save_answers(response, {qid: text}, page=1)
        started = time.perf_counter()
        engine = Engine(load(bundled()))  # building it (lemma tables) is part of the run
        run = code_survey(store, survey["id"], load(bundled()), engine)
        out["code_and_store_s"] = time.perf_counter() - started
        out["stored_suggestions"] = run.suggestions
        store.close()
    train = corpus(1000, seed=11)
    examples = [(Answer(f"t{i}", t), themes) for i, (t, themes) in enumerate(train)]
    started = time.perf_counter()
    engine.train(examples)
    out["retrain_1000_s"] = time.perf_counter() - started
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# --- quality -------------------------------------------------------------------------

SECOND = GOLD / "second_codebook"
THIRD = GOLD / "third_codebook"
FOURTH = GOLD / "fourth_codebook"
FIFTH = GOLD / "fifth_codebook"
SIXTH = GOLD / "sixth_codebook"
SEVENTH = GOLD / "seventh_codebook"
EIGHTH = GOLD / "eighth_codebook"
# (label, codebook, gold file, group, held out?). Held-out sets were never looked at
# while tuning; the tune sets and the old dev sets were (their READMEs and the module
# docstring say which is which).
SETS = (
    ("gold_sv", "codebook_sst.toml", GOLD / "gold_sv.csv", "old", True),
    ("gold_en", "codebook_sst.toml", GOLD / "gold_en.csv", "old", True),
    ("dev_sv", "codebook_sst.toml", GOLD / "dev_sv.csv", "old", False),
    ("dev2_sv", "codebook_sst.toml", GOLD / "dev2_sv.csv", "old", False),
    ("dev3_sv", "codebook_sst.toml", GOLD / "dev3_sv.csv", "old", False),
    ("dev4_sv", "codebook_sst.toml", GOLD / "dev4_sv.csv", "old", False),
    ("dev5_sv", "codebook_sst.toml", GOLD / "dev5_sv.csv", "old", False),
    ("dev_en", "codebook_sst.toml", GOLD / "dev_en.csv", "old", False),
    ("dev2_en", "codebook_sst.toml", GOLD / "dev2_en.csv", "old", False),
    ("tune8_managers_sv", "codebook_sst.toml", GOLD / "tune8_managers_sv.csv", "old", False),
    ("tune_registers_sv", "codebook_sst.toml", GOLD / "registers/tune_registers_sv.csv", "new registers", False),
    ("tune2_registers_sv", "codebook_sst.toml", GOLD / "registers/tune2_registers_sv.csv", "new registers", False),
    ("tune3_registers_sv", "codebook_sst.toml", GOLD / "registers/tune3_registers_sv.csv", "new registers", False),
    ("tune5_registers_sv", "codebook_sst.toml", GOLD / "registers/tune5_registers_sv.csv", "new registers", False),
    ("tune6_parents_sv", "codebook_sst.toml", GOLD / "registers/tune6_parents_sv.csv", "new registers", False),
    ("tune6_parents_en", "codebook_sst.toml", GOLD / "registers/tune6_parents_en.csv", "new registers", False),
    ("tune7_parents_sv", "codebook_sst.toml", GOLD / "registers/tune7_parents_sv.csv", "new registers", False),
    ("tune7_parents_en", "codebook_sst.toml", GOLD / "registers/tune7_parents_en.csv", "new registers", False),
    ("tune8_prose_sv", "codebook_sst.toml", GOLD / "registers/tune8_prose_sv.csv", "new registers", False),
    ("prose_sv", "codebook_sst.toml", GOLD / "registers/prose_sv.csv", "new registers", True),
    ("workshop_sv", "codebook_sst.toml", GOLD / "registers/workshop_sv.csv", "new registers", True),
    ("parents_sv", "codebook_sst.toml", GOLD / "registers/parents_sv.csv", "new registers", True),
    ("parents_en", "codebook_sst.toml", GOLD / "registers/parents_en.csv", "new registers", True),
    ("check4_registers_sv", "codebook_sst.toml", GOLD / "registers/check4_registers_sv.csv", "new registers", True),
    ("check7_sv", "codebook_sst.toml", GOLD / "registers/check7_sv.csv", "new registers", True),
    ("tune_sv", str(SECOND / "codebook.toml"), SECOND / "tune_sv.csv", "second codebook", False),
    ("tune2_sv", str(SECOND / "codebook.toml"), SECOND / "tune2_sv.csv", "second codebook", False),
    ("managers_sv", str(SECOND / "codebook.toml"), SECOND / "managers_sv.csv", "second codebook", True),
    ("prose_sv", str(SECOND / "codebook.toml"), SECOND / "prose_sv.csv", "second codebook", True),
    ("families_sv", str(SECOND / "codebook.toml"), SECOND / "families_sv.csv", "second codebook", True),
    ("heldout_sv", str(THIRD / "codebook.toml"), THIRD / "heldout_sv.csv", "third codebook", True),
    ("tune_en", str(FOURTH / "codebook.toml"), FOURTH / "tune_en.csv", "fourth codebook", False),
    ("heldout_mixed", str(FIFTH / "codebook.toml"), FIFTH / "heldout_mixed.csv", "fifth codebook", True),
    ("tune_sv", str(SIXTH / "codebook.toml"), SIXTH / "tune_sv.csv", "sixth codebook", False),
    ("tune_sv", str(SEVENTH / "codebook.toml"), SEVENTH / "tune_sv.csv", "seventh codebook", False),
    ("tune_sv", str(EIGHTH / "codebook.toml"), EIGHTH / "tune_sv.csv", "eighth codebook", False),
)  # fmt: skip
CODEBOOKS = {
    "second codebook": "second, independent codebook",
    "third codebook": "third, independent codebook from another tool: names and descriptions only",
    "fourth codebook": "fourth, an English codebook from another tool: names and descriptions only",
    "fifth codebook": "fifth, a Swedish codebook from another tool (names and descriptions only), Swedish and English answers",
    "sixth codebook": "sixth, a Swedish codebook from another tool (names and descriptions only), a tuning set",
    "seventh codebook": "seventh, a Swedish codebook from another tool (names and descriptions only), long answers, a tuning set",
    "eighth codebook": "eighth, a Swedish codebook from another tool (names and descriptions only), weighted to report prose and notes, a tuning set",
}
SIM_STEP = 10  # decisions between retrainings in the simulated review
SIM_TARGETS = (0.70, 0.80)


def baseline_predictions(train, test, themes):  # type: ignore[no-untyped-def]
    """TF-IDF (words and word pairs of the raw text) + one logistic regression per theme."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    x_train = vectorizer.fit_transform([g.answer.text for g in train])
    x_test = vectorizer.transform([g.answer.text for g in test])
    predictions: list[dict[str, str]] = [{} for _ in test]
    for theme in themes:
        y = [int(theme in g.themes) for g in train]
        if sum(y) == 0 or sum(y) == len(y):
            continue
        model = LogisticRegression(max_iter=2000, class_weight="balanced", C=10.0)
        model.fit(x_train, y)
        for i, p in enumerate(model.predict_proba(x_test)[:, 1]):
            if p >= 0.5:
                predictions[i][theme] = "success"
    return predictions


def simulate(engine, gold, themes, uncertain: bool) -> dict[float, int | None]:  # type: ignore[no-untyped-def]
    """An evaluator deciding answer by answer (each answer's codes settled: one decision),
    the engine retrained every `SIM_STEP` decisions; the decisions made when micro-F1
    on the answers not yet decided first reaches each target. In order: as the file
    lists them; uncertain first: next the answers whose most uncertain theme score is
    nearest the threshold."""
    from analysis import evaluate as ev

    engine.model = engine.stance_model = None
    rest, done = list(gold), []
    reached: dict[float, int | None] = dict.fromkeys(SIM_TARGETS)
    while rest:
        coded = engine.code([g.answer for g in rest])
        f1 = float(ev.score(rest, [c.themes() for c in coded], themes)["micro_f1"])  # type: ignore[arg-type]
        for target in SIM_TARGETS:
            if reached[target] is None and f1 >= target:
                reached[target] = len(done)
        if all(v is not None for v in reached.values()) or len(rest) <= SIM_STEP:
            break
        if uncertain:
            scores = engine.scores([g.answer for g in rest])
            margin = [min((abs(v - 0.5) for v in s.values()), default=0.5) for s in scores]
            order = sorted(range(len(rest)), key=lambda i: (margin[i], i))
            picked = set(order[:SIM_STEP])
            done += [rest[i] for i in sorted(picked)]
            rest = [g for i, g in enumerate(rest) if i not in picked]
        else:
            done, rest = done + rest[:SIM_STEP], rest[SIM_STEP:]
        engine.train([(g.answer, g.themes) for g in done])
    engine.model = engine.stance_model = None
    return reached


def set_codebook(codebook_path: str):  # type: ignore[no-untyped-def]
    """A set's codebook: a path, or the name of one bundled with the engine."""
    from analysis.codebook import bundled, load

    return load(codebook_path if "/" in codebook_path else bundled(codebook_path))


def quality(codebook_path: str, path: Path, seeds: int, baseline: bool) -> dict[str, object]:
    from analysis import evaluate as ev
    from analysis.engine import Engine
    from analysis.files import read_coded
    from survey.cli.engine import stance_hints

    codebook = set_codebook(codebook_path)
    themes = [t.id for t in codebook.codable()]
    gold = read_coded(path, codebook.ids, stance_hints(()))
    engine = Engine(codebook)
    # The starter codebook's coded answers join what each split trains on
    # (`analysis.starter_examples`): never the set measured.
    engine.joined_exclude = frozenset({path.relative_to(GOLD).as_posix()})
    with engine.remembering():  # each answer parsed once for every split and simulation
        result = quality_of(engine, gold, themes, seeds, baseline)
    if engine.lenders:  # another codebook: what its own keywords and descriptions do alone
        result["borrowed"] = len(engine.lenders)
        result["rules_unborrowed"] = ev.rules_only(Engine(codebook, borrow=False), gold)
    return result


def quality_of(engine, gold, themes, seeds: int, baseline: bool) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from analysis import evaluate as ev

    result: dict[str, object] = {"n": len(gold), "rules_all": ev.rules_only(engine, gold)}
    curve = []
    for fraction in FRACTIONS:
        runs: dict[str, list[dict[str, object]]] = {"rules": [], "combined": [], "baseline": []}
        for seed in range(seeds):
            train, test = ev.split(gold, fraction, seed)
            engine.model = engine.stance_model = None
            runs["rules"].append(
                ev.score(test, [c.themes() for c in engine.code([g.answer for g in test])], themes)
            )
            engine.train([(g.answer, g.themes) for g in train], seed=seed)
            coded = engine.code([g.answer for g in test])
            runs["combined"].append(ev.score(test, [c.themes() for c in coded], themes))
            if baseline:
                runs["baseline"].append(
                    ev.score(test, baseline_predictions(train, test, themes), themes)
                )
        engine.model = engine.stance_model = None
        curve.append({"fraction": fraction} | {k: ev.average(v) for k, v in runs.items() if v})
    result["curve"] = curve
    result["sim"] = {
        "in order": simulate(engine, gold, themes, uncertain=False),
        "uncertain first": simulate(engine, gold, themes, uncertain=True),
    }
    return result


def print_quality(seeds: int) -> None:
    try:
        import sklearn  # noqa: F401

        baseline = True
    except ImportError:  # the bench extra is not installed: no baseline column
        baseline = False
    group = None
    summary = []
    for label, codebook, path, kind, held_out in SETS:
        if kind != group:
            group = kind
            print(f"\n=== {kind} sets ({CODEBOOKS.get(kind, 'starter codebook')}) ===")
        q = quality(codebook, path, seeds, baseline)
        rules = q["rules_all"]
        status = (
            "held out, never tuned on"
            if held_out
            else "tuning set; the stance prior was trained on it, so its stance is in-sample"
        )
        print(f"\n{label} ({path.relative_to(GOLD)}; {q['n']} answers; {status})")
        if codebook == "codebook_sst.toml":
            print(
                "rules+model: the starter codebook's own coded answers joined to each split's"
                " training (its tuning sets, this set left out)"
            )
        if "borrowed" in q:
            own = q["rules_unborrowed"]
            print(
                f"{q['borrowed']} of its codes borrow the keywords of the starter codes they"
                f" meet (analysis/borrowing.py); without them, rules alone: micro-F1"
                f" {own['micro_f1']:.3f}  stance accuracy {own['stance_accuracy']:.3f}"  # type: ignore[index]
            )
        print(
            f"rules alone (with the shipped stance prior), all answers: micro-F1 {rules['micro_f1']:.3f}  macro-F1 "  # type: ignore[index]
            f"{rules['macro_f1']:.3f}  kappa {rules['kappa']:.3f}  stance accuracy "  # type: ignore[index]
            f"{rules['stance_accuracy']:.3f}"  # type: ignore[index]
        )
        rows = []
        for point in q["curve"]:  # type: ignore[union-attr]
            r, c = point["rules"], point["combined"]
            b = point.get("baseline")
            rows.append(
                (
                    f"{point['fraction']:.0%}",
                    f"{r['micro_f1']:.3f}",
                    f"{c['micro_f1']:.3f}",
                    f"{c['macro_f1']:.3f}",
                    f"{c['kappa']:.3f}",
                    f"{c['stance_accuracy']:.3f}",
                    f"{b['micro_f1']:.3f}" if b else "–",
                    ("yes" if not b or c["micro_f1"] > b["micro_f1"] else "no"),
                )
            )
        table(
            ("train", "rules F1", "rules+model F1", "macro F1", "kappa", "stance acc",
             "TF-IDF+LR F1", "above baseline"),
            rows,
        )  # fmt: skip
        sims = q["sim"]  # type: ignore[assignment]
        for name, reached in sims.items():  # type: ignore[union-attr]
            told = ", ".join(
                f"F1 {t:.2f}: {'not reached' if n is None else f'{n} decisions'}"
                for t, n in reached.items()
            )
            print(f"simulated review, {name}: {told}")
        half = next(p for p in q["curve"] if p["fraction"] == 0.5)  # type: ignore[union-attr]
        summary.append(
            (
                f"{label} ({kind})",
                "held out" if held_out else "tuning",
                f"{half['combined']['micro_f1']:.3f}",
                f"{half['combined']['stance_accuracy']:.3f}",
                "yes" if all(
                    "baseline" not in p or p["combined"]["micro_f1"] > p["baseline"]["micro_f1"]
                    for p in q["curve"]  # type: ignore[union-attr]
                ) else "no",
            )
        )  # fmt: skip
    print(f"\n(mean of {seeds} seeds; tested on the answers not trained on; goals on the new")
    print("held-out sets: rules+model at 50% >= 0.75, stance >= 0.75, above the baseline;")
    print("stance on the tuning sets is in-sample for the shipped stance prior: see")
    print(
        "`python -m bench.stance_prior` for each of them read by a prior trained on the others)\n"
    )
    table(
        ("set", "use", "rules+model F1 at 50%", "stance at 50%", "above baseline at all"), summary
    )
    print_without_keywords(seeds)
    print_without_keywords(seeds, names=True)
    print_second_coders()


# A blind second coder's codes of two tuning sets (from the codebook alone, by meaning):
# how consistently the sets can be coded, against which the engine's figures read.
SECOND_CODERS = (
    ("tune_sv", str(SECOND / "codebook.toml"), SECOND / "tune_sv.csv", SECOND / "tune_sv_second_coder.csv"),
    ("tune_en", str(FOURTH / "codebook.toml"), FOURTH / "tune_en.csv", FOURTH / "tune_en_second_coder.csv"),
)  # fmt: skip


def print_second_coders() -> None:
    """A second human-style coder against the gold, beside the engine's rules alone."""
    from analysis import evaluate as ev
    from analysis.engine import Engine
    from analysis.files import read_coded
    from survey.cli.engine import stance_hints

    print("\nA blind second coder against the gold (coded from the codebook alone, by meaning)\n")
    rows = []
    for label, codebook_path, gold_path, coder_path in SECOND_CODERS:
        codebook = set_codebook(codebook_path)
        themes = [t.id for t in codebook.codable()]
        gold = read_coded(gold_path, codebook.ids, stance_hints(()))
        coder = {r.answer.id: r.themes for r in read_coded(coder_path, codebook.ids)}
        agreed = ev.score(gold, [coder[g.answer.id] for g in gold], themes)
        rules = ev.rules_only(Engine(codebook), gold)
        rows.append(
            (
                f"{label} ({gold_path.parent.name.replace('_', ' ')})",
                f"{agreed['micro_f1']:.3f}",
                f"{agreed['kappa']:.3f}",
                f"{agreed['stance_accuracy']:.3f}",
                f"{rules['micro_f1']:.3f}",
            )
        )
    table(("set", "second coder F1", "kappa", "stance agreement", "engine rules alone F1"), rows)


def without_keywords(codebook):  # type: ignore[no-untyped-def]
    """The codebook as another tool would bring it: names and descriptions, no keywords."""
    from dataclasses import replace

    bare = tuple(replace(t, keywords={}, weak={}, by_question={}) for t in codebook.themes)
    return replace(codebook, themes=bare)


def names_only(codebook):  # type: ignore[no-untyped-def]
    """The codebook as a list of code names: no keywords and no descriptions."""
    from dataclasses import replace

    bare = tuple(
        replace(t, description="", keywords={}, weak={}, by_question={}) for t in codebook.themes
    )
    return replace(codebook, themes=bare)


def print_without_keywords(seeds: int, names: bool = False) -> None:
    """The held-out sets coded with their codebook's keywords removed (`names`: and its
    descriptions, a list of code names): what the engine does with a codebook imported
    from another tool, before and after learning."""
    from analysis import evaluate as ev
    from analysis.engine import Engine
    from analysis.files import read_coded
    from survey.cli.engine import stance_hints

    if names:
        print("\nThe held-out sets with every keyword and description removed from their codebook")
        print("(a list of code names; each name is its code's description, see engine._named;")
    else:
        print("\nThe held-out sets with every keyword removed from their codebook (names and")
        print("descriptions only, as from another tool;")
    print("a codebook other than the starter codebook still borrows starter keywords where")
    print(f"its codes meet; rules+model: mean of {seeds} seeds)\n")
    rows = []
    for label, codebook_path, path, kind, held_out in SETS:
        if not held_out:
            continue
        codebook = (names_only if names else without_keywords)(set_codebook(codebook_path))
        themes = [t.id for t in codebook.codable()]
        gold = read_coded(path, codebook.ids, stance_hints(()))
        engine = Engine(codebook, joined=False)  # another tool's codebook: none to join
        with engine.remembering():
            alone = ev.rules_only(engine, gold)
            runs = []
            for seed in range(seeds):
                train, test = ev.split(gold, 0.5, seed)
                engine.train([(g.answer, g.themes) for g in train], seed=seed)
                coded = engine.code([g.answer for g in test])
                runs.append(ev.score(test, [c.themes() for c in coded], themes))
                engine.model = engine.stance_model = None
        half = ev.average(runs)
        rows.append(
            (
                f"{label} ({kind})",
                f"{alone['micro_f1']:.3f}",
                f"{alone['precision']:.3f}",
                f"{alone['recall']:.3f}",
                f"{half['micro_f1']:.3f}",
            )
        )
    table(("set", "rules alone F1", "precision", "recall", "rules+model F1 at 50%"), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--child", choices=("speed", "workload"), help=argparse.SUPPRESS)
    parser.add_argument("--quality-only", action="store_true", help="skip throughput")
    args = parser.parse_args()
    if args.child:
        task = speed if args.child == "speed" else workload
        print(json.dumps(task(args.answers)))
        return

    if args.quality_only:
        print_quality(args.seeds)
        return
    t: dict[str, float] = {}
    for task in ("speed", "workload"):
        child = subprocess.run(
            [sys.executable, "-m", "bench.engine", "--child", task, "--answers", str(args.answers)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        t |= json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"\nCoding engine: throughput and memory ({t['answers']:.0f} answers, mean {t['mean_chars']:.0f} characters)\n"
    )
    ratio = t["engine_per_s"] / t["bare_per_s"]
    table(
        ("measure", "value", "goal"),
        [
            ("bare spacy.blank('sv') + lookup lemmatizer", f"{t['bare_per_s']:.0f} answers/s", ""),
            (
                "engine, end to end (rules, stance, evidence)",
                f"{t['engine_per_s']:.0f} answers/s",
                "",
            ),
            ("engine / bare", f"{ratio:.0%}", ">= 60%"),
            (
                "engine, the same texts as prose (no question; stance prior)",
                f"{t['prose_per_s']:.0f} answers/s",
                "",
            ),
            ("engine on prose / bare", f"{t['prose_per_s'] / t['bare_per_s']:.0%}", ""),
            (
                f"{t['answers']:.0f} answers coded and stored in SQLite",
                f"{t['code_and_store_s']:.1f} s",
                "< 15 s",
            ),
            ("suggestions stored", f"{t['stored_suggestions']:.0f}", ""),
            ("retraining on 1,000 coded answers", f"{t['retrain_1000_s']:.1f} s", "< 30 s"),
            (
                "peak RSS of the engine process (code, store, retrain)",
                f"{t['peak_rss_mb']:.0f} MB",
                "< 600 MB",
            ),
        ],
    )
    print_quality(args.seeds)


if __name__ == "__main__":
    main()
