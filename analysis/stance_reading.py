"""How the engine reads a theme's stance in a parsed answer: the clause it is read in,
the cue words' reading with the rules for notes and prose, the shipped prior where the
rules have nothing to go on, and the evaluators' stance model once it is trusted.

Kept apart from the engine, which finds the themes: this module only reads stance, in
a clause the engine has found for a theme.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc

from .answers import Answer
from .arrays import char_offsets, token_arrays
from .features import clause_words, stance_features
from .learned import StanceModel
from .pipeline import stop_words
from .question_leaning import asks_for_needs, leaning
from .reporting import (
    against_target,
    marked,
    reports_a_procedure,
    reports_the_method,
    states_a_wait,
    states_figures,
)
from .rules import CUES_KEY, HITS_KEY
from .stance import CONTRAST_KINDS, StanceReading, clause, contrasts_at, decide, read
from .stance_prior import StancePrior
from .stance_prior import applies as prior_applies
from .stance_prior import features as prior_features

DESCRIBES_KEY = "survey_describes"  # span → whether its text only describes
Span = tuple[int, int]


def span_text(doc: Doc, text: str, span: Span) -> str:
    """The answer's text of a token range."""
    if span[1] <= span[0]:
        return ""
    starts, ends = char_offsets(doc)
    return text[starts[span[0]] : ends[span[1] - 1]]


def _describes(text: str) -> bool:
    return states_figures(text) or reports_a_procedure(text)


def cue_kinds(reading: StanceReading) -> list[str]:
    """A clause's cue words by kind, as the stance models see them."""
    return (
        ["success"] * reading.success
        + ["challenge"] * reading.challenge
        + ["neutral"] * reading.neutral
        + ["negation"] * len(reading.negations)
        + ["hedge"] * len(reading.hedges)
    )


_DIGIT = re.compile(r"\d")
# A prerequisite said to be there, in an answer on what it takes to go on.
_THERE = re.compile(r"\b(finns|fanns|existerar|exists|is there|are there)\b", re.IGNORECASE)
# A note or list headed by what is needed ("Utkast rekommendationer:", "Behov:", "Next
# steps:"): what stands under the heading is a need, as an answer on prerequisites is.
_NEEDS_HEADING = re.compile(
    r"^[^\n:]{0,40}?\b(?:rekommendation\w*|förslag\w*|åtgärdsförslag\w*|behov|önskemål"
    r"|recommendations?|suggestions?|needs|next steps)\s*:",
    re.IGNORECASE,
)


def _figures_say(text: str) -> str | None:
    """What figures say of how it went: one against its target, or a wait in months."""
    if _DIGIT.search(text) is None:
        return None  # most clauses: no figure at all
    met = against_target(text)
    if met is None and states_a_wait(text):
        return "challenge"
    return met


def _describes_span(doc: Doc, span: Span, text: str) -> bool:
    """`_describes` of a span's text, once per span and doc (themes share sentences)."""
    known = doc.user_data.setdefault(DESCRIBES_KEY, {})
    found = known.get(span)
    if found is None:
        found = known[span] = _describes(text)
    return found


def main_point(
    doc: Doc,
    lowers: Sequence[int],
    sentence: Span,
    focus: Span,
    theme: str,
) -> Span:
    """Where a theme's stance is read: its own clause, or the clause after "men"/"but"
    when that clause judges and names no other theme ("Samverkan har blivit bättre men
    är fortfarande personberoende": what follows "men" is the main point). `lowers`
    are the doc's lower-case forms (`rules.token_arrays`)."""
    end = focus[1]
    if end + 1 >= sentence[1] or not contrasts_at(lowers, end):
        return focus
    after = clause(lowers, sentence, end + 1)
    if any(after[0] <= h.start < after[1] and h.theme != theme for h in doc.user_data[HITS_KEY]):
        return focus
    # What "men" only implies there (`contrasted`) does not move the reading.
    cues = [c for c in doc.user_data[CUES_KEY] if c[0] not in CONTRAST_KINDS]
    reading = read(after, cues)
    return after if reading.success or reading.challenge else focus


def hint_of(answer: Answer) -> str | None:
    """The question's leaning: the questionnaire's stance hint, else what the question's
    own id or text asks for (`question_leaning`: answers imported from other tools)."""
    return answer.stance_hint or leaning(answer.question)


class StanceReader:
    """Reads stance for one engine: the codebook's default stance, the shipped prior
    (None: the rules alone) and, once trained and trusted, the evaluators' model."""

    def __init__(self, default_stance: str, prior: StancePrior | None):
        self.default_stance = default_stance
        self.prior = prior
        self.model: StanceModel | None = None
        # Per language, lower-case form (hash) → base form, or None for a word the
        # stance features leave out (`features.clause_words`).
        self._content: dict[str, dict[int, str | None]] = {}

    def stance(
        self,
        answer: Answer,
        doc: Doc,
        lang: str,
        theme: str,
        where: Span,
        span: Span,
        reading: StanceReading,
    ) -> str:
        """A theme's stance, read in the clause `where` of its evidence in `span`
        (`reading`: that clause's cue words)."""
        if self.model is not None and self.model.trusted:
            features, base = self.view(doc, lang, where, theme, answer)
            return self.model.predict([features], [base])[0][0]
        stance = self.rule_stance(reading, answer, doc, span)
        if self.prior is not None:
            return self.prior_stance(doc, lang, where, answer, reading, stance, span)
        return stance

    def _read_from_figures(
        self, answer: Answer, doc: Doc, span: Span, reading: StanceReading
    ) -> bool:
        """Whether the rules read the stance from figures (`_figures_say`): then the
        prior, which reads words, does not overrule them."""
        if answer.stance_hint or answer.question or reading.success or reading.challenge:
            return False
        if reading.neutral or marked(answer.text):
            return False
        return _figures_say(span_text(doc, answer.text, span)) is not None

    def rule_stance(self, reading: StanceReading, answer: Answer, doc: Doc, span: Span) -> str:
        """The cue words' reading, with the question's leaning and the rules for notes."""
        hint = hint_of(answer) or marked(answer.text)
        # Outside any question (report prose, notes) the sentence itself may say how it
        # leans; in an answer to a question the question's leaning comes first.
        said = span_text(doc, answer.text, span) if hint is None and not answer.question else ""
        if "?" in said:
            # A note that asks ("skymmer det skolfrågorna?", "räcker pengarna?") raises an
            # uncertainty, which the coding rule counts as a concern.
            return "challenge"
        if (
            said.startswith(("Hade ", "Om vi hade ", "If we had "))
            and not reading.negations
            and not reading.thanks
        ):
            # A counterfactual ("Hade samtycket varit löst vid start hade …") says what
            # could have gone better: a concern. With a negation it is thanks ("Hade
            # teamet inte funnits …"), which the cue words read.
            return "challenge"
        if said and reports_the_method(said, token_arrays(doc)["lower"][span[0] : span[1]]):
            return "neutral"  # how the evaluation was made: its words name the topic
        stance = decide(reading, hint)
        if stance == "neutral" and not reading.neutral:
            # No word judges: the question's leaning, else the codebook's default. But a
            # statement of figures ("Budget: 12 mkr, 2 år") or of what was done, in the
            # passive ("Mentorerna informerades vid terminsstart"), only reports:
            # descriptive, as the coding rule says.
            if asks_for_needs(answer.question) or _NEEDS_HEADING.match(answer.text):
                # "Tid, framför allt.": a prerequisite named is a need; one said to be
                # there ("Ledarskapet finns") is met. So whatever the codebook's default.
                there = _THERE.search(span_text(doc, answer.text, span))
                return "challenge" if there is None else "success"
            if said and self.default_stance != "neutral":
                figures = _figures_say(said)
                if figures is not None:
                    return figures  # a figure against its target, a wait in months
                if _describes_span(doc, span, said):
                    return "neutral"
            stance = self.default_stance
        return stance

    def prior_stance(
        self,
        doc: Doc,
        lang: str,
        focus: Span,
        answer: Answer,
        reading: StanceReading,
        rule_stance: str,
        span: Span | None = None,
    ) -> str:
        """The shipped prior's reading of a clause the rules had nothing to go on in
        (`stance_prior.applies`); the rules' own reading otherwise, or without a prior.
        `span`: where the rules read (`rule_stance`'s span), when it is not `focus`."""
        prior = self.prior
        if prior is None or hint_of(answer) or rule_stance != self.default_stance:
            return rule_stance  # what `prior_applies` says first, before any list is built
        cues = cue_kinds(reading)
        if not prior_applies(cues, False, rule_stance, self.default_stance):
            return rule_stance
        if self._read_from_figures(answer, doc, span or focus, reading):
            return rule_stance
        words = self.clause_words(doc, lang, focus)
        row = prior_features(words, cues, rule_stance, bool(answer.question))
        return prior.predict([row], [rule_stance])[0]

    def view(
        self, doc: Doc, lang: str, focus: Span, theme: str, answer: Answer
    ) -> tuple[Mapping[str, float], str]:
        """The evaluators' stance model's features for a theme's clause, and the reading
        it starts from: the rules', corrected by the shipped prior where it applies."""
        reading = read(focus, doc.user_data[CUES_KEY])
        rule_stance = self.rule_stance(reading, answer, doc, focus)
        base = self.prior_stance(doc, lang, focus, answer, reading, rule_stance)
        features = stance_features(
            self.clause_words(doc, lang, focus),
            cue_kinds(reading),
            theme,
            answer.question,
            hint_of(answer),
            base,
        )
        return features, base

    def prior_example(
        self, answer: Answer, doc: Doc, lang: str, focus: Span, stance: str
    ) -> tuple[Mapping[str, float], str, str, bool]:
        """A coded clause as the shipped prior sees it, to train it: (features, the
        rules' stance, the coded stance, whether the prior reads it)."""
        reading = read(focus, doc.user_data[CUES_KEY])
        rule_stance = self.rule_stance(reading, answer, doc, focus)
        cues = cue_kinds(reading)
        row = prior_features(
            self.clause_words(doc, lang, focus), cues, rule_stance, bool(answer.question)
        )
        reads = prior_applies(cues, bool(hint_of(answer)), rule_stance, self.default_stance)
        return row, rule_stance, stance, reads

    def clause_words(self, doc: Doc, lang: str, focus: Span) -> list[str]:
        """A clause's content words (base forms and compound parts)."""
        return clause_words(doc, focus, stop_words(lang), self._content.setdefault(lang, {}))
