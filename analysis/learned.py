"""Learned suggestions: a spaCy `textcat_multilabel` model trained on the evaluators'
codes. Its input is the answer's base forms and compound parts, plus the themes the
rules found, so it learns both the vocabulary of each theme and how far to trust each
rule. Saved and loaded with spaCy's own serialisation, per codebook version."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import minibatch
from thinc.api import Adam

MODEL_LANG = "xx"
TEXTCAT_CONFIG = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 1,  # word pairs overfit the few hundred answers a survey has (dev sets)
        "no_output_layer": False,
        "length": 65536,  # hashed features: ample for survey vocabularies, 4x less to update
    },
}


def features(
    doc: Doc, stops: frozenset[str], rule_themes: Iterable[str], question: str | None = None
) -> list[str]:
    """The words the model sees: base forms and parts of content words, the rule hits, and
    the question answered (evaluators code some themes mostly under some questions)."""
    words: list[str] = []
    for token in doc:
        if token.is_punct or token.is_space or token.like_num:
            continue
        norm = token.norm_
        if norm in stops or token.lower_ in stops:
            continue
        words.append(norm)
        words.extend(f"{part}" for part in token._.parts if part != norm)
    words.extend(f"RULE_{theme}" for theme in sorted(set(rule_themes)))
    if question:
        words.append(f"QUESTION_{question}")
    return words or ["EMPTY"]


def fit(
    nlp: Language,
    examples: list[Example],
    *,
    seed: int,
    epochs: int,
    learn_rate: float,
    dropout: float = 0.1,
) -> None:
    """The training loop both models share: shuffled minibatches, Adam, fixed seed."""
    nlp.initialize(lambda: examples)
    optimizer = Adam(learn_rate)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=dropout)


class ThemeModel:
    """A multilabel text classifier over feature words; `examples` is its training size."""

    def __init__(self, nlp: Language, examples: int, positives: dict[str, int] | None = None):
        self.nlp = nlp
        self.examples = examples
        self.labels = tuple(cast(TextCategorizer, nlp.get_pipe("textcat_multilabel")).labels)
        self.positives = positives or {}

    @classmethod
    def blank(cls) -> Language:
        nlp = spacy.blank(MODEL_LANG)
        nlp.add_pipe("textcat_multilabel", config=TEXTCAT_CONFIG)
        return nlp

    @classmethod
    def train(
        cls,
        rows: Sequence[tuple[list[str], set[str]]],
        labels: Sequence[str],
        *,
        seed: int = 0,
        epochs: int = 10,
        dropout: float = 0.1,
        learn_rate: float = 0.01,
    ) -> ThemeModel:
        spacy.util.fix_random_seed(seed)
        nlp = cls.blank()
        textcat = cast(TextCategorizer, nlp.get_pipe("textcat_multilabel"))
        for label in labels:
            textcat.add_label(label)
        examples = [
            Example.from_dict(
                Doc(nlp.vocab, words=words),
                {"cats": {label: float(label in gold) for label in labels}},
            )
            for words, gold in rows
        ]
        fit(nlp, examples, seed=seed, epochs=epochs, learn_rate=learn_rate, dropout=dropout)
        positives = {label: sum(1 for _, gold in rows if label in gold) for label in labels}
        return cls(nlp, len(rows), positives)

    def predict(self, rows: Sequence[list[str]]) -> list[dict[str, float]]:
        docs = (Doc(self.nlp.vocab, words=words) for words in rows)
        return [dict(doc.cats) for doc in self.nlp.pipe(docs, batch_size=256)]

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.nlp.to_disk(path)
        meta = {"examples": self.examples, "positives": self.positives}
        (path / "training.json").write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> ThemeModel:
        nlp = cls.blank().from_disk(path)
        meta = json.loads((path / "training.json").read_text(encoding="utf-8"))
        return cls(nlp, int(meta["examples"]), {k: int(v) for k, v in meta["positives"].items()})


STANCE_LABELS = ("success", "challenge", "neutral")
STANCE_CONFIG = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 65536,
    },
}


def stance_features(
    words: list[str], theme: str, hint: str | None, cues: Iterable[str], question: str | None = None
) -> list[str]:
    """What the stance model sees: the clause's words, the theme, the question (its id and
    stance hint: some questions lean one way) and the cue kinds the rules found (a
    negated success word arrives as a challenge cue)."""
    extra = [f"THEME_{theme}", f"HINT_{hint or 'none'}", f"QUESTION_{question or 'none'}"]
    return [*words, *extra, *(f"CUE_{c}" for c in cues)]


class StanceModel:
    """Success / challenge / neutral per coded theme, learned from the evaluators' codes."""

    def __init__(self, nlp: Language, examples: int):
        self.nlp = nlp
        self.examples = examples

    @classmethod
    def train(
        cls,
        rows: Sequence[tuple[list[str], str]],
        *,
        seed: int = 0,
        epochs: int = 20,
        learn_rate: float = 0.01,
    ) -> StanceModel:
        spacy.util.fix_random_seed(seed)
        nlp = spacy.blank(MODEL_LANG)
        textcat = cast(TextCategorizer, nlp.add_pipe("textcat", config=STANCE_CONFIG))
        for label in STANCE_LABELS:
            textcat.add_label(label)
        examples = [
            Example.from_dict(
                Doc(nlp.vocab, words=words), {"cats": {s: float(s == label) for s in STANCE_LABELS}}
            )
            for words, label in rows
        ]
        fit(nlp, examples, seed=seed, epochs=epochs, learn_rate=learn_rate)
        return cls(nlp, len(rows))

    def predict(self, rows: Sequence[list[str]]) -> list[tuple[str, float]]:
        docs = (Doc(self.nlp.vocab, words=words) for words in rows)
        result = []
        for doc in self.nlp.pipe(docs, batch_size=256):
            label = max(doc.cats, key=doc.cats.__getitem__)
            result.append((label, doc.cats[label]))
        return result
