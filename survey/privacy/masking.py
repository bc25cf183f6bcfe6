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
