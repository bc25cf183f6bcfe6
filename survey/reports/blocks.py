"""The report laid out as format-neutral blocks (headings, paragraphs, tables, pictures)
that the Markdown, HTML and Word writers render: one layout, so no format can say
something the others do not."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"[^\S\u00a0\u202f]+")  # no-break spaces stay: "42 %" holds together


def plain(value: str) -> str:
    """One line of printable text: control characters (which Word refuses and which no
    reader needs) are dropped and line breaks become spaces, so text cannot end a table
    row or start a new block."""
    return _CONTROL.sub("", _SPACE.sub(" ", value))


@dataclass(frozen=True)
class Run:
    """A piece of text with one style: "", "bold", "italic", or "break" (a line break)."""

    text: str
    style: str = ""


BREAK = Run("", "break")
Cell = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = the title, 2 = a chapter, 3 = a section, 4 = a part of one
    text: str


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    kind: str = ""  # "", "caption" or "callout" (a warning the reader must not miss)


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Run, ...], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[int, ...] = ()  # right-aligned columns
    small: bool = False  # a reference table (appendix): smaller type


@dataclass(frozen=True)
class Picture:
    file: str  # name inside figures/
    alt: str
    width_cm: float


@dataclass(frozen=True)
class Gallery:
    """Small pictures side by side, each under its label (theme word clouds)."""

    items: tuple[tuple[str, str], ...]  # (label, file)
    alt: str
    width_cm: float


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a page (in print formats)."""


@dataclass(frozen=True)
class Toc:
    """The table of contents (a field Word fills in with page numbers)."""

    title: str


Block = Heading | Para | Bullets | Table | Picture | Gallery | PageBreak | Toc
