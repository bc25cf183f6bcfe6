"""REFI-QDA project exchange (.qdpx): a project other tools accept, with the survey's answers,
respondents, codes, codings and memos; offsets that still point at the coded words (also
after pseudonymisation); a round trip that gives back the same codings; projects from other
tools read as they come; and refusal — with nothing written — of files that cannot be used."""

from __future__ import annotations

import io
import json
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from survey.exchange.qdpx import OffsetMap, export_project, import_project
from survey.exchange.refi_qda import PROJECT_NS, SCHEMA_DIR, RefiQdaError
from survey.privacy.pseudonymise import pseudonymise
from survey.store import Store
from survey.workbench import actions

NS = {"p": PROJECT_NS}
TABLES = ("codes", "codings", "memos", "codebook_log", "coding_log")
EMOJI_TEXT = "Bra 👍🏽 – Åsa och teamet: samverkan fungerade, trots allt."


def _code(db: Store, survey_id: int, key: str) -> int:
    return db.code_by_key(survey_id, key)["id"]


def _span(
    db: Store, sid: int, user: int, answer_id: int, key: str, words: str, stance: str = ""
) -> int:
    """Code the first occurrence of `words` in the answer; the new coding's id."""
    text = db.answer_for_coding(answer_id)["value"]
    start = text.index(words)
    cell = actions.add_coding(
        db, sid, user, answer_id, _code(db, sid, key),
        start=start, end=start + len(words), quote=words, stance=stance,
    )  # fmt: skip
    return next(c["id"] for c in cell["codings"] if c["mine"] and c["start"] == start)


def _whole(db: Store, sid: int, user: int, answer_id: int, key: str, stance: str = "") -> int:
    cell = actions.add_coding(db, sid, user, answer_id, _code(db, sid, key), stance=stance)
    return next(c["id"] for c in cell["codings"] if c["mine"] and c["start"] is None)


@pytest.fixture
def coded(db: Store, team: dict) -> dict[str, Any]:
    """The demo survey with attributes on its respondents, codings whole and in spans by anna
    and bo (one span after an emoji, where code points and UTF-16 units differ), a removed
    coding, and memos about the survey, a code, an answer and a coding."""
    sid = team["survey"]["id"]
    answers = team["answers"]
    for number, response_id in enumerate(sorted({a["response_id"] for a in answers})):
        attributes = {"stadsdel": ["Järva", "Kungsholmen"][number % 2], "roll": "Rektor"}
        db.db.execute(
            "UPDATE responses SET attributes = ? WHERE id = ?",
            (json.dumps(attributes, ensure_ascii=False), response_id),
        )
    emoji = answers[3]["id"]
    db.db.execute("UPDATE answers SET value = ? WHERE id = ?", (EMOJI_TEXT, emoji))
    first, second, third = answers[0]["id"], answers[1]["id"], answers[2]["id"]
    second_words = db.answer_for_coding(second)["value"].split(".")[0][:30]
    ids = {
        "anna_whole": _whole(db, sid, team["anna"], first, "tid_bemanning", "challenge"),
        "anna_span": _span(db, sid, team["anna"], second, "kartlaggning", second_words, "success"),
        "bo_span": _span(db, sid, team["bo"], second, "kartlaggning", second_words),
        "bo_whole": _whole(db, sid, team["bo"], third, "samverkan_skola_soc"),
        "emoji": _span(db, sid, team["bo"], emoji, "samverkan_skola_soc", "samverkan fungerade"),
    }
    removed = _whole(db, sid, team["anna"], third, "forankring")
    actions.remove_coding(db, sid, team["anna"], removed)
    stamp = "2025-03-01T09:30:00+00:00"
    memos = {
        "survey": db.add_memo(sid, "survey", sid, team["anna"], "Läs alla svar först.", stamp),
        "code": db.add_memo(
            sid, "code", _code(db, sid, "kartlaggning"), team["bo"], "Gränsfall?", stamp
        ),
        "answer": db.add_memo(sid, "answer", first, team["bo"], "Starkt citat.", stamp),
        "coding": db.add_memo(
            sid, "coding", ids["anna_span"], team["anna"], "Se även fråga 5.", stamp
        ),
    }
    return {"sid": sid, "codings": ids, "memos": memos, "answers": [first, second, third, emoji]}


def _export(db: Store, sid: int, **options: Any) -> bytes:
    buffer = io.BytesIO()
    export_project(db, sid, buffer, **options)
    return buffer.getvalue()


def _unzip(data: bytes) -> tuple[etree._Element, dict[str, str]]:
    """The project.qde's root and the Sources files by guid."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        files = {
            name.removeprefix("Sources/").removesuffix(".txt"): archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("Sources/")
        }
    return root, files


def _source_texts(data: bytes) -> dict[str, tuple[etree._Element, str]]:
    """Each TextSource by name, with the text its plainTextPath points at."""
    root, files = _unzip(data)
    found = {}
    for source in root.iterfind("p:Sources/p:TextSource", NS):
        path = source.get("plainTextPath")
        assert path == f"internal://{source.get('guid')}.txt"
        found[source.get("name")] = (source, files[source.get("guid")])
    return found


def _codings(db: Store, sid: int) -> set[tuple[Any, ...]]:
    rows = db.db.execute(
        "SELECT c.answer_id, k.key, u.email, c.start, c.end, c.stance FROM codings c "
        "JOIN codes k ON k.id = c.code_id JOIN users u ON u.id = c.coder_id "
        "WHERE k.survey_id = ? AND c.deleted_at IS NULL",
        (sid,),
    ).fetchall()
    return set(rows)


def _snapshot(db: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {t: db.db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def _delete_codings(db: Store, sid: int) -> None:
    db.db.execute(
        "UPDATE codings SET deleted_at = '2025-01-01T00:00:00+00:00' WHERE deleted_at IS NULL "
        "AND code_id IN (SELECT id FROM codes WHERE survey_id = ?)",
        (sid,),
    )


def _qdpx(project: str, files: dict[str, str] | None = None, name: str = "project.qde") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, project.encode("utf-8"))
        for path, text in (files or {}).items():
            archive.writestr(path, text.encode("utf-8"))
    return buffer.getvalue()


# -- export -------------------------------------------------------------------------------------


def test_an_exported_project_validates_against_the_refi_qda_project_schema(
    db: Store, coded: dict
) -> None:
    with zipfile.ZipFile(io.BytesIO(_export(db, coded["sid"]))) as archive:
        names = archive.namelist()
        document = etree.parse(io.BytesIO(archive.read("project.qde")))
    xsd = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "Project.xsd")))
    xsd.assertValid(document)
    root = document.getroot()
    assert root.get("origin") == "survey" and root.get("name") == "Demo: chefsenkät SST plus"
    assert root.get("creationDateTime")
    assert all(n == "project.qde" or n.startswith("Sources/") for n in names)


def test_each_open_answer_travels_as_a_text_file_holding_exactly_the_stored_text(
    db: Store, team: dict, coded: dict
) -> None:
    sources = _source_texts(_export(db, coded["sid"]))
    answers = db.exchange_answers(coded["sid"])
    expected = {f"Respondent {a['response_id']} – {a['qid']}": a["value"] for a in answers}
    assert {name: text for name, (_, text) in sources.items()} == {
        name: text for name, text in expected.items() if text
    }
    assert EMOJI_TEXT in {text for _, text in sources.values()}


def test_respondents_become_cases_carrying_their_attributes_as_variables(
    db: Store, coded: dict
) -> None:
    root, _ = _unzip(_export(db, coded["sid"]))
    variables = {v.get("guid"): v.get("name") for v in root.iterfind("p:Variables/p:Variable", NS)}
    assert sorted(variables.values()) == ["roll", "stadsdel"]
    assert all(v.get("typeOfVariable") == "Text" for v in root.iterfind(".//p:Variable", NS))
    sources = {s.get("guid"): s.get("name") for s in root.iterfind(".//p:TextSource", NS)}
    responses = db.response_rows(coded["sid"])
    cases = root.findall("p:Cases/p:Case", NS)
    assert [c.get("name") for c in cases] == [f"Respondent {r['id']}" for r in responses]
    for case, response in zip(cases, responses, strict=True):
        values = {
            variables[v.find("p:VariableRef", NS).get("targetGUID")]: v.findtext(
                "p:TextValue", "", NS
            )
            for v in case.iterfind("p:VariableValue", NS)
        }
        assert values == json.loads(response["attributes"])
        refs = [sources[r.get("targetGUID")] for r in case.iterfind("p:SourceRef", NS)]
        assert refs and all(n.startswith(f"{case.get('name')} – ") for n in refs)


def test_selection_offsets_slice_the_source_text_to_the_coded_quote(db: Store, coded: dict) -> None:
    sources = _source_texts(_export(db, coded["sid"]))
    code_guids = {c["guid"]: c["key"] for c in db.codes(coded["sid"])}
    found = set()
    for source, text in sources.values():
        for selection in source.iterfind("p:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            [coding] = selection.findall("p:Coding", NS)
            key = code_guids[coding.find("p:CodeRef", NS).get("targetGUID")]
            found.add((text[start:end], key))
    live = db.exchange_codings(coded["sid"], active_codes_only=True)
    assert found == {(c["quote"], db.code(c["code_id"])["key"]) for c in live}
    assert ("samverkan fungerade", "samverkan_skola_soc") in found, "code points, not UTF-16"
    assert len(found) == 4 and len(live) == 5, "anna's and bo's equal spans quote the same words"


def test_whole_answer_codings_cover_the_whole_text_and_removed_codings_stay_home(
    db: Store, coded: dict
) -> None:
    sources = _source_texts(_export(db, coded["sid"]))
    selections = [
        (s, text) for s, text in sources.values() for s in s.iterfind("p:PlainTextSelection", NS)
    ]
    guids = {s.get("guid") for s, _ in selections}
    assert len(selections) == 5, "five live codings; the removed one is not exported"
    whole = [s for s, text in selections if int(s.get("endPosition")) == len(text)]
    assert all(s.get("startPosition") == "0" for s in whole) and len(whole) == 2
    assert len(guids) == 5


def test_the_projects_users_are_the_coders_and_every_coding_names_its_coder(
    db: Store, coded: dict
) -> None:
    data = _export(db, coded["sid"])
    root, _ = _unzip(data)
    users = {u.get("guid"): u.get("id") for u in root.iterfind("p:Users/p:User", NS)}
    assert sorted(users.values()) == ["anna@example.org", "bo@example.org"]
    again, _ = _unzip(_export(db, coded["sid"]))
    assert {u.get("guid") for u in again.iterfind("p:Users/p:User", NS)} == set(users)
    by_quote: dict[str, set[str]] = {}
    for selection in root.iterfind(".//p:PlainTextSelection", NS):
        coding = selection.find("p:Coding", NS)
        assert coding.get("creatingUser") == selection.get("creatingUser")
        by_quote.setdefault(selection.get("startPosition"), set()).add(
            users[coding.get("creatingUser")]
        )
    assert {"anna@example.org", "bo@example.org"} in by_quote.values()


def test_memos_travel_as_notes_referenced_from_what_they_are_about(db: Store, coded: dict) -> None:
    root, _ = _unzip(_export(db, coded["sid"]))
    notes = {
        n.get("guid"): n.findtext("p:PlainTextContent", "", NS)
        for n in root.iterfind("p:Notes/p:Note", NS)
    }
    assert sorted(notes.values()) == sorted(
        ["Läs alla svar först.", "Gränsfall?", "Starkt citat.", "Se även fråga 5."]
    )

    def about(path: str) -> list[str]:
        return [notes[r.get("targetGUID")] for r in root.iterfind(path, NS)]

    assert about("p:NoteRef") == ["Läs alla svar först."]
    assert about(".//p:Code/p:NoteRef") == ["Gränsfall?"]
    assert about("p:Sources/p:TextSource/p:NoteRef") == ["Starkt citat."]
    assert about(".//p:PlainTextSelection/p:NoteRef") == ["Se även fråga 5."]


def test_a_failed_export_to_a_path_keeps_the_previous_file(
    db: Store, coded: dict, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "projekt.qdpx"
    export_project(db, coded["sid"], target)
    before = target.read_bytes()

    def broken(text: str) -> str:
        raise RuntimeError("pseudonymiser crashed")

    with pytest.raises(RuntimeError):
        export_project(db, coded["sid"], target, pseudonymise=broken)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["projekt.qdpx"]


# -- pseudonymisation ----------------------------------------------------------------------------


def test_a_pseudonymised_export_keeps_codings_on_the_same_words(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][0]["id"]
    text = "Vi ringde Kalle Andersson på 070-123 45 67 i går och sen gick det bra."
    db.db.execute("UPDATE answers SET value = ? WHERE id = ?", (text, answer))
    _span(db, sid, team["anna"], answer, "kartlaggning", "ringde Kalle")
    _span(db, sid, team["anna"], answer, "samverkan_skola_soc", "gick det bra")
    _span(db, sid, team["bo"], answer, "kartlaggning", "Andersson på 070")
    _whole(db, sid, team["bo"], answer, "tid_bemanning")
    db.add_memo(sid, "answer", answer, team["bo"], "Kalle Andersson igen.", "2025-01-01")

    hide = partial(pseudonymise, names=["Kalle Andersson"])
    data = _export(db, sid, pseudonymise=hide)
    sources = _source_texts(data)
    [(source, exported)] = [v for v in sources.values() if "[NAMN]" in v[1]]
    assert exported == "Vi ringde [NAMN] på [TELEFON] i går och sen gick det bra."
    quotes = {
        exported[int(s.get("startPosition")) : int(s.get("endPosition"))]
        for s in source.iterfind("p:PlainTextSelection", NS)
    }
    assert quotes == {"ringde [NAMN]", "gick det bra", "[NAMN] på [TELEFON]", exported}
    root, files = _unzip(data)
    assert not any("Kalle" in t or "070" in t for t in files.values())
    assert "[NAMN] igen." in [
        n.findtext("p:PlainTextContent", "", NS) for n in root.iterfind(".//p:Note", NS)
    ]
    result = import_project(db, sid, data, user_id=team["admin"])
    assert result.codings_added == 0
    assert any("no longer has the answer's stored text" in p for p in result.problems)


def test_offsets_move_word_by_word_through_a_rewritten_text() -> None:
    old = "Per och Eva Lind kom."
    new = "[NAMN] och [NAMN] kom."
    moved = OffsetMap.between(old, new)
    assert (moved.start(0), moved.end(3)) == (0, 6), "a coded name stays coded"
    assert new[moved.start(4) : moved.end(7)] == "och"
    start, end = old.index("Lind"), old.index("kom") + 3
    assert new[moved.start(start) : moved.end(end)] == "[NAMN] kom"
    assert (moved.start(len(old)), moved.end(len(old))) == (len(new), len(new))


# -- import -------------------------------------------------------------------------------------


def test_a_round_trip_brings_back_the_same_codings_at_the_same_offsets(
    db: Store, team: dict, coded: dict
) -> None:
    sid = coded["sid"]
    before = _codings(db, sid)
    data = _export(db, sid)
    _delete_codings(db, sid)
    assert _codings(db, sid) == set()
    result = import_project(db, sid, data, user_id=team["admin"])
    assert _codings(db, sid) == before
    assert (result.codings_added, result.codes_added, result.problems) == (5, 0, [])
    assert result.codes_matched == len(db.codes(sid))
    rows = db.exchange_codings(sid, active_codes_only=True)
    assert all(r["start"] is None or r["quote"] for r in rows)
    memo = db.memos(sid, "coding")[-1]
    assert memo["body"] == "Se även fråga 5." and db.coding(memo["target_id"])["deleted_at"] is None


def test_importing_the_same_project_twice_adds_nothing_the_second_time(
    db: Store, team: dict, coded: dict
) -> None:
    sid = coded["sid"]
    data = _export(db, sid)
    _delete_codings(db, sid)
    import_project(db, sid, data, user_id=team["admin"])
    after_first = _snapshot(db)
    again = import_project(db, sid, data, user_id=team["admin"])
    assert (again.codes_added, again.codings_added, again.memos_added) == (0, 0, 0)
    assert again.codings_skipped == 5
    assert _snapshot(db) == after_first


def test_importing_straight_after_exporting_changes_nothing(
    db: Store, team: dict, coded: dict
) -> None:
    before = _snapshot(db)
    result = import_project(db, coded["sid"], _export(db, coded["sid"]), user_id=team["admin"])
    assert (result.codings_added, result.memos_added, result.problems) == (0, 0, [])
    assert _snapshot(db) == before


def _other_tool(
    db: Store, team: dict, code_ref: str = "AAAAAAAA-1111-4222-8333-000000000002"
) -> bytes:
    """A project as another tool might write it: braces and upper-case guids, vendor elements
    and attributes, an inline text, a source from elsewhere, a coder known only by e-mail."""
    sid = team["survey"]["id"]
    answer = team["answers"][1]
    text = answer["text"]
    start = text.index(" ") + 1
    samverkan = db.code_by_key(sid, "samverkan_skola_soc")["guid"].upper()
    name = f"Respondent {answer['response_id']} – {answer['question']}"
    other = team["answers"][2]
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{PROJECT_NS}" xmlns:v="urn:vendor:extra" name="Från NVivo"
         origin="NVivo 14" v:build="1234">
  <Users>
    <User guid="{{BBBBBBBB-1111-4222-8333-000000000001}}" name="Bo B" id="bo@example.org"/>
    <User guid="BBBBBBBB-1111-4222-8333-000000000002" name="Okänd Person"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{samverkan}" name="Samverkan (omdöpt)" isCodable="true">
        <Code guid="{{AAAAAAAA-1111-4222-8333-000000000002}}" name="Gemensamma möten"
              isCodable="true" color="#ABC" v:weight="3">
          <Description>Nytt i NVivo.</Description>
          <v:Extra>ignored</v:Extra>
        </Code>
      </Code>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="CCCCCCCC-1111-4222-8333-000000000001" name="{name}">
      <PlainTextContent>{etree_escape(text)}</PlainTextContent>
      <PlainTextSelection guid="DDDDDDDD-1111-4222-8333-000000000001"
          startPosition="{start}" endPosition="{start + 10}"
          creatingUser="{{BBBBBBBB-1111-4222-8333-000000000001}}">
        <Coding guid="EEEEEEEE-1111-4222-8333-000000000001">
          <CodeRef targetGUID="{code_ref}"/>
        </Coding>
        <Coding guid="EEEEEEEE-1111-4222-8333-000000000002"
                creatingUser="BBBBBBBB-1111-4222-8333-000000000002">
          <CodeRef targetGUID="{samverkan}"/>
        </Coding>
        <NoteRef targetGUID="FFFFFFFF-1111-4222-8333-000000000001"/>
        <v:Highlight colour="yellow"/>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="CCCCCCCC-1111-4222-8333-000000000002" name="Intervju rektor 3"
                plainTextPath="internal://CCCCCCCC-1111-4222-8333-000000000002.txt">
      <PlainTextSelection guid="DDDDDDDD-1111-4222-8333-000000000002"
          startPosition="0" endPosition="5">
        <Coding guid="EEEEEEEE-1111-4222-8333-000000000003">
          <CodeRef targetGUID="{samverkan}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="CCCCCCCC-1111-4222-8333-000000000003"
                name="Respondent {other["response_id"]} – {other["question"]}"
                plainTextPath="internal://CCCCCCCC-1111-4222-8333-000000000003.txt">
      <Coding guid="EEEEEEEE-1111-4222-8333-000000000004"
              creatingUser="BBBBBBBB-1111-4222-8333-000000000001">
        <CodeRef targetGUID="{samverkan}"/>
      </Coding>
    </TextSource>
    <PDFSource guid="CCCCCCCC-1111-4222-8333-000000000004" name="Rapport.pdf"/>
  </Sources>
  <Notes>
    <Note guid="FFFFFFFF-1111-4222-8333-000000000001" name="Memo"
          creatingUser="BBBBBBBB-1111-4222-8333-000000000002"
          creationDateTime="2025-04-01T08:00:00.123Z">
      <PlainTextContent>Återkommande tema.</PlainTextContent>
    </Note>
    <Note guid="FFFFFFFF-1111-4222-8333-000000000002" name="Fristående">
      <PlainTextContent>Allmän reflektion.</PlainTextContent>
    </Note>
  </Notes>
  <v:Settings zoom="2"/>
</Project>"""
    return _qdpx(
        project,
        {
            "Sources/CCCCCCCC-1111-4222-8333-000000000002.txt": "Helt annan text.",
            "sources/cccccccc-1111-4222-8333-000000000003.txt": "\ufeff" + other["text"],
        },
    )


def etree_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_a_project_from_another_tool_brings_its_codes_codings_and_notes_home(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    result = import_project(db, sid, _other_tool(db, team), user_id=team["admin"])
    assert (result.codes_added, result.codes_matched) == (1, 1)
    new = db.codes(sid)[-1]
    assert (new["label"], new["color"], new["description"]) == (
        "Gemensamma möten", "#aabbcc", "Nytt i NVivo."
    )  # fmt: skip
    assert new["guid"] == "aaaaaaaa-1111-4222-8333-000000000002"
    assert new["parent_id"] == _code(db, sid, "samverkan_skola_soc")
    assert db.code(new["parent_id"])["label"] != "Samverkan (omdöpt)", "codes are not renamed"
    answer, other = team["answers"][1], team["answers"][2]
    start = answer["text"].index(" ") + 1
    assert _codings(db, sid) == {
        (answer["id"], new["key"], "bo@example.org", start, start + 10, ""),
        (answer["id"], "samverkan_skola_soc", STRANGER, start, start + 10, ""),
        (other["id"], "samverkan_skola_soc", "bo@example.org", None, None, ""),
    }, "no stance is guessed where the file gives none"
    assert result.codings_added == 3 and result.codings_skipped == 1
    assert db.db.execute("SELECT DISTINCT source FROM codings").fetchall() == [("human",)]
    assert len(result.problems) == 2
    assert "'Intervju rektor 3' matches no answer" in result.problems[0]
    assert "PDF" in result.problems[1]
    memos = {m["body"]: m for m in db.memos(sid)}
    assert memos["Återkommande tema."]["target"] == "coding"
    assert memos["Återkommande tema."]["author"] == STRANGER, "the note's own author"
    assert memos["Återkommande tema."]["created_at"] == "2025-04-01T08:00:00+00:00"
    assert memos["Allmän reflektion."]["target"] == "survey"
    assert result.memos_added == 2
    again = import_project(db, sid, _other_tool(db, team), user_id=team["admin"])
    assert (again.codes_added, again.codes_matched, again.codings_added) == (0, 2, 0)
    assert again.memos_added == 0


def test_a_source_whose_text_was_edited_elsewhere_is_skipped_not_guessed_onto(
    db: Store, team: dict, coded: dict
) -> None:
    sid = coded["sid"]
    data = _export(db, sid)
    _delete_codings(db, sid)
    changed = coded["answers"][1]
    db.db.execute("UPDATE answers SET value = value || ' Tillägg.' WHERE id = ?", (changed,))
    result = import_project(db, sid, data, user_id=team["admin"])
    assert {c[0] for c in _codings(db, sid)} == set(coded["answers"]) - {changed}
    [problem] = result.problems
    assert "no longer has the answer's stored text" in problem and "2 coding(s)" in problem
    assert result.codings_skipped == 2


# "Okänd Person" of the other tool's project: no e-mail, no account here.
STRANGER = "okand_person.bbbbbbbb@kodare.invalid"


def test_a_coder_unknown_here_gets_a_disabled_account_and_only_anonymous_work_needs_an_importer(
    db: Store, team: dict
) -> None:
    result = import_project(db, team["survey"]["id"], _other_tool(db, team), user_id=None)
    assert result.codings_added == 3, "bo's two codings and the stranger's own"
    assert result.coders_added == [STRANGER]
    account = next(u for u in db.users() if u["email"] == STRANGER)
    assert (account["name"], account["disabled"], account["role"]) == (
        "Okänd Person", 1, "evaluator"
    )  # fmt: skip
    assert db.user_by_email(STRANGER) is None, "a disabled account cannot be used"
    # A note that names no author at all still needs an importer.
    assert any("not a user here" in p for p in result.problems)
    again = import_project(db, team["survey"]["id"], _other_tool(db, team), user_id=None)
    assert again.coders_added == [] and again.codings_added == 0, "the same account again"


def test_a_coding_of_a_code_that_exists_nowhere_is_refused_and_nothing_is_written(
    db: Store, team: dict
) -> None:
    before = _snapshot(db)
    unknown = "99999999-1111-4222-8333-000000000009"
    with pytest.raises(RefiQdaError) as refused:
        import_project(db, team["survey"]["id"], _other_tool(db, team, unknown), user_id=None)
    assert unknown in str(refused.value) and "neither the project's codebook" in str(refused.value)
    assert _snapshot(db) == before


XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
PROJECT = f'<Project xmlns="{PROJECT_NS}" name="x"/>'
UNUSABLE = {
    "not a zip": (PROJECT.encode(), "not a .qdpx project"),
    "no project.qde": (_qdpx("hej", name="Sources/a.txt"), "no project.qde"),
    "broken XML": (_qdpx(XML_HEAD + f'<Project xmlns="{PROJECT_NS}" name="x">'), "well-formed"),
    "not a project": (_qdpx(XML_HEAD + "<html/>"), "not a REFI-QDA project"),
    "XXE": (
        _qdpx(
            XML_HEAD + '<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            f'<Project xmlns="{PROJECT_NS}" name="&xxe;"/>'
        ),
        "entities",
    ),
    "billion laughs": (
        _qdpx(
            XML_HEAD
            + '<!DOCTYPE Project [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            + '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
            + f'<Project xmlns="{PROJECT_NS}" name="&d;"/>'
        ),
        "entities",
    ),
    "empty": (b"", "empty"),
}


@pytest.mark.parametrize("case", UNUSABLE, ids=list(UNUSABLE))
def test_a_file_that_is_no_usable_project_is_refused_and_nothing_is_written(
    db: Store, team: dict, case: str
) -> None:
    data, reason = UNUSABLE[case]
    before = _snapshot(db)
    with pytest.raises(RefiQdaError) as refused:
        import_project(db, team["survey"]["id"], data, user_id=team["admin"])
    assert reason in str(refused.value)
    assert _snapshot(db) == before


def test_a_project_is_read_from_a_path_or_an_open_file(
    db: Store, team: dict, coded: dict, tmp_path: Path
) -> None:
    path = tmp_path / "p.qdpx"
    export_project(db, coded["sid"], path)
    _delete_codings(db, coded["sid"])
    with path.open("rb") as handle:
        assert import_project(db, coded["sid"], handle, user_id=None).codings_added == 5
    assert import_project(db, coded["sid"], path, user_id=None).codings_added == 0


def test_the_cli_exports_placeholders_by_default_and_round_trips_with_original_text(
    runner, db: Store, team: dict, tmp_path: Path
) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    db.db.execute(
        "UPDATE answers SET value = ? WHERE id = ?",
        ("Ring mig på 070-123 45 67 om " + answer["text"], answer["id"]),
    )
    code = db.code_by_key(sid, "kartlaggning")["id"]
    actions.add_coding(db, sid, team["anna"], answer["id"], code)
    safe = tmp_path / "skyddad.qdpx"
    assert runner("export", "qdpx", "demo", "--out", str(safe)).exit_code == 0
    with zipfile.ZipFile(safe) as archive:
        sources = [archive.read(n).decode() for n in archive.namelist() if n.startswith("Sources/")]
    assert any("[TELEFON]" in s for s in sources) and not any("070-123" in s for s in sources)
    full = tmp_path / "full.qdpx"
    assert runner("export", "qdpx", "demo", "--out", str(full), "--original-text").exit_code == 0
    db.db.execute("DELETE FROM codings")
    result = runner("import", "qdpx", "demo", str(full), "--as", "admin@example.org")
    assert result.exit_code == 0 and "codings: 1 added" in result.output, result.output
    assert [c["code_id"] for c in db.visible_codings([answer["id"]], 0)] == [code]
    broken = tmp_path / "trasig.qdpx"
    broken.write_bytes(b"inte en zip")
    refused = runner("import", "qdpx", "demo", str(broken))
    assert refused.exit_code == 1 and "trasig.qdpx" in refused.output
