"""A codebook file that cannot be used is refused in the evaluator's language, saying what
is wrong with it, whichever tool wrote it: an empty file, broken XML, a file that is not
a codebook, an archive without a project, a Taguette CSV without the tag column or with
nameless rows. Nothing is imported from a refused file."""

from __future__ import annotations

import io
import re

import pytest
from flask.testing import FlaskClient

from survey.store import Store

from .conftest import Auth

GOOD_CSV = "tag,description\nSamverkan,Skola och socialtjänst\n".encode()

CASES = [
    ("tom.qdc", b"   \n", "Filen är tom.", "The file is empty."),
    (
        "trasig.qdc",
        b'<?xml version="1.0"?>\n<CodeBook>\n<Codes>\n<Code name="A"></Codes>',
        "Filen är inte korrekt XML och kunde inte läsas (felet finns på rad 4)",
        "The file is not well-formed XML and could not be read (the error is on line 4)",
    ),
    (
        "fel.qdc",
        b'<?xml version="1.0"?><html><body>Inte en kodbok</body></html>',
        "den börjar med &lt;html&gt;",
        "it starts with &lt;html&gt;",
    ),
    (
        "tomt.qdc",
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes></Codes></CodeBook>',
        "Kodboken är tom: den innehåller inga koder.",
        "The codebook is empty: it holds no codes.",
    ),
    (
        "projekt.qdpx",
        b"PK\x03\x04 inte ett riktigt arkiv",
        "går inte att öppna",
        "cannot be opened",
    ),
    (
        "koder.csv",
        b"rubrik;text\nSamverkan;Skola\n",
        "Filen behöver exakt en kolumn som heter tag, name eller path (eller kod, code",
        "The file needs exactly one column named tag, name or path (or kod, code",
    ),
    (
        "koder.csv",
        "tag,description\nSamverkan,Skola\n,utan namn\n,också utan\n".encode(),
        "Kodnamn saknas på rad 3, 4.",
        "A code name is missing on row 3, 4.",
    ),
    (
        "koder.csv",
        b"tag,description\n",
        "CSV-filen innehåller inga koder",
        "the CSV holds no codes",
    ),
    (
        "kodbok.qdc",
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n'
        b'<Code guid="kod-7" name="Tid" isCodable="true"/>\n'
        b'<Code guid="3f2504e0-4f89-11d3-9a0c-0305e82c3301" isCodable="true"/>\n'
        b"</Codes></CodeBook>",
        "Koden ”Tid” (rad 2) har guid ”kod-7”, som inte är ett UUID. "
        "Kod nummer 2 (rad 3) saknar namn.",
        "Code &#39;Tid&#39; (line 2) has guid &#39;kod-7&#39;, which is not a UUID. "
        "Code number 2 (line 3) has no name.",
    ),
]


@pytest.mark.parametrize(("filename", "content", "swedish", "english"), CASES)
def test_a_refused_codebook_file_says_what_is_wrong_in_the_users_language(
    client: FlaskClient,
    db: Store,
    auth: Auth,
    filename: str,
    content: bytes,
    swedish: str,
    english: str,
) -> None:
    auth.sign_in("admin")
    sid = db.create_survey(slug="kodfil", version_id=1, title="Kodfil")["id"]
    for lang, expected in (("sv", swedish), ("en", english)):
        client.get(f"/coding/surveys/{sid}/codebook?lang={lang}")
        reply = _upload(client, sid, filename, content)
        page = reply.get_data(as_text=True)
        assert reply.status_code == 400, page
        assert expected in page, lang
    assert db.codes(sid, inactive=True) == []


def test_a_usable_csv_is_imported_after_a_refused_one(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    """Positive control: the same upload path takes a file that is fine."""
    auth.sign_in("admin")
    sid = db.create_survey(slug="kodfil2", version_id=1, title="Kodfil")["id"]
    assert _upload(client, sid, "koder.csv", b"tag,description\n").status_code == 400
    assert _upload(client, sid, "koder.csv", GOOD_CSV).status_code == 302
    assert [c["label"] for c in db.codes(sid)] == ["Samverkan"]


def _upload(client: FlaskClient, sid: int, filename: str, content: bytes):  # type: ignore[no-untyped-def]
    page = client.get(f"/coding/surveys/{sid}/codebook").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return client.post(
        f"/coding/surveys/{sid}/codebook/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )
