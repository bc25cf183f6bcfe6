"""Columns that say who answered, or when and from where, rather than what: found by their
heading as Forms, Google Forms, LimeSurvey and SurveyMonkey write it (in Swedish and English, code or
full text) and by their content (e-mail and IP addresses, timestamps, URLs, tokens), so
an import never stores them, whatever the tool called them.

Content decides only when nearly every filled cell of a column looks alike, so an open
answer that happens to hold an e-mail address stays an answer (the pseudonymiser hides
the address where answers are shown).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

# Headings folded by `fold` (lower case, letters and digits only).
_HEADINGS = {
    # who
    "id": "respondent id",
    "responseid": "respondent id",
    "svarsid": "respondent id",
    "email": "e-mail address",
    "emailaddress": "e-mail address",
    "epost": "e-mail address",
    "epostadress": "e-mail address",
    "mejl": "e-mail address",
    "mejladress": "e-mail address",
    "name": "name",
    "namn": "name",
    "firstname": "name",
    "lastname": "name",
    "förnamn": "name",
    "efternamn": "name",
    "token": "access code",
    "accesscode": "access code",
    "åtkomstkod": "access code",
    "atkomstkod": "access code",
    "ipaddr": "IP address",
    "ipaddress": "IP address",
    "ipadress": "IP address",
    "refurl": "web address",
    "referrerurl": "web address",
    "referenturl": "web address",
    "hänvisandeurl": "web address",
    "hänvisningsurl": "web address",
    "seed": "respondent id",
    "frö": "respondent id",
    # SurveyMonkey's bookkeeping: its ids, and data passed in with the link
    "respondentid": "respondent id",
    "collectorid": "respondent id",
    "customdata": "link data",
    **{f"customdata{n}": "link data" for n in range(1, 10)},
    # when
    "timestamp": "time",
    "tidstämpel": "time",
    "tidsstämpel": "time",
    "starttime": "time",
    "starttid": "time",
    "completiontime": "time",
    "slutförandetid": "time",
    "sluttid": "time",
    "lastmodifiedtime": "time",
    "senasteändringstid": "time",
    "submitdate": "time",
    "datesubmitted": "time",
    "datuminskickat": "time",
    "datumskickat": "time",
    "inskickat": "time",
    "startdate": "time",
    "enddate": "time",
    "slutdatum": "time",
    "datestarted": "time",
    "startdatum": "time",
    "datestamp": "time",
    "datelastaction": "time",
    "datumförsenasteåtgärd": "time",
    "senasteåtgärd": "time",
    # how far and in which language (LimeSurvey's bookkeeping)
    "lastpage": "page reached",
    "senastesida": "page reached",
    "startlanguage": "language",
    "startspråk": "language",
}
# Headings that hold the submit date (empty: the respondent did not finish) and the last
# page reached, in LimeSurvey's code and full-text forms.
# Every kind of column kept out, by heading or by content: each has its reason in the
# import page's messages ("admin.import_identifies.<kind>").
KINDS = frozenset(
    [*_HEADINGS.values(), "e-mail address", "web address", "time", "IP address", "access code"]
)
SUBMITTED = frozenset(
    ["submitdate", "datesubmitted", "datuminskickat", "datumskickat", "inskickat"]
)
LAST_PAGE = frozenset(["lastpage", "senastesida"])

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]{2,}")
_URL = re.compile(r"(https?|ftp)://\S+|www\.\S+\.\S+", re.IGNORECASE)
# A date with a time: ISO, Swedish, US and Google Forms' "2025/05/02 10:01:33 em CET".
_TIMESTAMP = re.compile(
    r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
    r"[ T,]+\d{1,2}[:.]\d{2}([:.]\d{2}([.,]\d+)?)?"
    r"(\s*([ap]\.?m\.?|fm|em))?(\s*(z|[a-z]{2,5}|gmt[+-]?\d*|[+-]\d{2}:?\d{2}))?",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{10,}")


def fold(heading: str) -> str:
    """A heading as compared: lower case, letters and digits only ("E-mail address" and
    "Email Address" alike)."""
    return "".join(c for c in heading.casefold() if c.isalnum())


def by_heading(heading: str) -> str | None:
    """What a column holds, if its heading is one that tools give identifying columns."""
    return _HEADINGS.get(fold(heading))


def _kind(value: str) -> str | None:
    """What one cell is, if it is something that identifies rather than an answer."""
    value = value.strip()
    if _EMAIL.fullmatch(value):
        return "e-mail address"
    if _URL.fullmatch(value):
        return "web address"
    if _TIMESTAMP.fullmatch(value):
        return "time"
    try:
        ipaddress.ip_address(value)
        return "IP address"
    except ValueError:
        pass
    if (
        _TOKEN.fullmatch(value)
        and any(c.isdigit() for c in value)
        and any(c.isalpha() for c in value)
    ):
        return "access code"
    return None


def by_content(values: Sequence[str]) -> str | None:
    """What a column holds, if nearly all of its filled cells (at least nine in ten) are
    e-mail or IP addresses, timestamps, URLs or tokens; tokens must also differ per row."""
    filled = [v.strip() for v in values if v and v.strip()]
    if not filled:
        return None
    kinds: dict[str, int] = {}
    for value in filled:
        kind = _kind(value)
        if kind:
            kinds[kind] = kinds.get(kind, 0) + 1
    if not kinds:
        return None
    kind, count = max(kinds.items(), key=lambda item: item[1])
    if count * 10 < len(filled) * 9:
        return None
    if kind == "access code" and len(set(filled)) < len(filled):
        return None
    return kind


def identifying(header: Sequence[str], rows: Sequence[Sequence[str]]) -> dict[str, str]:
    """Every column that must not be stored, with what it holds (its heading's kind, else
    its content's)."""
    found: dict[str, str] = {}
    for index, column in enumerate(header):
        kind = by_heading(column) or by_content([row[index] for row in rows if index < len(row)])
        if kind:
            found[column] = kind
    return found
