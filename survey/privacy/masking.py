"""Each survey's pseudonymiser: what every person other than an administrator sees of an
answer (workbench, response browser, reports, exports, word clouds)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from functools import lru_cache

from survey.privacy.pseudonymise import HiddenForm, Pseudonymiser, hidden_forms
from survey.store import Store


@lru_cache(maxsize=64)
def _pseudonymiser(
    names: tuple[str, ...], hidden: tuple[HiddenForm, ...], salt: str
) -> Pseudonymiser:
    return Pseudonymiser(names, hidden, salt)


def pseudonymiser(store: Store, survey_id: int) -> Pseudonymiser:
    """The survey's pseudonymiser: identity numbers, phones, e-mail, addresses, the
    invitation list's and the added names, and the names of erased respondents, kept
    only as hashes (compiled once per name list)."""
    hidden = tuple(HiddenForm(*row) for row in store.hidden_names(survey_id))
    salt = store.name_salt(survey_id) or "" if hidden else ""
    return _pseudonymiser(tuple(store.pseudonym_names(survey_id)), hidden, salt)


def keep_names_hidden(store: Store, survey_id: int, invitation_ids: Sequence[int]) -> None:
    """Before invitations are erased: their names stay hidden in the survey's other
    answers, kept from now on only as salted hashes."""
    names = store.names_of_invitations(invitation_ids)
    if not names:
        return
    salt = store.name_salt(survey_id) or store.set_name_salt(survey_id, secrets.token_hex(16))
    forms = [f for name in names for f in hidden_forms(name, salt)]
    store.add_hidden_names(survey_id, [(f.digest, f.ambiguous, f.full, f.bases) for f in forms])


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
