"""The coding engine: answers in, theme suggestions with evidence out.

Rules (keywords on base forms and compound parts) suggest from the first answer on. A
model trained on the evaluators' codes (see `learned.py`) joins in as examples grow:
for each theme its weight is n / (n + `model_half_weight`), n being the answers coded
with that theme, so with few examples the rules lead and a well-taught theme follows
the model.
Each suggestion keeps its provenance (rule or model) and its evidence.
"""

from __future__ import annotations

import gc
import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from spacy.attrs import SENT_START
from spacy.tokens import Doc

from . import language
from .codebook import Codebook
from .learned import StanceModel, ThemeModel, features, stance_features
from .normalize import BaseForms, BaseFormsComponent
from .pipeline import pipeline, stop_words
from .rules import CUES_KEY, HITS_KEY, CueMarker, Hit, ThemeRules, char_offsets, token_arrays
from .sentences import STARTS_KEY
from .stance import CONTRAST_IDS, clause, decide, read

RULE_WORD = 0.6
RULE_PART = 0.5
RULE_WEAK = 0.3  # below the threshold alone; two different weak keywords reach it
EVIDENCE_KINDS = {"word": "keyword"}  # a hit's kind as evidence names it
BACKGROUND = "background"  # a question about the respondent: themes only where judged
JUDGING_CUES = frozenset({"success", "challenge", "negation"})  # what makes a sentence judge
HEDGE_FACTOR = 0.85
MAX_TEXT = 20_000
CHUNK = 1000
VETO_MIN_EXAMPLES = 8  # answers coded with a theme before the model may overrule a keyword hit
# Answers the model learnt from before it may overrule at all: on the pooled dev sets the
# veto cost F1 when trained on 255 answers or fewer and gained from about 300 on.
VETO_MIN_TRAINED = 300
VETO_BELOW = 0.03  # the model's confidence under which it overrules
MIN_STANCE_EXAMPLES = 40  # coded themes with a stance before the stance model speaks
STANCE_CONFIDENCE = 0.75


def sentence_starts(doc: Doc) -> list[int]:
    """Token indexes where sentences begin: kept by the sentence component, or read from
    the sentence marks of a doc made some other way."""
    if not len(doc):
        return [0]
    kept = doc.user_data.get(STARTS_KEY)
    if kept:
        return kept
    flags = doc.to_array([SENT_START]).tolist()
    starts = [i for i, flag in enumerate(flags) if flag == 1]
    return starts if starts and starts[0] == 0 else [0, *starts]


def counted(hits: Sequence[Hit]) -> list[Hit]:
    """The hits that add to a theme's score in one sentence: each keyword once, and a weak
    keyword only where no other hit of the theme covers the same words ("family
    therapists" also matching "therapists" is one piece of evidence, not two)."""
    if len(hits) == 1:
        return list(hits)
    unique = list({h.keyword: h for h in hits}.values())
    kept = [h for h in unique if not h.weak]
    if len(kept) == len(unique):
        return kept
    strong_at = {i for h in kept for i in range(h.start, h.end)}
    weak_at: dict[int, list[Hit]] = {}
    for h in unique:
        if h.weak:
            for i in range(h.start, h.end):
                weak_at.setdefault(i, []).append(h)
    for h in unique:
        if not h.weak:
            continue
        positions = range(h.start, h.end)
        if any(i in strong_at for i in positions):
            continue  # a full keyword already covers these words
        rank = (h.end - h.start, h.keyword)
        if any(
            (o.end - o.start, o.keyword) > rank for i in positions for o in weak_at[i] if o is not h
        ):
            continue  # a longer (or, as long, another) weak keyword covers them
        kept.append(h)
    return kept


def main_point(
    doc: Doc,
    lowers: Sequence[int],
    sentence: tuple[int, int],
    focus: tuple[int, int],
    theme: str,
) -> tuple[int, int]:
    """Where a theme's stance is read: its own clause, or the clause after "men"/"but"
    when that clause judges and names no other theme ("Samverkan har blivit bättre men
    är fortfarande personberoende": what follows "men" is the main point). `lowers`
    are the doc's lower-case forms (`rules.token_arrays`)."""
    end = focus[1]
    if end + 1 >= sentence[1] or lowers[end] not in CONTRAST_IDS:
        return focus
    after = clause(lowers, sentence, end + 1)
    if any(after[0] <= h.start < after[1] and h.theme != theme for h in doc.user_data[HITS_KEY]):
        return focus
    reading = read(after, doc.user_data[CUES_KEY])
    return after if reading.success or reading.challenge else focus


def rule_weight(hit: Hit) -> float:
    """What one keyword adds to a theme's score in its sentence."""
    if hit.weak:
        return RULE_WEAK
    return RULE_PART if hit.kind == "part" else RULE_WORD


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector for one chunk: parsing allocates many short-lived
    objects, and collecting between chunks instead of every few hundred allocations saves
    about a fifth of the time. Memory is unaffected: the chunk's garbage is freed after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _base_forms(lang: str) -> BaseForms:
    """The language pipeline's base-form analyser (set when the pipeline was initialised)."""
    forms = cast(BaseFormsComponent, pipeline(lang).get_pipe("survey_base_forms")).forms
    assert forms is not None
    return forms


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
        """Theme → stance of its strongest suggestion."""
        best: dict[str, Suggestion] = {}
        for s in self.suggestions:
            if s.theme not in best or s.score > best[s.theme].score:
                best[s.theme] = s
        return {theme: s.stance for theme, s in best.items()}


class Engine:
    """Codes answers against one codebook; build once, reuse for many answers."""

    def __init__(
        self,
        codebook: Codebook,
        *,
        threshold: float = 0.5,
        model_half_weight: int = 10,
        default_stance: str = "success",
    ):
        self.codebook = codebook
        self.threshold = threshold
        self.model_half_weight = model_half_weight
        self.default_stance = default_stance
        self.model: ThemeModel | None = None
        self.stance_model: StanceModel | None = None
        self._lang_of: dict[int, str] = {}
        self._rules: dict[str, ThemeRules] = {}
        self._components: dict[str, list[Callable[[Doc], Doc]]] = {}
        self._cues: dict[str, CueMarker] = {}
        self.codable = {t.id for t in codebook.codable()}
        for lang in codebook.languages():
            nlp = pipeline(lang)
            rules = ThemeRules(nlp, "survey_theme_rules")
            rules.initialize(nlp=nlp, codebook=codebook, stop_words=stop_words(lang))
            cues = CueMarker(nlp, "survey_cues")
            cues.initialize(nlp=nlp)
            self._rules[lang], self._cues[lang] = rules, cues
            self._components[lang] = [component for _, component in nlp.pipeline]
        if "sv" in self._rules and "en" in self._rules:
            # Swedish terms kept in English answers match the Swedish keywords.
            swedish = _base_forms("sv")
            self._rules["en"].borrow(swedish.analyse, self._rules["sv"].words)
        # Which words each language's lemma table knows: for answers the function words
        # leave undecided.
        self._known = {lang: _base_forms(lang).known for lang in self._rules}

    # --- model ----------------------------------------------------------------------

    def model_weight(self, theme: str) -> float:
        """How far the model's confidence counts for a theme, against the rules'."""
        if self.model is None:
            return 0.0
        n = self.model.positives.get(theme, 0)
        return n / (n + self.model_half_weight)

    def train(
        self,
        examples: Sequence[tuple[Answer, Iterable[str] | Mapping[str, str]]],
        *,
        seed: int = 0,
        epochs: int = 10,
        stance_epochs: int = 20,
    ) -> ThemeModel:
        """Train on coded answers (themes not listed count as rejected). Where the codes
        carry a stance (theme → stance), a stance model is trained too. The theme model
        learns in fewer passes than the stance model: with more it overfits the few
        hundred answers a survey has (chosen on the dev sets)."""
        parsed = list(self.parse([a for a, _ in examples]))
        rows = [
            (self.feature_words(doc, lang, answer.question), set(themes) & self.codable)
            for (doc, lang), (answer, themes) in zip(parsed, examples, strict=True)
        ]
        self.model = ThemeModel.train(rows, sorted(self.codable), seed=seed, epochs=epochs)
        stance_rows = []
        for (doc, lang), (answer, themes) in zip(parsed, examples, strict=True):
            if not isinstance(themes, Mapping):
                continue
            for theme, stance in themes.items():
                if stance and theme in self.codable:
                    focus = self._theme_clause(doc, theme)
                    stance_rows.append(
                        (self._stance_words(doc, lang, focus, theme, answer), stance)
                    )
        self.stance_model = (
            StanceModel.train(stance_rows, seed=seed, epochs=stance_epochs)
            if len(stance_rows) >= MIN_STANCE_EXAMPLES
            else None
        )
        return self.model

    def _theme_clause(self, doc: Doc, theme: str) -> tuple[int, int]:
        """The clause of the theme's last rule hit, or the whole answer."""
        hits = [h for h in doc.user_data[HITS_KEY] if h.theme == theme]
        if not hits:
            return (0, len(doc))
        starts = sentence_starts(doc)
        index = bisect_right(starts, hits[-1].start) - 1
        bounds = (starts[index], starts[index + 1] if index + 1 < len(starts) else len(doc))
        return clause(token_arrays(doc)["lower"], bounds, hits[-1].start)

    def _stance_words(
        self, doc: Doc, lang: str, focus: tuple[int, int], theme: str, answer: Answer
    ) -> list[str]:
        reading = read(focus, doc.user_data[CUES_KEY])
        cues = (
            ["success"] * reading.success
            + ["challenge"] * reading.challenge
            + ["neutral"] * reading.neutral
        )
        words = features(doc[focus[0] : focus[1]].as_doc(), stop_words(lang), ())
        content = [w for w in words if w != "EMPTY"]
        return stance_features(content, theme, answer.stance_hint, cues, answer.question)

    def load_model(self, path: Path) -> None:
        self.model = ThemeModel.from_disk(path)

    # --- coding ---------------------------------------------------------------------

    def parse(self, answers: Sequence[Answer]) -> Iterator[tuple[Doc, str]]:
        """Docs in each answer's language, in input order, batched per language. Every
        answer is tokenised in the codebook's language first, which tells its language;
        the few in another language are tokenised again in theirs."""
        primary = self.codebook.language
        texts = [a.text[:MAX_TEXT] for a in answers]
        make_doc = pipeline(primary).make_doc
        first = [make_doc(text) for text in texts]
        langs = [
            language.detect_doc(doc, text, primary, self._rules, self._known)
            for doc, text in zip(first, texts, strict=True)
        ]
        docs: list[Doc | None] = [None] * len(answers)
        for lang in set(langs):
            indexes = [i for i, x in enumerate(langs) if x == lang]
            # The pipeline's components called in turn: what nlp.pipe would do, without
            # its per-document bookkeeping (a few per cent of the engine's time).
            components = self._components[lang]
            cues, rules = self._cues[lang], self._rules[lang]
            for i in indexes:
                doc = first[i] if lang == primary else pipeline(lang).make_doc(texts[i])
                for component in components:
                    doc = component(doc)
                cues(doc)
                doc.user_data[HITS_KEY] = rules.hits(doc, answers[i].question)
                docs[i] = doc
        for done, lang in zip(docs, langs, strict=True):
            assert done is not None
            yield done, lang

    def feature_words(self, doc: Doc, lang: str, question: str | None = None) -> list[str]:
        return features(doc, stop_words(lang), {h.theme for h in doc.user_data[HITS_KEY]}, question)

    def code(self, answers: Sequence[Answer]) -> list[Coded]:
        """Suggestions for every answer, in order. Works through the answers in chunks,
        so docs do not pile up in memory (and the garbage collector has less to scan)."""
        results: list[Coded] = []
        for begin in range(0, len(answers), CHUNK):
            with _collector_paused():
                results += self._code_chunk(answers[begin : begin + CHUNK])
        return results

    def _code_chunk(self, answers: Sequence[Answer]) -> list[Coded]:
        parsed = list(self.parse(answers))
        probabilities: list[dict[str, float]] = []
        if self.model is not None:
            probabilities = self.model.predict(
                [
                    self.feature_words(doc, lang, answer.question)
                    for answer, (doc, lang) in zip(answers, parsed, strict=True)
                ]
            )
        results = []
        self._lang_of = {id(doc): lang for doc, lang in parsed}
        for index, (answer, (doc, lang)) in enumerate(zip(answers, parsed, strict=True)):
            probs = probabilities[index] if probabilities else {}
            results.append(Coded(answer, lang, self._suggest(answer, doc, probs)))
        return results

    def _suggest(self, answer: Answer, doc: Doc, probs: dict[str, float]) -> list[Suggestion]:
        all_hits = doc.user_data[HITS_KEY]
        if not probs and not all_hits:
            return []
        starts = sentence_starts(doc)
        bounds = list(zip(starts, [*starts[1:], len(doc)], strict=True))
        by_segment: dict[tuple[str, int], list[Hit]] = {}
        codable, several = self.codable, len(starts) > 1
        for hit in all_hits:
            if hit.theme in codable:
                index = bisect_right(starts, hit.start) - 1 if several else 0
                by_segment.setdefault((hit.theme, index), []).append(hit)
        cue_spans = doc.user_data[CUES_KEY]
        hedges = [s for k, s, _ in cue_spans if k == "hedge"]
        hedged: dict[int, bool] = {}
        rule_best: dict[str, float] = {}
        drafts: list[tuple[str, int, float, list[Hit]]] = []
        background = answer.stance_hint == BACKGROUND
        judged: dict[int, bool] = {}
        for (theme, index), hits in by_segment.items():
            if background:
                if index not in judged:
                    first, last = bounds[index]
                    judged[index] = any(
                        k in JUDGING_CUES and first <= s < last for k, s, _ in cue_spans
                    )
                if not judged[index]:
                    continue
            if len(hits) == 1:
                if hits[0].weak and not probs:
                    continue  # a lone weak keyword: below the threshold, no model to add
                score = rule_weight(hits[0])
            else:
                missed = 1.0  # noisy-or: each keyword adds its weight
                for keyword in counted(hits):
                    missed *= 1 - rule_weight(keyword)
                score = 1 - missed
            if score < self.threshold and not probs:
                continue  # hedging only lowers it
            if hedges:
                if index not in hedged:
                    first, last = bounds[index]
                    hedged[index] = any(first <= s < last for s in hedges)
                if hedged[index]:
                    score *= HEDGE_FACTOR
            drafts.append((theme, index, score, hits))
            rule_best[theme] = max(rule_best.get(theme, 0.0), score)
        suggestions: list[Suggestion] = []
        lowers = token_arrays(doc)["lower"]
        for theme, index, score, hits in drafts:
            p = probs.get(theme)
            combined = score if p is None else self._combine(theme, score, p)
            if combined < self.threshold:
                continue
            sentence = bounds[index]
            focus = clause(lowers, sentence, hits[-1].start)
            focus = main_point(doc, lowers, sentence, focus, theme)
            suggestions.append(
                self._segment(answer, doc, theme, sentence, combined, "rule", hits, p, focus)
            )
        for theme, p in probs.items():
            if theme in rule_best:
                continue
            combined = self._combine(theme, 0.0, p)
            if combined >= self.threshold:
                whole = (0, len(doc))
                suggestions.append(
                    self._segment(answer, doc, theme, whole, combined, "model", [], p)
                )
        return suggestions

    def _combine(self, theme: str, rule: float, p: float) -> float:
        """Rule and model evidence together: the model adds what it has learnt for the
        theme (noisy-or, weighted by how many examples taught it), and once many answers
        taught it, a keyword hit it finds all but impossible is dropped: the evaluators
        have been rejecting hits like it."""
        model = self.model
        n = model.positives.get(theme, 0) if model is not None else 0
        if (
            rule >= self.threshold
            and p < VETO_BELOW
            and n >= VETO_MIN_EXAMPLES
            and model is not None
            and model.examples >= VETO_MIN_TRAINED
        ):
            return rule * p
        return 1 - (1 - rule) * (1 - self.model_weight(theme) * p)

    def _segment(self, answer, doc, theme, span, score, source, hits, p, focus=None) -> Suggestion:
        """A suggestion for the token range `span`; its stance is read in `focus` (the
        clause of the hit), and its evidence gives the words with character offsets."""
        reading = read(focus if focus is not None else span, doc.user_data[CUES_KEY])
        stance = decide(reading, answer.stance_hint)
        if stance == "neutral" and not reading.neutral and self.default_stance != "neutral":
            stance = self.default_stance
        if self.stance_model is not None:
            lang = self._lang_of.get(id(doc), self.codebook.language)
            words = self._stance_words(doc, lang, focus or span, theme, answer)
            learned, confidence = self.stance_model.predict([words])[0]
            if confidence >= STANCE_CONFIDENCE:
                stance = learned
        starts, ends = char_offsets(doc)
        text = answer.text  # what the doc was made from (doc.text rebuilds it token by token)
        evidence = [
            Evidence(
                EVIDENCE_KINDS.get(hit.kind, hit.kind),
                text[starts[hit.start] : ends[hit.end - 1]],
                starts[hit.start],
                ends[hit.end - 1],
                hit.keyword,
            )
            for hit in hits
        ]
        if reading.negations or reading.hedges:
            for kind, pairs in (("negation", reading.negations), ("hedge", reading.hedges)):
                for first, last in pairs:
                    begin, finish = starts[first], ends[last - 1]
                    evidence.append(Evidence(kind, text[begin:finish], begin, finish))
        if span[1] <= span[0]:
            start = end = 0
        else:
            start, end = starts[span[0]], ends[span[1] - 1]
        # Trim trailing spaces so offsets point at the words themselves.
        while end > start and text[end - 1].isspace():
            end -= 1
        return Suggestion(
            answer.id,
            theme,
            start,
            end,
            stance,
            round(min(score, 1.0), 4),
            source,
            tuple(evidence),
            p,
        )
