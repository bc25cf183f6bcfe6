"""Interface strings in Swedish and English, and the choice of language per request.

Strings live in `translations/<lang>.toml` as flat `key = "text"` pairs; both files
must hold the same keys (a test checks). Swedish is the default: English comes from
the visible switch (`?lang=en`, remembered in the session) or from `Accept-Language`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path

from flask import current_app, g, request, session

from survey.formatting import locale, long_date, number, percent

DEFAULT_LANGUAGE = "sv"
_FOLDER = Path(__file__).parent / "translations"


@cache
def catalog(lang: str) -> dict[str, str]:
    with (_FOLDER / f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


# Values that are counts: written with the language's digit grouping and decimal sign
# ("1 234", "0,5") by Babel. Ids, years and limits are left as they are.
COUNTS = frozenset({"n", "count", "total", "added", "updated", "responses", "invitations"})


def _lookup(key: str, lang: str) -> str | None:
    return catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key)


def _as_count(value: object, lang: str) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return number(value, lang)
    if isinstance(value, float):
        return number(value, lang, decimals=0 if value.is_integer() else 1)
    return value


def translate(key: str, lang: str, **values: object) -> str:
    """The string for `key` in `lang`, falling back to Swedish, then to the key itself.

    With a whole number `n`, the language's plural rule (Babel) picks `key.one` where the
    catalogue has it ("1 inbjudan", "1 answer"), else `key`; counts are formatted as the
    language writes numbers."""
    text = None
    count = values.get("n")
    if isinstance(count, float) and count.is_integer():
        count = int(count)
    if isinstance(count, int) and not isinstance(count, bool):
        text = _lookup(f"{key}.{locale(lang).plural_form(count)}", lang)
    text = text or _lookup(key, lang) or key
    if not values:
        return text
    shown = {
        k: _as_count(v, lang) if k in COUNTS else say(v, lang) if _said(v) else v
        for k, v in values.items()
    }
    return text.format(**shown)


class Message(str):
    """A message made below the web layer (a file's problems, say): it reads as English
    wherever a plain string is expected (the CLI, logs), and `say(lang)` gives it in a
    page's language from the translation files."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Message:
        message = super().__new__(cls, translate(key, "en", **values))
        message.key = key
        message.values = values
        return message

    def say(self, lang: str) -> str:
        return translate(self.key, lang, **self.values)


class Messages(str):
    """Several messages as one line (a file's first problems, and how many more): English
    as a plain string, each in a page's language with `say(lang)`."""

    items: list[str]
    more: int

    def __new__(cls, items: list[str], more: int = 0) -> Messages:
        joined = super().__new__(cls, cls._join([str(i) for i in items], more))
        joined.items, joined.more = list(items), more
        return joined

    @staticmethod
    def _join(texts: list[str], more: int) -> str:
        return " ".join(texts) + (f" (+{more})" if more else "")

    def say(self, lang: str) -> str:
        return self._join([say(i, lang) for i in self.items], self.more)


def _said(value: object) -> bool:
    return isinstance(value, (Message, Messages))


def say(text: object, lang: str) -> str:
    """A message in `lang` when it is a `Message`, as written otherwise."""
    return text.say(lang) if isinstance(text, (Message, Messages)) else str(text)


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


def template_filters() -> dict[str, Callable[..., str]]:
    """`number` and `percent` for templates, in the request's language (Babel)."""
    return {
        "number": lambda value, decimals=0: number(value, current_language(), decimals),
        "percent": lambda share, decimals=0: percent(share, current_language(), decimals),
    }


def format_date(value: str | datetime | None, lang: str) -> str:
    """A date as people write it: "15 december 2026" / "15 December 2026"."""
    return long_date(value, lang)
