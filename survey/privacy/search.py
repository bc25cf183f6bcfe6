"""Search over what a person may see: the pseudonymised index of a survey's answers.

The response browser and the workbench search with prefix matching. Over the original
text that is an oracle: extending a digit prefix until it stops matching recovers a
hidden personnummer. So anyone but an administrator searches a second index, of the
answers as the pseudonymiser shows them, rebuilt for a survey whenever its answers, its
names to hide or the pseudonymiser itself change (checked at each search; cheap when
nothing did).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from survey.privacy import masking, pseudonymise
from survey.store import Store


@lru_cache(maxsize=1)
def _detector_version() -> str:
    """Changes with the pseudonymiser's code and data, so an upgrade re-masks the index."""
    digest = hashlib.sha256()
    folder = Path(pseudonymise.__file__).parent
    for path in sorted([Path(pseudonymise.__file__), *folder.glob("data/*")]):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _signature(store: Store, survey_id: int) -> str:
    parts = [
        _detector_version(),
        store.survey_answers_state(survey_id),
        store.pseudonym_names(survey_id),
        [row[0] for row in store.hidden_names(survey_id)],
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def refresh(store: Store, survey_id: int) -> None:
    """Bring the survey's pseudonymised index up to date (nothing to do when it is)."""
    signature = _signature(store, survey_id)
    if store.masked_search_signature(survey_id) == signature:
        return
    masker = masking.pseudonymiser(store, survey_id)
    rows = [(a["id"], masker.apply(a["value"])) for a in store.survey_answer_values(survey_id)]
    store.replace_masked_search(survey_id, signature, rows)


def masked_search(store: Store, survey_id: int, *, original: bool) -> bool:
    """Whether a search runs over the pseudonymised index (made ready if so): always,
    unless `original` (an administrator, who may see the original text anyway)."""
    if original:
        return False
    refresh(store, survey_id)
    return True
