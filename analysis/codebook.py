"""Codebooks as data: TOML with a [codebook] table and [[themes]], read into frozen
dataclasses and checked completely, so an evaluator's typo is reported with the file
and the theme id before anything is coded.

    [codebook]
    name = "…"
    language = "sv"            # sv or en
    [[themes]]
    id = "kartlaggning"
    label = "Kartläggning"
    description = "…"
    keywords = ["kartläggning", "bakomliggande orsak", "förankr*"]
                               # base forms; words or phrases; a word ending in * finds
                               # every word beginning so (at least 4 letters before it)
    parent = "arbetssatt"      # optional
    color = "#1f77b4"          # optional

Extra fields are allowed. `keywords_en` / `keywords_sv` give keywords for answers in
the other language, so one codebook serves a survey that mixes Swedish and English. A
theme with neither keywords nor a description (a code with a name alone) is found by the
words of its label that no other theme uses, and by its label read as its description
(with the words related to it, see `descriptions` and `engine._named`).

Two optional refinements (each with the same `_en` / `_sv` variants):

    weak_keywords = ["socialtjänst"]        # count only beside another of the theme's
                                            # keywords in the same sentence: a word that
                                            # names someone is not yet a statement
    [themes.question_keywords]              # count only in answers to these questions
    q4_organisation = ["har börjat", "tagit efter"]
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGUAGES = ("sv", "en")
# A theme's id: lower-case letters (Swedish ones too: "föräldrar"), digits, "_" or "-".
_ID_RE = re.compile(r"^\w[\w-]*\Z")
MIN_PREFIX = 4  # letters before a keyword's *: "sam*" would match half the language
# A keyword may end in * (a word beginning so, as in other analysis tools' searches).
_WILDCARD_RE = re.compile(r"^[^*]*(?<![\s*])[^\W\d_]{" + str(MIN_PREFIX) + r",}\*$")
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


class CodebookError(ValueError):
    """A codebook that cannot be used; lists every problem with file and theme id."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        return "\n".join(
            [f"{self.source}: {len(self.problems)} problem(s)"] + [f"  {p}" for p in self.problems]
        )


_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """A code's name as files from other tools and spreadsheets may write it: in any
    case, with any dash ("skola–soc", "skola - soc"), any spacing or quotes, composed or
    decomposed letters."""
    text = unicodedata.normalize("NFC", name).strip().strip("\"'“”‘’«»").strip()
    return _SPACES.sub(" ", _DASHES.sub("-", text)).casefold()


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str = ""
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    parent: str | None = None
    color: str | None = None
    weak: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    by_question: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    label_en: str = ""  # a Swedish codebook's label in English, where it gives one

    def label_for(self, lang: str) -> str:
        """The label to show in an interface of `lang`."""
        return self.label_en if lang == "en" and self.label_en else self.label

    def keywords_for(self, lang: str) -> tuple[str, ...]:
        return self.keywords.get(lang, ())

    def weak_for(self, lang: str) -> tuple[str, ...]:
        return self.weak.get(lang, ())

    def question_keywords_for(self, lang: str) -> Mapping[str, tuple[str, ...]]:
        return self.by_question.get(lang, {})


@dataclass(frozen=True)
class Codebook:
    name: str
    language: str
    themes: tuple[Theme, ...]
    version: str = "1"
    source: str = field(default="", compare=False)
    content_hash: str = field(default="", compare=False)

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes)

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def names(self) -> dict[str, str]:
        """Each theme's id, and its label in any case, → its id: how a file from another
        tool names a code. A label two themes share names neither. Labels are keyed by
        `name_key`, so a file may write them with other dashes or spacing."""
        labels: dict[str, list[str]] = {}
        for t in self.themes:
            labels.setdefault(name_key(t.label), []).append(t.id)
        named = {label: ids[0] for label, ids in labels.items() if len(ids) == 1 and label}
        return named | {t.id: t.id for t in self.themes}

    def codable(self) -> tuple[Theme, ...]:
        """Themes answers are coded with: the leaves (parents only group them)."""
        parents = {t.parent for t in self.themes if t.parent}
        return tuple(t for t in self.themes if t.id not in parents)

    def languages(self) -> tuple[str, ...]:
        found = {
            lang
            for t in self.themes
            for lang in LANGUAGES
            if t.keywords_for(lang) or t.weak_for(lang) or t.question_keywords_for(lang)
        }
        return tuple(lang for lang in LANGUAGES if lang in found or lang == self.language)


def load(path: str | Path) -> Codebook:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CodebookError(str(path), [f"cannot read file: {exc.strerror}"]) from None
    return loads(raw, str(path))


def loads(raw: bytes | str, source: str = "<string>") -> Codebook:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CodebookError(source, [f"not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(source, [f"TOML syntax error: {exc}"]) from None
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return from_dict(data, source, digest)


def from_dict(data: Mapping[str, Any], source: str = "<dict>", digest: str = "") -> Codebook:
    problems: list[str] = []
    head = data.get("codebook")
    if not isinstance(head, Mapping):
        raise CodebookError(source, ["missing the [codebook] table with name and language"])
    name = head.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("[codebook]: 'name' is missing")
    language = head.get("language")
    if language not in LANGUAGES:
        problems.append(
            f"[codebook]: unknown language '{language}' (one of: {', '.join(LANGUAGES)})"
        )
        language = "sv"
    version = str(head.get("version", "1"))
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        problems.append("no [[themes]]")
        raw_themes = []
    themes: list[Theme] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_themes, start=1):
        theme = _theme(raw, index, language, problems)
        if theme is None:
            continue
        if theme.id in seen:
            problems.append(f"theme '{theme.id}': duplicate id")
        seen.add(theme.id)
        themes.append(theme)
    by_id = {t.id: t for t in themes}
    for theme in themes:
        if theme.parent is not None and theme.parent not in by_id:
            problems.append(f"theme '{theme.id}': parent '{theme.parent}' does not exist")
    for theme in themes:
        chain, current = [theme.id], theme.parent
        while current is not None and current in by_id:
            if current in chain:
                problems.append(f"theme '{theme.id}': parent cycle {' → '.join([*chain, current])}")
                break
            chain.append(current)
            current = by_id[current].parent
    if problems:
        raise CodebookError(source, problems)
    return Codebook(
        name=str(name),
        language=language,
        themes=tuple(themes),
        version=version,
        source=source,
        content_hash=digest,
    )


def _theme(raw: Any, index: int, language: str, problems: list[str]) -> Theme | None:
    if not isinstance(raw, Mapping):
        problems.append(f"theme {index}: must be a table")
        return None
    theme_id = raw.get("id")
    if not isinstance(theme_id, str) or not _ID_RE.match(theme_id) or theme_id != theme_id.lower():
        found = f" ({theme_id!r})" if isinstance(theme_id, str) and theme_id else ""
        hint = ""
        if isinstance(theme_id, str) and _ID_RE.match(theme_id.lower()):
            hint = f": write {theme_id.lower()!r}"
        problems.append(
            f"theme {index}: 'id'{found} must be lower-case letters, digits, '_' or '-'{hint}"
        )
        return None
    where = f"theme '{theme_id}'"
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{where}: 'label' is missing")
        label = theme_id
    description = raw.get("description", "")
    if not isinstance(description, str):
        problems.append(f"{where}: 'description' must be text")
        description = ""
    keywords: dict[str, tuple[str, ...]] = {}
    weak: dict[str, tuple[str, ...]] = {}
    by_question: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang in LANGUAGES:
        suffix = "" if lang == language else f"_{lang}"
        keywords[lang] = _word_list(raw, f"keywords{suffix}", where, problems)
        words = _word_list(raw, f"weak_keywords{suffix}", where, problems)
        if words:
            weak[lang] = words
        key = f"question_keywords{suffix}"
        table = raw.get(key, {})
        if not isinstance(table, Mapping):
            problems.append(f"{where}: '{key}' must be a table of question id = [words]")
            continue
        for question in table:
            words = _word_list(table, question, f"{where}, {key}", problems)
            if words:
                by_question.setdefault(lang, {})[question] = words
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        problems.append(f"{where}: 'parent' must be a theme id")
        parent = None
    if parent == theme_id:
        problems.append(f"{where}: parent cycle {theme_id} → {theme_id}")
        parent = None
    color = raw.get("color")
    if color is not None and (not isinstance(color, str) or not _COLOR_RE.match(color)):
        problems.append(f"{where}: 'color' must look like \"#1f77b4\"")
        color = None
    label_en = raw.get("label_en", "")
    if not isinstance(label_en, str):
        problems.append(f"{where}: 'label_en' must be text")
        label_en = ""
    return Theme(
        theme_id,
        label.strip(),
        description.strip(),
        keywords,
        parent,
        color,
        weak,
        by_question,
        label_en.strip(),
    )


def _word_list(
    raw: Mapping[str, Any], key: str, where: str, problems: list[str]
) -> tuple[str, ...]:
    """A list of words or phrases, spaces tidied; an empty entry is a problem."""
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        problems.append(f"{where}: '{key}' must be a list of words or phrases")
        return ()
    for position, keyword in enumerate(value, start=1):
        if not keyword.strip():
            problems.append(f"{where}: keyword {position} in '{key}' is empty")
        elif not wildcard_ok(keyword):
            problems.append(
                f"{where}: keyword '{keyword.strip()}' in '{key}': a * may only end a word "
                f"of at least {MIN_PREFIX} letters ('förankr*')"
            )
    return tuple(" ".join(k.split()) for k in value if k.strip())


def wildcard_ok(keyword: str) -> bool:
    """Whether a keyword uses * as the engine reads it: only at the end of a word of at
    least `MIN_PREFIX` letters ("förankr*"), or not at all."""
    keyword = keyword.strip()
    return "*" not in keyword or _WILDCARD_RE.match(keyword) is not None


def bundled(name: str = "codebook_sst.toml") -> Path:
    """A codebook shipped in analysis/data/."""
    return Path(__file__).parent / "data" / name
