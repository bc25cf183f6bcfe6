"""L2-regularised logistic regression for a survey's few coded answers, in numpy.

A survey has tens to a thousand coded answers and thousands of word and character
features, so the regressions run in the answers' own space: the rows' Gram matrix is
decomposed once (`Reduced`) and every theme's regression is solved by Newton's method
over at most `MAX_RANK` components, then mapped back to one weight per feature for
prediction. Each regression starts from an offset (the rules' decision) and learns a
penalised correction to it, with class weights so a rare theme still counts; the
approximate leave-one-out logit of every training row (Rad and Maleki's formula, from
the last Newton step) lets thresholds be chosen on answers the model had not seen,
without refitting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

MAX_RANK = 300  # components kept: beyond a few hundred answers the rest is noise and time
ITERATIONS = 30


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


class Reduced:
    """Rows × features as rows × components (the leading eigenvectors of the Gram matrix
    scaled by their singular values): a ridge penalty on the components is the same
    penalty on the features, and `to_features` maps a solution back.

    `x`: the rows, or a function giving them as consecutive blocks of rows, so that a
    few thousand rows of some ten thousand columns (the starter codebook's examples
    joined) never stand in memory all at once."""

    def __init__(
        self, x: np.ndarray | Callable[[], Iterable[np.ndarray]], max_rank: int = MAX_RANK
    ):
        blocks = x if callable(x) else (lambda: [x])
        gram, width, dtype = _gram(blocks)
        if not len(gram):
            self.z = np.zeros((0, 0))
            self._back = np.zeros((width, 0))
            return
        if len(gram) > 2 * max_rank:
            s2, u = _leading(gram, max_rank)
        else:
            s2, u = np.linalg.eigh(gram)
        keep = s2 > 1e-9 * max(float(s2.max()), 1e-12)
        u, s2 = u[:, keep], s2[keep]
        if len(s2) > max_rank:
            u, s2 = u[:, -max_rank:], s2[-max_rank:]
        s = np.sqrt(s2)
        self.z = u * s
        scaled = (u / s).astype(dtype)
        self._back = np.zeros((width, len(s)), dtype=dtype)  # features × components
        start = 0
        for block in blocks():
            self._back += block.T @ scaled[start : start + len(block)]
            start += len(block)

    def to_features(self, beta: np.ndarray) -> np.ndarray:
        """Component weights (components × k) → feature weights (features × k)."""
        return (self._back @ beta.astype(self._back.dtype)).astype(np.float64)


def _gram(blocks: Callable[[], Iterable[np.ndarray]]) -> tuple[np.ndarray, int, np.dtype]:
    """The rows' Gram matrix (float64) from their blocks, each pair of blocks once; and
    the rows' width and type."""
    sizes, width, dtype = [], 0, np.dtype(np.float32)
    for block in blocks():
        sizes.append(len(block))
        width, dtype = block.shape[1], block.dtype
    ends = np.cumsum([0, *sizes])
    gram = np.zeros((int(ends[-1]), int(ends[-1])))
    for i, left in enumerate(blocks()):
        rows = slice(ends[i], ends[i + 1])
        for j, right in enumerate(blocks()):
            if j > i:
                break
            part = (left @ right.T).astype(np.float64)
            gram[rows, ends[j] : ends[j + 1]] = part
            gram[ends[j] : ends[j + 1], rows] = part.T
    return gram, width, dtype


def _leading(gram: np.ndarray, rank: int) -> tuple[np.ndarray, np.ndarray]:
    """The `rank` leading eigenpairs of a large Gram matrix (ascending, as `eigh`), by
    subspace iteration from a fixed random start: a full decomposition of a few
    thousand rows (the starter codebook's examples joined) costs more than the rest of
    the training, and only these are kept."""
    start = np.random.default_rng(0).standard_normal((len(gram), rank + 20))
    q, _ = np.linalg.qr(gram @ start)
    for _ in range(3):
        q, _ = np.linalg.qr(gram @ q)
    s2, v = np.linalg.eigh(q.T @ gram @ q)
    return s2[-rank:], (q @ v)[:, -rank:]


def fit(
    z: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    offset: np.ndarray,
    lam: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Minimise Σ wᵢ·logloss(yᵢ, offsetᵢ + zᵢ·β) + λ/2·|β|². Returns β and each row's
    approximate leave-one-out logit."""
    n, r = z.shape
    beta = np.zeros(r)
    penalty = lam * np.eye(r)
    for _ in range(ITERATIONS):
        p = sigmoid(offset + z @ beta)
        gradient = z.T @ (weights * (p - y)) + lam * beta
        hessian = (z.T * (weights * p * (1 - p))) @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.abs(step).max(initial=0.0)) < 1e-6:
            break
    logit = offset + z @ beta
    p = sigmoid(logit)
    curvature = weights * p * (1 - p)
    hessian = (z.T * curvature) @ z + penalty
    leverage = curvature * np.einsum("ij,ji->i", z, np.linalg.solve(hessian, z.T))
    leverage = np.minimum(leverage, 0.99)
    spread = np.maximum(p * (1 - p), 1e-9)
    loo = logit + (p - y) / spread * leverage / (1 - leverage)
    return beta, loo


def balanced(y: np.ndarray) -> np.ndarray:
    """Class weights that give the positives and the negatives equal total weight."""
    n, positives = len(y), int(y.sum())
    if positives in (0, n):
        return np.ones(n)
    return np.where(y > 0, n / (2.0 * positives), n / (2.0 * (n - positives)))


def clearly_better(model_right: np.ndarray, rules_right: np.ndarray, z: float = 1.0) -> bool:
    """Whether a model's left-out decisions beat the rules' by more than chance: of the
    examples where the two disagree, the model must be right in clearly more (a sign
    test: wins - losses > z * sqrt(wins + losses)). A small edge on a few tens of
    examples is what choosing the best setting finds by luck, and on text unlike the
    training it costs more than it gains."""
    wins = int((model_right & ~rules_right).sum())
    losses = int((rules_right & ~model_right).sum())
    return wins - losses > max(0.0, z * math.sqrt(wins + losses))
