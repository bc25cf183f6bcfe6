"""Reading a .qdpx into plain data (`Project`) for the import: users, codes, sources with
their selections, notes. Nothing is matched to the database here; a file that cannot be
used raises RefiQdaError. Parsing follows `exchange.refi_qda`'s rules (no entities, no DTD, no
network, bounded sizes)."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from survey.exchange.limits import MAX_XML_BYTES, too_large
from survey.exchange.refi_qda import (
    PROJECT_NS,
    CodeRecord,
    RefiQdaError,
    canonical_guid,
    codebook_records,
    load_document,
    walk_elements,
)

_STANCE_RE = re.compile(r"\bstance:\s*(\w+)", re.IGNORECASE)
_SOURCE_RE = re.compile(r"\bsource:\s*(\w+)", re.IGNORECASE)
_CONSENSUS_RE = re.compile(r"\bconsensus\b", re.IGNORECASE)
_OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


@dataclass
class Selection:
    """A coded stretch of a source; start/end None for codings on the source as a whole."""

    start: int | None
    end: int | None
    codings: list[tuple[str | None, str | None, str | None]]  # (code guid, user guid, created)
    notes: list[str]
    stance: str
    consensus: bool
    where: str
    source: str = "human"  # rule or model: an accepted suggestion, as the export says


@dataclass
class Source:
    guid: str | None
    name: str
    text: str | None
    missing: str  # why `text` is None
    selections: list[Selection]
    notes: list[str]


@dataclass
class _Note:
    text: str
    user: str | None
    created: str | None


@dataclass
class Project:
    users: dict[str, tuple[str, str]]  # guid → (name, id)
    codes: list[CodeRecord]
    code_notes: dict[str, list[str]]
    sources: list[Source]
    notes: dict[str, _Note]
    project_notes: list[str]
    other_sources: int
    unknown_codes: list[str]  # problems: CodeRefs whose guid is not a UUID


def read_project(data: bytes) -> Project:
    """Everything the import uses from a .qdpx; raises RefiQdaError if it cannot be used."""
    if not data.startswith(b"PK"):
        raise RefiQdaError(
            "The file is not a .qdpx project: a .qdpx is a zip archive holding project.qde "
            "and a Sources folder."
        )
    root = load_document(data)
    qname = etree.QName(root)
    if qname.localname != "Project" or qname.namespace != PROJECT_NS:
        raise RefiQdaError(
            f"The project.qde is not a REFI-QDA project: its root element is "
            f"<{qname.localname}>, not <Project> ({PROJECT_NS})."
        )
    ns = f"{{{PROJECT_NS}}}"
    codebook = root.find(f"{ns}CodeBook/{ns}Codes")
    has_codes = codebook is not None and codebook.find(f"{ns}Code") is not None
    project = Project(
        users={},
        codes=codebook_records(root) if has_codes else [],
        code_notes={},
        sources=[],
        notes={},
        project_notes=_refs(root, "NoteRef"),
        other_sources=0,
        unknown_codes=[],
    )
    for user in root.iterfind(f"{ns}Users/{ns}User"):
        guid = canonical_guid(user.get("guid"))
        if guid:
            project.users[guid] = (user.get("name") or "", user.get("id") or "")
    if has_codes:
        for element, _ in walk_elements(codebook, PROJECT_NS):
            guid = canonical_guid(element.get("guid"))
            if guid:
                project.code_notes[guid] = _refs(element, "NoteRef")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = _Files(archive)
        for note in root.iterfind(f"{ns}Notes/{ns}Note"):
            guid = canonical_guid(note.get("guid"))
            text, _ = _plain_text(note, files)
            if guid and text and text.strip():
                project.notes[guid] = _Note(
                    text, canonical_guid(note.get("creatingUser")), note.get("creationDateTime")
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
    found = (
        canonical_guid(r.get("targetGUID")) for r in element.iterfind(f"{{{PROJECT_NS}}}{tag}")
    )
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
            raise RefiQdaError.of(too_large(MAX_XML_BYTES // 2**20, unpacked=True))
        try:
            with self.archive.open(info) as member:
                raw = member.read(self.budget + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as e:
            raise RefiQdaError(f"The archive's file {info.filename} cannot be read: {e}.") from None
        if len(raw) > self.budget:
            raise RefiQdaError.of(too_large(MAX_XML_BYTES // 2**20, unpacked=True))
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


def _source(element: etree._Element, files: _Files, unknown: list[str]) -> Source:
    ns = f"{{{PROJECT_NS}}}"
    text, missing = _plain_text(element, files)
    name = element.get("name") or element.get("guid") or "?"
    selections = []
    whole = element.findall(f"{ns}Coding")
    if whole:
        selections.append(
            Selection(
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
        source = _SOURCE_RE.search(described)
        user = canonical_guid(selection.get("creatingUser"))
        selections.append(
            Selection(
                start=_integer(selection.get("startPosition")),
                end=_integer(selection.get("endPosition")),
                codings=[_coding(c, user, unknown) for c in selection.iterfind(f"{ns}Coding")],
                notes=_refs(selection, "NoteRef")
                + [g for c in selection.iterfind(f"{ns}Coding") for g in _refs(c, "NoteRef")],
                stance=stance.group(1).lower() if stance else "",
                consensus=bool(_CONSENSUS_RE.search(described)),
                where=f"line {selection.sourceline}",
                source=source.group(1).lower() if source else "human",
            )
        )
    return Source(
        guid=canonical_guid(element.get("guid")),
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
    code = canonical_guid(raw)
    if raw is not None and code is None:
        unknown.append(
            f"The coding on line {element.sourceline} refers to code {raw!r}, which is not a guid."
        )
    return (
        code,
        canonical_guid(element.get("creatingUser")) or user,
        element.get("creationDateTime"),
    )


def _integer(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None
