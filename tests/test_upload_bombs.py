"""Memory bombs: small files that declare or unpack into far more than they are — a project
whose project.qde inflates past the limit or holds too many codes or XML elements, a
workbook declaring a million rows or unpacking to gigabytes, a CSV of too many rows,
columns or bytes — are refused early, with a clear message in the user's language and
without the memory the whole thing would take; and the problems of a refused file are
shown on the page, never put in the session cookie. Each bomb is built in the test."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from openpyxl import Workbook

from survey.exchange import qdpx
from survey.exchange.importing import AnswerImportError, read_table
from survey.exchange.refi_qda import PROJECT_NS, RefiQdaError, read_codebook
from survey.store import Store

from .conftest import Auth, SurveyRunner, form_tokens

GUID = "0f8c5a1e-3b7d-4c2a-9e6f-1a2b3c4d5e6f"
MB = 1024 * 1024


def zipped(name: str, parts: Iterator[bytes]) -> bytes:
    """One deflated member written chunk by chunk: the bomb is never whole in memory."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for part in parts:
            member.write(part)
    return buffer.getvalue()


def project(inner: Callable[[], Iterator[bytes]]) -> bytes:
    def parts() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><Project xmlns="{PROJECT_NS}" name="B">'.encode()
        yield from inner()
        yield b"</Project>"

    return zipped("project.qde", parts())


def many_codes(count: int) -> bytes:
    code = f'<Code guid="{GUID}" name="Kod" isCodable="true"/>'.encode()
    return project(lambda: iter([b"<CodeBook><Codes>", code * count, b"</Codes></CodeBook>"]))


def many_elements(count: int) -> bytes:
    return project(lambda: iter([b"<Notes>", b"<Note/>" * count, b"</Notes>"]))


def inflating(size: int) -> bytes:
    return project(lambda: (b" " * MB for _ in range(size // MB)))


def peak_memory(action: Callable[[], object]) -> tuple[int, BaseException | None]:
    """Peak bytes Python allocated while `action` ran, and what it raised."""
    tracemalloc.start()
    raised: BaseException | None = None
    try:
        action()
    except Exception as exc:  # the refusal under test
        raised = exc
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, raised


QDPX_BOMBS = {
    "project.qde inflates past 100 MB": (
        lambda: inflating(101 * MB),
        "unpacks to more than 100 MB",
    ),
    "15 000 codes": (lambda: many_codes(15_000), "more than 10000 codes"),
    "400 000 XML elements": (lambda: many_elements(400_000), "more than 300000 XML elements"),
}


@pytest.mark.parametrize("bomb", sorted(QDPX_BOMBS))
def test_a_qdpx_bomb_is_refused_early_as_codebook_and_as_project(
    bomb: str, db: Store, team: dict
) -> None:
    build, message = QDPX_BOMBS[bomb]
    before = len(db.codes(team["survey"]["id"], inactive=True))
    data = build()
    assert len(data) < 400_000, "small on disk"
    peak, raised = peak_memory(lambda: read_codebook(data))
    assert isinstance(raised, RefiQdaError) and message in str(raised), raised
    assert peak < 40 * MB, f"{peak / MB:.0f} MB used to refuse it"
    with pytest.raises(RefiQdaError, match=message):
        qdpx.import_project(db, team["survey"]["id"], data, user_id=team["admin"])
    assert len(db.codes(team["survey"]["id"], inactive=True)) == before


def test_a_project_just_under_the_limits_is_still_read() -> None:
    """Positive control: the limits leave room for real codebooks."""
    data = project(
        lambda: iter(
            [b"<CodeBook><Codes>"]
            + [
                f'<Code guid="{GUID[:-4]}{n:04x}" name="Kod {n}" isCodable="true"/>'.encode()
                for n in range(2000)
            ]
            + [b"</Codes></CodeBook>"]
        )
    )
    assert len(read_codebook(data)) == 2000


def declared_workbook(dimension: str) -> bytes:
    """A real two-row workbook whose sheet declares `dimension` (as the issue's 4.8 KB file
    declared A1:XFD1048576)."""
    book = Workbook()
    book.active.append(["Roll", "Tips till andra"])
    book.active.append(["Rektor", "Börja med förankringen."])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+"/>', f'<dimension ref="{dimension}"/>'.encode(), data
                )
            archive.writestr(info.filename, data)
    return out.getvalue()


def inflating_workbook() -> bytes:
    """A workbook with a part that unpacks to more than 100 MB."""
    plain = io.BytesIO()
    Workbook().save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(101):
                member.write(b"\0" * MB)
    return out.getvalue()


SPREADSHEET_BOMBS = {
    "xlsx declaring A1:XFD1048576": (lambda: declared_workbook("A1:XFD1048576"), "bomb.xlsx",
                                     "more than 50000 rows"),
    "xlsx declaring 400 columns": (lambda: declared_workbook("A1:OJ2"), "bomb.xlsx",
                                   "more than 300 columns"),
    "xlsx unpacking to 101 MB": (inflating_workbook, "bomb.xlsx", "unpacks to more than 100 MB"),
    "csv of 60 000 rows": (lambda: b"Roll;Tips\n" + b";x\n" * 60_000, "bomb.csv",
                           "more than 50000 rows"),
    "csv of 400 columns": (lambda: b";".join(b"k%d" % i for i in range(400)) + b"\n", "bomb.csv",
                           "more than 300 columns"),
}  # fmt: skip


@pytest.mark.parametrize("bomb", sorted(SPREADSHEET_BOMBS))
def test_a_spreadsheet_bomb_is_refused_early(bomb: str) -> None:
    build, name, message = SPREADSHEET_BOMBS[bomb]
    data = build()
    assert len(data) < 400_000, "small on disk"
    if name.endswith(".csv"):  # what a CSV holds is what it is: no inflation to measure
        with pytest.raises(AnswerImportError, match=message):
            read_table(data, name)
        return
    peak, raised = peak_memory(lambda: read_table(data, name))
    assert isinstance(raised, AnswerImportError) and message in str(raised), raised
    assert peak < 40 * MB, f"{peak / MB:.0f} MB used to refuse it"


def test_a_workbook_with_an_honest_size_still_imports() -> None:
    """Positive control: the declared-size check passes a real workbook."""
    table = read_table(declared_workbook("A1:B2"), "svar.xlsx")
    assert table.rows == [["Rektor", "Börja med förankringen."]]


def test_a_csv_over_the_byte_limit_is_refused_without_reading_it_whole(
    runner: SurveyRunner, tmp_path: Path
) -> None:
    path = tmp_path / "stor.csv"
    with path.open("wb") as handle:  # sparse: nothing is written to disk
        handle.write(b"Roll;Tips\n")
        handle.truncate(21 * MB)
    result = runner("import", "answers", str(path), "--new", "stor", "--title", "Stor")
    assert result.exit_code == 1
    assert "stor.csv: The file is larger than 20 MB" in result.output
    from survey.exchange.csv_files import read_csv
    from survey.exchange.limits import FileRefused

    with pytest.raises(FileRefused, match="larger than 20 MB"):
        read_csv(b"x" * (20 * MB + 1))


def test_the_web_refuses_a_workbook_bomb_in_swedish_with_the_number_written_out(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    tokens = form_tokens(client, "/admin/import")
    reply = client.post(
        "/admin/import",
        data={
            **tokens, "survey": "new", "new_slug": "bomb", "new_title": "B",
            "file": (io.BytesIO(declared_workbook("A1:XFD1048576")), "svar.xlsx"),
        },
        content_type="multipart/form-data",
    )  # fmt: skip
    page = reply.get_data(as_text=True)
    assert "Filen har fler än 50\u00a0000 rader, mer än som kan läsas säkert." in page
    assert db.survey("bomb") is None


def test_a_qdpx_bomb_in_the_codebook_editor_is_refused_in_the_users_language(
    client: FlaskClient, db: Store, auth: Auth, team: dict
) -> None:
    auth.sign_in("admin", "chef@example.org")
    sid = team["survey"]["id"]
    before = len(db.codes(sid, inactive=True))
    for lang, text in (
        ("sv", "Filen har fler än 10\u00a0000 koder"),
        ("en", "more than 10,000 codes"),
    ):
        client.get(f"/coding/surveys/{sid}/codebook?lang={lang}")
        reply = client.post(
            f"/coding/surveys/{sid}/codebook/import",
            data={"csrf_token": _csrf(client, sid), "file": (io.BytesIO(many_codes(15_000)), "b.qdpx")},
            content_type="multipart/form-data",
        )  # fmt: skip
        assert reply.status_code == 400
        assert text in reply.get_data(as_text=True), lang
    assert len(db.codes(sid, inactive=True)) == before


def test_the_problems_of_a_refused_codebook_are_shown_not_put_in_the_session_cookie(
    client: FlaskClient, db: Store, auth: Auth, team: dict
) -> None:
    auth.sign_in("admin", "chef@example.org")
    sid = team["survey"]["id"]
    nameless = "".join(f'<Code guid="{GUID[:-4]}{n:04x}" isCodable="true"/>' for n in range(3000))
    content = (
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{nameless}</Codes></CodeBook>'
    ).encode()
    reply = client.post(
        f"/coding/surveys/{sid}/codebook/import",
        data={"csrf_token": _csrf(client, sid), "file": (io.BytesIO(content), "k.qdc")},
        content_type="multipart/form-data",
    )
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400 and "Kodboken importerades inte" in page
    assert "Kod nummer 1 (rad 1) saknar namn." in page and "(+2980)" in page
    cookies = reply.headers.getlist("Set-Cookie")
    assert sum(len(c) for c in cookies) < 2000, "the problems stay out of the session"
    # Positive control: a file that is fine still says so through a flash message.
    good = f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{GUID}" name="Lokal" isCodable="true"/></Codes></CodeBook>'
    done = client.post(
        f"/coding/surveys/{sid}/codebook/import",
        data={"csrf_token": _csrf(client, sid), "file": (io.BytesIO(good.encode()), "k.qdc")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    assert "Importerat. Nya koder: 1." in client.get(done.headers["Location"]).get_data(
        as_text=True
    )


def _csrf(client: FlaskClient, survey_id: int) -> str:
    page = client.get(f"/coding/surveys/{survey_id}/codebook").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
