"""Learning from the evaluators' decisions, in plain numpy.

Every model here is a ridge regression solved in closed form from one eigendecomposition
(`Ridge`), which gives three things a survey's few tens to hundreds of coded answers
need: training in well under a second, the leave-one-out prediction of every training
answer for free (so thresholds and the choice between rules and model are made by
cross-validation inside the training data only), and a penalty that keeps a model near
its prior until the examples say otherwise.

Each model learns a correction to a prior, never from nothing:
- the hit verifier (`HitVerifier`) starts from how often a theme's keyword hits were
  accepted and learns from the hit's context (its sentence, the words next to it, the
  keyword, the question, the other themes hit there) which hits are real;
- the theme classifier (`ThemeModel`) starts from the verified rules and learns, over
  base forms and character n-grams of the whole answer, what they miss or over-count,
  including themes no keyword names;
- the stance model (`StanceModel`) starts from the cue-word reading and learns how the
  evaluators read a clause.

Features are strings grouped in blocks (`block:feature`); each block is scaled to unit
length and weighted, so a long answer does not outvote a short one and words, character
n-grams and rule evidence each get their say.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

Features = Mapping[str, float]  # "block:name" → value
MAX_FEATURES = 12_000  # columns kept, the most frequent first: memory and time stay small
LAMBDAS = (0.3, 1.0, 3.0, 10.0)  # ridge penalties tried; leave-one-out picks one per model
THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))  # 0.2 … 0.8
# Trust the model for a theme only where, on answers it had not seen, it made this many
# fewer errors than the rules and had this much more F1: less is noise on small sets.
MIN_GAIN = 2
MIN_F1_GAIN = 0.1
MIN_POSITIVES_OWN_THRESHOLD = 6
THRESHOLD_PULL = 6.0  # examples' worth of pull towards the pooled threshold  # a theme with fewer examples uses the pooled threshold


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


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> tuple[float, int, int, int]:
    """The threshold (of `THRESHOLDS`) with the most F1 on these scores, and its
    true positives, false positives and false negatives."""
    best = (0.5, -1.0, 0, 0, 0)
    total = int(gold.sum())
    for t in THRESHOLDS:
        chosen = scores >= t
        tp = int((chosen & gold).sum())
        fp = int(chosen.sum()) - tp
        fn = total - tp
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        # Ties go to the threshold nearest 0.5: the least tuned to a handful of rows.
        if f > best[1] + 1e-9 or (abs(f - best[1]) <= 1e-9 and abs(t - 0.5) < abs(best[0] - 0.5)):
            best = (t, f, tp, fp, fn)
    return best[0], best[2], best[3], best[4]


def f1_of(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


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

    def as_dict(self) -> dict[str, object]:
        return {"names": self.vocabulary.names, "lam": self.lam}


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


# --- the hit verifier ----------------------------------------------------------------


@dataclass(frozen=True)
class HitRow:
    """One theme's keyword evidence in one answer, as the verifier sees it."""

    theme: str
    rule_score: float  # what the rules make of the theme's hits (before any model)
    features: Features


def smoothed_rates(
    themes: Sequence[str], accepted: Mapping[str, int], seen: Mapping[str, int], prior: float
) -> dict[str, float]:
    """Each theme's share of accepted hits, pulled towards the pooled share while the
    theme has few hits of its own."""
    strength = 4.0
    return {
        t: (accepted.get(t, 0) + strength * prior) / (seen.get(t, 0) + strength) for t in themes
    }


class HitVerifier:
    """Which keyword hits are real: one model over every theme's hits, each feature both
    as it is and tied to the hit's theme (so themes share what generalises, e.g. a hit
    in a sentence about another theme, and keep what is theirs)."""

    def __init__(self, rates: dict[str, float], model: Linear | None, seen: dict[str, int]):
        self.rates = rates
        self.model = model
        self.seen = seen  # hits per theme it learnt from

    @staticmethod
    def expand(row: HitRow) -> Features:
        out: dict[str, float] = {}
        for name, value in row.features.items():
            out[name] = value * 0.7
            out[f"{row.theme}|{name}"] = value
        out[f"theme|{row.theme}"] = 0.5
        return out

    @staticmethod
    def base_prior(rule_score: float) -> float:
        """What a hit is worth before any example: the rules' own reading."""
        return 0.75 if rule_score >= 0.5 else 0.35

    @classmethod
    def train(
        cls, rows: Sequence[HitRow], gold: Sequence[bool], themes: Sequence[str]
    ) -> tuple[HitVerifier, np.ndarray]:
        """The verifier and each training row's leave-one-out probability."""
        y = np.array(gold, dtype=float)
        pooled = (y.sum() + 2.0) / (len(y) + 3.0) if len(y) else 0.6
        accepted: dict[str, int] = {}
        seen: dict[str, int] = {}
        for row, ok in zip(rows, gold, strict=True):
            seen[row.theme] = seen.get(row.theme, 0) + 1
            accepted[row.theme] = accepted.get(row.theme, 0) + int(ok)
        rates = smoothed_rates(themes, accepted, seen, pooled)
        if not rows:
            return cls(rates, None, seen), np.zeros(0)
        # Each row's prior leaves the row itself out of its theme's rate.
        priors = np.empty(len(rows))
        for i, (row, ok) in enumerate(zip(rows, gold, strict=True)):
            a, s = accepted[row.theme] - int(ok), seen[row.theme] - 1
            rate = (a + 4.0 * pooled) / (s + 4.0)
            priors[i] = _blend(rate, row.rule_score, s)

        def score(predicted: np.ndarray) -> float:
            return -float(np.mean((predicted[:, 0] - y) ** 2))

        model, loo = fit_corrections(
            [cls.expand(r) for r in rows], y[:, None], priors[:, None], score
        )
        return cls(rates, model, seen), np.clip(loo[:, 0], 0.0, 1.0)

    def prior(self, row: HitRow) -> float:
        rate = self.rates.get(row.theme, 0.6)
        return _blend(rate, row.rule_score, self.seen.get(row.theme, 0))

    def predict(self, rows: Sequence[HitRow]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        priors = np.array([self.prior(r) for r in rows])
        if self.model is None:
            return priors
        return np.clip(priors + self.model.predict([self.expand(r) for r in rows])[:, 0], 0, 1)


def _blend(rate: float, rule_score: float, seen: int) -> float:
    """The theme's acceptance rate, weighed against the rules' own reading of the hit
    while the theme has few hits of its own."""
    trust = seen / (seen + 3.0)
    return trust * rate * (1.0 if rule_score >= 0.5 else 0.6) + (
        1 - trust
    ) * HitVerifier.base_prior(rule_score)


# --- the theme classifier ------------------------------------------------------------


@dataclass
class ThemeModel:
    """Per theme: the verified rules plus a learnt correction over the whole answer,
    a threshold chosen by cross-validation, and whether the model or the rules decide
    that theme (whichever did better when every training answer was left out in turn)."""

    labels: tuple[str, ...]
    verifier: HitVerifier
    classifier: Linear | None
    base_rates: dict[str, float]  # a theme's share of answers without any of its hits
    thresholds: dict[str, float]
    trusted: dict[str, bool]
    examples: int = 0
    positives: dict[str, int] = field(default_factory=dict)
    report: dict[str, dict[str, float]] = field(default_factory=dict)

    def priors(self, hit_probs: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Per answer and theme: the verified probability of its hits, else the base rate."""
        out = np.empty((len(hit_probs), len(self.labels)))
        for r, probs in enumerate(hit_probs):
            for c, label in enumerate(self.labels):
                out[r, c] = probs.get(label, self.base_rates.get(label, 0.0))
        return out

    def scores(
        self, rows: Sequence[Features], hit_probs: Sequence[Mapping[str, float]]
    ) -> list[dict[str, float]]:
        """Each answer's score per theme (prior + correction), 0..1."""
        priors = self.priors(hit_probs)
        if self.classifier is not None and rows:
            priors = priors + self.classifier.predict(rows)
        clipped = np.clip(priors, 0.0, 1.0)
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in clipped]

    @classmethod
    def train(
        cls,
        rows: Sequence[Features],
        gold: Sequence[set[str]],
        labels: Sequence[str],
        hit_rows: Sequence[tuple[int, HitRow]],
        rule_decisions: Sequence[set[str]],
    ) -> ThemeModel:
        """`hit_rows` are (answer index, the theme's hit evidence); `rule_decisions`
        the themes the rules alone suggest for each training answer."""
        labels = tuple(labels)
        n = len(rows)
        y = np.array([[label in g for label in labels] for g in gold], dtype=bool).reshape(
            n, len(labels)
        )
        verifier, hit_loo = HitVerifier.train(
            [h for _, h in hit_rows], [h.theme in gold[i] for i, h in hit_rows], labels
        )
        hit_probs: list[dict[str, float]] = [{} for _ in range(n)]
        for (i, h), p in zip(hit_rows, hit_loo, strict=True):
            hit_probs[i][h.theme] = float(p)
        # Base rate of a theme where none of its keywords is: left-one-out like the rest.
        hit_mask = np.array([[label in hp for label in labels] for hp in hit_probs], dtype=bool)
        hit_mask = hit_mask.reshape(n, len(labels))
        base: dict[str, float] = {}
        priors = np.zeros((n, len(labels)))
        for c, label in enumerate(labels):
            without = ~hit_mask[:, c]
            count, total = float(y[without, c].sum()), float(without.sum())
            base[label] = (count + 0.05) / (total + 3.0)
            loo_base = (count - y[:, c] + 0.05) / (np.maximum(total - 1, 0) + 3.0)
            priors[:, c] = np.where(
                hit_mask[:, c], [hp.get(label, 0.0) for hp in hit_probs], loo_base
            )
        rules = np.array([[label in d for label in labels] for d in rule_decisions], dtype=bool)
        rules = rules.reshape(n, len(labels))

        def micro(predicted: np.ndarray) -> float:
            tp = fp = fn = 0
            for c in range(len(labels)):
                _, a, b, d = best_threshold(predicted[:, c], y[:, c])
                tp, fp, fn = tp + a, fp + b, fn + d
            return f1_of(tp, fp, fn)

        classifier: Linear | None = None
        loo = priors
        if n >= 8 and rows:
            classifier, loo = fit_corrections(rows, y.astype(float), priors, micro, min_count=1)
        # Thresholds: per theme where it has examples enough, else the pooled best.
        pooled_t, *_ = best_threshold(loo.ravel(), y.ravel())
        # Few answers: the pooled threshold too is pulled towards the middle.
        pooled_t = (n * pooled_t + THRESHOLD_PULL * 4 * 0.5) / (n + THRESHOLD_PULL * 4)
        thresholds: dict[str, float] = {}
        trusted: dict[str, bool] = {}
        report: dict[str, dict[str, float]] = {}
        for c, label in enumerate(labels):
            positives = int(y[:, c].sum())
            if positives >= MIN_POSITIVES_OWN_THRESHOLD:
                own, *_ = best_threshold(loo[:, c], y[:, c])
                t = (positives * own + THRESHOLD_PULL * pooled_t) / (positives + THRESHOLD_PULL)
            else:
                t = pooled_t
            chosen = loo[:, c] >= t
            tp = int((chosen & y[:, c]).sum())
            fp, fn = int(chosen.sum()) - tp, positives - tp
            rtp = int((rules[:, c] & y[:, c]).sum())
            rfp, rfn = int(rules[:, c].sum()) - rtp, positives - rtp
            model_f1, rules_f1 = f1_of(tp, fp, fn), f1_of(rtp, rfp, rfn)
            # Trust the model where it did at least as well as the rules on answers it
            # had not seen, counted in errors made (what micro-F1 weighs).
            trusted[label] = (tp - fp - fn) - (
                rtp - rfp - rfn
            ) >= MIN_GAIN and model_f1 >= rules_f1 + MIN_F1_GAIN
            thresholds[label] = t
            report[label] = {"model_f1": model_f1, "rules_f1": rules_f1, "threshold": t}
        return cls(
            labels,
            verifier,
            classifier,
            base,
            thresholds,
            trusted,
            n,
            {label: int(y[:, c].sum()) for c, label in enumerate(labels)},
            report,
        )

    # --- saving --------------------------------------------------------------------

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        meta: dict[str, object] = {
            "labels": list(self.labels),
            "base_rates": self.base_rates,
            "thresholds": self.thresholds,
            "trusted": self.trusted,
            "examples": self.examples,
            "positives": self.positives,
            "rates": self.verifier.rates,
            "seen": self.verifier.seen,
        }
        for name, model in (("verifier", self.verifier.model), ("classifier", self.classifier)):
            if model is not None:
                meta[name] = model.as_dict()
                arrays[name] = model.weights
        np.savez_compressed(path / "weights.npz", allow_pickle=False, **arrays)
        (path / "training.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> ThemeModel:
        meta = json.loads((path / "training.json").read_text(encoding="utf-8"))
        with np.load(path / "weights.npz") as arrays:
            linear: dict[str, Linear | None] = {}
            for name in ("verifier", "classifier"):
                part = meta.get(name)
                linear[name] = (
                    Linear(Vocabulary(part["names"]), arrays[name], float(part["lam"]))
                    if part
                    else None
                )
        return cls(
            tuple(meta["labels"]),
            HitVerifier(
                {k: float(v) for k, v in meta["rates"].items()},
                linear["verifier"],
                {k: int(v) for k, v in meta["seen"].items()},
            ),
            linear["classifier"],
            {k: float(v) for k, v in meta["base_rates"].items()},
            {k: float(v) for k, v in meta["thresholds"].items()},
            {k: bool(v) for k, v in meta["trusted"].items()},
            int(meta["examples"]),
            {k: int(v) for k, v in meta["positives"].items()},
        )


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
        rules_right = float(
            np.mean([r == g for r, g in zip(rule_stances, gold, strict=True)]) if gold else 0.0
        )

        def accuracy(predicted: np.ndarray) -> float:
            return float(np.mean(predicted.argmax(axis=1) == truth))

        model, loo = fit_corrections(rows, y, cls.priors(rule_stances), accuracy)
        return cls(model, accuracy(loo) > rules_right, len(rows))

    def predict(
        self, rows: Sequence[Features], rule_stances: Sequence[str]
    ) -> list[tuple[str, float]]:
        priors = self.priors(rule_stances)
        if self.model is not None and self.trusted and rows:
            priors = priors + self.model.predict(rows)
        return [(STANCE_LABELS[int(row.argmax())], float(row.max())) for row in np.asarray(priors)]


def words_block(words: Iterable[str]) -> dict[str, float]:
    """Counts as sublinear weights (1 + log n): a word said twice is not twice the evidence."""
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return {w: 1.0 + math.log(c) for w, c in counts.items()}
