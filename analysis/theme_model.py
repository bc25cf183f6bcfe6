"""The theme model: the rules' evidence stacked with the answer's words in one
logistic regression per theme, trained on the evaluators' decisions.

Each theme's regression starts at the rules: an offset for "the rules suggest it" and
one for "they do not", each the log-odds that the training answers give the theme where
the rules decide so, shrunk towards ±`OFFSET` (a theme whose keywords miss half its
answers starts nearer to suggesting it than one whose keywords miss none). It learns a
penalised correction from what the evaluators
decided: from the rules' evidence for every theme (a hit, its score, strong or only
weak keywords, a keyword kept for this question, a suggestion from the description
alone, the description's match and margin, so competing themes compete) and from TF-IDF
of base forms, word pairs and character 3–5-grams (themes no keyword names). With few
examples the penalty keeps it at the rules; as examples come in it drops keyword hits
the evaluators keep rejecting and adds what the keywords miss. Each theme's threshold is
chosen on the approximate leave-one-out predictions of the training answers (never on
the answers it then codes), pulled towards the rules' own 0.5 while the theme has few
positive examples. A theme is left to the rules unless its left-out decisions, put in
place of the rules' for that theme, raise the micro-F1 of the rules' decisions on all
themes of the training answers: the measure the evaluator is served by, under which a
theme the keywords rarely find gains from a model that adds more right answers than
wrong ones to its few (an accuracy test would refuse it any addition right less than
half the time).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .features import View
from .logistic import Reduced, balanced, fit, sigmoid

OFFSET = 2.0  # logits: where a theme starts, for and against, before any example
OFFSET_ROWS = 5.0  # answers' worth of pull of a theme's starting log-odds towards ±OFFSET
PENALTY = 1.0  # ridge penalty on the correction
# … when the starter codebook's two thousand coded answers join the evaluators' decisions
# (`starter_examples`): so many examples bear a looser fit (chosen leaving each of those
# sets out in turn: 1.0 gained 0.015 micro-F1 on the left-out set, 0.1 gained 0.033).
JOINED_PENALTY = 0.1
# An evaluator's own decision against one of the starter codebook's coded answers
# translated into a codebook that borrowed its keywords: the translation is a guess at
# how this codebook's coders would code them, the decision is how they do. Tuning sets
# of the other codebooks at half, rules+model mean: 1 → 0.595, 5 → 0.602, 10 → 0.601,
# 20 → 0.598 (at a quarter: 0.588, 0.589, 0.594, 0.589). In the starter codebook the
# joined answers are its own coding, and weighing the evaluator's more cost 0.008.
OWN_WEIGHT = 10.0
# How sure it must be that a theme's model serves the evaluator's F1 better than the
# rules: the share of resamples of the training answers (each decision left out in
# turn) in which it does. Its threshold is chosen on those same left-out scores, so a
# small edge is what the choice finds by luck.
GATE_SHARE = 0.8
RESAMPLES = 200
THRESHOLD_PULL = 8.0  # positive examples' worth of pull towards 0.5
THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))  # 0.2 … 0.8
BLOCKS = {"words": 1.0, "chars": 0.7, "rules": 1.0, "question": 0.3, "bias": 0.5}
FORMAT = "stacked-logistic-2"  # in training.json: models saved in another form are not read
BLOCK = 256  # rows made dense at a time while training: memory
WORD_LIMIT = 6000  # columns kept per block, the most frequent first: memory and time
CHAR_LIMIT = 8000


class StaleModel(ValueError):
    """A saved model in a form this engine does not read: retrain."""


class Terms:
    """A TF-IDF vocabulary fixed at training: (1 + log count) × idf, each answer's
    vector of unit length."""

    def __init__(self, names: Sequence[str], idf: np.ndarray):
        self.names = list(names)
        self.index = {n: i for i, n in enumerate(self.names)}
        self.idf = idf

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]], limit: int) -> Terms:
        df: dict[str, int] = {}
        for doc in docs:
            for term in set(doc):
                df[term] = df.get(term, 0) + 1
        names = sorted(df, key=lambda t: (-df[t], t))[:limit]
        n = len(docs)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in names])
        return cls(names, idf)

    def vector(self, doc: Sequence[str]) -> tuple[list[int], np.ndarray]:
        counts: dict[int, int] = {}
        index = self.index
        for term in doc:
            c = index.get(term)
            if c is not None:
                counts[c] = counts.get(c, 0) + 1
        if not counts:
            return [], np.zeros(0)
        cols = list(counts)
        values = (1.0 + np.log(np.fromiter(counts.values(), float, len(counts)))) * self.idf[cols]
        return cols, values / np.linalg.norm(values)


@dataclass
class Columns:
    """Where each block's features go in a row, and how a View becomes a sparse row."""

    words: Terms
    chars: Terms
    evidence: list[str]  # "theme:kind" names seen in training
    questions: list[str]

    def __post_init__(self) -> None:
        self._evidence = {n: i for i, n in enumerate(self.evidence)}
        self._questions = {q: i for i, q in enumerate(self.questions)}
        words, chars = len(self.words.names), len(self.chars.names)
        self.starts = [0, words, words + chars, words + chars + len(self.evidence)]
        self.width = self.starts[3] + len(self.questions) + 1  # … and the bias

    def row(self, view: View) -> tuple[np.ndarray, np.ndarray]:
        cols: list[int] = []
        values: list[np.ndarray] = []
        for terms, start, weight, doc in (
            (self.words, self.starts[0], BLOCKS["words"], view.words),
            (self.chars, self.starts[1], BLOCKS["chars"], view.chars),
        ):
            c, v = terms.vector(doc)
            cols += [start + i for i in c]
            values.append(v * weight)
        known = [(self._evidence[k], v) for k, v in view.evidence.items() if k in self._evidence]
        if known:
            v = np.array([x for _, x in known])
            cols += [self.starts[2] + i for i, _ in known]
            values.append(v * (BLOCKS["rules"] / (np.linalg.norm(v) or 1.0)))
        question = self._questions.get(view.question or "")
        if question is not None:
            cols.append(self.starts[3] + question)
            values.append(np.array([BLOCKS["question"]]))
        cols.append(self.width - 1)
        values.append(np.array([BLOCKS["bias"]]))
        return np.array(cols, dtype=np.intp), np.concatenate(values)

    def dense(self, rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Rows made by `row` as one dense block."""
        x = np.zeros((len(rows), self.width), dtype=np.float32)
        for r, (cols, values) in enumerate(rows):
            x[r, cols] = values
        return x

    def names(self) -> dict[str, object]:
        return {
            "words": self.words.names,
            "chars": self.chars.names,
            "evidence": self.evidence,
            "questions": self.questions,
        }


def best_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The threshold (of `THRESHOLDS`) with the most F1 on these probabilities, ties
    going to the one nearest 0.5; and that F1."""
    best_t, best_f = 0.5, -1.0
    total = int(y.sum())
    for t in THRESHOLDS:
        chosen = p >= t
        tp = int((chosen & y).sum())
        f = 2 * tp / (int(chosen.sum()) + total) if tp else 0.0
        if f > best_f + 1e-9 or (abs(f - best_f) <= 1e-9 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_f = t, f
    return best_t, best_f


def f1(chosen: np.ndarray, y: np.ndarray) -> float:
    tp = int((chosen & y).sum())
    return 2 * tp / (int(chosen.sum()) + int(y.sum())) if tp else 0.0


def micro_f1(c: np.ndarray) -> float:
    """F1 of summed `per_answer` counts."""
    return float(2 * c[0] / (2 * c[0] + c[1] + c[2])) if c[0] else 0.0


def per_answer(chosen: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`counts` of each answer (rows: true positive, false positive, false negative)."""
    return np.stack([chosen & y, chosen & ~y, ~chosen & y], axis=1).astype(float)


def surely_better(
    base: np.ndarray, rules: np.ndarray, model: np.ndarray, draws: np.ndarray
) -> bool:
    """Whether swapping one theme's rule decisions for its model's raises micro-F1 in
    at least `GATE_SHARE` of the resamples of the answers. `base`: every theme's rule
    counts per answer; `rules`, `model`: this theme's, per answer; `draws`: how often
    each resample draws each answer."""
    before = draws @ base
    after = before - draws @ rules + draws @ model

    def f1s(c: np.ndarray) -> np.ndarray:
        denominator = 2 * c[:, 0] + c[:, 1] + c[:, 2]
        return np.divide(2 * c[:, 0], denominator, out=np.zeros(len(c)), where=denominator > 0)

    return float(np.mean(f1s(after) > f1s(before))) >= GATE_SHARE


def starting_logits(
    w: np.ndarray, y: np.ndarray, rows: np.ndarray, prior: float
) -> tuple[float, np.ndarray]:
    """The weighted log-odds of the theme among `rows` (the answers where the rules
    decide one way), shrunk towards `prior` by `OFFSET_ROWS` answers of average weight;
    and the same for each of those rows left out (for its left-out prediction, which
    must not have seen its own answer)."""
    pull = OFFSET_ROWS * float(w.mean()) if len(w) else OFFSET_ROWS
    toward = pull / (1.0 + math.exp(-prior))
    positive, total = float(w[rows & y].sum()), float(w[rows].sum())
    p = (positive + toward) / (total + pull)
    own = w[rows]
    left_out = (positive - np.where(y[rows], own, 0.0) + toward) / (total - own + pull)
    return _logit(p), _logit(left_out)


def _logit(p: float | np.ndarray) -> Any:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


@dataclass
class ThemeModel:
    """Per theme: feature weights of the correction to the rules, and a threshold."""

    labels: tuple[str, ...]
    columns: Columns
    weights: np.ndarray  # columns × themes
    thresholds: dict[str, float]
    examples: int = 0
    positives: dict[str, int] = field(default_factory=dict)
    # Per theme, F1 on the training answers each left out in turn: the model's, the rules'.
    report: dict[str, dict[str, float]] = field(default_factory=dict)
    # Themes the model did not clearly do better on: the rules decide them alone.
    ruled: frozenset[str] = frozenset()
    # Per theme, the starting logits where the rules suggest it and where they do not.
    offsets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def logits(self, views: Sequence[View]) -> np.ndarray:
        out = np.empty((len(views), len(self.labels)))
        for r, view in enumerate(views):
            cols, values = self.columns.row(view)
            prior = [
                self.offsets.get(label, (OFFSET, -OFFSET))[0 if label in view.suggested else 1]
                for label in self.labels
            ]
            out[r] = np.asarray(prior) + values @ self.weights[cols]
        return out

    def scores(self, views: Sequence[View]) -> list[dict[str, float]]:
        """Each answer's probability per theme."""
        probabilities = sigmoid(self.logits(views)) if views else np.zeros((0, 0))
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in probabilities]

    @classmethod
    def train(
        cls,
        views: Sequence[View],
        gold: Sequence[set[str]],
        labels: Sequence[str],
        penalty: float | None = None,
        own: int | None = None,
    ) -> ThemeModel:
        """One regression per theme. `own`: how many of the rows, the first, are the
        evaluators' own decisions, the rest examples lent from another codebook (they
        then weigh `OWN_WEIGHT` times as much as each lent one in the fit; the threshold
        and the test against the rules count every answer once)."""
        labels = tuple(labels)
        n = len(views)
        lam = PENALTY if penalty is None else penalty
        columns = Columns(
            Terms.build([v.words for v in views], WORD_LIMIT),
            Terms.build([v.chars for v in views], CHAR_LIMIT),
            sorted({k for v in views for k in v.evidence}),
            sorted({v.question for v in views if v.question}),
        )
        rows = [columns.row(view) for view in views]

        def blocks() -> Iterator[np.ndarray]:
            for begin in range(0, len(rows), BLOCK):
                yield columns.dense(rows[begin : begin + BLOCK])

        reduced = Reduced(blocks)
        weights = np.zeros((columns.width, len(labels)))
        thresholds: dict[str, float] = {}
        report: dict[str, dict[str, float]] = {}
        positives: dict[str, int] = {}
        ruled: set[str] = set()
        offsets: dict[str, tuple[float, float]] = {}
        truth = [np.array([label in g for g in gold], dtype=bool) for label in labels]
        ruling = [np.array([label in v.suggested for v in views], dtype=bool) for label in labels]
        # The rules' decisions on every theme: what a theme's model must improve on.
        weighing = np.ones(n)
        if own is not None:
            weighing[:own] = OWN_WEIGHT
        base = sum(
            (per_answer(r, y) for r, y in zip(ruling, truth, strict=True)),
            np.zeros((len(views), 3)),
        )
        totals = base.sum(axis=0)
        # The same resamples for every theme, so training stays deterministic.
        draws = (
            np.random.default_rng(0)
            .multinomial(len(views), np.full(len(views), 1 / max(len(views), 1)), size=RESAMPLES)
            .astype(float)
        )
        for c, label in enumerate(labels):
            y, rules = truth[c], ruling[c]
            positives[label] = k = int(y.sum())
            thresholds[label] = 0.5
            if not k and not rules.any():
                ruled.add(label)
                continue  # nothing to learn: the theme stays with the rules
            w = balanced(y) * weighing
            on, on_left_out = starting_logits(w, y, rules, OFFSET)
            off, off_left_out = starting_logits(w, y, ~rules, -OFFSET)
            offset = np.where(rules, on, off)
            beta, loo = fit(reduced.z, y.astype(float), w, offset, lam)
            # Each answer left out is also left out of its starting logit.
            loo[rules] += on_left_out - on
            loo[~rules] += off_left_out - off
            weights[:, c] = reduced.to_features(beta)
            offsets[label] = (float(on), float(off))
            left_out = sigmoid(loo)
            best, _ = best_threshold(left_out, y)
            t = (k * best + THRESHOLD_PULL * 0.5) / (k + THRESHOLD_PULL)
            thresholds[label] = t
            report[label] = {"model_f1": f1(left_out >= t, y), "rules_f1": f1(rules, y)}
            decided = left_out >= t
            theirs, its = per_answer(rules, y), per_answer(decided, y)
            changed = totals - theirs.sum(axis=0) + its.sum(axis=0)
            if micro_f1(changed) <= micro_f1(totals) or not surely_better(base, theirs, its, draws):
                # Left out in turn, the model's decisions on this theme did not serve
                # the evaluator clearly better than the keywords': the rules decide it.
                weights[:, c] = 0.0
                thresholds[label] = 0.5
                offsets.pop(label)
                ruled.add(label)
        return cls(
            labels, columns, weights, thresholds, n, positives, report, frozenset(ruled), offsets
        )

    # --- saving --------------------------------------------------------------------

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path / "weights.npz",
            weights=self.weights,
            word_idf=self.columns.words.idf,
            char_idf=self.columns.chars.idf,
        )
        meta = {
            "format": FORMAT,
            "labels": list(self.labels),
            "columns": self.columns.names(),
            "thresholds": self.thresholds,
            "examples": self.examples,
            "positives": self.positives,
            "report": self.report,
            "ruled": sorted(self.ruled),
            "offsets": {k: list(v) for k, v in self.offsets.items()},
        }
        (path / "training.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> ThemeModel:
        """The saved model; `StaleModel` when the folder holds another kind of model
        (saved by an earlier version of the engine)."""
        meta = json.loads((path / "training.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise StaleModel(f"{path}: not a model of this engine ({meta.get('format')})")
        names = meta["columns"]
        with np.load(path / "weights.npz", allow_pickle=False) as arrays:
            columns = Columns(
                Terms(names["words"], arrays["word_idf"]),
                Terms(names["chars"], arrays["char_idf"]),
                list(names["evidence"]),
                list(names["questions"]),
            )
            weights = arrays["weights"]
        return cls(
            tuple(meta["labels"]),
            columns,
            weights,
            {k: float(v) for k, v in meta["thresholds"].items()},
            int(meta["examples"]),
            {k: int(v) for k, v in meta["positives"].items()},
            meta.get("report", {}),
            frozenset(meta.get("ruled", ())),
            {k: (float(v[0]), float(v[1])) for k, v in meta.get("offsets", {}).items()},
        )
