"""What the engine takes and gives: an answer, and its suggestions with evidence.

Kept apart from the engine so that the modules that read stance or build features can
name these types without importing the engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Answer:
    id: str
    text: str
    question: str | None = None
    stance_hint: str | None = None


@dataclass(slots=True)
class Evidence:
    kind: str  # keyword, part, phrase, negation, hedge, model
    text: str
    start: int
    end: int
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.detail:
            data["detail"] = self.detail
        return data


@dataclass(slots=True)
class Suggestion:
    answer_id: str
    theme: str
    start: int
    end: int
    stance: str
    score: float
    source: str  # "rule" or "model"
    evidence: tuple[Evidence, ...] = ()
    confidence: float | None = None
    # Whether its stance rests on something: words in its clause that judge (or
    # negate), or a question that leans one way; else it is the codebook's default or
    # the prior's guess.
    judged: bool = True

    def evidence_json(self) -> str:
        items = [e.as_dict() for e in self.evidence]
        if self.confidence is not None:
            items.append({"kind": "model", "confidence": round(self.confidence, 3)})
        return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Coded:
    """All suggestions for one answer, and the answer-level decision per theme."""

    answer: Answer
    lang: str
    suggestions: list[Suggestion] = field(default_factory=list)

    def themes(self) -> dict[str, str]:
        """Theme → stance of its strongest suggestion whose clause judges, else of its
        strongest: a sentence that only names the theme ("Åtgärderna gällde schema och
        placering") says less of how it went than one that judges it."""
        best: dict[str, Suggestion] = {}
        for s in self.suggestions:
            held = best.get(s.theme)
            if held is None or (s.judged, s.score) > (held.judged, held.score):
                best[s.theme] = s
        return {theme: s.stance for theme, s in best.items()}
