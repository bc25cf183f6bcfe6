"""What export and import of a .qdpx must agree on, so a project exported here comes back onto
the same rows: the guids derived from the survey, the source names, the offset convention
(code points into the stored text, see the package docstring) and `OffsetMap`, which carries
offsets into a pseudonymised text."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from typing import Any

from survey.exchange.refi_qda import RefiQdaError, canonical_guid
from survey.store import Store

# Fixed root of every derived guid; the survey's slug and creation time pick its branch, so
# two databases that both have a "survey 1" do not hand out the same ids.
_GUID_ROOT = uuid.UUID("5d3c1f0e-8a4b-5b6e-9c2d-7f1e0a9b8c31")
SOURCE_NAME_RE = re.compile(r"\s*Respondent\s+(\d+)\s*[–—-]\s*(\S+)\s*")
_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")


# -- offsets through pseudonymisation ------------------------------------------------------


@dataclass(frozen=True)
class OffsetMap:
    """Where positions of a text land after it was rewritten (e.g. names replaced by
    [NAMN]): unchanged stretches shift exactly; a span that starts or ends inside a
    replaced stretch widens to cover the whole replacement, so a coded name stays coded."""

    # (equal?, old start, old end, new start, new end), in order, covering both texts
    blocks: tuple[tuple[bool, int, int, int, int], ...]

    @classmethod
    def between(cls, old: str, new: str) -> OffsetMap:
        """Aligned word by word (not letter by letter), so "Kalle" → "[NAMN]" is one
        replacement rather than a scatter of matching letters."""
        a, b = _tokens(old), _tokens(new)
        matcher = SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
        starts_a = [s for _, s in a] + [len(old)]
        starts_b = [s for _, s in b] + [len(new)]
        return cls(
            tuple(
                (tag == "equal", starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2])
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            )
        )

    def start(self, position: int) -> int:
        """The new position of a span's (inclusive) start."""
        for equal, a1, a2, b1, _ in self.blocks:
            if a1 <= position < a2:
                return b1 + (position - a1) if equal else b1
        return self.blocks[-1][4] if self.blocks else 0

    def end(self, position: int) -> int:
        """The new position of a span's (exclusive) end."""
        for equal, a1, a2, b1, b2 in self.blocks:
            if a1 < position <= a2:
                return b1 + (position - a1) if equal else b2
        return 0


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in _TOKEN_RE.finditer(text)]


# -- guids ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedIds:
    """Derived guids: the same survey row always gets the same guid, in every export."""

    namespace: uuid.UUID

    @classmethod
    def of(cls, survey: Mapping[str, Any]) -> DerivedIds:
        return cls(uuid.uuid5(_GUID_ROOT, f"{survey['slug']}|{survey['created_at']}"))

    def __call__(self, kind: str, key: object) -> str:
        return str(uuid.uuid5(self.namespace, f"{kind}:{key}"))

    def user(self, email: str) -> str:
        return self("user", email.strip().lower())


def survey_or_error(store: Store, survey_id: int) -> dict[str, Any]:
    survey = store.survey_by_id(survey_id)
    if survey is None:
        raise RefiQdaError(f"There is no survey with id {survey_id}.")
    return survey


def source_name(response_id: int, qid: str) -> str:
    """The name an answer's source carries, and by which an import finds the answer again."""
    return f"Respondent {response_id} – {qid}"


def exported_code_guid(stored: str) -> str:
    """A stored code guid as exported Codes carry it: lower case, no braces."""
    return canonical_guid(stored) or stored.lower()


def parse_moment(stamp: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat((stamp or "").strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)
