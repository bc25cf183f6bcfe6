"""What a report says, as plain frozen data: built from the database by
`reports.build`, written out by `reports.render` (Markdown, HTML, Word) with figures
from `reports.figures`. Keeping the numbers apart from the formats means every format
shows the same counts, and the tests can check those counts against the database once.

An evaluation report speaks of one or more surveys (managers, parents, pupils; a
baseline and a follow-up): each is a `SurveyReport` whose items follow its
questionnaire, closed and open questions alike; the `Report` adds a summary and the
comparison between surveys. All text in here is already pseudonymised and already in
the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Counted:
    """Where a number comes from: codings by people, suggestions people accepted, and
    suggestions nobody has reviewed (used only when a question has no reviewed codes)."""

    human: int = 0
    accepted: int = 0
    unreviewed: int = 0

    @property
    def total(self) -> int:
        return self.human + self.accepted + self.unreviewed


@dataclass(frozen=True)
class Quote:
    text: str  # pseudonymised, cut to the sentence that carries the theme
    group: str  # the respondent's group (e.g. "Järva"), never a name or id


@dataclass(frozen=True)
class ThemeRow:
    key: str
    label: str  # in the report's language
    color: str
    respondents: int  # distinct respondents who raised the theme in this question
    percent: float  # of the respondents who answered the question, 0–100
    stance: str  # success, challenge or neutral
    by_stance: dict[str, int]  # respondents per stance
    quotes: tuple[Quote, ...]  # the typical quotes no stronger theme has taken
    terms: tuple[str, ...]  # words that characterise it
    counted: Counted = Counted()


@dataclass(frozen=True)
class Condition:
    """A follow-up question is asked only after some answers to an earlier question; its
    numbers are out of the respondents who gave them."""

    question: str  # the earlier question's text
    answers: tuple[str, ...]  # the labels of the answers that show the follow-up
    eligible: int  # respondents who gave one of them


@dataclass(frozen=True)
class OpenQuestion:
    qid: str
    number: int  # the question's number in the questionnaire (consent not counted)
    text: str
    answered: int  # respondents with a non-empty answer
    successes: tuple[ThemeRow, ...]  # ranked by respondents, most first
    challenges: tuple[ThemeRow, ...]
    neutral: tuple[ThemeRow, ...]
    word_weights: dict[str, float]  # lemma → weight for the question's word cloud
    unreviewed: bool = False  # True when the counts come from unreviewed suggestions
    condition: Condition | None = None
    background: bool = False  # about the respondent: counted, never quoted or charted
    figure: str | None = None  # file name of the bar chart, set when rendered
    cloud: str | None = None  # file name of the word cloud

    @property
    def themes(self) -> tuple[ThemeRow, ...]:
        return (*self.successes, *self.challenges, *self.neutral)


@dataclass(frozen=True)
class Category:
    value: str
    label: str
    count: int
    percent: float | None  # of the answers that count for shares; None for "don't know"


@dataclass(frozen=True)
class Split:
    """A closed question's answers per group (small groups merged): per group its n and
    the share of each category (of the group's answers that count for shares)."""

    by: str  # the attribute or question split by
    groups: tuple[str, ...]
    sizes: tuple[int, ...]  # answers that count for shares, per group
    shares: tuple[tuple[float | None, ...], ...]  # per group, per category (0–100)
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClosedQuestion:
    """A likert, single, multi or number question. `answered` counts everyone who
    answered, "don't know" included; shares are of `valid`, which leaves it out."""

    qid: str
    number: int
    text: str
    type: str  # likert, single, multi, number
    answered: int
    valid: int
    categories: tuple[Category, ...]  # in the questionnaire's order, "don't know" apart
    dont_know: int = 0
    dont_know_label: str = ""
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    agree: int | None = None  # likert: the two highest points together
    scale: tuple[str, ...] = ()  # likert: the five labels, lowest first
    condition: Condition | None = None
    split: Split | None = None
    block: int | None = None  # likert questions with one scale in a row share a block
    figure: str | None = None  # the block's stacked bars, on its first question


@dataclass(frozen=True)
class GroupTable:
    """Theme × group: respondents (n) and share of the group's respondents (%)."""

    attribute: str  # e.g. "stadsdel"
    groups: tuple[str, ...]  # column heads; small groups already merged into "Övriga"/"Other"
    group_sizes: tuple[int, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (theme label, n per group)
    merged: tuple[str, ...] = ()  # the groups under the threshold that were merged


@dataclass(frozen=True)
class Agreement:
    """The double-coding sample the report speaks of, with the agreement page's figures."""

    sample: str  # its name
    answers: int  # answers in the sample
    units: int  # of those, coded by at least two coders
    coders: int
    percent: float | None  # 0–1
    kappa: float | None  # Cohen's κ, only for exactly two coders
    alpha: float | None
    complete: bool
    reading: str = ""


@dataclass(frozen=True)
class Method:
    questionnaire: str  # title
    version: int
    period: str  # e.g. "1 september 2026 – 15 oktober 2026"
    invited: int | None  # None for a public link
    started: int
    completed: int
    rate_by_group: tuple[tuple[str, int, int], ...]  # (group, completed, invited or started)
    coders: tuple[str, ...]  # names or e-mail of people who coded
    agreement: Agreement | None = None


@dataclass(frozen=True)
class Discovered:
    terms: tuple[str, ...]
    examples: tuple[str, ...]  # pseudonymised, cut to a sentence
    answers: int


@dataclass(frozen=True)
class Source:
    """One line of the appendix: what a question's theme counts rest on."""

    question: str  # the question's number and short text
    counted: Counted


@dataclass(frozen=True)
class Highlight:
    """A line of the summary: a closed question's key result."""

    text: str  # the question
    count: int
    of: int
    answers: str  # e.g. "Stämmer ganska bra eller Stämmer helt"


@dataclass(frozen=True)
class AppendixQuestion:
    number: int
    text: str
    kind: str  # "open answer", "Likert 1–5 …", the choices …
    condition: str = ""


@dataclass(frozen=True)
class SurveyReport:
    """One survey (one voice, one wave) of an evaluation."""

    slug: str
    title: str
    audience: str
    method: Method
    items: tuple[OpenQuestion | ClosedQuestion, ...]  # in questionnaire order
    groups: GroupTable | None
    cooccurrence: tuple[tuple[str, str, int], ...]  # (theme, theme, respondents with both)
    discovered: tuple[Discovered, ...]
    sources: tuple[Source, ...]
    respondents: int  # respondents with any answer
    open_respondents: int = 0  # respondents who answered an open question (not background)
    successes: tuple[tuple[str, int], ...] = ()  # the summary's themes: (label, respondents)
    challenges: tuple[tuple[str, int], ...] = ()
    highlights: tuple[Highlight, ...] = ()
    appendix: tuple[AppendixQuestion, ...] = ()
    theme_cloud: dict[str, dict[str, float]] = field(default_factory=dict)  # label → weights
    theme_respondents: dict[str, int] = field(default_factory=dict)  # theme label → n

    @property
    def open_questions(self) -> tuple[OpenQuestion, ...]:
        return tuple(i for i in self.items if isinstance(i, OpenQuestion))

    @property
    def closed_questions(self) -> tuple[ClosedQuestion, ...]:
        return tuple(i for i in self.items if isinstance(i, ClosedQuestion))


@dataclass(frozen=True)
class ThemeComparison:
    label: str
    counts: tuple[tuple[int, int] | None, ...]  # per survey: (respondents, of), None if absent


@dataclass(frozen=True)
class ItemComparison:
    text: str
    scale: str  # the answers counted, e.g. "Stämmer ganska bra eller Stämmer helt"
    counts: tuple[tuple[int, int] | None, ...]  # per survey: (agree, valid)


@dataclass(frozen=True)
class Comparison:
    surveys: tuple[str, ...]  # titles, in the report's order
    themes: tuple[ThemeComparison, ...]
    items: tuple[ItemComparison, ...]


@dataclass(frozen=True)
class Report:
    lang: str  # "sv" or "en"
    title: str
    generated: str  # date, as the language writes it
    surveys: tuple[SurveyReport, ...]
    comparison: Comparison | None = None
    notes: tuple[str, ...] = ()
