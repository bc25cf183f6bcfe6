"""Learning how the evaluators read stance, in plain numpy.

A ridge regression solved in closed form from one eigendecomposition (`Ridge`) gives
what a survey's few tens to hundreds of coded answers need: training in well under a
second, the leave-one-out prediction of every training example for free (so the model
is used only where it beat the rules on examples it had not seen), and a penalty that
keeps it near its prior until the examples say otherwise. The stance model
(`StanceModel`) starts from the cue-word reading of a theme's clause and learns how the
evaluators read it. (Themes are learnt by `theme_model.py`.)

Features are strings grouped in blocks (`block:feature`); each block is scaled to unit
length and weighted, so a long answer does not outvote a short one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .logistic import clearly_better

Features = Mapping[str, float]  # "block:name" → value
MAX_FEATURES = 12_000  # columns kept, the most frequent first: memory and time stay small
LAMBDAS = (0.3, 1.0, 3.0, 10.0)  # ridge penalties tried; leave-one-out picks one per model


def scaled(blocks: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]) -> Features:
    """Blocks of raw features → one feature map, each block of unit length times its
    weight (blocks without a weight are left out)."""
    out: dict[str, float] = {}
    for block, values in blocks.items():
        weight = weights.get(block, 0.0)
        if not weight or not values:
            continue
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        factor = weight / norm
        for name, value in values.items():
            out[f"{block}:{name}"] = value * factor
    return out


class Vocabulary:
    """Feature names → columns, fixed at training: the names seen in at least
    `min_count` training rows, the most frequent first, at most `limit`."""

    def __init__(self, names: Sequence[str]):
        self.names = list(names)
        self.index = {n: i for i, n in enumerate(self.names)}

    @classmethod
    def build(
        cls, rows: Sequence[Features], min_count: int = 1, limit: int = MAX_FEATURES
    ) -> Vocabulary:
        counts: dict[str, int] = {}
        for row in rows:
            for name in row:
                counts[name] = counts.get(name, 0) + 1
        kept = [n for n, c in counts.items() if c >= min_count]
        kept.sort(key=lambda n: (-counts[n], n))
        return cls(kept[:limit])

    def matrix(self, rows: Sequence[Features]) -> np.ndarray:
        """Dense rows × columns (float64); unknown names are left out."""
        x = np.zeros((len(rows), len(self.names)))
        index = self.index
        for r, row in enumerate(rows):
            for name, value in row.items():
                c = index.get(name)
                if c is not None:
                    x[r, c] = value
        return x


class Ridge:
    """Ridge regression for several targets at once, through one eigendecomposition of
    the smaller Gram matrix; any penalty is then a cheap rescaling, and so is every
    training row's leave-one-out prediction."""

    def __init__(self, x: np.ndarray):
        self.x = x
        n, d = x.shape
        if n == 0:
            self.u, self.s2 = np.zeros((0, 0)), np.zeros(0)
        elif n <= d:
            s2, u = np.linalg.eigh(x @ x.T)
            keep = s2 > 1e-9
            self.u, self.s2 = u[:, keep], s2[keep]
        else:
            s2, v = np.linalg.eigh(x.T @ x)
            keep = s2 > 1e-9
            self.s2 = s2[keep]
            self.u = (x @ v[:, keep]) / np.sqrt(self.s2)

    def solve(self, targets: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
        """Weights (columns × targets) and the leave-one-out predictions of the
        training rows (rows × targets)."""
        u, s2 = self.u, self.s2
        projected = u.T @ targets
        weights = self.x.T @ (u @ (projected / (s2 + lam)[:, None]))
        shrink = s2 / (s2 + lam)
        fitted = u @ (projected * shrink[:, None])
        leverage = np.minimum((u * u) @ shrink, 0.99)
        loo = targets - (targets - fitted) / (1 - leverage)[:, None]
        return weights, loo


@dataclass
class Linear:
    """A trained linear correction: columns' weights per output, over a vocabulary."""

    vocabulary: Vocabulary
    weights: np.ndarray  # columns × outputs
    lam: float

    def predict(self, rows: Sequence[Features]) -> np.ndarray:
        if not rows:
            return np.zeros((0, self.weights.shape[1]))
        index = self.vocabulary.index
        out = np.zeros((len(rows), self.weights.shape[1]))
        for r, row in enumerate(rows):
            cols = [index[n] for n in row if n in index]
            if cols:
                values = np.array([row[self.vocabulary.names[c]] for c in cols])
                out[r] = values @ self.weights[cols]
        return out


def fit_corrections(
    rows: Sequence[Features],
    targets: np.ndarray,
    priors: np.ndarray,
    score: Callable[[np.ndarray], float],
    min_count: int = 1,
) -> tuple[Linear, np.ndarray]:
    """Learn `targets - priors` from the rows, the penalty chosen by leave-one-out with
    `score(loo predictions) → higher is better`; the model and its leave-one-out
    predictions (prior + correction) of the training rows."""
    vocabulary = Vocabulary.build(rows, min_count)
    x = vocabulary.matrix(rows)
    ridge = Ridge(x)
    best: tuple[float, float, np.ndarray, np.ndarray] | None = None
    for lam in LAMBDAS:
        weights, loo = ridge.solve(targets - priors, lam)
        predicted = priors + loo
        value = score(predicted)
        if best is None or value > best[0] + 1e-9:
            best = (value, lam, weights, predicted)
    assert best is not None
    return Linear(vocabulary, best[2], best[1]), best[3]


# --- stance --------------------------------------------------------------------------

STANCE_LABELS = ("success", "challenge", "neutral")


@dataclass
class StanceModel:
    """Success / challenge / neutral per coded theme: the rules' reading corrected by
    what the evaluators decided, used only where that did better than the rules when
    each training example was left out."""

    model: Linear | None
    trusted: bool
    examples: int

    @staticmethod
    def priors(rule_stances: Sequence[str]) -> np.ndarray:
        out = np.full((len(rule_stances), 3), 0.15)
        for r, stance in enumerate(rule_stances):
            if stance in STANCE_LABELS:
                out[r, STANCE_LABELS.index(stance)] = 0.7
        return out

    @classmethod
    def train(
        cls, rows: Sequence[Features], rule_stances: Sequence[str], gold: Sequence[str]
    ) -> StanceModel:
        y = np.zeros((len(rows), 3))
        for r, stance in enumerate(gold):
            y[r, STANCE_LABELS.index(stance)] = 1.0
        if len(rows) < 4:
            return cls(None, False, len(rows))
        truth = np.array([STANCE_LABELS.index(s) for s in gold])

        def accuracy(predicted: np.ndarray) -> float:
            return float(np.mean(predicted.argmax(axis=1) == truth))

        model, loo = fit_corrections(rows, y, cls.priors(rule_stances), accuracy)
        return cls(model, beats_rules(loo.argmax(axis=1), rule_stances, truth), len(rows))

    def predict(
        self, rows: Sequence[Features], rule_stances: Sequence[str]
    ) -> list[tuple[str, float]]:
        priors = self.priors(rule_stances)
        if self.model is not None and self.trusted and rows:
            priors = priors + self.model.predict(rows)
        return [(STANCE_LABELS[int(row.argmax())], float(row.max())) for row in np.asarray(priors)]


def beats_rules(predicted: np.ndarray, rule_stances: Sequence[str], truth: np.ndarray) -> bool:
    """Whether the model's left-out readings beat the rules' by more than chance."""
    rules = np.array([STANCE_LABELS.index(s) if s in STANCE_LABELS else -1 for s in rule_stances])
    return clearly_better(predicted == truth, rules == truth)


def words_block(words: Iterable[str]) -> dict[str, float]:
    """Counts as sublinear weights (1 + log n): a word said twice is not twice the evidence."""
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return {w: 1.0 + math.log(c) for w, c in counts.items()}
