"""Each survey's pseudonymiser: what every person other than an administrator sees of an
answer (workbench, response browser, reports, exports, word clouds)."""

from __future__ import annotations

from functools import lru_cache

from survey.privacy.pseudonymise import Pseudonymiser
from survey.store import Store


@lru_cache(maxsize=64)
def _pseudonymiser(names: tuple[str, ...]) -> Pseudonymiser:
    return Pseudonymiser(names)


def pseudonymiser(store: Store, survey_id: int) -> Pseudonymiser:
    """The survey's pseudonymiser: identity numbers, phones, e-mail, addresses, and the
    invitation list's and administrators' names (compiled once per name list)."""
    return _pseudonymiser(tuple(store.pseudonym_names(survey_id)))


def shown_quote(
    masker: Pseudonymiser,
    quote: str,
    answer: str | None,
    start: int | None,
    end: int | None,
) -> str:
    """A coded segment as a person other than an administrator sees it. Pseudonymised
    within its whole answer when the answer still holds it at its offsets, since a span
    may cut an identifier in two; on its own otherwise (the answer changed since)."""
    if answer is not None:
        if start is not None and end is not None and answer[start:end] == quote:
            return masker.apply_span(answer, start, end)
        if start is None and answer == quote:
            return masker.apply(answer)
    return masker.apply(quote)


def coding_subject(store: Store, survey_id: int, coding_id: int) -> str:
    """A coding's words as the memo page shows them (pseudonymised within its answer)."""
    coding = store.coding(coding_id)
    if coding is None:
        return ""
    answer = store.answer_for_coding(coding["answer_id"]) or {}
    return shown_quote(
        pseudonymiser(store, survey_id),
        coding["quote"],
        answer.get("value"),
        coding["start"],
        coding["end"],
    )
