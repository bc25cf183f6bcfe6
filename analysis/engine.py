"""The coding engine: answers in, theme suggestions with evidence out.

Rules (keywords on base forms and compound parts, weighed against the themes'
descriptions) suggest from the first answer on. Once evaluators have decided on some
answers, a model (see `theme_model.py`) starts at the rules and learns from the
decisions which keyword hits are real and what the keywords miss, with a threshold per
theme chosen on training answers it had not seen. Stance is read by `stance_reading.py`
in the clause of each theme's evidence. Each suggestion keeps its provenance (rule or
model) and its evidence.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.attrs import SENT_START
from spacy.tokens import Doc

from . import borrowing, language, starter_examples
from .answers import Answer, Coded, Evidence, Suggestion
from .arrays import char_offsets, token_arrays
from .codebook import Codebook
from .descriptions import Descriptions, Leading
from .features import ThemeEvidence, Tokens, View, char_terms, rule_evidence, word_terms
from .learned import StanceModel
from .normalize import BaseForms, BaseFormsComponent, base_forms
from .pipeline import LANGUAGES, pipeline, stop_words
from .rules import CUES_KEY, HITS_KEY, CueMarker, Hit, ThemeRules, distinctive_label_words
from .sentences import BOUNDS_KEY, STARTS_KEY
from .sentences import Sentences as SentenceMarker
from .stance import StanceReading, clause, concession_end, read, sentence_point
from .stance_prior import StancePrior
from .stance_prior import bundled as bundled_prior
from .stance_reading import StanceReader, hint_of, main_point
from .theme_model import JOINED_PENALTY, ThemeModel

RULE_WORD = 0.6
RULE_PART = 0.5
RULE_WEAK = 0.3  # below the threshold alone; two different weak keywords reach it
EVIDENCE_KINDS = {"word": "keyword"}  # a hit's kind as evidence names it
BACKGROUND = "background"  # a question about the respondent: themes only where judged
JUDGING_CUES = frozenset({"success", "challenge", "negation"})  # what makes a sentence judge
HEDGE_FACTOR = 0.85
MAX_TEXT = 20_000
CHUNK = 1000
DESCRIPTION_MARGIN = 0.4  # how much better another theme's description must match
DESCRIPTION_FACTOR = 0.7  # what a hit keeps in a sentence clearly about another theme
# An answer no keyword reaches is given the theme whose label and description it matches
# best, when it matches well enough and clearly better than the next theme's.
DESCRIPTION_LEVEL = 0.2
DESCRIPTION_LEAD = 0.05
DESCRIPTION_SCORE = 0.55
# A code without keywords has only its description to go on: a sentence is given it
# where its description matches less well and leads by less (in a keyword codebook, the
# fallback above stays strict: there the keywords found nothing, which is evidence too).
UNKEYED_LEAD = 0.02
UNKEYED_LEVEL = 0.1
WHOLE = -1  # a draft's sentence index when the evidence is the whole answer
# Per codebook (`borrowing.key`), which starter themes its themes match.
_MATCHED: dict[str, dict[str, tuple[str, ...]]] = {}
MIN_TRAINING = 8  # coded answers before a theme model is trained at all


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


Sentences = tuple[list[int], list[tuple[int, int]]]  # starts, and (start, end) of each


def sentence_bounds(doc: Doc) -> Sentences:
    """Where each sentence starts, and each sentence's token range."""
    kept = doc.user_data.get(BOUNDS_KEY)
    if kept is not None:
        return doc.user_data[STARTS_KEY], kept
    starts = sentence_starts(doc)
    return starts, list(zip(starts, [*starts[1:], len(doc)], strict=True))


def distinct(drafts: list[Draft]) -> list[Draft]:
    """The drafts to suggest, one per theme and sentence: a sentence that a code's
    description matches (a code without keywords of its own) may also hold keywords it
    borrowed or took from its name; the keyword draft then says where, and the
    description's is left out, or the evaluator would be shown the same suggestion twice."""
    keyed = {(d.theme, d.index) for d in drafts if d.hits}
    if not keyed:
        return drafts
    return [d for d in drafts if d.hits or (d.theme, d.index) not in keyed]


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
    weak = [h for h in unique if h.weak]
    strong_at = {i for h in kept for i in range(h.start, h.end)}
    for h in weak:
        start, end = h.start, h.end
        if not strong_at.isdisjoint(range(start, end)):
            continue  # a full keyword already covers these words
        rank = (end - start, h.keyword)
        if len(weak) > 1 and any(
            o.start < end and start < o.end and (o.end - o.start, o.keyword) > rank
            for o in weak
            if o is not h
        ):
            continue  # a longer (or, as long, another) weak keyword covers them
        kept.append(h)
    return kept


def rule_weight(hit: Hit) -> float:
    """What one keyword adds to a theme's score in its sentence."""
    if hit.weak:
        return RULE_WEAK
    return RULE_PART if hit.kind == "part" else RULE_WORD


def noisy_or(hits: Sequence[Hit]) -> float:
    """A theme's score in one sentence from several hits: each counted keyword adds its
    weight (noisy-or)."""
    missed = 1.0
    for keyword in counted(hits):
        missed *= 1 - rule_weight(keyword)
    return 1 - missed


def _segments(
    hits: Sequence[Hit], starts: list[int], codable: set[str]
) -> dict[tuple[str, int], list[Hit]]:
    """The codable themes' hits per (theme, sentence), in the order of their first hit."""
    by_segment: dict[tuple[str, int], list[Hit]] = {}
    if len(starts) == 1:
        for hit in hits:
            if hit.theme in codable:
                by_segment.setdefault((hit.theme, 0), []).append(hit)
        return by_segment
    for hit in hits:
        if hit.theme in codable:
            index = bisect_right(starts, hit.start) - 1
            by_segment.setdefault((hit.theme, index), []).append(hit)
    return by_segment


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
    forms = base_forms(pipeline(lang))
    assert forms is not None
    return forms


@dataclass(slots=True)
class Draft:
    """A theme's keyword evidence in one sentence, as the rules weigh it."""

    theme: str
    index: int  # the sentence
    score: float
    hits: list[Hit]


@dataclass(slots=True)
class Shared:
    """What the suggestions from one parsed answer share, read once: its language, each
    token's first and end character, and the clauses whose cue words are read."""

    lang: str
    starts: list[int]
    ends: list[int]
    readings: dict[tuple[int, int], StanceReading]


@dataclass(slots=True)
class Reading:
    """What the models see of one parsed answer (built only when a model is used)."""

    drafts: list[Draft]
    rule_scores: dict[str, float]  # theme → its best draft's score
    view: View


def _named(codebook: Codebook) -> Codebook:
    """The codebook as its descriptions are read (zero-shot): a code with a name alone (no
    description, no keyword: a list of code names, or a code added by its name) is
    described by the words of its name that no other code's name uses
    (`distinctive_label_words`), so that their related words (`concepts`) find it and it
    competes with the other codes' descriptions ("Samverkan" finds "samarbetet med
    socialtjänsten"; of "Elevens mående" beside "Elevens närvaro", "mående" alone). A
    code with keywords keeps to them: a name as its description would weigh its keyword
    hits down wherever another code's name matches better. Measured on the tuning sets,
    rules alone: the other codebooks with names only 0.321 → 0.390 (the whole name as
    description: 0.368), with half their codes named only 0.406 / 0.377 → 0.484 / 0.462;
    the starter codebook with its descriptions removed, names as descriptions of codes
    with keywords too: 0.723 → 0.653."""
    parents = {t.parent for t in codebook.themes if t.parent}
    bare = {
        t.id
        for t in codebook.themes
        if not t.description.strip()
        and t.id not in parents
        and not any(t.keywords.values())
        and not any(t.weak.values())
        and not any(t.by_question.values())
    }
    if not bare:
        return codebook
    nlp = pipeline(codebook.language)
    stops = stop_words(codebook.language)
    words = distinctive_label_words(nlp, codebook, stops, bare, descriptions=False)
    themes = []
    for theme in codebook.themes:
        kept = words.get(theme.id)
        named = " ".join(t.text for t in nlp(theme.label) if t.norm_ in kept) if kept else ""
        themes.append(replace(theme, label=named, description=named) if named else theme)
    return replace(codebook, themes=tuple(themes))


def _languages(codebook: Codebook) -> tuple[str, ...]:
    """The languages answers are read in: the codebook's and its keywords', and, where
    its themes are described, every language the thesaurus reaches (an English answer
    meets a Swedish description through its related words, see `descriptions`)."""
    if any(t.description.strip() for t in codebook.codable()):
        return LANGUAGES
    return codebook.languages()


class Engine:
    """Codes answers against one codebook; build once, reuse for many answers."""

    def __init__(
        self,
        codebook: Codebook,
        *,
        threshold: float = 0.5,
        default_stance: str = "success",
        stance_prior: bool = True,
        joined: bool = True,
        borrow: bool = True,
    ):
        self.codebook = codebook
        self.threshold = threshold
        self.model: ThemeModel | None = None
        # Where the codebook is the starter codebook, the project's own coded answers
        # (`starter_examples`) join the evaluators' decisions when the theme model is
        # trained; `joined_exclude`: files of them left out (a benchmark's set).
        self.joined = joined and starter_examples.applies(codebook)
        self.joined_exclude: frozenset[str] = frozenset()
        self._joined: dict[str, list[tuple[View, set[str]]]] | None = None
        # Any other codebook borrows the keywords of the starter themes its own rules
        # match on those answers (`borrowing`), read at the first answer parsed;
        # `borrowed`: theme → the starter themes it matched (it takes the keywords of
        # those the codebook does not hold itself, and their coded answers teach its model).
        self._borrowing = borrow and not starter_examples.applies(codebook)
        self.borrowed: dict[str, tuple[str, ...]] = {}
        # How stance is read: before any decision, by the rules and (where the question
        # gives no leaning) the shipped prior; after, by the evaluators' model if trusted.
        self.stance_reader = StanceReader(default_stance, bundled_prior() if stance_prior else None)
        self._lang_of: dict[int, str] = {}
        self._remembered: dict[Answer, tuple[Doc, str, Reading | None]] | None = None
        self._rules: dict[str, ThemeRules] = {}
        self._components: dict[str, list[Callable[[Doc], Doc]]] = {}
        self._cues: dict[str, CueMarker] = {}
        # Per language, the pipeline's sentence and base-form components when it is just
        # these two: called so that one `Doc.from_array` writes what both set.
        self._split_pipes: dict[str, tuple[SentenceMarker, BaseFormsComponent]] = {}
        self.codable = {t.id for t in codebook.codable()}
        self.labels = tuple(sorted(self.codable))
        described = _named(codebook)
        for lang in _languages(described):
            nlp = pipeline(lang)
            cues = CueMarker(nlp, "survey_cues")
            cues.initialize(nlp=nlp)
            self._cues[lang] = cues
            self._components[lang] = [component for _, component in nlp.pipeline]
            match self._components[lang]:
                case [SentenceMarker() as sentences, BaseFormsComponent() as forms]:
                    self._split_pipes[lang] = (sentences, forms)
        self._build_rules()
        # Which words each language's lemma table knows: for answers the function words
        # leave undecided. Only between the languages of the codebook and its keywords:
        # a language read through the thesaurus alone takes an answer on its function
        # words, or a Swedish answer of a few loan words would lose its Swedish keywords.
        self._known = {lang: _base_forms(lang).known for lang in codebook.languages()}
        self._descriptions = {lang: Descriptions(described, lang) for lang in self._rules}
        # Per language, the themes with a description and no keyword in it.
        unkeyed = {
            lang: frozenset(
                t.id
                for t in described.codable()
                if t.description.strip()
                and not t.keywords_for(lang)
                and not t.weak_for(lang)
                and not t.question_keywords_for(lang)
            )
            for lang in self._rules
        }
        self._unkeyed = {lang: themes for lang, themes in unkeyed.items() if themes}

    def _build_rules(self, lent: Codebook | None = None) -> None:
        """Each language's keyword rules for the codebook, and for the keywords it
        borrowed (`lent`: the codebook with them, see `borrowing`)."""
        for lang in self._cues:
            nlp = pipeline(lang)
            rules = ThemeRules(nlp, "survey_theme_rules")
            rules.initialize(
                nlp=nlp, codebook=self.codebook, stop_words=stop_words(lang), lent=lent
            )
            self._rules[lang] = rules
        if "sv" in self._rules and "en" in self._rules:
            # Swedish terms kept in English answers match the Swedish keywords.
            swedish = _base_forms("sv")
            self._rules["en"].borrow(swedish.analyse, self._rules["sv"].words)

    def _borrow_once(self) -> None:
        if self._borrowing:
            self._borrowing = False  # before `_borrow`, which parses the starter's answers
            self._borrow()

    def _borrow(self) -> None:
        """Borrow the keywords of the starter themes that this codebook's rules match on
        the starter codebook's coded answers (`borrowing`); remembered per codebook."""
        key = borrowing.key(self.codebook, self.threshold)
        matched = _MATCHED.get(key)
        if matched is None:
            examples = starter_examples.examples()
            answers = [answer for answer, _ in examples]
            parsed = list(self._parse(answers))
            self._lang_of = {id(doc): lang for doc, lang in parsed}
            suggested = [
                {s.theme for s in self._suggest(answer, doc)}
                for answer, (doc, _) in zip(answers, parsed, strict=True)
            ]
            self._lang_of = {}
            matched = borrowing.matches(
                suggested,
                [set(themes) for _, themes in examples],
                self.labels,
                sorted(t.id for t in starter_examples.starter().codable()),
            )
            if len(_MATCHED) >= 32:
                _MATCHED.pop(next(iter(_MATCHED)))
            _MATCHED[key] = matched
        self.borrowed = dict(matched)
        if matched:
            self._build_rules(
                borrowing.borrowed(self.codebook, starter_examples.starter(), matched)
            )

    @property
    def lenders(self) -> dict[str, tuple[str, ...]]:
        """Per theme, the starter themes whose keywords it also uses (`borrowing`)."""
        self._borrow_once()
        return borrowing.lenders(self.codebook, self.borrowed)

    @property
    def default_stance(self) -> str:
        return self.stance_reader.default_stance

    @property
    def stance_prior(self) -> StancePrior | None:
        return self.stance_reader.prior

    @stance_prior.setter
    def stance_prior(self, prior: StancePrior | None) -> None:
        self.stance_reader.prior = prior

    @property
    def stance_model(self) -> StanceModel | None:
        return self.stance_reader.model

    @stance_model.setter
    def stance_model(self, model: StanceModel | None) -> None:
        self.stance_reader.model = model

    # --- model ----------------------------------------------------------------------

    def train(
        self,
        examples: Sequence[tuple[Answer, Iterable[str] | Mapping[str, str]]],
        *,
        seed: int = 0,
    ) -> ThemeModel | None:
        """Learn from coded answers (themes not listed count as rejected): which keyword
        hits the evaluators keep, what the keywords miss and, where the codes carry a
        stance (theme → stance), how they read stance. With fewer than `MIN_TRAINING`
        answers the rules stay alone, unless the starter codebook's coded answers join
        them (then those teach the model from the first decision, or none).
        Deterministic: `seed` is kept for callers."""
        del seed
        if len(examples) < MIN_TRAINING and not (self.joined and self._joined_views()):
            self.model = self.stance_model = None
            return None
        parsed = list(self.parse([a for a, _ in examples]))
        readings = [
            self._reading(answer, doc, lang)
            for (answer, _), (doc, lang) in zip(examples, parsed, strict=True)
        ]
        gold = [set(themes) & self.codable for _, themes in examples]
        views = [r.view for r in readings]
        joined = self._joined_views()
        self.model = ThemeModel.train(
            views + [v for v, _ in joined],
            gold + [g for _, g in joined],
            self.labels,
            penalty=JOINED_PENALTY if joined else None,
            # The starter answers are lent, not coded in this codebook: its own weigh more.
            own=len(views) if joined and not self.joined else None,
        )
        rows, rule_stances, stances = [], [], []
        for (answer, themes), (doc, lang), reading in zip(examples, parsed, readings, strict=True):
            if not isinstance(themes, Mapping):
                continue
            for theme, stance in themes.items():
                if stance and theme in self.codable:
                    focus = self._theme_clause(doc, theme, reading)
                    features, rule_stance = self.stance_reader.view(doc, lang, focus, theme, answer)
                    rows.append(features)
                    rule_stances.append(rule_stance)
                    stances.append(stance)
        self.stance_model = StanceModel.train(rows, rule_stances, stances) if rows else None
        return self.model

    def _joined_views(self) -> list[tuple[View, set[str]]]:
        """The starter codebook's coded answers as the theme model sees them (read once
        per engine), less `joined_exclude`. In the starter codebook, coded as they are;
        in a codebook that borrowed its keywords, coded in the themes that borrowed
        (`borrowing.translated`); none for another codebook."""
        self._borrow_once()
        if not self.joined and not self.borrowed:
            return []
        if self._joined is None:
            self._joined = {}
            files = (
                starter_examples.by_file(self.codebook)
                if self.joined
                else starter_examples.every_file()
            )
            for name, rows in files:
                answers = [answer for answer, _ in rows]
                joined = []
                for answer, (doc, lang), (_, themes) in zip(
                    answers, self.parse(answers), rows, strict=True
                ):
                    view = self._reading(answer, doc, lang).view
                    coded = (
                        set(themes) & self.codable
                        if self.joined
                        else borrowing.translated(themes, self.borrowed, view.suggested)
                    )
                    joined.append((view, coded))
                self._joined[name] = joined
        return [
            row
            for name, rows in self._joined.items()
            if name not in self.joined_exclude
            for row in rows
        ]

    def prior_examples(
        self, examples: Sequence[tuple[Answer, Mapping[str, str]]]
    ) -> list[tuple[Mapping[str, float], str, str, bool]]:
        """Every coded theme's clause as the shipped stance prior sees it, to train it:
        (features, the rules' stance, the coded stance, whether the prior reads it)."""
        out = []
        parsed = list(self.parse([a for a, _ in examples]))
        for (answer, themes), (doc, lang) in zip(examples, parsed, strict=True):
            reading = self._reading(answer, doc, lang)
            for theme, stance in themes.items():
                if stance and theme in self.codable:
                    focus = self._theme_clause(doc, theme, reading)
                    out.append(self.stance_reader.prior_example(answer, doc, lang, focus, stance))
        return out

    def _theme_clause(self, doc: Doc, theme: str, reading: Reading) -> tuple[int, int]:
        """Where a theme's stance is read: the clause of its last hit (or the clause
        after "men" that carries the main point), else the whole answer."""
        drafts = [d for d in reading.drafts if d.theme == theme]
        if not drafts:
            return (0, len(doc))
        bounds = sentence_bounds(doc)[1]
        return self._focus(doc, token_arrays(doc)["lower"], bounds, drafts[-1])[1]

    def load_model(self, path: Path) -> None:
        self.model = ThemeModel.from_disk(path)

    # --- coding ---------------------------------------------------------------------

    @contextmanager
    def remembering(self) -> Iterator[None]:
        """Keep every answer's parse and reading while inside: for running the same
        answers through many trainings (the benchmark's splits and simulated reviews),
        not for the app, where it would keep every doc in memory."""
        self._remembered = {}
        try:
            yield
        finally:
            self._remembered = None

    def parse(self, answers: Sequence[Answer]) -> Iterator[tuple[Doc, str]]:
        """Docs in each answer's language, in input order (remembered ones as they were
        kept, see `remembering`)."""
        memo = self._remembered
        if memo is None:
            yield from self._parse(answers)
            return
        missing = [a for a in dict.fromkeys(answers) if a not in memo]
        for answer, (doc, lang) in zip(missing, self._parse(missing), strict=True):
            memo[answer] = (doc, lang, None)
        for answer in answers:
            doc, lang, _ = memo[answer]
            yield doc, lang

    def _parse(self, answers: Sequence[Answer]) -> Iterator[tuple[Doc, str]]:
        """Docs in each answer's language, in input order, batched per language. Every
        answer is tokenised in the codebook's language first, which tells its language;
        the few in another language are tokenised again in theirs."""
        self._borrow_once()
        primary = self.codebook.language
        texts = [a.text[:MAX_TEXT] for a in answers]
        # The tokenizer itself: what make_doc calls, after a length check MAX_TEXT keeps.
        make_doc = pipeline(primary).tokenizer
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
            split = self._split_pipes.get(lang)
            for i in indexes:
                doc = first[i] if lang == primary else pipeline(lang).make_doc(texts[i])
                if split is not None:
                    # The pipeline's two components, the base forms written at once. The
                    # engine reads sentences and base forms from the doc's user data
                    # (`sentence_bounds`, `token_arrays`): the sentence marks and lemmas
                    # spaCy's own attributes would hold are not written.
                    split[0].starts(doc, texts[i])
                    split[1](doc, None, lemmas=False)
                else:
                    for component in components:
                        doc = component(doc)
                cues(doc)
                doc.user_data[HITS_KEY] = rules.hits(doc, answers[i].question)
                docs[i] = doc
        for done, lang in zip(docs, langs, strict=True):
            assert done is not None
            yield done, lang

    def code(self, answers: Sequence[Answer]) -> list[Coded]:
        """Suggestions for every answer, in order. Works through the answers in chunks,
        so docs do not pile up in memory (and the garbage collector has less to scan)."""
        results: list[Coded] = []
        for begin in range(0, len(answers), CHUNK):
            with _collector_paused():
                results += self._code_chunk(answers[begin : begin + CHUNK])
        return results

    def scores(self, answers: Sequence[Answer]) -> list[dict[str, float]]:
        """Every theme's score for each answer, 0.5 being the threshold (rules alone:
        the rules' own score): how sure the engine is either way, e.g. to put the
        answers it is least sure of first."""
        out = []
        for answer, (doc, lang) in zip(answers, self.parse(answers), strict=True):
            reading = self._reading(answer, doc, lang)
            if self.model is None:
                out.append(dict(reading.rule_scores))
                continue
            raw = self._model_scores([reading])[0]
            ruled = self.model.ruled
            out.append(
                {
                    t: reading.rule_scores.get(t, 0.0) if t in ruled else self._calibrated(t, s)
                    for t, s in raw.items()
                }
            )
        return out

    def _code_chunk(self, answers: Sequence[Answer]) -> list[Coded]:
        parsed = list(self.parse(answers))
        self._lang_of = {id(doc): lang for doc, lang in parsed}
        results = []
        if self.model is None:
            for answer, (doc, lang) in zip(answers, parsed, strict=True):
                results.append(Coded(answer, lang, self._suggest(answer, doc)))
            return results
        readings = [
            self._reading(answer, doc, lang)
            for answer, (doc, lang) in zip(answers, parsed, strict=True)
        ]
        model_scores = self._model_scores(readings)
        for answer, (doc, lang), reading, scores in zip(
            answers, parsed, readings, model_scores, strict=True
        ):
            results.append(Coded(answer, lang, self._suggest_learned(answer, doc, reading, scores)))
        return results

    def _model_scores(self, readings: Sequence[Reading]) -> list[dict[str, float]]:
        assert self.model is not None
        return self.model.scores([r.view for r in readings])

    def _calibrated(self, theme: str, score: float) -> float:
        """A model score mapped so that the theme's threshold is 0.5."""
        model = self.model
        t = model.thresholds.get(theme, 0.5) if model is not None else self.threshold
        if score >= t:
            return 0.5 + 0.5 * (score - t) / max(1 - t, 1e-6)
        return 0.5 * score / max(t, 1e-6)

    def _drafts(
        self, answer: Answer, doc: Doc, keep_all: bool, sentences: Sentences | None = None
    ) -> list[Draft]:
        """Each theme's evidence per sentence with the rules' score; `keep_all` also
        keeps what the rules alone would not suggest (a model may still). `sentences`:
        the doc's `sentence_bounds`, when the caller has them."""
        user_data = doc.user_data
        all_hits = user_data[HITS_KEY]
        if not all_hits:
            return self._described(answer, doc, self._unkeyed_drafts(answer, doc, sentences))
        starts, bounds = sentences or sentence_bounds(doc)
        cue_spans = user_data[CUES_KEY]
        hedges: list[int] | None = None  # read at the first draft that could be hedged
        hedged: dict[int, bool] = {}
        background = answer.stance_hint == BACKGROUND
        judged: dict[int, bool] = {}
        lang = self._lang_of.get(id(doc), self.codebook.language)
        descriptions = self._descriptions.get(lang)
        if descriptions is not None and descriptions.empty:
            descriptions = None
        # Per sentence: its description scores and their leaders, where some theme
        # matches by more than the margin (else no theme can trail by as much: None).
        similar: dict[int, Leading | None] = {}
        threshold = self.threshold
        drafts: list[Draft] = []
        reached = False  # whether a draft reaches the threshold (then none is described)
        for (theme, index), hits in _segments(all_hits, starts, self.codable).items():
            if background:
                if index not in judged:
                    first, last = bounds[index]
                    judged[index] = any(
                        k in JUDGING_CUES and first <= s < last for k, s, _ in cue_spans
                    )
                if not judged[index] and not keep_all:
                    continue
            if len(hits) == 1:
                hit = hits[0]
                if hit.weak and not keep_all:
                    continue  # a lone weak keyword: below the threshold, no model to add
                score = rule_weight(hit)
            else:
                score = noisy_or(hits)
            if score < threshold and not keep_all:
                continue  # hedging only lowers it
            if hedges is None:
                hedges = [s for k, s, _ in cue_spans if k == "hedge"]
            if hedges:
                if index not in hedged:
                    first, last = bounds[index]
                    hedged[index] = any(first <= s < last for s in hedges)
                if hedged[index]:
                    score *= HEDGE_FACTOR
            if descriptions is not None:
                if index in similar:
                    found = similar[index]
                else:
                    found = similar[index] = descriptions.leading(
                        doc, bounds[index], DESCRIPTION_MARGIN
                    )
                # No theme can trail by the margin where none matches by as much.
                if found is not None and descriptions.trails(found, theme, DESCRIPTION_MARGIN):
                    score *= DESCRIPTION_FACTOR  # the sentence is about another theme
            if background and not judged[index]:
                score = min(score, threshold * 0.99)
            drafts.append(Draft(theme, index, score, hits))
            if score >= threshold:
                reached = True
        if self._unkeyed:
            described = self._unkeyed_drafts(answer, doc, (starts, bounds))
            drafts += described
            reached = reached or any(d.score >= threshold for d in described)
        return drafts if reached else self._described(answer, doc, drafts)

    def _unkeyed_drafts(self, answer: Answer, doc: Doc, sentences: Sentences | None) -> list[Draft]:
        """For themes with a description and no keyword in the answer's language (a
        codebook from another tool brings names and descriptions), each sentence whose
        description match such a theme leads: their only evidence before any example."""
        lang = self._lang_of.get(id(doc), self.codebook.language)
        unkeyed = self._unkeyed.get(lang)
        descriptions = self._descriptions.get(lang)
        if not unkeyed or descriptions is None or answer.stance_hint == BACKGROUND:
            return []
        if not len(doc):
            return []
        bounds = (sentences or sentence_bounds(doc))[1]
        drafts = []
        for index, span in enumerate(bounds):
            theme = self._leading_description(descriptions, doc, span, UNKEYED_LEAD, UNKEYED_LEVEL)
            if theme is not None and theme in unkeyed:
                drafts.append(Draft(theme, index, DESCRIPTION_SCORE, []))
        return drafts

    @staticmethod
    def _leading_description(
        descriptions: Descriptions,
        doc: Doc,
        span: tuple[int, int],
        lead: float,
        level: float = DESCRIPTION_LEVEL,
    ) -> str | None:
        """The theme whose description a token range matches best, if it matches at
        `level` and leads the next by `lead`."""
        described = descriptions.described
        scores = {i: s for i, s in descriptions.sentence_scores(doc, span).items() if described[i]}
        if not scores:
            return None
        best = max(sorted(scores), key=scores.__getitem__)  # ties: the first theme
        runner_up = max((s for i, s in scores.items() if i != best), default=0.0)
        if scores[best] >= level and scores[best] - runner_up >= lead:
            return descriptions.themes[best]
        return None

    def _described(self, answer: Answer, doc: Doc, drafts: list[Draft]) -> list[Draft]:
        """The drafts, plus the best-matching theme's description where no keyword
        evidence reaches the threshold (zero-shot)."""
        if answer.stance_hint == BACKGROUND or any(d.score >= self.threshold for d in drafts):
            return drafts
        lang = self._lang_of.get(id(doc), self.codebook.language)
        descriptions = self._descriptions.get(lang)
        if descriptions is None or descriptions.empty or not len(doc):
            return drafts
        theme = self._leading_description(descriptions, doc, (0, len(doc)), DESCRIPTION_LEAD)
        if theme is not None:
            drafts = [d for d in drafts if d.theme != theme]
            drafts.append(Draft(theme, WHOLE, DESCRIPTION_SCORE, []))
        return drafts

    def _reading(self, answer: Answer, doc: Doc, lang: str) -> Reading:
        """The rules' evidence and the theme model's view of one answer."""
        remembered = self._remembered.get(answer) if self._remembered is not None else None
        if remembered is not None and remembered[2] is not None:
            return remembered[2]
        self._lang_of[id(doc)] = lang
        drafts = self._drafts(answer, doc, keep_all=True)
        rule_scores: dict[str, float] = {}
        hits: dict[str, list[Hit]] = {}
        described: set[str] = set()
        for d in drafts:
            rule_scores[d.theme] = max(rule_scores.get(d.theme, 0.0), d.score)
            hits.setdefault(d.theme, []).extend(d.hits)
            if not d.hits:
                described.add(d.theme)
        descriptions = self._descriptions[lang]
        similarity = descriptions.sentence_scores(doc, (0, len(doc)))
        leaders = descriptions.leaders(similarity)  # read once, every theme's margin from it
        evidence: dict[str, ThemeEvidence] = {}
        for theme, score in zip(descriptions.themes, descriptions.dense(similarity), strict=True):
            if theme in rule_scores or score > 0:
                evidence[theme] = ThemeEvidence(
                    rule_scores.get(theme, 0.0),
                    hits.get(theme, ()),
                    theme in described,
                    score,
                    descriptions.margin(similarity, theme, leaders),
                )
        suggested = frozenset(t for t, v in rule_scores.items() if v >= self.threshold)
        tokens = Tokens.of(doc, stop_words(lang))
        view = View(
            word_terms(tokens),
            char_terms(tokens),
            answer.question,
            rule_evidence(evidence, suggested),
            suggested,
        )
        reading = Reading(drafts, rule_scores, view)
        if self._remembered is not None and answer in self._remembered:
            self._remembered[answer] = (doc, lang, reading)
        return reading

    def _suggest(self, answer: Answer, doc: Doc) -> list[Suggestion]:
        """The rules alone: each sentence's evidence that reaches the threshold."""
        sentences = sentence_bounds(doc) if doc.user_data[HITS_KEY] else None
        drafts = self._drafts(answer, doc, False, sentences)
        if not drafts:
            return []
        bounds = (sentences or sentence_bounds(doc))[1]
        lowers = token_arrays(doc)["lower"]
        suggestions: list[Suggestion] = []
        shared = self._shared(doc)  # themes sharing a clause read it once
        for d in distinct([d for d in drafts if d.score >= self.threshold]):
            suggestions.append(self._rule_suggestion(answer, doc, lowers, bounds, d, shared))
        return suggestions

    def _shared(self, doc: Doc) -> Shared:
        starts, ends = char_offsets(doc)
        return Shared(self._lang_of.get(id(doc), self.codebook.language), starts, ends, {})

    def _rule_suggestion(
        self,
        answer: Answer,
        doc: Doc,
        lowers: Sequence[int],
        bounds: Sequence[tuple[int, int]],
        d: Draft,
        shared: Shared | None = None,
    ) -> Suggestion:
        """What the rules suggest from one draft: its sentence, score and evidence."""
        sentence, focus = self._focus(doc, lowers, bounds, d)
        return self._segment(
            answer, doc, d.theme, sentence, d.score, "rule", d.hits, None, focus, shared
        )

    def _focus(
        self, doc: Doc, lowers: Sequence[int], bounds: Sequence[tuple[int, int]], d: Draft
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        """A draft's sentence and the clause its stance is read in."""
        if d.index == WHOLE:
            return (0, len(doc)), (0, len(doc))
        if not d.hits:  # a sentence matching a description: read where it makes its point
            sentence = bounds[d.index]
            return sentence, sentence_point(lowers, sentence, doc.user_data[CUES_KEY])
        sentence = bounds[d.index]
        hit = d.hits[-1].start
        focus = clause(lowers, sentence, hit)
        end = concession_end(lowers, sentence, doc.user_data[CUES_KEY])
        if end is not None and focus[0] < end < focus[1]:
            # The clause runs from a concession into the main clause ("Fast det var svårt
            # så känns det bättre nu"): read the part the keyword is in.
            focus = (end + 1, focus[1]) if hit > end else (focus[0], end)
        return sentence, main_point(doc, lowers, sentence, focus, d.theme)

    def _suggest_learned(
        self, answer: Answer, doc: Doc, reading: Reading, scores: dict[str, float]
    ) -> list[Suggestion]:
        """Rules and model together: the model's probability against the theme's
        threshold decides (keeping or dropping the keyword evidence, or adding a theme
        no keyword names); its keyword evidence, where there is some, says where."""
        model = self.model
        assert model is not None
        bounds = sentence_bounds(doc)[1]
        lowers = token_arrays(doc)["lower"]
        by_theme: dict[str, list[Draft]] = {}
        for d in reading.drafts:
            by_theme.setdefault(d.theme, []).append(d)
        suggestions: list[Suggestion] = []
        for theme in self.labels:
            drafts = by_theme.get(theme, [])
            if theme in model.ruled:
                # Left to the rules: their evidence, their score, no model confidence.
                suggestions += [
                    self._rule_suggestion(answer, doc, lowers, bounds, d)
                    for d in distinct([d for d in drafts if d.score >= self.threshold])
                ]
                continue
            p = scores.get(theme, 0.0)
            if p < model.thresholds.get(theme, 0.5):
                continue
            score = self._calibrated(theme, p)
            # Where the rules reach the threshold in some sentences, those say where.
            kept = distinct([d for d in drafts if d.score >= self.threshold] or drafts)
            if not kept:
                # No keyword says where: the stance is read where the answer makes its
                # point (after its last "men", past a concession), as for a sentence
                # matching a description.
                whole = (0, len(doc))
                focus = sentence_point(lowers, whole, doc.user_data[CUES_KEY])
                suggestions.append(
                    self._segment(answer, doc, theme, whole, score, "model", [], p, focus)
                )
                continue
            for d in kept:
                sentence, focus = self._focus(doc, lowers, bounds, d)
                suggestions.append(
                    self._segment(answer, doc, theme, sentence, score, "rule", d.hits, p, focus)
                )
        return suggestions

    def _segment(
        self, answer, doc, theme, span, score, source, hits, p, focus=None, shared=None
    ) -> Suggestion:
        """A suggestion for the token range `span`; its stance is read in `focus` (the
        clause of the hit), and its evidence gives the words with character offsets.
        `shared`: what the answer's other suggestions read already (`_shared`), added to."""
        if shared is None:
            shared = self._shared(doc)
        where = focus if focus is not None else span
        reading = shared.readings.get(where)
        if reading is None:
            reading = shared.readings[where] = read(where, doc.user_data[CUES_KEY])
        stance = self.stance_reader.stance(answer, doc, shared.lang, theme, where, span, reading)
        starts, ends = shared.starts, shared.ends
        text = answer.text  # what the doc was made from (doc.text rebuilds it token by token)
        evidence = []
        for hit in hits:
            begin, finish = starts[hit.start], ends[hit.end - 1]
            kind = hit.kind
            evidence.append(
                Evidence(
                    EVIDENCE_KINDS.get(kind, kind), text[begin:finish], begin, finish, hit.keyword
                )
            )
        if not hits and source == "rule":
            # Zero-shot: no keyword, the answer matches the theme's description best; its
            # words that match (the description's own or related ones) are the evidence.
            matched = self._descriptions[shared.lang].matched(doc, span, theme)
            for i in matched:
                begin, finish = starts[i], ends[i]
                evidence.append(Evidence("description", text[begin:finish], begin, finish, theme))
            if not matched:
                evidence.append(Evidence("description", "", 0, 0, theme))
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
            bool(
                reading.success
                or reading.challenge
                or reading.neutral
                or reading.negations
                or hint_of(answer) in ("success", "challenge")
            ),
        )
