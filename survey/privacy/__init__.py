"""Privacy owns everything that decides what of a respondent's data a person may see and
how long it is kept: finding and replacing identifiers (`pseudonymise`), each survey's
pseudonymiser with its names to hide (`masking`), the append-only audit log (`audit`),
retention, erasure and access requests (`rights`), and search over pseudonymised text
(`search`). Other areas call the names re-exported here; none of them reads original
text for a non-administrator."""

from survey.privacy.audit import actor_of, audit
from survey.privacy.masking import coding_subject, pseudonymiser, shown_quote
from survey.privacy.rights import PrivacyError, access, erase, find_responses, parse_date, purge

__all__ = [
    "PrivacyError",
    "access",
    "actor_of",
    "audit",
    "coding_subject",
    "erase",
    "find_responses",
    "parse_date",
    "pseudonymiser",
    "purge",
    "shown_quote",
]
