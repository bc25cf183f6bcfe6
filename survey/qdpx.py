"""REFI-QDA project exchange (.qdpx, QDA-XML 1.0), so evaluators can take a survey's coded
answers to NVivo, ATLAS.ti, MAXQDA or QualCoder and bring the coding back.

A .qdpx is a zip of `project.qde` and `Sources/<guid>.txt`. Each open answer becomes a
`TextSource` named "Respondent 12 – q2_framgang" whose plain text is the stored answer;
each respondent a `Case` carrying its attributes as `Variables`; each live coding a
`PlainTextSelection` with one `Coding` by the coder's `User`; each memo a `Note`, referenced
from the project, code, source or selection it is about. Every guid is derived from the survey
and the row (uuid5), so exporting again gives the other tool the same ids to update.

Offset convention: `codings.start`/`end` and `startPosition`/`endPosition` are both positions
in Unicode code points (Python str indices) into the answer text exactly as stored and as
written to `Sources/<guid>.txt` (UTF-8, no BOM, line ends as stored); start inclusive, end
exclusive. A whole-answer coding (NULL offsets) is exported as 0..len(text), and a selection
covering a whole source comes back as a whole-answer coding. When an export is pseudonymised,
each span is carried into the rewritten text by `OffsetMap` (a word-level alignment of the two
texts), so it still covers the same words, or the placeholder that replaced them.

Stance and the consensus flag have no place in QDA-XML; they ride in the selection's
<Description> ("stance: success, consensus"), which other tools show as a comment and which
the import reads back. Cases and Variables are written for the other tool and not read back:
respondents' attributes belong to the survey.

Import trusts positions only on identical text: a source must name an answer of the survey
and hold exactly its stored text, otherwise its codings are skipped with a problem message,
never moved onto different words. The whole import is one transaction; a file that cannot be
used at all raises `RefiQdaError` before anything is written. Parsing follows refi_qda.py's
rules (no entities, no DTD, no network, bounded sizes). No Flask here.
"""

from __future__ import annotations

import codecs
import io
import re
import uuid
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from .codebook_editor import MAX_LABEL, PALETTE, slug
from .coding_actions import MAX_QUOTE, STANCES
from .db import Store, now, parse_attributes
from .refi_qda import (
    _NOT_XML_RE,
    MAX_XML_BYTES,
    PROJECT_NS,
    CodeRecord,
    RefiQdaError,
    _check_records,
    _children_by_parent,
    _color,
    _guid,
    _load,
    _parse,
    _replace_file,
    _unpack,
    _walk_elements,
    read_codebook,
    schema,
)

__all__ = [
    "ImportResult",
    "OffsetMap",
    "export_project",
    "import_project",
    "project_bytes",
    "source_name",
]

# Fixed root of every derived guid; the survey's slug and creation time pick its branch, so
# two databases that both have a "survey 1" do not hand out the same ids.
_GUID_ROOT = uuid.UUID("5d3c1f0e-8a4b-5b6e-9c2d-7f1e0a9b8c31")
_NAME_RE = re.compile(r"\s*Respondent\s+(\d+)\s*[–—-]\s*(\S+)\s*")
_STANCE_RE = re.compile(r"\bstance:\s*(\w+)", re.IGNORECASE)
_CONSENSUS_RE = re.compile(r"\bconsensus\b", re.IGNORECASE)
_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")
_OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


@dataclass
class ImportResult:
    """What an import did; `problems` are sentences for the evaluator about what was left out."""

    codes_added: int = 0
    codes_matched: int = 0  # codes of the file that the survey already had (by guid)
    codings_added: int = 0
    codings_skipped: int = 0  # already there, or left out for a reason given in `problems`
    memos_added: int = 0
    problems: list[str] = field(default_factory=list)


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
class _Ids:
    """Derived guids: the same survey row always gets the same guid, in every export."""

    namespace: uuid.UUID

    @classmethod
    def of(cls, survey: Mapping[str, Any]) -> _Ids:
        return cls(uuid.uuid5(_GUID_ROOT, f"{survey['slug']}|{survey['created_at']}"))

    def __call__(self, kind: str, key: object) -> str:
        return str(uuid.uuid5(self.namespace, f"{kind}:{key}"))

    def user(self, email: str) -> str:
        return self("user", email.strip().lower())


def _survey(store: Store, survey_id: int) -> dict[str, Any]:
    survey = store.survey_by_id(survey_id)
    if survey is None:
        raise RefiQdaError(f"There is no survey with id {survey_id}.")
    return survey


def source_name(response_id: int, qid: str) -> str:
    """The name an answer's source carries, and by which an import finds the answer again."""
    return f"Respondent {response_id} – {qid}"


# -- export -------------------------------------------------------------------------------------


def export_project(
    store: Store,
    survey_id: int,
    out: Path | BinaryIO,
    *,
    pseudonymise: Callable[[str], str] | None = None,
) -> None:
    """Write the survey's project as a .qdpx. The project.qde is validated against
    Project.xsd first, and a path is written through a temporary file renamed into place, so
    a failed export leaves nothing half-written.

    `pseudonymise` rewrites answer texts and memo bodies before they leave; coding offsets
    are carried through the change (see `OffsetMap`). Such a project is for reading
    elsewhere: its texts no longer equal the stored answers, so it cannot be imported back.
    """
    data = project_bytes(store, survey_id, pseudonymise=pseudonymise)
    if isinstance(out, str | Path):
        _replace_file(Path(out), data)
    else:
        out.write(data)


def project_bytes(
    store: Store, survey_id: int, *, pseudonymise: Callable[[str], str] | None = None
) -> bytes:
    """The validated .qdpx as bytes, for callers that send it rather than save it."""
    survey = _survey(store, survey_id)
    export = _Export.gather(store, survey, pseudonymise)
    root = export.project()
    validator = schema("Project")
    if not validator.validate(root):
        raise RefiQdaError(
            *(f"The export does not match Project.xsd: {e.message}" for e in validator.error_log)
        )
    qde = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for guid, text in export.files:
            archive.writestr(f"Sources/{guid}.txt", text.encode("utf-8"))
    return buffer.getvalue()


@dataclass
class _Text:
    """An answer as exported: its text (maybe pseudonymised) and how offsets move into it."""

    answer: dict[str, Any]
    text: str
    moved: OffsetMap | None

    def span(self, start: int | None, end: int | None) -> tuple[int, int] | None:
        """A coding's span in the exported text; None if nothing of it is left."""
        if start is None or end is None:
            return (0, len(self.text)) if self.text else None
        size = len(self.answer["value"])
        start, end = max(0, min(start, size)), max(0, min(end, size))
        if self.moved is not None:
            start, end = self.moved.start(start), self.moved.end(end)
        return (start, end) if start < end else None


@dataclass
class _Export:
    """Everything one export needs, gathered up front, and the builders of its elements."""

    survey: dict[str, Any]
    ids: _Ids
    texts: dict[int, _Text]  # by answer id, only answers with text
    respondents: list[dict[str, Any]]
    codes: list[dict[str, Any]]  # active
    codings: dict[int, list[tuple[dict[str, Any], tuple[int, int]]]]  # by answer id
    people: dict[int, dict[str, Any]]
    memos: list[dict[str, Any]]  # only those about something exported
    clean: Callable[[str], str]

    @property
    def files(self) -> list[tuple[str, str]]:
        """(source guid, text) of every Sources/<guid>.txt."""
        return [(self.ids("answer", answer_id), t.text) for answer_id, t in self.texts.items()]

    @classmethod
    def gather(
        cls,
        store: Store,
        survey: dict[str, Any],
        pseudonymise: Callable[[str], str] | None,
    ) -> _Export:
        survey_id = survey["id"]
        texts: dict[int, _Text] = {}
        for answer in store.exchange_answers(survey_id):
            if not answer["value"]:
                continue
            if pseudonymise is None:
                texts[answer["id"]] = _Text(answer, answer["value"], None)
            else:
                new = pseudonymise(answer["value"])
                texts[answer["id"]] = _Text(answer, new, OffsetMap.between(answer["value"], new))
        codings: dict[int, list[tuple[dict[str, Any], tuple[int, int]]]] = {}
        for coding in store.exchange_codings(survey_id, active_codes_only=True):
            text = texts.get(coding["answer_id"])
            span = text.span(coding["start"], coding["end"]) if text else None
            if span is not None:
                codings.setdefault(coding["answer_id"], []).append((coding, span))
        codes = store.codes(survey_id)
        exported = {
            "survey": {survey_id},
            "answer": set(texts),
            "code": {c["id"] for c in codes},
            "coding": {c["id"] for pairs in codings.values() for c, _ in pairs},
        }
        memos = [
            m for m in store.memos(survey_id) if m["target_id"] in exported.get(m["target"], ())
        ]
        return cls(
            survey=survey,
            ids=_Ids.of(survey),
            texts=texts,
            respondents=store.response_rows(survey_id),
            codes=codes,
            codings=codings,
            people={p["id"]: p for p in store.exchange_people(survey_id)},
            memos=memos,
            clean=pseudonymise or (lambda text: text),
        )

    def project(self) -> etree._Element:
        ns = f"{{{PROJECT_NS}}}"
        root = etree.Element(f"{ns}Project", nsmap={None: PROJECT_NS})
        root.set("name", _xml(self.survey["title"]) or self.survey["slug"])
        root.set("origin", "survey")
        root.set("creationDateTime", _xsd_datetime(now()) or "")
        notes = self._notes_about()
        if self.people:
            users = etree.SubElement(root, f"{ns}Users")
            for person in self.people.values():
                etree.SubElement(
                    users,
                    f"{ns}User",
                    guid=self.ids.user(person["email"]),
                    name=_xml(person["name"] or person["email"]),
                    id=_xml(person["email"]),
                )
        if self.codes:
            self._codebook(etree.SubElement(root, f"{ns}CodeBook"), notes)
        keys = list(
            dict.fromkeys(k for r in self.respondents for k in parse_attributes(r["attributes"]))
        )
        if keys:
            variables = etree.SubElement(root, f"{ns}Variables")
            for key in keys:
                etree.SubElement(
                    variables,
                    f"{ns}Variable",
                    guid=self.ids("variable", key),
                    name=_xml(key),
                    typeOfVariable="Text",
                )
        if self.respondents:
            self._cases(etree.SubElement(root, f"{ns}Cases"))
        if self.texts:
            self._sources(etree.SubElement(root, f"{ns}Sources"), notes)
        if self.memos:
            self._notes(etree.SubElement(root, f"{ns}Notes"))
        for guid in notes.get(("survey", self.survey["id"]), []):
            etree.SubElement(root, f"{ns}NoteRef", targetGUID=guid)
        return root

    def _notes_about(self) -> dict[tuple[str, int], list[str]]:
        """Note guids by what they are about."""
        about: dict[tuple[str, int], list[str]] = {}
        for memo in self.memos:
            about.setdefault((memo["target"], memo["target_id"]), []).append(
                self.ids("memo", memo["id"])
            )
        return about

    def _codebook(self, codebook: etree._Element, notes: dict[tuple[str, int], list[str]]) -> None:
        ns = f"{{{PROJECT_NS}}}"
        by_guid = {_code_guid(c["guid"]): c for c in self.codes}
        guids = {c["id"]: c["guid"] for c in self.codes}
        records = [
            CodeRecord(
                guid=c["guid"],
                name=c["label"],
                description=c["description"] or "",
                color=_color(c["color"]),
                parent=guids.get(c["parent_id"]),
            )
            for c in self.codes
        ]
        _check_records(records)
        children = _children_by_parent(records)
        top = etree.SubElement(codebook, f"{ns}Codes")
        stack = [(top, record) for record in reversed(children[None])]
        while stack:
            container, record = stack.pop()
            guid = _guid(record.guid) or record.guid
            element = etree.SubElement(container, f"{ns}Code", guid=guid, name=record.name)
            element.set("isCodable", "true")
            if record.color:
                element.set("color", record.color)
            if record.description:
                etree.SubElement(element, f"{ns}Description").text = record.description
            for note in notes.get(("code", by_guid[guid]["id"]), []):
                etree.SubElement(element, f"{ns}NoteRef", targetGUID=note)
            stack.extend((element, kid) for kid in reversed(children.get(guid, [])))

    def _cases(self, cases: etree._Element) -> None:
        ns = f"{{{PROJECT_NS}}}"
        answers: dict[int, list[int]] = {}
        for answer_id, text in self.texts.items():
            answers.setdefault(text.answer["response_id"], []).append(answer_id)
        for respondent in self.respondents:
            case = etree.SubElement(
                cases,
                f"{ns}Case",
                guid=self.ids("case", respondent["id"]),
                name=f"Respondent {respondent['id']}",
            )
            for key, value in parse_attributes(respondent["attributes"]).items():
                holder = etree.SubElement(case, f"{ns}VariableValue")
                etree.SubElement(holder, f"{ns}VariableRef", targetGUID=self.ids("variable", key))
                etree.SubElement(holder, f"{ns}TextValue").text = _xml(value)
            for answer_id in answers.get(respondent["id"], []):
                etree.SubElement(case, f"{ns}SourceRef", targetGUID=self.ids("answer", answer_id))

    def _sources(self, sources: etree._Element, notes: dict[tuple[str, int], list[str]]) -> None:
        ns = f"{{{PROJECT_NS}}}"
        for answer_id, text in self.texts.items():
            guid = self.ids("answer", answer_id)
            source = etree.SubElement(
                sources,
                f"{ns}TextSource",
                guid=guid,
                name=_xml(source_name(text.answer["response_id"], text.answer["qid"])),
                plainTextPath=f"internal://{guid}.txt",
            )
            for coding, (start, end) in self.codings.get(answer_id, []):
                self._selection(source, coding, start, end, notes.get(("coding", coding["id"])))
            for note in notes.get(("answer", answer_id), []):
                etree.SubElement(source, f"{ns}NoteRef", targetGUID=note)

    def _selection(
        self,
        source: etree._Element,
        coding: dict[str, Any],
        start: int,
        end: int,
        notes: list[str] | None,
    ) -> None:
        """One selection per coding, so each keeps its coder, stance and memos."""
        ns = f"{{{PROJECT_NS}}}"
        user = self.ids.user(self.people[coding["coder_id"]]["email"])
        created = _xsd_datetime(coding["created_at"])
        selection = etree.SubElement(
            source,
            f"{ns}PlainTextSelection",
            guid=self.ids("selection", coding["id"]),
            startPosition=str(start),
            endPosition=str(end),
            creatingUser=user,
        )
        described = [f"stance: {coding['stance']}"] if coding["stance"] else []
        if coding["consensus"]:
            described.append("consensus")
        if described:
            etree.SubElement(selection, f"{ns}Description").text = ", ".join(described)
        element = etree.SubElement(
            selection, f"{ns}Coding", guid=self.ids("coding", coding["id"]), creatingUser=user
        )
        etree.SubElement(element, f"{ns}CodeRef", targetGUID=_code_guid(coding["code_guid"]))
        for node in (selection, element):
            if created:
                node.set("creationDateTime", created)
        for note in notes or []:
            etree.SubElement(selection, f"{ns}NoteRef", targetGUID=note)

    def _notes(self, holder: etree._Element) -> None:
        ns = f"{{{PROJECT_NS}}}"
        for memo in self.memos:
            body = _xml(self.clean(memo["body"]))
            note = etree.SubElement(
                holder,
                f"{ns}Note",
                guid=self.ids("memo", memo["id"]),
                name=_xml(body.strip().splitlines()[0][:60] if body.strip() else "Memo"),
                creatingUser=self.ids.user(memo["author"]),
            )
            created = _xsd_datetime(memo["created_at"])
            if created:
                note.set("creationDateTime", created)
            etree.SubElement(note, f"{ns}PlainTextContent").text = body


def _code_guid(stored: str) -> str:
    """A stored code guid as exported Codes carry it: lower case, no braces."""
    return _guid(stored) or stored.lower()


def _xml(text: str | None) -> str:
    """Text without the few characters XML 1.0 cannot hold at all."""
    return _NOT_XML_RE.sub("", text or "")


def _xsd_datetime(stamp: str | None) -> str | None:
    """An ISO timestamp as xsd:dateTime in UTC; None if it cannot be read."""
    moment = _moment(stamp)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _moment(stamp: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat((stamp or "").strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


# -- reading a project --------------------------------------------------------------------------


@dataclass
class _Selection:
    """A coded stretch of a source; start/end None for codings on the source as a whole."""

    start: int | None
    end: int | None
    codings: list[tuple[str | None, str | None, str | None]]  # (code guid, user guid, created)
    notes: list[str]
    stance: str
    consensus: bool
    where: str


@dataclass
class _Source:
    guid: str | None
    name: str
    text: str | None
    missing: str  # why `text` is None
    selections: list[_Selection]
    notes: list[str]


@dataclass
class _Note:
    text: str
    user: str | None
    created: str | None


@dataclass
class _Project:
    users: dict[str, tuple[str, str]]  # guid → (name, id)
    codes: list[CodeRecord]
    code_notes: dict[str, list[str]]
    sources: list[_Source]
    notes: dict[str, _Note]
    project_notes: list[str]
    other_sources: int
    unknown_codes: list[str]  # problems: CodeRefs whose guid is not a UUID


def _read(data: bytes) -> _Project:
    """Everything the import uses from a .qdpx; raises RefiQdaError if it cannot be used."""
    if not data.startswith(b"PK"):
        raise RefiQdaError(
            "The file is not a .qdpx project: a .qdpx is a zip archive holding project.qde "
            "and a Sources folder."
        )
    qde = _unpack(data)
    root = _parse(qde)
    qname = etree.QName(root)
    if qname.localname != "Project" or qname.namespace != PROJECT_NS:
        raise RefiQdaError(
            f"The project.qde is not a REFI-QDA project: its root element is "
            f"<{qname.localname}>, not <Project> ({PROJECT_NS})."
        )
    ns = f"{{{PROJECT_NS}}}"
    codebook = root.find(f"{ns}CodeBook/{ns}Codes")
    has_codes = codebook is not None and codebook.find(f"{ns}Code") is not None
    project = _Project(
        users={},
        codes=read_codebook(qde) if has_codes else [],
        code_notes={},
        sources=[],
        notes={},
        project_notes=_refs(root, "NoteRef"),
        other_sources=0,
        unknown_codes=[],
    )
    for user in root.iterfind(f"{ns}Users/{ns}User"):
        guid = _guid(user.get("guid"))
        if guid:
            project.users[guid] = (user.get("name") or "", user.get("id") or "")
    if has_codes:
        for element, _ in _walk_elements(codebook, PROJECT_NS):
            guid = _guid(element.get("guid"))
            if guid:
                project.code_notes[guid] = _refs(element, "NoteRef")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = _Files(archive)
        for note in root.iterfind(f"{ns}Notes/{ns}Note"):
            guid = _guid(note.get("guid"))
            text, _ = _plain_text(note, files)
            if guid and text and text.strip():
                project.notes[guid] = _Note(
                    text, _guid(note.get("creatingUser")), note.get("creationDateTime")
                )
        sources = root.find(f"{ns}Sources")
        for element in [] if sources is None else sources:
            if not isinstance(element.tag, str):
                continue
            kind = etree.QName(element).localname
            if kind == "TextSource":
                project.sources.append(_source(element, files, project.unknown_codes))
            elif kind in _OTHER_SOURCES:
                project.other_sources += 1
    return project


def _refs(element: etree._Element, tag: str) -> list[str]:
    """The guids of the element's own <NoteRef>s (or other references), normalised."""
    found = (_guid(r.get("targetGUID")) for r in element.iterfind(f"{{{PROJECT_NS}}}{tag}"))
    return [g for g in found if g]


class _Files:
    """The archive's Sources, read within the size limit; names matched case-insensitively
    because Windows tools are not particular about case."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.by_name = {i.filename.casefold(): i for i in archive.infolist()}
        self.budget = MAX_XML_BYTES

    def text(self, path: str) -> str | None:
        info = self.by_name.get(f"sources/{path}".casefold())
        if info is None:
            return None
        if info.file_size > self.budget:
            raise RefiQdaError("The sources in the archive are over the size limit.")
        try:
            with self.archive.open(info) as member:
                raw = member.read(self.budget + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as e:
            raise RefiQdaError(f"The archive's file {info.filename} cannot be read: {e}.") from None
        if len(raw) > self.budget:
            raise RefiQdaError("The sources in the archive are over the size limit.")
        self.budget -= len(raw)
        return _decode(raw)


def _decode(raw: bytes) -> str | None:
    """UTF-8 as the standard says (a BOM is dropped); UTF-16 only when its BOM says so."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _plain_text(element: etree._Element, files: _Files) -> tuple[str | None, str]:
    """A TextSource's (or Note's) text, or None and why not."""
    content = element.find(f"{{{PROJECT_NS}}}PlainTextContent")
    if content is not None:
        return content.xpath("string()"), ""
    path = (element.get("plainTextPath") or "").strip()
    if not path:
        return None, "it has neither text nor a plainTextPath"
    if not path.lower().startswith("internal://"):
        return None, f"its text is outside the archive ({path})"
    text = files.text(path[len("internal://") :])
    if text is None:
        return None, f"its text file {path} is missing from the archive or is not UTF-8"
    return text, ""


def _source(element: etree._Element, files: _Files, unknown: list[str]) -> _Source:
    ns = f"{{{PROJECT_NS}}}"
    text, missing = _plain_text(element, files)
    name = element.get("name") or element.get("guid") or "?"
    selections = []
    whole = element.findall(f"{ns}Coding")
    if whole:
        selections.append(
            _Selection(
                start=None,
                end=None,
                codings=[_coding(c, None, unknown) for c in whole],
                notes=[],
                stance="",
                consensus=False,
                where=f"line {element.sourceline}",
            )
        )
    for selection in element.iterfind(f"{ns}PlainTextSelection"):
        description = selection.find(f"{ns}Description")
        described = "" if description is None else description.xpath("string()")
        stance = _STANCE_RE.search(described)
        user = _guid(selection.get("creatingUser"))
        selections.append(
            _Selection(
                start=_integer(selection.get("startPosition")),
                end=_integer(selection.get("endPosition")),
                codings=[_coding(c, user, unknown) for c in selection.iterfind(f"{ns}Coding")],
                notes=_refs(selection, "NoteRef")
                + [g for c in selection.iterfind(f"{ns}Coding") for g in _refs(c, "NoteRef")],
                stance=stance.group(1).lower() if stance else "",
                consensus=bool(_CONSENSUS_RE.search(described)),
                where=f"line {selection.sourceline}",
            )
        )
    return _Source(
        guid=_guid(element.get("guid")),
        name=name,
        text=text,
        missing=missing,
        selections=selections,
        notes=_refs(element, "NoteRef"),
    )


def _coding(
    element: etree._Element, user: str | None, unknown: list[str]
) -> tuple[str | None, str | None, str | None]:
    """(code guid, user guid, created) of a <Coding>; a reference that is not a guid at all
    is noted in `unknown`, since it can only be a missing code."""
    ref = element.find(f"{{{PROJECT_NS}}}CodeRef")
    raw = None if ref is None else ref.get("targetGUID")
    code = _guid(raw)
    if raw is not None and code is None:
        unknown.append(
            f"The coding on line {element.sourceline} refers to code {raw!r}, which is not a guid."
        )
    return code, _guid(element.get("creatingUser")) or user, element.get("creationDateTime")


def _integer(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


# -- import -------------------------------------------------------------------------------------


def import_project(
    store: Store, survey_id: int, src: Path | BinaryIO | bytes, *, user_id: int | None
) -> ImportResult:
    """Bring codes, codings and memos of a .qdpx back onto the survey's own answers.

    Codes are matched by guid (else added); a source by its name "Respondent N – qid" (or
    the guid this tool gave it) and then by identical text; codings and memos by who made
    them (a known user by guid, e-mail or name, else `user_id`, the importer). Nothing that
    exists already is added again. All in one transaction: a file that cannot be used raises
    RefiQdaError and leaves the database as it was.
    """
    project = _read(_load(src))
    survey = _survey(store, survey_id)
    existing = store.codes(survey_id, inactive=True)
    known = {_code_guid(c["guid"]) for c in existing} | {r.guid for r in project.codes}
    problems = list(project.unknown_codes)
    for source in project.sources:
        for selection in source.selections:
            for code, _, _ in selection.codings:
                if code is not None and code not in known:
                    problems.append(
                        f"The coding in source {source.name!r} ({selection.where}) refers to "
                        f"code {code}, which neither the project's codebook nor the survey has."
                    )
    if problems:
        raise RefiQdaError(*problems)
    with store.transaction():
        return _Import(store, survey, project, user_id, existing).run()


@dataclass
class _Import:
    store: Store
    survey: dict[str, Any]
    project: _Project
    importer: int | None
    existing: list[dict[str, Any]]
    result: ImportResult = field(default_factory=ImportResult)
    stamp: str = field(default_factory=now)

    def run(self) -> ImportResult:
        codes = self._codes()
        users = self._users()
        memos: list[tuple[str, int, str]] = []
        for guid, notes in self.project.code_notes.items():
            code_id = codes.get(guid)
            if code_id is not None:
                memos.extend(("code", code_id, n) for n in notes)
        answers = self._answers()
        seen = {
            _key(c): c["id"]
            for c in self.store.exchange_codings(self.survey["id"], active_codes_only=False)
        }
        about = set(self.project.project_notes)
        about.update(n for notes in self.project.code_notes.values() for n in notes)
        for source in self.project.sources:
            answer = self._answer(source, answers)
            about.update(source.notes)
            for selection in source.selections:
                about.update(selection.notes)
            if answer is None:
                self.result.codings_skipped += sum(len(s.codings) for s in source.selections)
                continue
            memos.extend(("answer", answer["id"], n) for n in source.notes)
            for selection in source.selections:
                memos.extend(self._selection(selection, source, answer, codes, users, seen))
        if self.project.other_sources:
            self.result.problems.append(
                f"{self.project.other_sources} picture, PDF, audio or video source(s) were "
                "left out: only text sources can be matched to answers."
            )
        memos.extend(("survey", self.survey["id"], n) for n in self.project.project_notes)
        memos.extend(("survey", self.survey["id"], n) for n in self.project.notes if n not in about)
        self._memos(memos, users)
        if self.result.codes_added:
            self.store.log_codebook(
                self.survey["id"],
                self.importer,
                "import",
                {
                    "qdpx": True,
                    "added": self.result.codes_added,
                    "matched": self.result.codes_matched,
                },
                self.stamp,
            )
        return self.result

    def _codes(self) -> dict[str, int | None]:
        """Code id by guid for every code the file or the survey knows; None for a retired
        code that was not merged into another (its codings have nowhere to go)."""
        by_id = {c["id"]: c for c in self.existing}
        ids: dict[str, int | None] = {_code_guid(c["guid"]): _live(c, by_id) for c in self.existing}
        keys = {c["key"] for c in self.existing}
        count = len(self.existing)
        for record in self.project.codes:
            if record.guid in ids:
                self.result.codes_matched += 1
                continue
            key = base = slug(record.name)
            n = 2
            while key in keys:
                key, n = f"{base}_{n}", n + 1
            keys.add(key)
            ids[record.guid] = self.store.add_code(
                self.survey["id"],
                {
                    "key": key,
                    "guid": record.guid,
                    "label": record.name.strip()[:MAX_LABEL],
                    "description": record.description,
                    "color": record.color or PALETTE[count % len(PALETTE)],
                    "parent_id": ids.get(record.parent) if record.parent else None,
                },
                self.stamp,
            )
            count += 1
            self.result.codes_added += 1
        return ids

    def _users(self) -> Callable[[str | None], int | None]:
        """Who a file's user guid is here: this tool's own guid for the user, else the
        e-mail or (unambiguous) name the file gives, else the importer."""
        ids = _Ids.of(self.survey)
        people = self.store.users()
        by_guid = {ids.user(p["email"]): p["id"] for p in people}
        by_email = {p["email"].lower(): p["id"] for p in people}
        names: dict[str, list[int]] = {}
        for p in people:
            if (p["name"] or "").strip():
                names.setdefault(p["name"].strip().casefold(), []).append(p["id"])

        def resolve(guid: str | None) -> int | None:
            if guid in by_guid:
                return by_guid[guid]
            name, ident = self.project.users.get(guid or "", ("", ""))
            for given in (ident, name):
                if given.strip().lower() in by_email:
                    return by_email[given.strip().lower()]
            same = names.get(name.strip().casefold(), [])
            return same[0] if len(same) == 1 else self.importer

        return resolve

    def _answers(self) -> dict[tuple[int, str] | str, dict[str, Any]]:
        ids = _Ids.of(self.survey)
        found: dict[tuple[int, str] | str, dict[str, Any]] = {}
        for answer in self.store.exchange_answers(self.survey["id"]):
            found[(answer["response_id"], answer["qid"])] = answer
            found[ids("answer", answer["id"])] = answer
        return found

    def _answer(
        self, source: _Source, answers: Mapping[tuple[int, str] | str, dict[str, Any]]
    ) -> dict[str, Any] | None:
        """The answer a source is, if its text is exactly the stored answer."""
        named = _NAME_RE.fullmatch(source.name)
        answer = answers.get((int(named.group(1)), named.group(2))) if named else None
        if answer is None and source.guid:
            answer = answers.get(source.guid)
        codings = sum(len(s.codings) for s in source.selections)
        notes = len(source.notes) + sum(len(s.notes) for s in source.selections)
        left_out = (
            f"; its {codings} coding(s) and {notes} note(s) were not imported"
            if codings or notes
            else ""
        )
        if answer is None:
            self.result.problems.append(
                f"Source {source.name!r} matches no answer of this survey{left_out}."
            )
            return None
        if source.text is None:
            self.result.problems.append(
                f"Source {source.name!r} was not read: {source.missing}{left_out}."
            )
            return None
        if source.text != answer["value"]:
            self.result.problems.append(
                f"Source {source.name!r} no longer has the answer's stored text (edited, "
                f"pseudonymised or re-encoded in the other tool){left_out}, since its "
                "positions would point at different words."
            )
            return None
        return answer

    def _selection(
        self,
        selection: _Selection,
        source: _Source,
        answer: dict[str, Any],
        codes: Mapping[str, int | None],
        users: Callable[[str | None], int | None],
        seen: dict[tuple[Any, ...], int],
    ) -> list[tuple[str, int, str]]:
        """Add the selection's codings; return its notes with what they are about."""
        text = answer["value"]
        start, end = selection.start, selection.end
        if selection.codings and (start, end) != (None, None):
            if start is None or end is None or not 0 <= start < end <= len(text):
                self.result.problems.append(
                    f"A selection in source {source.name!r} ({selection.where}) has positions "
                    f"{start}..{end} outside its text of {len(text)} characters; skipped."
                )
                self.result.codings_skipped += len(selection.codings)
                return []
            if start == 0 and end == len(text):
                start = end = None
        coding_ids = []
        for code_guid, user_guid, created in selection.codings:
            code_id = codes.get(code_guid) if code_guid else None
            coder = users(user_guid)
            if code_id is None or coder is None:
                if code_guid is None:
                    why = "has no code"
                elif code_id is None:
                    why = "has a code that is retired here"
                else:
                    why = "is by someone who is not a user here, and no importer was given"
                self.result.problems.append(
                    f"A coding in source {source.name!r} ({selection.where}) {why}; skipped."
                )
                self.result.codings_skipped += 1
                continue
            key = (answer["id"], code_id, coder, start, end, int(selection.consensus))
            if key in seen:
                self.result.codings_skipped += 1
                coding_ids.append(seen[key])
                continue
            seen[key] = self.store.add_coding(
                {
                    "answer_id": answer["id"],
                    "code_id": code_id,
                    "coder_id": coder,
                    "start": start,
                    "end": end,
                    "quote": (text if start is None else text[start:end])[:MAX_QUOTE],
                    "stance": selection.stance if selection.stance in STANCES else "",
                    "source": "human",
                    "consensus": selection.consensus,
                },
                _stamp(created, self.stamp),
            )
            self.store.log_imported_coding(
                self.survey["id"], answer["id"], self.importer or coder, seen[key], self.stamp
            )
            self.result.codings_added += 1
            coding_ids.append(seen[key])
        target = ("coding", coding_ids[0]) if coding_ids else ("answer", answer["id"])
        return [(*target, note) for note in selection.notes]

    def _memos(
        self, memos: Sequence[tuple[str, int, str]], users: Callable[[str | None], int | None]
    ) -> None:
        """Each note about something imported becomes a memo, once per target and text."""
        have = {
            (m["target"], m["target_id"], m["body"]) for m in self.store.memos(self.survey["id"])
        }
        for target, target_id, guid in memos:
            note = self.project.notes.get(guid)
            if note is None or (target, target_id, note.text) in have:
                continue
            author = users(note.user)
            if author is None:
                self.result.problems.append(
                    f"A note ({guid}) has an author who is not a user here, and no importer "
                    "was given; skipped."
                )
                continue
            self.store.add_memo(
                self.survey["id"],
                target,
                target_id,
                author,
                note.text,
                _stamp(note.created, self.stamp),
            )
            have.add((target, target_id, note.text))
            self.result.memos_added += 1


def _live(code: Mapping[str, Any], by_id: Mapping[int, Mapping[str, Any]]) -> int | None:
    """The active code a code is or was merged into; None if it was retired outright."""
    seen: set[int] = set()
    current: Mapping[str, Any] | None = code
    while current is not None and not current["active"] and current["id"] not in seen:
        seen.add(current["id"])
        current = by_id.get(current["merged_into"]) if current["merged_into"] else None
    return current["id"] if current is not None and current["active"] else None


def _key(coding: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        coding["answer_id"],
        coding["code_id"],
        coding["coder_id"],
        coding["start"],
        coding["end"],
        int(coding["consensus"]),
    )


def _stamp(value: str | None, fallback: str) -> str:
    """A file's timestamp in this database's format (UTC ISO, seconds), else `fallback`."""
    moment = _moment(value)
    return moment.isoformat() if moment else fallback
