"""Questionnaire definitions: TOML files read into frozen dataclasses.

The loader checks a definition completely before anything is stored, and reports
every problem with the file and the question id, because the people who write these
files are evaluators, not programmers.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

QUESTION_TYPES = ("text", "textarea", "single", "multi", "likert", "number", "consent")
CHOICE_TYPES = ("single", "multi")
STANCE_HINTS = ("success", "challenge", "background")
REQUIRED_LANGUAGES = ("sv", "en")
DEFAULT_MAX_LENGTH = 10_000
DONT_KNOW_VALUE = "0"

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")

DEFAULT_LIKERT_LABELS: dict[str, tuple[str, ...]] = {
    "sv": (
        "Instämmer inte alls",
        "Instämmer till liten del",
        "Instämmer delvis",
        "Instämmer till stor del",
        "Instämmer helt",
    ),
    "en": (
        "Strongly disagree",
        "Disagree",
        "Partly agree",
        "Agree",
        "Strongly agree",
    ),
}
DONT_KNOW_LABEL = {"sv": "Vet inte", "en": "Don't know"}


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be used; carries every problem found."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"{self.source}: {len(self.problems)} problem(s)"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a definition, located by question id where there is one."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}" if self.where else self.what


Text = Mapping[str, str]


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True)
class ShowIf:
    question: str
    values: tuple[str, ...]

    def matches(self, answer: str | list[str] | None) -> bool:
        if answer is None:
            return False
        if isinstance(answer, list):
            return any(a in self.values for a in answer)
        return answer in self.values


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Text
    page: str
    position: int
    help: Text | None = None
    required: bool = False
    max_length: int = DEFAULT_MAX_LENGTH
    choices: tuple[Choice, ...] = ()
    labels: Mapping[str, tuple[str, ...]] | None = None
    dont_know: bool = False
    min: int | None = None
    max: int | None = None
    show_if: ShowIf | None = None
    stance_hint: str | None = None
    identifying: bool = False

    @property
    def is_open(self) -> bool:
        """Open answers are the ones the coding engine reads."""
        return self.type in ("text", "textarea")

    @property
    def is_background(self) -> bool:
        """A question about the respondent (workplace, role): in a small group its answer
        names them, so it is never quoted, put in a word cloud or coded by default."""
        return self.identifying or self.stance_hint == "background"

    def choice_values(self) -> tuple[str, ...]:
        if self.type in CHOICE_TYPES:
            return tuple(c.value for c in self.choices)
        if self.type == "likert":
            values = tuple(str(i) for i in range(1, 6))
            return values + ((DONT_KNOW_VALUE,) if self.dont_know else ())
        if self.type == "consent":
            return ("yes",)
        return ()

    def choice_labels(self, lang: str) -> list[tuple[str, str]]:
        """(value, label) pairs in display order for the language."""
        if self.type in CHOICE_TYPES:
            return [(c.value, c.label[lang]) for c in self.choices]
        if self.type == "likert":
            labels = (self.labels or DEFAULT_LIKERT_LABELS)[lang]
            pairs = [(str(i + 1), f"{i + 1} – {label}") for i, label in enumerate(labels)]
            if self.dont_know:
                pairs.append((DONT_KNOW_VALUE, DONT_KNOW_LABEL[lang]))
            return pairs
        return []


@dataclass(frozen=True)
class Page:
    id: str
    title: Text | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Consent:
    version: str
    text: Text
    responsible: Text
    purpose: Text
    retention: Text
    withdraw: Text


@dataclass(frozen=True)
class Questionnaire:
    id: str
    languages: tuple[str, ...]
    title: Text
    pages: tuple[Page, ...]
    intro: Text | None = None
    audience: str | None = None
    consent: Consent | None = None
    source: str = field(default="", compare=False)

    def questions(self) -> Iterator[Question]:
        for page in self.pages:
            yield from page.questions

    def question(self, qid: str) -> Question:
        for q in self.questions():
            if q.id == qid:
                return q
        raise KeyError(qid)

    def to_json(self) -> str:
        """A canonical serialisation, stored with each version."""
        data = asdict(self)
        data.pop("source")
        for page in data["pages"]:
            for question in page["questions"]:
                # Left out when unset, so definitions written before the flag existed
                # keep their content hash (and are not stored again as a new version).
                if not question["identifying"]:
                    del question["identifying"]
        return json.dumps(data, ensure_ascii=False, sort_keys=True, default=_json_default)

    def content_hash(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def _json_default(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return dict(obj)
    raise TypeError(type(obj))


# --- loading ---------------------------------------------------------------------

_TOP_KEYS = {"id", "languages", "title", "intro", "audience", "consent", "pages"}
_PAGE_KEYS = {"id", "title", "questions"}
_QUESTION_KEYS = {
    "id",
    "type",
    "text",
    "help",
    "required",
    "max_length",
    "choices",
    "labels",
    "dont_know",
    "min",
    "max",
    "show_if",
    "stance_hint",
    "identifying",
}
_CONSENT_KEYS = ("version", "text", "responsible", "purpose", "retention", "withdraw")


def load_file(path: str | Path) -> Questionnaire:
    """Read and check one questionnaire file; raise QuestionnaireError naming the file."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QuestionnaireError(
            source, [Problem("", f"cannot read file: {exc.strerror}")]
        ) from None
    return loads(raw, source)


def loads(raw: bytes | str, source: str = "<string>") -> Questionnaire:
    """Parse a definition from TOML text; `source` names it in messages."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = Problem("", f"not UTF-8 text (byte {exc.start})")
            raise QuestionnaireError(source, [problem]) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError(source, [Problem("", f"TOML syntax error: {exc}")]) from None
    return from_dict(data, source)


def from_dict(data: Mapping[str, Any], source: str = "<dict>") -> Questionnaire:
    """Build a Questionnaire from parsed TOML, collecting every problem before failing."""
    checker = _Checker(source)
    result = checker.questionnaire(data)
    if checker.problems or result is None:
        raise QuestionnaireError(source, checker.problems)
    return result


class _Checker:
    """Walks a parsed definition, turning it into dataclasses and noting problems."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = REQUIRED_LANGUAGES
        self.all_ids: set[str] = set()

    def problem(self, where: str, what: str) -> None:
        self.problems.append(Problem(where, what))

    def unknown_keys(self, where: str, data: Mapping[str, Any], allowed: set[str]) -> None:
        for key in sorted(set(data) - allowed):
            self.problem(where, f"unknown key '{key}'")

    def text(self, where: str, value: Any, name: str, required: bool = True) -> Text | None:
        if value is None:
            if required:
                self.problem(where, f"'{name}' is missing")
            return None
        if not isinstance(value, Mapping):
            self.problem(
                where, f'\'{name}\' must be a table of languages, e.g. {{ sv = "…", en = "…" }}'
            )
            return None
        for lang in self.languages:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.problem(where, f"'{name}' has no '{lang}' translation")
        for lang in sorted(set(value) - set(self.languages)):
            self.problem(
                where, f"'{name}' has a translation for '{lang}', which is not in languages"
            )
        return {k: v for k, v in value.items() if isinstance(v, str)}

    def questionnaire(self, data: Mapping[str, Any]) -> Questionnaire | None:
        self.unknown_keys("", data, _TOP_KEYS)
        qid = data.get("id")
        if not isinstance(qid, str) or not _ID_RE.match(qid):
            self.problem("", "'id' must be lower-case letters, digits, '_' or '-'")
            qid = "?"
        langs = data.get("languages")
        if not isinstance(langs, list) or not all(isinstance(x, str) for x in langs):
            self.problem("", '\'languages\' must be a list such as ["sv", "en"]')
        else:
            missing = [lang for lang in REQUIRED_LANGUAGES if lang not in langs]
            if missing:
                self.problem("", f"'languages' must include {', '.join(missing)}")
            self.languages = tuple(dict.fromkeys([*REQUIRED_LANGUAGES, *langs]))
        title = self.text("", data.get("title"), "title")
        intro = self.text("", data.get("intro"), "intro", required=False)
        audience = data.get("audience")
        if audience is not None and not isinstance(audience, str):
            self.problem("", "'audience' must be a string")
            audience = None
        consent = self.consent(data.get("consent"))
        pages = self.pages(data.get("pages"))
        if consent and pages and not any(q.type == "consent" for q in pages[0].questions):
            self.problem(
                "consent",
                "a questionnaire with consent needs a 'consent' question on its first page",
            )
        if self.problems:
            return None
        assert title is not None
        return Questionnaire(
            id=qid,
            languages=self.languages,
            title=title,
            pages=tuple(pages),
            intro=intro,
            audience=audience,
            consent=consent,
            source=self.source,
        )

    def consent(self, data: Any) -> Consent | None:
        if data is None:
            return None
        if not isinstance(data, Mapping):
            self.problem("consent", "must be a table")
            return None
        self.unknown_keys("consent", data, set(_CONSENT_KEYS))
        version = data.get("version")
        if not isinstance(version, str) or not version:
            self.problem("consent", "'version' is missing")
        texts = {k: self.text("consent", data.get(k), k) for k in _CONSENT_KEYS[1:]}
        if any(v is None for v in texts.values()) or not isinstance(version, str):
            return None
        return Consent(version=version, **texts)  # type: ignore[arg-type]

    def pages(self, data: Any) -> list[Page]:
        if not isinstance(data, list) or not data:
            self.problem("", "'pages' must hold at least one [[pages]] table")
            return []
        self.all_ids = {
            q["id"]
            for page in data
            if isinstance(page, Mapping) and isinstance(page.get("questions"), list)
            for q in page["questions"]
            if isinstance(q, Mapping) and isinstance(q.get("id"), str)
        }
        pages: list[Page] = []
        seen_pages: set[str] = set()
        earlier: dict[str, Question] = {}
        position = 0
        for index, page in enumerate(data, start=1):
            where = f"page {index}"
            if not isinstance(page, Mapping):
                self.problem(where, "must be a table")
                continue
            self.unknown_keys(where, page, _PAGE_KEYS)
            pid = page.get("id")
            if not isinstance(pid, str) or not _ID_RE.match(pid):
                self.problem(where, "'id' must be lower-case letters, digits, '_' or '-'")
                pid = f"page{index}"
            elif pid in seen_pages:
                self.problem(f"page '{pid}'", "duplicate page id")
            seen_pages.add(pid)
            title = self.text(f"page '{pid}'", page.get("title"), "title", required=False)
            questions: list[Question] = []
            raw_questions = page.get("questions")
            if not isinstance(raw_questions, list) or not raw_questions:
                self.problem(f"page '{pid}'", "has no questions")
                raw_questions = []
            for raw in raw_questions:
                position += 1
                q = self.question(raw, pid, position, earlier)
                if q is not None:
                    earlier[q.id] = q
                    questions.append(q)
            pages.append(Page(id=pid, title=title, questions=tuple(questions)))
        return pages

    def question(
        self, raw: Any, page: str, position: int, earlier: Mapping[str, Question]
    ) -> Question | None:
        if not isinstance(raw, Mapping):
            self.problem(f"page '{page}'", f"question {position} must be a table")
            return None
        qid = raw.get("id")
        if not isinstance(qid, str) or not _ID_RE.match(qid):
            self.problem(
                f"page '{page}', question {position}",
                "'id' must be lower-case letters, digits, '_' or '-'",
            )
            return None
        where = f"question '{qid}'"
        before = len(self.problems)
        if qid in earlier:
            self.problem(where, "duplicate question id")
        self.unknown_keys(where, raw, _QUESTION_KEYS)
        qtype = str(raw.get("type"))
        if qtype not in QUESTION_TYPES:
            self.problem(where, f"unknown type '{qtype}' (one of: {', '.join(QUESTION_TYPES)})")
        text = self.text(where, raw.get("text"), "text")
        help_ = self.text(where, raw.get("help"), "help", required=False)
        required = raw.get("required", qtype == "consent")
        if not isinstance(required, bool):
            self.problem(where, "'required' must be true or false")
            required = False
        if qtype == "consent":
            required = True
        max_length = raw.get("max_length", DEFAULT_MAX_LENGTH)
        if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length <= 0:
            self.problem(where, "'max_length' must be a positive whole number")
            max_length = DEFAULT_MAX_LENGTH
        choices = self.choices(where, qtype, raw.get("choices"))
        labels = self.likert_labels(where, qtype, raw.get("labels"))
        dont_know = raw.get("dont_know", False)
        if not isinstance(dont_know, bool):
            self.problem(where, "'dont_know' must be true or false")
            dont_know = False
        low, high = raw.get("min"), raw.get("max")
        for name, value in (("min", low), ("max", high)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                self.problem(where, f"'{name}' must be a whole number")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            self.problem(where, f"'min' ({low}) is greater than 'max' ({high})")
        stance = raw.get("stance_hint")
        if stance is not None and stance not in STANCE_HINTS:
            self.problem(where, f"'stance_hint' must be one of: {', '.join(STANCE_HINTS)}")
        identifying = raw.get("identifying", False)
        if not isinstance(identifying, bool):
            self.problem(where, "'identifying' must be true or false")
            identifying = False
        show_if = self.show_if(where, raw.get("show_if"), earlier)
        if len(self.problems) > before or text is None:
            return None
        return Question(
            id=qid,
            type=qtype,
            text=text,
            page=page,
            position=position,
            help=help_,
            required=required,
            max_length=max_length,
            choices=choices,
            labels=labels,
            dont_know=dont_know,
            min=low,
            max=high,
            show_if=show_if,
            stance_hint=stance,
            identifying=identifying,
        )

    def choices(self, where: str, qtype: Any, raw: Any) -> tuple[Choice, ...]:
        if qtype not in CHOICE_TYPES:
            if raw is not None:
                self.problem(
                    where, f"'choices' only belong to {' and '.join(CHOICE_TYPES)} questions"
                )
            return ()
        if not isinstance(raw, list) or not raw:
            self.problem(where, "a choice question needs 'choices'")
            return ()
        result: list[Choice] = []
        seen: set[str] = set()
        for i, item in enumerate(raw, start=1):
            if (
                not isinstance(item, Mapping)
                or not isinstance(item.get("value"), str)
                or not item["value"]
            ):
                self.problem(where, f"choice {i} needs a 'value' string")
                continue
            value = item["value"]
            if value in seen:
                self.problem(where, f"duplicate choice value '{value}'")
            seen.add(value)
            label = self.text(f"{where}, choice '{value}'", item.get("label"), "label")
            if label is not None:
                result.append(Choice(value=value, label=label))
        return tuple(result)

    def likert_labels(
        self, where: str, qtype: Any, raw: Any
    ) -> Mapping[str, tuple[str, ...]] | None:
        if raw is None:
            return None
        if qtype != "likert":
            self.problem(where, "'labels' only belong to likert questions")
            return None
        if not isinstance(raw, Mapping):
            self.problem(where, "'labels' must be a table of languages with five labels each")
            return None
        labels: dict[str, tuple[str, ...]] = {}
        for lang in self.languages:
            items = raw.get(lang)
            if (
                not isinstance(items, list)
                or len(items) != 5
                or not all(isinstance(x, str) and x for x in items)
            ):
                self.problem(where, f"'labels' needs five '{lang}' labels")
            else:
                labels[lang] = tuple(items)
        return labels

    def show_if(self, where: str, raw: Any, earlier: Mapping[str, Question]) -> ShowIf | None:
        if raw is None:
            return None
        if not isinstance(raw, Mapping) or not isinstance(raw.get("question"), str):
            self.problem(
                where, '\'show_if\' must be a table like { question = "q1", equals = "ja" }'
            )
            return None
        target = raw["question"]
        if "equals" in raw and "in" in raw:
            self.problem(where, "'show_if' takes 'equals' or 'in', not both")
            return None
        values: Any = [raw["equals"]] if "equals" in raw else raw.get("in")
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) for v in values)
        ):
            self.problem(where, "'show_if' needs 'equals = \"value\"' or 'in = [\"a\", \"b\"]'")
            return None
        if target not in earlier:
            if target not in self.all_ids:
                self.problem(where, f"'show_if' refers to '{target}', which does not exist")
            else:
                self.problem(
                    where, f"'show_if' refers to '{target}', which is not an earlier question"
                )
            return None
        allowed = earlier[target].choice_values()
        if allowed:
            for value in values:
                if value not in allowed:
                    self.problem(where, f"'show_if' value '{value}' is not a choice of '{target}'")
        return ShowIf(question=target, values=tuple(values))


def bundled_files(directory: Path) -> list[Path]:
    """The questionnaire files in a folder, in a stable order."""
    return sorted(p for p in directory.glob("*.toml") if p.is_file())
