"""Numbers, dates and plurals as each language writes them, through Babel.

Plain functions of a language code with no Flask in them, so the web pages, the CLI and
the report (which runs outside a request) format "0,5 minuter" and "1 svar" alike.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


@cache
def locale(lang: str) -> Locale:
    """The Babel locale for a language code; Swedish for anything unknown."""
    return Locale.parse(_LOCALES.get(lang, _LOCALES["sv"]))


def number(value: float | int, lang: str, decimals: int = 0) -> str:
    """A number with the language's separators: "1 234,5" (sv), "1,234.5" (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale(lang))


def percent(share: float, lang: str, decimals: int = 0) -> str:
    """A share of one as a percentage: "46 %" (sv), "46%" (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "\u00a0%"
    if lang == "en":
        pattern = pattern.replace("\u00a0%", "%")
    return babel_numbers.format_percent(share, format=pattern, locale=locale(lang))


def plural(count: int, lang: str, one: str, other: str) -> str:
    """`one` or `other` by the language's plural rule, with `{n}` replaced by the count."""
    form = locale(lang).plural_form(count)
    return (one if form == "one" else other).replace("{n}", number(count, lang))


def _moment(value: str | date | datetime) -> date | datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(STOCKHOLM)
    return moment


def long_date(value: str | date | datetime | None, lang: str) -> str:
    """A date as people write it: "15 december 2026" / "15 December 2026"."""
    if value is None or value == "":
        return ""
    return babel_dates.format_date(_moment(value), format="long", locale=locale(lang))


def short_datetime(value: str | datetime | None, lang: str) -> str:
    """A moment for tables: "2026-12-15 14:05" (sv), "15/12/2026, 14:05" (en)."""
    if value is None or value == "":
        return ""
    moment = _moment(value)
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return babel_dates.format_datetime(moment, format="short", locale=locale(lang))
