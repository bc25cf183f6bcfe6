"""Quality against hand-coded answers: precision, recall and F1 per theme (micro and
macro), Cohen's κ at answer level, and stance accuracy — for the rules alone, and for
rules plus a model trained on part of the gold set and tested on the rest (averaged
over seeds; the test part is never seen in training)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean
from typing import cast

from .engine import Answer, Engine


@dataclass(frozen=True)
class GoldRow:
    answer: Answer
    themes: dict[str, str]  # theme → stance ("" when the gold gives none)


def kappa(tp: int, fp: int, fn: int, tn: int) -> float:
    """Cohen's κ for two raters' yes/no decisions (gold and engine)."""
    n = tp + fp + fn + tn
    if n == 0:
        return float("nan")
    observed = (tp + tn) / n
    expected = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    if expected == 1:
        return 1.0 if observed == 1 else 0.0
    return (observed - expected) / (1 - expected)


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def score(
    gold: Sequence[GoldRow], predicted: Sequence[dict[str, str]], themes: Sequence[str]
) -> dict[str, object]:
    """Every figure `survey evaluate` prints, for one set of predictions."""
    counts = {t: [0, 0, 0, 0] for t in themes}  # tp, fp, fn, tn
    stance_right = stance_total = 0
    for row, pred in zip(gold, predicted, strict=True):
        for theme in themes:
            in_gold, in_pred = theme in row.themes, theme in pred
            c = counts[theme]
            if in_gold and in_pred:
                c[0] += 1
                if row.themes[theme]:
                    stance_total += 1
                    stance_right += pred[theme] == row.themes[theme]
            elif in_pred:
                c[1] += 1
            elif in_gold:
                c[2] += 1
            else:
                c[3] += 1
    per_theme: dict[str, dict[str, float]] = {}
    for theme, (tp, fp, fn, tn) in counts.items():
        p, r, f = f1(tp, fp, fn)
        per_theme[theme] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "kappa": round(kappa(tp, fp, fn, tn), 4),
            "support": tp + fn,
        }
    tp, fp, fn, tn = (sum(c[i] for c in counts.values()) for i in range(4))
    p, r, f = f1(tp, fp, fn)
    present = [v for v in per_theme.values() if v["support"]]
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "micro_f1": round(f, 4),
        "macro_f1": round(mean(v["f1"] for v in present), 4) if present else 0.0,
        "kappa": round(kappa(tp, fp, fn, tn), 4),
        "stance_accuracy": round(stance_right / stance_total, 4) if stance_total else 0.0,
        # How many found themes the gold gives a stance for: 0, and there is no accuracy.
        "stance_clauses": stance_total,
        "per_theme": per_theme,
    }


def rules_only(engine: Engine, gold: Sequence[GoldRow]) -> dict[str, object]:
    engine.model = engine.stance_model = None
    coded = engine.code([g.answer for g in gold])
    return score(gold, [c.themes() for c in coded], [t.id for t in engine.codebook.codable()])


def split(
    gold: Sequence[GoldRow], fraction: float, seed: int
) -> tuple[list[GoldRow], list[GoldRow]]:
    rows = list(gold)
    random.Random(seed).shuffle(rows)
    cut = max(1, min(len(rows) - 1, round(len(rows) * fraction)))
    return rows[:cut], rows[cut:]


def with_model(
    engine: Engine, gold: Sequence[GoldRow], fraction: float, seeds: int
) -> dict[str, object]:
    """Train on `fraction` of the rows, test on the rest; mean of `seeds` splits."""
    runs = []
    for seed in range(seeds):
        train, test = split(gold, fraction, seed)
        engine.train([(g.answer, g.themes) for g in train], seed=seed)
        coded = engine.code([g.answer for g in test])
        runs.append(
            score(test, [c.themes() for c in coded], [t.id for t in engine.codebook.codable()])
        )
    engine.model = engine.stance_model = None
    return average(runs) | {"train_fraction": fraction, "seeds": seeds}


def average(runs: Sequence[dict[str, object]]) -> dict[str, object]:
    keys = ("precision", "recall", "micro_f1", "macro_f1", "kappa")
    result: dict[str, object] = {k: round(mean(float(r[k]) for r in runs), 4) for k in keys}  # type: ignore[arg-type]
    # Stance over the splits that had some to judge: a split without is no 0.
    judged = [r for r in runs if r["stance_clauses"]]
    result["stance_accuracy"] = (
        round(mean(float(r["stance_accuracy"]) for r in judged), 4) if judged else 0.0  # type: ignore[arg-type]
    )
    result["stance_clauses"] = round(mean(float(r["stance_clauses"]) for r in runs), 1)  # type: ignore[arg-type]
    themes = cast(dict[str, object], runs[0]["per_theme"]).keys()
    result["per_theme"] = {
        t: {
            m: round(mean(float(r["per_theme"][t][m]) for r in runs), 4)  # type: ignore[index]
            for m in ("precision", "recall", "f1", "kappa", "support")
        }
        for t in themes
    }
    return result
