"""A stance reading learnt from the project's own coded clauses, shipped with the engine.

The cue lists judge a clause where they name one of its words; where they name none,
the rules fall back on the question's leaning or the codebook's default, and report
prose, notes and imported text have no question. This model corrects the rules'
reading from the clause's base forms and cue kinds (a ridge correction over it, as the
evaluators' stance model, `learned.fit_corrections`). It was trained on every coded
clause of the project's dev and tune sets: several writers, managers', parents' and
pupils' answers, report prose and notes; never on a held-out set. It knows no theme
and no question id, so it serves any codebook. It reads clauses whose question gives no
leaning and no cue word judges; the evaluators' own decisions then train their model
on top of it.

Built by `python -m bench.stance_prior --write`, which also prints its accuracy on
each set when trained on all the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .learned import (
    STANCE_LABELS,
    Features,
    Linear,
    StanceModel,
    Vocabulary,
    fit_corrections,
    scaled,
    words_block,
)

FILE = Path(__file__).parent / "data" / "stance_prior.json"
FORMAT = "stance-prior-1"
# Block weights: the clause's words, its cue kinds, the rules' reading, whether the
# answer had a question, and a bias (chosen by leave-one-set-out on the training sets).
WEIGHTS = {"w": 0.7, "u": 1.2, "r": 0.8, "h": 0.5, "bias": 0.3}


def features(words: Iterable[str], cues: Iterable[str], rule_stance: str, asked: bool) -> Features:
    """A clause as the prior sees it: no theme, no question id, nothing of one codebook."""
    blocks = {
        "w": words_block(words),
        "u": words_block(cues),
        "r": {rule_stance: 1.0},
        "h": {"question" if asked else "none": 1.0},
        "bias": {"1": 1.0},
    }
    return scaled(blocks, WEIGHTS)


def applies(cues: Sequence[str], hinted: bool, rule_stance: str, default: str) -> bool:
    """Whether the prior reads a clause: only where the rules had nothing to go on and
    fell back on the codebook's default: no cue word (judging, lacking or neutral), no
    leaning question, and none of the rules for notes (a question mark, figures, a
    procedure) spoke. Where the evidence speaks, the rules' reading stands."""
    return (
        not hinted
        and rule_stance == default
        and "success" not in cues
        and "challenge" not in cues
        and "neutral" not in cues
    )


@dataclass(frozen=True)
class StancePrior:
    model: Linear
    examples: int
    trained_on: tuple[str, ...]

    def predict(self, rows: Sequence[Features], rule_stances: Sequence[str]) -> list[str]:
        """Each clause's stance: the rules' reading corrected by what the training
        clauses taught. In plain Python: a clause has a few tens of features, and the
        engine reads one clause at a time, where numpy's per-call cost would dominate."""
        table = self._table()
        out = []
        for row, rule in zip(rows, rule_stances, strict=True):
            scores = [0.7 if label == rule else 0.15 for label in STANCE_LABELS]
            for name, value in row.items():
                weights = table.get(name)
                if weights is not None:
                    scores[0] += value * weights[0]
                    scores[1] += value * weights[1]
                    scores[2] += value * weights[2]
            out.append(STANCE_LABELS[scores.index(max(scores))])
        return out

    def _table(self) -> dict[str, tuple[float, ...]]:
        """Feature name → its weight per stance, made on first use."""
        table = self.__dict__.get("_weights_by_name")
        if table is None:
            names, weights = self.model.vocabulary.names, self.model.weights.tolist()
            table = dict(zip(names, map(tuple, weights), strict=True))
            object.__setattr__(self, "_weights_by_name", table)
        return table

    @classmethod
    def train(
        cls,
        rows: Sequence[Features],
        rule_stances: Sequence[str],
        gold: Sequence[str],
        trained_on: Iterable[str] = (),
    ) -> StancePrior:
        y = np.zeros((len(rows), 3))
        for r, stance in enumerate(gold):
            y[r, STANCE_LABELS.index(stance)] = 1.0
        truth = y.argmax(axis=1)

        def accuracy(predicted: np.ndarray) -> float:
            return float(np.mean(predicted.argmax(axis=1) == truth))

        model, _ = fit_corrections(rows, y, StanceModel.priors(rule_stances), accuracy)
        return cls(model, len(rows), tuple(trained_on))

    def to_file(self, path: Path = FILE) -> None:
        data = {
            "format": FORMAT,
            "examples": self.examples,
            "trained_on": list(self.trained_on),
            "lambda": self.model.lam,
            "features": self.model.vocabulary.names,
            "weights": [[round(float(v), 6) for v in row] for row in self.model.weights],
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def from_file(cls, path: Path = FILE) -> StancePrior:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a stance prior of this engine ({data.get('format')})")
        weights = np.array(data["weights"], dtype=float).reshape(-1, len(STANCE_LABELS))
        model = Linear(Vocabulary(data["features"]), weights, float(data["lambda"]))
        return cls(model, int(data["examples"]), tuple(data["trained_on"]))


@lru_cache(maxsize=1)
def bundled() -> StancePrior | None:
    """The prior shipped with the engine (None when the file is missing)."""
    return StancePrior.from_file(FILE) if FILE.exists() else None
