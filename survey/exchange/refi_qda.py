"""REFI-QDA codebook exchange (QDA-XML 1.0), so a codebook moves to and from NVivo, ATLAS.ti,
MAXQDA and QualCoder.

Writing produces a stand-alone codebook (`.qdc`) that is checked against the vendored
Codebook.xsd before a byte reaches the destination. Reading accepts a `.qdc`, a `project.qde`
or a `.qdpx` archive, because tools export codebooks in all three shapes; it is lenient about
what it does not use (vendor elements, Sets, notes, odd colours) and strict about what it does
(guids, names, uniqueness). The parser never expands entities, never loads a DTD and never
touches the network: these files come from other people's machines. No Flask here — the web
layer and the CLI both call this module.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import secrets
import uuid
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from survey.exchange.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_CODES,
    MAX_XML_BYTES,
    MAX_XML_ELEMENTS,
    FileRefused,
    too_large,
    too_many,
)
from survey.i18n import Message

SCHEMA_DIR = Path(__file__).parent / "schemas" / "refi-qda"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
# A project.qde is read in chunks of this size, each checked before the parser sees it.
_CHUNK = 256 * 1024

_GUID_RE = re.compile(
    r"\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?", re.IGNORECASE
)
_RGB6_RE = re.compile(r"#[0-9a-f]{6}", re.IGNORECASE)
_RGB3_RE = re.compile(r"#[0-9a-f]{3}", re.IGNORECASE)
# Characters an XML 1.0 document cannot contain, not even escaped.
NOT_XML_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# "<!ENTITY" in the encodings a QDA-XML file may arrive in; looked for before parsing so that
# no entity is ever expanded, whatever libxml2's own limits are.
_ENTITY_MARKERS = tuple(
    "<!ENTITY".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_FALSE = frozenset(["false", "0"])


@dataclass(frozen=True)
class CodeRecord:
    """One code of a codebook; `parent` links make the hierarchy, as in the web layer's table."""

    guid: str  # UUID string, stable across exports
    name: str
    description: str = ""
    color: str | None = None  # "#rrggbb"
    parent: str | None = None  # parent's guid
    codable: bool = True


class RefiQdaError(FileRefused):
    """A codebook that cannot be written or a file that cannot be read.

    `problems` holds short English sentences, each naming the element or guid at fault, so the
    web layer can list them for the evaluator; str() joins them. A file refused for its size
    also has the translation `key` of `limits.FileRefused`.
    """

    def __init__(self, *problems: str, key: str | None = None, **params: int | str) -> None:
        self.problems: list[str] = list(problems) or ["The codebook cannot be used."]
        super().__init__(" ".join(self.problems), key, **params)

    @classmethod
    def of(cls, refused: FileRefused) -> RefiQdaError:
        return cls(str(refused), key=refused.key, **refused.params)


def new_guid() -> str:
    """A fresh lower-case UUID for a code made here, so other tools can track it."""
    return str(uuid.uuid4())


@cache
def schema(name: str) -> etree.XMLSchema:
    """The vendored XSD "Codebook" or "Project", parsed once per process."""
    if name not in ("Codebook", "Project"):
        raise ValueError(f"unknown REFI-QDA schema {name!r}; use 'Codebook' or 'Project'")
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / f"{name}.xsd"), safe_parser()))


# -- writing --------------------------------------------------------------------------------


def write_codebook(
    codes: Sequence[CodeRecord], out: str | Path | BinaryIO, origin: str = "survey"
) -> None:
    """Write `codes` as a `.qdc`, nested by `parent`; a code whose parent is not among `codes`
    goes to the top level.

    Everything is checked (and validated against Codebook.xsd) before anything is written, and a
    path is written through a temporary file renamed into place, so a failed export never leaves
    a half-written or invalid file behind.
    """
    data = codebook_bytes(codes, origin)
    if isinstance(out, str | Path):
        replace_file(Path(out), data)
    else:
        out.write(data)


def codebook_bytes(codes: Sequence[CodeRecord], origin: str = "survey") -> bytes:
    """The validated `.qdc` document as bytes, for callers that send it rather than save it."""
    check_records(codes)
    ns = f"{{{CODEBOOK_NS}}}"
    root = etree.Element(f"{ns}CodeBook", nsmap={None: CODEBOOK_NS})
    root.set("origin", origin)
    top = etree.SubElement(root, f"{ns}Codes")
    children = children_by_parent(codes)
    stack: list[tuple[etree._Element, CodeRecord]] = [(top, c) for c in reversed(children[None])]
    while stack:
        container, record = stack.pop()
        element = etree.SubElement(container, f"{ns}Code")
        element.set("guid", canonical_guid(record.guid) or record.guid)
        element.set("name", record.name)
        element.set("isCodable", "true" if record.codable else "false")
        if record.color:
            element.set("color", record.color.lower())
        if record.description:
            etree.SubElement(element, f"{ns}Description").text = record.description
        kids = children.get(canonical_guid(record.guid), [])
        stack.extend((element, kid) for kid in reversed(kids))
    validator = schema("Codebook")
    if not validator.validate(root):
        raise RefiQdaError(
            *(f"The export does not match Codebook.xsd: {e.message}" for e in validator.error_log)
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def check_records(codes: Sequence[CodeRecord]) -> None:
    """Turn every problem the XSD would only report cryptically, and those it cannot see
    (duplicates, cycles), into sentences naming the code."""
    if not codes:
        raise RefiQdaError(
            "The codebook is empty: there are no codes to export.", key="codebook.file.no_codes"
        )
    problems: list[str] = []
    seen: dict[str, CodeRecord] = {}
    for record in codes:
        label = f"Code {record.name!r} ({record.guid})"
        guid = canonical_guid(record.guid)
        if guid is None:
            problems.append(f"{label} has a guid that is not a UUID.")
        elif guid in seen:
            problems.append(f"{label} has the same guid as code {seen[guid].name!r}.")
        else:
            seen[guid] = record
        if not record.name.strip():
            problems.append(f"Code {record.guid} has no name.")
        if record.color and not _RGB6_RE.fullmatch(record.color):
            problems.append(f"{label} has colour {record.color!r}, which is not #rrggbb.")
        for field, text in (("name", record.name), ("description", record.description)):
            if NOT_XML_RE.search(text):
                problems.append(f"{label} has a {field} with characters XML cannot hold.")
    if problems:
        raise RefiQdaError(*problems)
    placed = {canonical_guid(r.guid) for r in _walk_records(codes)}
    for record in codes:
        if canonical_guid(record.guid) not in placed:
            problems.append(
                f"Code {record.name!r} ({record.guid}) cannot be placed: "
                "its parent links go round in a circle."
            )
    if problems:
        raise RefiQdaError(*problems)


def children_by_parent(codes: Sequence[CodeRecord]) -> dict[str | None, list[CodeRecord]]:
    """Children in input order under their parent's normalised guid; None for the top level,
    which also takes codes whose parent is unknown."""
    known = {canonical_guid(r.guid) for r in codes}
    children: dict[str | None, list[CodeRecord]] = {None: []}
    for record in codes:
        parent = canonical_guid(record.parent) if record.parent else None
        children.setdefault(parent if parent in known else None, []).append(record)
    return children


def _walk_records(codes: Sequence[CodeRecord]) -> Iterator[CodeRecord]:
    """Codes reachable from the top level, parents first; codes in a parent cycle are not."""
    children = children_by_parent(codes)
    stack = list(reversed(children[None]))
    while stack:
        record = stack.pop()
        yield record
        stack.extend(reversed(children.get(canonical_guid(record.guid), [])))


def replace_file(path: Path, data: bytes) -> None:
    """Write beside `path` and rename over it, so readers see the old file or the new one.
    os.open with 0o666 lets the umask decide permissions, as for any file the user saves."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# -- reading --------------------------------------------------------------------------------


def read_codebook(src: str | Path | BinaryIO | bytes) -> list[CodeRecord]:
    """The codes of a `.qdc`, `project.qde` or `.qdpx`, parents before children and in document
    order otherwise. A str is a path. Guids come back lower-case; colours as #rrggbb or None."""
    return codebook_records(load_document(read_limited(src)))


def codebook_records(root: etree._Element) -> list[CodeRecord]:
    """The codes of a parsed codebook or project (see `read_codebook`)."""
    codes = _codes_element(root)
    ns = etree.QName(root).namespace
    records: list[CodeRecord] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for number, (element, parent) in enumerate(walk_elements(codes, ns), start=1):
        record = _record(element, parent, number, ns, problems)
        if record is None:
            continue
        if record.guid in seen:
            problems.append(
                Message(
                    "codebook.problem.same_guid",
                    name=record.name,
                    line=element.sourceline or 0,
                    guid=record.guid,
                    other=seen[record.guid],
                )
            )
            continue
        seen[record.guid] = record.name
        records.append(record)
    if problems:
        raise RefiQdaError(*problems)
    if not records:
        raise RefiQdaError(
            "The codebook is empty: its <Codes> holds no <Code>.", key="codebook.file.no_codes"
        )
    if (root.get("origin") or "").startswith("Taguette"):
        from survey.exchange.taguette import nest  # Taguette's names are paths

        records = nest(records)
    return records


def read_limited(src: str | Path | BinaryIO | bytes) -> bytes:
    """The raw bytes, read no further than the size limit of an archive."""
    if isinstance(src, bytes | bytearray | memoryview):
        data = bytes(src)
    elif isinstance(src, str | Path):
        with open(src, "rb") as handle:
            data = handle.read(MAX_ARCHIVE_BYTES + 1)
    else:
        data = src.read(MAX_ARCHIVE_BYTES + 1)
        if not isinstance(data, bytes):
            raise TypeError("read_codebook needs a binary stream (open the file with 'rb')")
    if len(data) > MAX_ARCHIVE_BYTES:
        raise RefiQdaError.of(too_large(MAX_ARCHIVE_BYTES // 2**20))
    if not data.strip():
        raise RefiQdaError("The file is empty.", key="codebook.file.empty")
    return data


def load_document(data: bytes) -> etree._Element:
    """The root of a QDA-XML document, or of the project.qde inside a .qdpx archive, parsed
    as it is read: the archive member is inflated chunk by chunk, and reading stops at the
    first chunk that declares an entity or passes the limits on bytes, elements or codes —
    so a small archive that inflates to gigabytes, or a document of millions of codes, is
    refused after reading only as much as the limit."""
    if not data.startswith(b"PK"):
        return parse_xml(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [i for i in archive.infolist() if i.filename.lower().endswith(".qde")]
            exact = [i for i in names if i.filename.lower() == "project.qde"]
            if not (exact or len(names) == 1):
                raise RefiQdaError(
                    "The .qdpx archive holds no project.qde.", key="codebook.file.no_project"
                )
            info = (exact or names)[0]
            if info.file_size > MAX_XML_BYTES:
                raise RefiQdaError.of(too_large(MAX_XML_BYTES // 2**20, unpacked=True))
            with archive.open(info) as member:
                return _parse_chunks(iter(lambda: member.read(_CHUNK), b""))
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise RefiQdaError(
            f"The file looks like a .qdpx archive but cannot be opened: {exc}.",
            key="codebook.file.bad_archive",
        ) from None


def safe_parser() -> etree.XMLParser:
    """No entity expansion, no DTD, no network, libxml2's default size and depth limits."""
    return etree.XMLParser(**_PARSER_OPTIONS)


_PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def parse_xml(data: bytes) -> etree._Element:
    """The document's root; entity declarations are refused outright, since QDA-XML never
    uses them and they are how XXE and billion-laughs files attack a parser. Bounded like
    `load_document`."""
    if len(data) > MAX_XML_BYTES:
        raise RefiQdaError.of(too_large(MAX_XML_BYTES // 2**20))
    return _parse_chunks(data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK))


def _parse_chunks(chunks: Iterator[bytes]) -> etree._Element:
    """Feed the chunks to a pull parser, counting bytes, elements and codes as they come.
    Elements are counted on the raw bytes (each start tag has one "<" that is not "</"),
    in C and as an upper bound; only <Code> starts come back to Python as events."""
    parser = etree.XMLPullParser(events=("start",), tag="{*}Code", **_PARSER_OPTIONS)
    overlap = max(len(m) for m in _ENTITY_MARKERS) - 1
    tail = b""
    size = elements = codes = 0
    opening, closing = b"<", b"</"
    try:
        for chunk in chunks:
            if size == 0 and chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                encoding = "utf-16-le" if chunk.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
                opening, closing = "<".encode(encoding), "</".encode(encoding)
            size += len(chunk)
            if size > MAX_XML_BYTES:
                raise RefiQdaError.of(too_large(MAX_XML_BYTES // 2**20, unpacked=True))
            window = tail + chunk
            if any(marker in window for marker in _ENTITY_MARKERS):
                raise RefiQdaError(_ENTITY_PROBLEM, key="codebook.file.entities")
            tail = window[-overlap:]
            elements += chunk.count(opening) - chunk.count(closing)
            if elements > MAX_XML_ELEMENTS:
                raise RefiQdaError.of(too_many("elements", MAX_XML_ELEMENTS))
            parser.feed(chunk)
            codes += sum(1 for _ in parser.read_events())
            if codes > MAX_CODES:
                raise RefiQdaError.of(too_many("codes", MAX_CODES))
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        raise RefiQdaError(
            f"The file is not well-formed XML: {exc.msg}.",
            key="codebook.file.not_xml",
            line=exc.position[0] if exc.position else 0,
        ) from None
    if size == 0 or root is None:
        raise RefiQdaError("The file is empty.", key="codebook.file.empty")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise RefiQdaError(_ENTITY_PROBLEM, key="codebook.file.entities")
    return root


_ENTITY_PROBLEM = (
    "The file declares XML entities (<!ENTITY>), which QDA-XML files never use; "
    "it was not read, for safety."
)


def _codes_element(root: etree._Element) -> etree._Element:
    """<CodeBook><Codes> of a codebook, or of the <CodeBook> inside a project. Either QDA-XML
    namespace is accepted on either root, since some tools mix them up."""
    qname = etree.QName(root)
    taguette = qname.namespace is None and qname.localname == "CodeBook"  # Taguette's export
    if (
        qname.namespace not in (CODEBOOK_NS, PROJECT_NS)
        or qname.localname not in ("CodeBook", "Project")
    ) and not taguette:
        found = f"<{qname.localname}>" + (
            f" in namespace {qname.namespace}" if qname.namespace else " without a namespace"
        )
        raise RefiQdaError(
            f"The file is not a REFI-QDA codebook or project: its root element is {found}, "
            f"not <CodeBook> ({CODEBOOK_NS}) or <Project> ({PROJECT_NS}).",
            key="codebook.file.not_codebook",
            root=qname.localname,
        )
    ns = qname.namespace
    codebook = root if qname.localname == "CodeBook" else root.find(_tag(ns, "CodeBook"))
    if codebook is None:
        raise RefiQdaError(
            "The project has no <CodeBook>, so there are no codes to read.",
            key="codebook.file.no_codebook",
        )
    codes = codebook.find(_tag(ns, "Codes"))
    if codes is None:
        raise RefiQdaError(
            "The codebook is empty: it has no <Codes> element.", key="codebook.file.no_codes"
        )
    return codes


def _tag(ns: str | None, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


def walk_elements(
    codes: etree._Element, ns: str | None
) -> Iterator[tuple[etree._Element, etree._Element | None]]:
    """Each <Code> with its parent <Code>, in document order (so parents come first); only
    <Code> children are followed, so vendor elements and <NoteRef> are skipped."""
    tag = _tag(ns, "Code")
    stack: list[tuple[etree._Element, etree._Element | None]] = [
        (c, None) for c in reversed(codes.findall(tag))
    ]
    while stack:
        element, parent = stack.pop()
        yield element, parent
        stack.extend((kid, element) for kid in reversed(element.findall(tag)))


def _record(
    element: etree._Element,
    parent: etree._Element | None,
    number: int,
    ns: str | None,
    problems: list[str],
) -> CodeRecord | None:
    """The record for one <Code>, or None after adding what is wrong with it to `problems`."""
    raw_guid = (element.get("guid") or "").strip()
    name = element.get("name") or ""
    # Named by its name where it has one, else by its number; in the reader's language.
    who = {"name": name, "line": element.sourceline or 0}
    if not name.strip():
        who = {"number": number, "line": element.sourceline or 0}
    form = "named" if name.strip() else "numbered"
    guid = canonical_guid(raw_guid)
    if not raw_guid:
        problems.append(Message(f"codebook.problem.no_guid.{form}", **who))
    elif guid is None:
        problems.append(Message(f"codebook.problem.bad_guid.{form}", guid=raw_guid, **who))
    if not name.strip():
        problems.append(Message("codebook.problem.no_name", **who))
    if guid is None or not name.strip():
        return None
    description = element.find(_tag(ns, "Description"))
    return CodeRecord(
        guid=guid,
        name=name,
        description="" if description is None else description.xpath("string()"),
        color=color_or_none(element.get("color")),
        parent=None if parent is None else canonical_guid(parent.get("guid") or ""),
        codable=_codable(element.get("isCodable")),
    )


# -- shared ---------------------------------------------------------------------------------


def canonical_guid(value: str | None) -> str | None:
    """The canonical lower-case form of a GUID, with or without braces; None if not a UUID."""
    match = _GUID_RE.fullmatch((value or "").strip())
    return match.group(1).lower() if match else None


def color_or_none(value: str | None) -> str | None:
    """#rrggbb; the schema's short #rgb is widened, anything else is dropped."""
    value = (value or "").strip()
    if _RGB6_RE.fullmatch(value):
        return value.lower()
    if _RGB3_RE.fullmatch(value):
        return "#" + "".join(2 * c for c in value[1:].lower())
    return None


def _codable(value: str | None) -> bool:
    """xsd:boolean, read leniently: a missing or odd value means codable, the common case."""
    return (value or "").strip().lower() not in _FALSE
