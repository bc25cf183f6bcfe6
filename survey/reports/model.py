"""What a report says, as plain frozen data: built from the database by
`reports.build`, written out by `reports.render` (Markdown, HTML, Word) with figures
from `reports.figures`. Keeping the numbers apart from the formats means every format
shows the same counts, and the tests can check those counts against the database once.

All text in here is already pseudonymised and already in the report's language.
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
    text: str  # pseudonymised
    group: str  # the respondent's group (e.g. "Rektor", "Järva"), never a name or id


@dataclass(frozen=True)
class ThemeRow:
    key: str
    label: str
    color: str
    respondents: int  # distinct respondents who raised the theme in this question
    percent: float  # of the respondents who answered the question, 0–100
    stance: str  # the stance most of its segments carry: success, challenge or neutral
    by_stance: dict[str, int]  # respondents per stance
    quotes: tuple[Quote, ...]  # two or three typical segments
    terms: tuple[str, ...]  # words that characterise it
    counted: Counted = Counted()


@dataclass(frozen=True)
class QuestionSection:
    qid: str
    text: str
    answered: int  # respondents with a non-empty answer
    successes: tuple[ThemeRow, ...]  # ranked by respondents, most first
    challenges: tuple[ThemeRow, ...]
    neutral: tuple[ThemeRow, ...]
    word_weights: dict[str, float]  # lemma → weight for the question's word cloud
    unreviewed: bool = False  # True when the counts come from unreviewed suggestions
    figure: str | None = None  # file name of the bar chart, set when rendered
    cloud: str | None = None  # file name of the word cloud


@dataclass(frozen=True)
class GroupTable:
    """Theme × group: respondents (n) and share of the group's respondents (%)."""

    attribute: str  # e.g. "stadsdel"
    groups: tuple[str, ...]  # column heads; small groups already merged into "Övriga"/"Other"
    group_sizes: tuple[int, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (theme label, n per group)
    merged: tuple[str, ...] = ()  # the groups under the threshold that were merged


@dataclass(frozen=True)
class Method:
    questionnaire: str  # title
    version: int
    period: str  # e.g. "2026-09-01 – 2026-10-15"
    invited: int | None  # None for a public link
    started: int
    completed: int
    rate_by_group: tuple[tuple[str, int, int], ...]  # (group, completed, invited or started)
    coders: tuple[str, ...]  # names or e-mail of people who coded
    agreement: dict[str, float | int | None] = field(
        default_factory=dict
    )  # n, percent, kappa, alpha
    agreement_reading: str = ""


@dataclass(frozen=True)
class Discovered:
    terms: tuple[str, ...]
    examples: tuple[str, ...]  # pseudonymised
    answers: int


@dataclass(frozen=True)
class Source:
    """One line of the appendix: what a number counts."""

    question: str
    theme: str
    counted: Counted


@dataclass(frozen=True)
class Report:
    lang: str  # "sv" or "en"
    title: str
    generated: str  # date
    method: Method
    questions: tuple[QuestionSection, ...]
    groups: GroupTable | None
    cooccurrence: tuple[tuple[str, str, int], ...]  # (theme, theme, respondents with both)
    discovered: tuple[Discovered, ...]
    sources: tuple[Source, ...]
    notes: tuple[str, ...] = ()  # e.g. which groups were merged because they were small
    theme_cloud: dict[str, dict[str, float]] = field(default_factory=dict)  # theme label → weights
