"""Numbers, dates and plurals read as each language writes them."""

from __future__ import annotations

from survey.formatting import long_date, number, percent, plural, short_datetime


def test_swedish_numbers_use_a_decimal_comma_and_a_space_between_thousands() -> None:
    assert number(0.0, "sv", 1) == "0,0"
    assert number(1234.5, "sv", 1) == "1\u00a0234,5"
    assert number(1234.5, "en", 1) == "1,234.5"


def test_percentages_follow_the_language() -> None:
    assert percent(0.456, "sv") == "46\u00a0%"
    assert percent(0.456, "en") == "46%"


def test_plural_follows_the_count() -> None:
    assert plural(1, "en", "{n} answer", "{n} answers") == "1 answer"
    assert plural(0, "en", "{n} answer", "{n} answers") == "0 answers"
    assert plural(2, "sv", "{n} minut", "{n} minuter") == "2 minuter"
    assert plural(1, "sv", "{n} minut", "{n} minuter") == "1 minut"


def test_dates_are_written_out_and_shown_in_stockholm_time() -> None:
    assert long_date("2026-12-15", "sv") == "15 december 2026"
    assert long_date("2026-12-15", "en") == "15 December 2026"
    assert long_date(None, "sv") == ""
    # 23:30 UTC on the 31st is already the 1st in Stockholm.
    assert long_date("2026-12-31T23:30:00+00:00", "sv") == "1 januari 2027"
    assert short_datetime("2026-06-01T10:00:00+00:00", "sv") == "2026-06-01 12:00"
