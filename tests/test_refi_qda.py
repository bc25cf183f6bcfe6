"""REFI-QDA codebook exchange: an export other tools accept, a lossless round trip, files from
other tools read as they come, and refusal — with a reason — of files that cannot be used or
that try to attack the parser."""

from __future__ import annotations

import ast
import io
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import survey.exchange.refi_qda
from survey.exchange.refi_qda import (
    CODEBOOK_NS,
    CodeRecord,
    RefiQdaError,
    new_guid,
    read_codebook,
    schema,
    write_codebook,
)

DATA = Path(__file__).parent / "data" / "refi_qda"
NS = {"c": CODEBOOK_NS}

FRAMGANG = "0b6f4a52-3c1e-4d8a-9f27-5e1c2d3b4a01"
SAMVERKAN = "0b6f4a52-3c1e-4d8a-9f27-5e1c2d3b4a02"
KARTLAGGNING = "0b6f4a52-3c1e-4d8a-9f27-5e1c2d3b4a03"
UTMANINGAR = "0b6f4a52-3c1e-4d8a-9f27-5e1c2d3b4a04"
TID = "0b6f4a52-3c1e-4d8a-9f27-5e1c2d3b4a05"
LOKALER = "0b6f4a52-3c1e-4d8a-9f27-5e1c2d3b4a06"

# Parents first, siblings in the order an evaluator made them: the order read_codebook returns.
CODES = [
    CodeRecord(
        FRAMGANG,
        "Framgångsfaktorer",
        "Det som gjorde att insatsen fungerade, enligt personal & föräldrar.",
        "#27ae60",
        codable=False,
    ),
    CodeRecord(
        SAMVERKAN,
        "Samverkan skola–socialtjänst",
        'Skolan och socialtjänsten planerar "tillsammans" – inte <var för sig>.',
        "#2e86c1",
        parent=FRAMGANG,
    ),
    CodeRecord(
        KARTLAGGNING, "Kartläggning", "Grundlig kartläggning före första mötet.", None, FRAMGANG
    ),
    CodeRecord(UTMANINGAR, "Utmaningar", "", "#c0392b", codable=False),
    CodeRecord(
        TID, "Tid och resurser", "Brist på tid, 'vi hann aldrig'.\nRad två.", None, UTMANINGAR
    ),
    CodeRecord(LOKALER, "Lokaler", "", None, TID),
]


def exported(codes: list[CodeRecord]) -> bytes:
    buffer = io.BytesIO()
    write_codebook(codes, buffer)
    return buffer.getvalue()


def codebook_xml(codes: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="{CODEBOOK_NS}">'
        f"<Codes>{codes}</Codes></CodeBook>"
    ).encode()


def qdpx(project: bytes, name: str = "project.qde") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, project)
        archive.writestr("Sources/9d9d9d9d-1111-4222-8333-444455556666.txt", "Hembesöken.")
    return buffer.getvalue()


def parents_come_first(records: list[CodeRecord]) -> bool:
    seen: set[str] = set()
    for record in records:
        if record.parent is not None and record.parent not in seen:
            return False
        seen.add(record.guid)
    return True


# -- export ---------------------------------------------------------------------------------


def test_an_exported_codebook_validates_against_the_refi_qda_schema() -> None:
    document = etree.fromstring(exported(CODES))
    schema("Codebook").assertValid(document)
    assert document.get("origin") == "survey"


def test_the_export_nests_codes_under_their_parents_with_descriptions_only_when_written() -> None:
    document = etree.fromstring(exported(CODES))
    top = document.xpath("c:Codes/c:Code/@name", namespaces=NS)
    assert top == ["Framgångsfaktorer", "Utmaningar"]
    under = document.xpath("c:Codes/c:Code[@name='Framgångsfaktorer']/c:Code/@name", namespaces=NS)
    assert under == ["Samverkan skola–socialtjänst", "Kartläggning"]
    deepest = document.xpath("//c:Code[@guid=$g]/c:Code/@name", namespaces=NS, g=TID)
    assert deepest == ["Lokaler"]
    assert document.xpath("//c:Code[@name='Utmaningar']/c:Description", namespaces=NS) == []
    assert document.xpath("//c:Code[@name='Utmaningar']/@isCodable", namespaces=NS) == ["false"]
    assert document.xpath("//c:Code[@name='Lokaler']/@color", namespaces=NS) == []


def test_a_codebook_survives_export_and_import_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "kodbok.qdc"
    write_codebook(CODES, path)
    assert read_codebook(path) == CODES
    assert read_codebook(str(path)) == CODES
    assert read_codebook(path.read_bytes()) == CODES
    with path.open("rb") as handle:
        assert read_codebook(handle) == CODES


def test_codes_listed_children_first_come_back_with_parents_first() -> None:
    shuffled = [CODES[5], CODES[1], CODES[4], CODES[0], CODES[3], CODES[2]]
    records = read_codebook(exported(shuffled))
    assert parents_come_first(records)
    assert sorted(records, key=lambda r: r.guid) == sorted(CODES, key=lambda r: r.guid)


def test_a_code_whose_parent_is_not_exported_lands_at_the_top_level() -> None:
    orphan = CodeRecord(new_guid(), "Övrigt", parent=new_guid())
    records = read_codebook(exported([*CODES, orphan]))
    assert records[-1] == CodeRecord(orphan.guid, "Övrigt")


def test_upper_case_guids_and_colours_are_written_in_lower_case() -> None:
    guid = str(uuid.uuid4()).upper()
    child = str(uuid.uuid4()).upper()
    codes = [
        CodeRecord(guid, "Hembesök", color="#ABCDEF"),
        CodeRecord(child, "Flexibilitet", parent=guid.lower()),
    ]
    records = read_codebook(exported(codes))
    assert records == [
        CodeRecord(guid.lower(), "Hembesök", color="#abcdef"),
        CodeRecord(child.lower(), "Flexibilitet", parent=guid.lower()),
    ]


def test_new_guids_are_distinct_lower_case_uuids() -> None:
    guids = {new_guid() for _ in range(100)}
    assert len(guids) == 100
    assert all(str(uuid.UUID(g)) == g for g in guids)


def test_writing_an_invalid_codebook_to_a_path_leaves_no_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "kodbok.qdc"
    with pytest.raises(RefiQdaError, match="not a UUID"):
        write_codebook([*CODES, CodeRecord("kod-7", "Föräldrarnas röst")], path)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "kodbok.qdc"
    write_codebook(CODES, path)
    before = path.read_bytes()
    with pytest.raises(RefiQdaError):
        write_codebook([CodeRecord(FRAMGANG, "A"), CodeRecord(FRAMGANG, "B")], path)
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ([], "empty"),
        (
            [CodeRecord("kod-7", "Föräldrarnas röst")],
            "'Föräldrarnas röst' \\(kod-7\\) has a guid that is not a UUID",
        ),
        (
            [CodeRecord(FRAMGANG, "Framgångsfaktorer"), CodeRecord(FRAMGANG.upper(), "Samverkan")],
            "'Samverkan' .* same guid as code 'Framgångsfaktorer'",
        ),
        ([CodeRecord(TID, "  ")], f"Code {TID} has no name"),
        ([CodeRecord(TID, "Tid", color="röd")], "'Tid' .* colour 'röd', which is not #rrggbb"),
        ([CodeRecord(TID, "Tid", color="#abc")], "colour '#abc'"),
        ([CodeRecord(TID, "Tid\x00")], "'Tid\\\\x00' .* name with characters XML cannot hold"),
        (
            [CodeRecord(TID, "Tid", parent=LOKALER), CodeRecord(LOKALER, "Lokaler", parent=TID)],
            "'Tid' .* cannot be placed: its parent links go round in a circle",
        ),
        ([CodeRecord(TID, "Tid", parent=TID)], "circle"),
    ],
    ids=[
        "empty",
        "guid-not-uuid",
        "duplicate-guid",
        "no-name",
        "colour-not-hex",
        "colour-short-hex",
        "control-character",
        "parent-cycle",
        "own-parent",
    ],
)
def test_a_codebook_that_cannot_be_exported_is_refused_with_the_reason(
    codes: list[CodeRecord], message: str
) -> None:
    with pytest.raises(RefiQdaError, match=message):
        exported(codes)


def test_every_problem_of_an_export_is_reported_at_once() -> None:
    with pytest.raises(RefiQdaError) as caught:
        exported([CodeRecord("x", "A"), CodeRecord(TID, "", color="blue")])
    assert len(caught.value.problems) == 3
    assert str(caught.value) == " ".join(caught.value.problems)


# -- files from other tools -----------------------------------------------------------------


def test_a_codebook_from_another_tool_is_read_with_its_hierarchy() -> None:
    records = read_codebook(DATA / "other_tool.qdc")
    framgang = "8f2c9a10-3b4d-4e5f-9a6b-7c8d9e0f1a2b"
    samverkan = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
    mote = "aaaaaaaa-0000-4000-8000-000000000001"
    veckovis = "aaaaaaaa-0000-4000-8000-000000000002"
    utmaningar = "c1c1c1c1-2222-4333-8444-555566667777"
    assert records == [
        CodeRecord(
            framgang, "Framgångsfaktorer", "Det som gjorde att insatsen fungerade.", codable=False
        ),
        CodeRecord(
            samverkan,
            "Samverkan skola–socialtjänst",
            'Skola & socialtjänst planerar "tillsammans" — inte <var för sig>.',
            "#2e86c1",
            framgang,
        ),
        CodeRecord(mote, "Gemensamma möten", parent=samverkan),
        CodeRecord(veckovis, "Veckovis", parent=mote),
        CodeRecord("aaaaaaaa-0000-4000-8000-000000000003", "Med elevhälsan", parent=veckovis),
        CodeRecord(
            "b0b0b0b0-1111-4222-8333-444455556666", "Kartläggning", color="#aabbcc", parent=framgang
        ),
        CodeRecord(utmaningar, "Utmaningar", codable=False),
        CodeRecord("d2d2d2d2-3333-4444-8555-666677778888", "Tid och resurser", parent=utmaningar),
    ]


def test_a_codebook_read_from_another_tool_can_be_exported_again() -> None:
    records = read_codebook(DATA / "other_tool.qdc")
    schema("Codebook").assertValid(etree.fromstring(exported(records)))
    assert read_codebook(exported(records)) == records


PROJECT_CODES = [
    CodeRecord(
        "5a5a5a5a-1111-4222-8333-444455556666",
        "Framgångsfaktorer",
        "Det som bar insatsen.",
        "#27ae60",
    ),
    CodeRecord(
        "6b6b6b6b-1111-4222-8333-444455556666",
        "Kartläggning",
        parent="5a5a5a5a-1111-4222-8333-444455556666",
    ),
]


def test_a_project_qde_is_read_for_its_codebook() -> None:
    schema("Project").assertValid(etree.parse(str(DATA / "project.qde")))
    assert read_codebook(DATA / "project.qde") == PROJECT_CODES


def test_a_qdpx_archive_is_read_for_the_codebook_of_its_project(tmp_path: Path) -> None:
    path = tmp_path / "utvardering.qdpx"
    path.write_bytes(qdpx((DATA / "project.qde").read_bytes()))
    assert read_codebook(path) == PROJECT_CODES


def test_a_codebook_saved_in_utf16_by_a_windows_tool_is_read() -> None:
    text = exported(CODES).decode("utf-8").replace("'UTF-8'", "'UTF-16'")
    assert "'UTF-16'" in text
    assert read_codebook(text.encode("utf-16")) == CODES


# -- unusable files -------------------------------------------------------------------------

Attack = Callable[[Path], bytes]
GOOD = f'guid="{TID}" name="Tid och resurser" isCodable="true"'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        ("Kod;Beskrivning\nTid;Brist på tid\n".encode(), "not well-formed XML"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code', "not well-formed XML"),
        (b"<html><body>Kodbok</body></html>", "not a REFI-QDA codebook or project.*<html>"),
        (
            b'<CodeBook xmlns="urn:example:other"><Codes/></CodeBook>',
            "root element is <CodeBook> in namespace urn:example:other",
        ),
        (b'<Project xmlns="urn:QDA-XML:project:1.0" name="P"/>', "project has no <CodeBook>"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "empty: it has no <Codes>"),
        (codebook_xml(""), "The codebook is empty"),
        (codebook_xml("<Set/>"), "The codebook is empty"),
        (
            codebook_xml('<Code name="Tid" isCodable="true"/>'),
            "Code 'Tid' \\(line 2\\) has no guid",
        ),
        (
            codebook_xml(f'<Code guid="{TID}" isCodable="true"/>'),
            "Code number 1 \\(line 2\\) has no name",
        ),
        (
            codebook_xml('<Code guid="kod-7" name="Tid" isCodable="true"/>'),
            "Code 'Tid' \\(line 2\\) has guid 'kod-7', which is not a UUID",
        ),
        (
            codebook_xml(f'<Code {GOOD}><Code guid="{TID.upper()}" name="Tid igen"/></Code>'),
            f"Code 'Tid igen' \\(line 2\\) has guid {TID}, already used by code 'Tid och resurser'",
        ),
        (qdpx(b"", name="Sources/anteckning.txt"), "archive holds no project.qde"),
        (b"PK\x03\x04 trasig", "looks like a .qdpx archive but cannot be opened"),
    ],
    ids=[
        "empty-file",
        "csv-not-xml",
        "malformed-xml",
        "html",
        "foreign-namespace",
        "project-without-codebook",
        "codebook-without-codes",
        "no-codes",
        "no-codes-only-other-elements",
        "code-without-guid",
        "code-without-name",
        "guid-not-uuid",
        "duplicate-guid-differing-in-case",
        "qdpx-without-project",
        "broken-zip",
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_the_reason(
    content: bytes, message: str
) -> None:
    with pytest.raises(RefiQdaError, match=message):
        read_codebook(content)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    content = codebook_xml(
        f'<Code name="A" isCodable="true"/><Code {GOOD}/><Code {GOOD}/><Code guid="{new_guid()}"/>'
    )
    with pytest.raises(RefiQdaError) as caught:
        read_codebook(content)
    assert len(caught.value.problems) == 3
    assert isinstance(caught.value, ValueError)


# -- hostile files --------------------------------------------------------------------------


def xxe(secret: Path) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY hemlis SYSTEM "{secret.as_uri()}">]>\n'
        f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes><Code {GOOD}>'
        "<Description>&hemlis;</Description></Code></Codes></CodeBook>"
    ).encode()


def billion_laughs(_: Path) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE CodeBook [{entities}]>\n'
        f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes>'
        f'<Code guid="{TID}" name="&lol9;" isCodable="true"><Description>&lol9;</Description></Code>'
        "</Codes></CodeBook>"
    ).encode()


def parameter_entity(secret: Path) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY % ext SYSTEM "{secret.as_uri()}"> %ext;]>\n'
        f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes><Code {GOOD}/></Codes></CodeBook>'
    ).encode()


@pytest.mark.parametrize("attack", [xxe, billion_laughs, parameter_entity])
@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(lambda b: b, id="qdc"),
        pytest.param(lambda b: b.decode().encode("utf-16"), id="utf16"),
        pytest.param(
            lambda b: qdpx(
                b.replace(b"CodeBook xmlns", b"Project name='P' xmlns")
                .replace(CODEBOOK_NS.encode(), b"urn:QDA-XML:project:1.0")
                .replace(b"<Codes>", b"<CodeBook><Codes>")
                .replace(b"</Codes></CodeBook>", b"</Codes></CodeBook></Project>")
            ),
            id="qdpx",
        ),
    ],
)
def test_a_file_with_entities_is_refused_without_expanding_them(
    tmp_path: Path, attack: Attack, wrap: Callable[[bytes], bytes]
) -> None:
    secret = tmp_path / "hemlig.txt"
    secret.write_text("LÖSENORD-4711", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(RefiQdaError, match="declares XML entities") as caught:
        read_codebook(wrap(attack(secret)))
    assert time.monotonic() - started < 2
    assert "LÖSENORD" not in str(caught.value)
    assert "lollol" not in str(caught.value)


@pytest.mark.parametrize("attack", [xxe, billion_laughs, parameter_entity])
def test_the_parser_itself_neither_reads_files_nor_blows_up_entities(
    tmp_path: Path, attack: Attack
) -> None:
    """Defence in depth: were the entity check ever bypassed, the parser still holds."""
    secret = tmp_path / "hemlig.txt"
    secret.write_text("LÖSENORD-4711", encoding="utf-8")
    started = time.monotonic()
    try:
        parsed = etree.tostring(
            etree.fromstring(attack(secret), survey.exchange.refi_qda.safe_parser())
        )
    except etree.XMLSyntaxError:
        parsed = b""
    assert time.monotonic() - started < 2
    assert "LÖSENORD".encode() not in parsed
    assert len(parsed) < 10_000


# -- plumbing -------------------------------------------------------------------------------


def test_the_schemas_are_parsed_once_and_unknown_names_are_refused() -> None:
    assert schema("Codebook") is schema("Codebook")
    assert schema("Project") is not schema("Codebook")
    with pytest.raises(ValueError, match="unknown REFI-QDA schema"):
        schema("Codes")


def test_the_exchange_module_works_without_the_web_framework() -> None:
    tree = ast.parse(Path(survey.exchange.refi_qda.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert "flask" not in imported
    assert "flask_wtf" not in imported
