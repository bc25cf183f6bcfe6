"""Interface strings in Swedish and English, and the choice of language per request.

Strings live in `translations/<lang>.toml` as flat `key = "text"` pairs; both files
must hold the same keys (a test checks). Swedish is the default: English comes from
the visible switch (`?lang=en`, remembered in the session) or from `Accept-Language`.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from functools import cache
from pathlib import Path

from flask import current_app, g, request, session

from survey.formatting import long_date

DEFAULT_LANGUAGE = "sv"
_FOLDER = Path(__file__).parent / "translations"


@cache
def catalog(lang: str) -> dict[str, str]:
    with (_FOLDER / f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def translate(key: str, lang: str, **values: object) -> str:
    """The string for `key` in `lang`, falling back to Swedish, then to the key itself."""
    text = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text


def select_language() -> str:
    """Decide the request's language: explicit switch, then session, then the browser."""
    supported = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked and asked in supported:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if isinstance(remembered, str) and remembered in supported:
        return remembered
    return (
        request.accept_languages.best_match(supported, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE
    )


def current_language() -> str:
    lang = g.get("lang")
    if lang is None:
        lang = g.lang = select_language()
    return lang


def t(key: str, **values: object) -> str:
    """Translate for the current request; available in templates as `t`."""
    return translate(key, current_language(), **values)


def format_date(value: str | datetime | None, lang: str) -> str:
    """A date as people write it: "15 december 2026" / "15 December 2026"."""
    return long_date(value, lang)
