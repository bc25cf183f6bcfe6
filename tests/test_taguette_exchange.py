"""Codebook exchange with Taguette: the codebook downloads as the CSV Taguette imports
(`tag,description`, levels as `Parent.Child`), Taguette's flat, namespace-less QDC comes
in as a hierarchy, a CSV comes back onto the same codes, and codes that only group others
leave as `isCodable="false"` in schema-valid QDC and QDPX files."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile

from flask.testing import FlaskClient
from lxml import etree

from survey.exchange import qdpx
from survey.exchange.refi_qda import CODEBOOK_NS, PROJECT_NS, schema
from survey.store import Store
from survey.workbench import actions
from survey.workbench import codebook_editor as edit

from .conftest import Auth


def small_codebook(db: Store, survey_id: int) -> dict[str, int]:
    """Förutsättningar (grouping only) › Lokal, Digitala verktyg; Samarbete (coded itself)
    › Skola och socialtjänst; Arbetssätt t.ex. hembesök (a dot in the label)."""
    ids = {"forutsattningar": edit.add_code(db, survey_id, None, "Förutsättningar")}
    ids["lokal"] = edit.add_code(
        db, survey_id, None, "Lokal", description="Ingen gemensam arbetsplats",
        parent_id=ids["forutsattningar"],
    )  # fmt: skip
    ids["digitalt"] = edit.add_code(
        db, survey_id, None, "Digitala verktyg", parent_id=ids["forutsattningar"]
    )
    ids["samverkan"] = edit.add_code(db, survey_id, None, "Samarbete")
    ids["skola_soc"] = edit.add_code(
        db, survey_id, None, "Skola och socialtjänst", parent_id=ids["samverkan"]
    )
    ids["hembesok"] = edit.add_code(db, survey_id, None, "Arbetssätt t.ex. hembesök")
    return ids


def taguette_reads(data: bytes) -> list[tuple[str, str]]:
    """(tag path, description) as Taguette's codebook import reads a CSV: comma-separated,
    header lower-cased, the 'tag' column and an optional 'description'."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = [h.lower() for h in rows[0]]
    tag, description = header.index("tag"), header.index("description")
    return [(r[tag], r[description]) for r in rows[1:] if any(r)]


def test_the_codebook_downloads_as_the_csv_taguette_imports_with_paths_for_levels(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = db.create_survey(slug="tag", version_id=1, title="T")
    small_codebook(db, survey["id"])
    reply = client.get(f"/coding/surveys/{survey['id']}/codebook/export.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert reply.get_data().decode("utf-8-sig").splitlines()[0] == "tag,description"
    assert sorted(taguette_reads(reply.get_data())) == [
        ("Arbetssätt t·ex· hembesök", ""),
        ("Förutsättningar", ""),
        ("Förutsättningar.Digitala verktyg", ""),
        ("Förutsättningar.Lokal", "Ingen gemensam arbetsplats"),
        ("Samarbete", ""),
        ("Samarbete.Skola och socialtjänst", ""),
    ]


def test_the_taguette_csv_comes_back_onto_the_same_codes_and_builds_the_tree_elsewhere(
    db: Store,
) -> None:
    first = db.create_survey(slug="en", version_id=1, title="En")
    ids = small_codebook(db, first["id"])
    data = edit.export_csv(db, first["id"]).encode("utf-8")
    assert edit.import_csv(db, first["id"], None, data) == (0, 6), "matched, nothing added"
    assert len(db.codes(first["id"])) == 6
    # Edited in Taguette: a description changed, a code added under an existing parent.
    edited = (
        data.decode("utf-8-sig").replace(
            "Samarbete.Skola och socialtjänst,",
            "Samarbete.Skola och socialtjänst,Möten varje vecka",
        )
        + "Samarbete.Hälso- och sjukvård,Vårdcentralen\r\n"
    )
    assert edit.import_csv(db, first["id"], None, edited.encode("utf-8")) == (1, 6)
    assert db.code(ids["skola_soc"])["description"] == "Möten varje vecka"
    added = next(c for c in db.codes(first["id"]) if c["label"] == "Hälso- och sjukvård")
    assert added["parent_id"] == ids["samverkan"]
    # Into an empty survey, from a semicolon file as Swedish Excel saves it: the same tree.
    other = db.create_survey(slug="tva", version_id=1, title="Två")
    swedish = edited.replace(",", ";").encode("cp1252", errors="replace")
    assert edit.import_csv(db, other["id"], None, swedish)[0] == 7
    codes = {c["id"]: c for c in db.codes(other["id"])}
    tree = sorted(
        (codes[c["parent_id"]]["label"] if c["parent_id"] else "", c["label"])
        for c in codes.values()
    )
    assert ("Förutsättningar", "Lokal") in tree and ("Samarbete", "Hälso- och sjukvård") in tree


def taguette_qdc(tags: list[str]) -> bytes:
    """A codebook as Taguette 1.5 exports it: no namespace, flat, paths as names,
    upper-case guids, an empty <Sets/>."""
    namespace = uuid.UUID("51b2b2b7-27eb-4ecb-9d56-e75b0a0496c2")
    codes = "".join(
        f'<Code guid="{str(uuid.uuid5(namespace, tag)).upper()}" name="{tag}" isCodable="true">'
        "</Code>"
        for tag in tags
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<CodeBook origin="Taguette 1.5.1"><Codes>{codes}</Codes><Sets></Sets></CodeBook>'
    ).encode()


def test_taguettes_flat_qdc_comes_in_as_a_hierarchy_and_again_onto_the_same_codes(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = db.create_survey(slug="tq", version_id=1, title="TQ")
    content = taguette_qdc(["Kartläggning", "Samverkan.Skola", "Samverkan.Socialtjänst"])
    reply = client.post(
        f"/coding/surveys/{survey['id']}/codebook/import",
        data={"csrf_token": _csrf(client, survey["id"]), "file": (io.BytesIO(content), "t.qdc")},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 302, reply.get_data(as_text=True)
    codes = {c["label"]: c for c in db.codes(survey["id"])}
    assert set(codes) == {"Kartläggning", "Samverkan", "Skola", "Socialtjänst"}
    assert codes["Skola"]["parent_id"] == codes["Samverkan"]["id"]
    assert codes["Kartläggning"]["parent_id"] is None
    assert edit.import_qdc(db, survey["id"], None, content) == (0, 4)


def test_grouping_only_parents_leave_as_not_codable_in_valid_qdc_and_qdpx(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    ids = small_codebook(db, sid)
    # Samarbete is a parent but coded itself; Förutsättningar only groups.
    actions.add_coding(db, sid, team["anna"], team["answers"][0]["id"], ids["samverkan"])
    buffer = io.BytesIO()
    edit.export_qdc(db, sid, buffer)
    root = etree.fromstring(buffer.getvalue())
    assert schema("Codebook").validate(root)
    codable = {c.get("name"): c.get("isCodable") for c in root.iter(f"{{{CODEBOOK_NS}}}Code")}
    assert codable["Förutsättningar"] == "false"
    assert codable["Samarbete"] == "true" and codable["Lokal"] == "true"
    # Positive control: once it has keywords of its own, a parent is codable.
    edit.update_code(db, sid, None, ids["forutsattningar"], keywords={"sv": ["lokal"]})
    assert ids["forutsattningar"] not in edit.grouping_only(db, sid)
    edit.update_code(db, sid, None, ids["forutsattningar"], keywords={"sv": []})
    with zipfile.ZipFile(io.BytesIO(qdpx.project_bytes(db, sid))) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    assert schema("Project").validate(project)
    names = {c.get("name"): c.get("isCodable") for c in project.iter(f"{{{PROJECT_NS}}}Code")}
    assert names["Förutsättningar"] == "false" and names["Samarbete"] == "true"


def _csrf(client: FlaskClient, survey_id: int) -> str:
    import re

    page = client.get(f"/coding/surveys/{survey_id}/codebook").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
