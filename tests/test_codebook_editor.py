"""Editing a survey's codebook while coding: renaming never touches codings, merges move
them and can be taken back until confirmed, a split reassigns them, and the codebook
travels as TOML and REFI-QDA QDC."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from analysis.preview import KeywordIndex
from survey.exchange import refi_qda
from survey.store import Store
from survey.workbench import actions
from survey.workbench import codebook_editor as editor
from survey.workbench.actions import WorkbenchError
from tests.conftest import new_survey


def _key(db: Store, sid: int, key: str) -> dict:
    return db.code_by_key(sid, key)


def test_the_starter_codebook_keeps_its_hierarchy_and_keywords(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    child, parent = _key(db, sid, "samverkan_skola_soc"), _key(db, sid, "samverkan")
    assert child["parent_id"] == parent["id"]
    assert "samverkan" in " ".join(editor.keywords_of(child)["sv"])
    assert editor.keywords_of(child).get("en"), "English keywords come along"


def test_renaming_and_recolouring_a_code_leaves_its_codings_alone(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    code = _key(db, sid, "kartlaggning")
    cell = actions.add_coding(db, sid, team["anna"], team["answers"][0]["id"], code["id"])
    rev = db.codebook_rev(sid)
    editor.update_code(db, sid, team["anna"], code["id"], label="Inledande kartläggning",
                       color="#123456")  # fmt: skip
    coding = db.coding(cell["codings"][0]["id"])
    assert coding["code_id"] == code["id"]
    assert actions.cell(db, sid, coding["answer_id"], team["anna"])["codings"][0]["label"] == (
        "Inledande kartläggning"
    )
    assert db.codebook_rev(sid) == rev + 1
    assert db.codebook_log(sid)[0]["action"] == "edit"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"label": "  "}, "codebook.error.label"),
        ({"color": "röd"}, "codebook.error.color"),
        ({"parent_id": 999_999}, "codebook.error.parent"),
    ],
)
def test_bad_code_edits_are_refused_with_a_reason(
    db: Store, team: dict, change: dict, key: str
) -> None:
    sid = team["survey"]["id"]
    with pytest.raises(WorkbenchError) as refused:
        editor.update_code(db, sid, None, _key(db, sid, "kartlaggning")["id"], **change)
    assert refused.value.key == key


def test_a_code_cannot_move_under_its_own_descendant(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    parent, child = _key(db, sid, "samverkan"), _key(db, sid, "samverkan_skola_soc")
    with pytest.raises(WorkbenchError) as refused:
        editor.update_code(db, sid, None, parent["id"], parent_id=child["id"])
    assert refused.value.key == "codebook.error.cycle"


def test_merging_moves_every_coding_and_undo_restores_exactly(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    a, b = team["answers"][0]["id"], team["answers"][1]["id"]
    source, target = _key(db, sid, "tid_bemanning"), _key(db, sid, "budget_finansiering")
    actions.add_coding(db, sid, team["anna"], a, source["id"])
    actions.add_coding(db, sid, team["anna"], a, target["id"])  # becomes a duplicate
    actions.add_coding(db, sid, team["bo"], b, source["id"])
    entry = editor.merge(db, sid, team["admin"], source["id"], target["id"])
    assert not db.code(source["id"])["active"]
    labels = [c["label"] for c in actions.cell(db, sid, a, team["anna"])["codings"]]
    assert labels == [target["label"]], "the duplicate on the same answer is folded"
    assert [c["label"] for c in actions.cell(db, sid, b, team["bo"])["codings"]] == [
        target["label"]
    ]
    editor.undo_merge(db, sid, team["admin"], entry)
    assert db.code(source["id"])["active"]
    assert sorted(c["label"] for c in actions.cell(db, sid, a, team["anna"])["codings"]) == sorted(
        [source["label"], target["label"]]
    )
    with pytest.raises(WorkbenchError) as settled:
        editor.confirm_merge(db, sid, team["admin"], entry)
    assert settled.value.key == "codebook.error.merge_settled"


def test_a_confirmed_merge_can_no_longer_be_undone_and_coding_with_the_old_code_is_refused(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    source, target = _key(db, sid, "lokaler_it"), _key(db, sid, "tid_bemanning")
    entry = editor.merge(db, sid, None, source["id"], target["id"])
    editor.confirm_merge(db, sid, None, entry)
    with pytest.raises(WorkbenchError):
        editor.undo_merge(db, sid, None, entry)
    with pytest.raises(WorkbenchError) as stale:
        actions.add_coding(db, sid, team["anna"], team["answers"][0]["id"], source["id"])
    assert stale.value.key == "workbench.error.code_gone" and stale.value.status == 409
    assert stale.value.params["into"] == target["label"]


def test_merging_a_code_into_its_descendant_is_refused(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    parent, child = _key(db, sid, "samverkan"), _key(db, sid, "samverkan_skola_soc")
    with pytest.raises(WorkbenchError) as refused:
        editor.merge(db, sid, None, parent["id"], child["id"])
    assert refused.value.key == "codebook.error.merge_descendant"
    assert db.code(parent["id"])["active"], "nothing changed"


def test_a_merged_parent_hands_its_sub_codes_to_the_target(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    parent, other = _key(db, sid, "samverkan"), _key(db, sid, "organisation")
    children = db.child_code_ids(parent["id"])
    entry = editor.merge(db, sid, None, parent["id"], other["id"])
    assert all(db.code(c)["parent_id"] == other["id"] for c in children)
    editor.undo_merge(db, sid, None, entry)
    assert all(db.code(c)["parent_id"] == parent["id"] for c in children)


def test_splitting_a_code_moves_the_chosen_codings_to_a_new_code(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    code = _key(db, sid, "foraldrastod")
    ids = [
        actions.add_coding(db, sid, team["anna"], a["id"], code["id"])["codings"][0]["id"]
        for a in team["answers"][:3]
    ]
    new = editor.add_code(
        db, sid, team["anna"], "Föräldrars delaktighet", parent_id=code["parent_id"]
    )
    assert editor.reassign(db, sid, team["anna"], ids[:2], new) == 2
    assert [db.coding(i)["code_id"] for i in ids] == [new, new, code["id"]]


def test_toml_export_imports_into_another_survey_with_the_same_tree(db: Store, team: dict) -> None:
    survey = team["survey"]
    editor.add_code(db, survey["id"], None, 'Ny kod "med" citat', description="rad 1\nrad 2")
    text = editor.to_toml(db, survey, "sv")
    other = new_survey(db, "chefsenkat", "kopia")
    added, updated = editor.import_toml(db, other["id"], None, text.encode(), "export.toml")
    assert (added, updated) == (len(db.codes(survey["id"])), 0)
    original = {c["key"]: c for c in db.codes(survey["id"])}
    for code in db.codes(other["id"]):
        source = original[code["key"]]
        assert (code["label"], code["description"], code["guid"]) == (
            source["label"], source["description"], source["guid"],
        )  # fmt: skip
        parent = db.code(code["parent_id"])["key"] if code["parent_id"] else None
        assert parent == (db.code(source["parent_id"])["key"] if source["parent_id"] else None)


def test_a_codebook_with_swedish_ids_imports_and_exports_unchanged(db: Store, team: dict) -> None:
    """An evaluator's own TOML names its codes in Swedish: the keys survive the round trip
    and the engine codes with them."""
    from analysis.codebook import loads
    from analysis.engine import Answer, Engine

    raw = (
        '[codebook]\nname = "Egen"\nlanguage = "sv"\n'
        '[[themes]]\nid = "föräldrar"\nlabel = "Föräldrarnas delaktighet"\n'
        'keywords = ["föräldramöte"]\n'
        '[[themes]]\nid = "skolmåltid"\nlabel = "Skolmåltiden"\nparent = "vardag"\n'
        '[[themes]]\nid = "vardag"\nlabel = "Vardagen i skolan"\n'
    ).encode()
    survey = new_survey(db, "chefsenkat", "egen")
    assert editor.import_toml(db, survey["id"], None, raw, "egen.toml") == (3, 0)
    keys = {c["key"] for c in db.codes(survey["id"])}
    assert keys == {"föräldrar", "skolmåltid", "vardag"}
    again = new_survey(db, "chefsenkat", "igen")
    text = editor.to_toml(db, survey, "sv")
    editor.import_toml(db, again["id"], None, text.encode(), "export.toml")
    assert {c["key"] for c in db.codes(again["id"])} == keys
    book = loads(text, "export.toml")
    coded = Engine(book).code([Answer("a", "Föräldramötet i höstas var välbesökt.")])[0]
    assert set(coded.themes()) == {"föräldrar"}


def test_qdc_export_validates_and_imports_back_by_guid(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    out = io.BytesIO()
    editor.export_qdc(db, sid, out)
    refi_qda.schema("Codebook").assertValid(etree.fromstring(out.getvalue()))
    code = _key(db, sid, "kartlaggning")
    editor.update_code(db, sid, None, code["id"], label="Tillfälligt namn")
    added, updated = editor.import_qdc(db, sid, None, out.getvalue())
    assert added == 0 and updated == len(db.codes(sid))
    assert db.code(code["id"])["label"] == "Kartläggning", "matched by GUID, name restored"


def test_a_broken_codebook_file_is_refused_with_its_problems(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    before = len(db.codes(sid))
    with pytest.raises(WorkbenchError) as refused:
        editor.import_toml(db, sid, None, b"[codebook]\nname = 'x'\n", "trasig.toml")
    assert (
        refused.value.key == "codebook.error.file" and "themes" in refused.value.params["problems"]
    )
    with pytest.raises(WorkbenchError):
        editor.import_qdc(db, sid, None, b"<CodeBook><Codes>")
    assert len(db.codes(sid)) == before


def test_keyword_preview_counts_compounds_and_inflections() -> None:
    index = KeywordIndex(
        [
            (1, "Samverkansmötena med socialtjänsten blev bättre."),
            (2, "Vi saknade tid för kartläggningen."),
            (3, "Eleven kom tillbaka till skolan."),
            (4, "The collaboration with social services improved a lot."),
        ]
    )
    assert index.matching(["samverkan"], "sv") == [1]
    assert index.matching(["kartläggning", "socialtjänst"], "sv") == [1, 2]
    assert index.matching(["komma tillbaka"], "sv") == [3]
    assert index.matching(["collaboration"], "en") == [4]
    assert index.matching(["och"], "sv") == [], "stop words never match"


def test_keyword_preview_shows_the_words_found_so_a_misread_keyword_shows() -> None:
    """The lemma table reads "dator" as a form of "data": the preview says so by listing
    "data" among the words found, and "dator*" finds the word as written alone."""
    index = KeywordIndex(
        [
            (1, "Vi samlade in data om närvaron."),
            (2, "Hon fick en egen dator, och datorn fungerade."),
            (3, "Datorstödet hjälpte henne."),
        ]
    )
    ids, words = index.found(["dator"], "sv")
    assert ids == [1, 2, 3] and "data" in words and {"dator", "datorn"} <= words
    ids, words = index.found(["dator*"], "sv")
    assert ids == [2, 3] and words == {"dator", "datorn", "datorstödet"}


def test_keyword_preview_counts_what_the_engine_finds_as_the_evaluator_types() -> None:
    from analysis.codebook import loads
    from analysis.engine import Answer, Engine

    answers = [
        (1, "Arbetet var förankrat hos rektorerna."),
        (2, "Det fanns bakomliggande orsaker till frånvaron."),
        (3, "Skolförankringen var svag."),
        (4, "Vi hade kontakt med öppenvården."),
        (5, "Personalen var öppen för nya arbetssätt."),
        (6, "Nu går han till skolan varje dag."),
        (7, "Efter jul gick hon inte till skolan."),
        (8, "Vi gick med mamman och hennes syster till skolan."),
    ]
    index = KeywordIndex(answers)
    for keywords in (
        ["förankr*"],
        ["förankring"],
        ["bakomliggande orsak"],
        ["öppenhet"],
        ["gå till skolan"],
    ):
        toml = (
            '[codebook]\nname = "P"\nlanguage = "sv"\n[[themes]]\nid = "t"\nlabel = "T"\n'
            f"keywords = {keywords!r}\n".replace("'", '"')
        )
        engine = Engine(loads(toml, "p.toml"))
        coded = engine.code([Answer(str(i), text, "q2") for i, text in answers])
        by_engine = [i for (i, _), c in zip(answers, coded, strict=True) if c.suggestions]
        assert index.matching(keywords, "sv") == by_engine, keywords


def test_the_json_export_lists_every_code_with_its_parent(db: Store, team: dict) -> None:
    import json

    data = json.loads(editor.to_json(db, team["survey"]))
    by_key = {c["key"]: c for c in data["codes"]}
    assert by_key["samverkan_skola_soc"]["parent"] == "samverkan"
    assert by_key["kartlaggning"]["keywords"]["sv"]
    assert len(by_key) == len(db.codes(team["survey"]["id"]))


def test_weak_and_question_keywords_survive_import_export_and_edits(db: Store, team: dict) -> None:
    survey = team["survey"]
    sid = survey["id"]
    soc = _key(db, sid, "samverkan_skola_soc")
    assert "socialtjänst" in editor.weak_keywords_of(soc)["sv"]
    assert "soc" in editor.question_keywords_of(soc)["sv"]["q5_samverkan"]
    editor.update_code(db, sid, team["anna"], soc["id"], keywords={"sv": ["samverkan"]},
                       weak={"sv": ["socialtjänst", "kontakt"]})  # fmt: skip
    edited = db.code(soc["id"])
    assert editor.keywords_of(edited)["sv"] == ["samverkan"]
    assert editor.weak_keywords_of(edited)["sv"] == ["socialtjänst", "kontakt"]
    assert editor.question_keywords_of(edited) == editor.question_keywords_of(soc), (
        "a form edit keeps the per-question keywords it does not show"
    )
    assert editor.keywords_of(edited)["en"] == editor.keywords_of(soc)["en"]
    theme = editor.to_codebook(db, survey, "sv").theme("samverkan_skola_soc")
    assert theme.weak_for("sv") == ("socialtjänst", "kontakt")
    assert "soc" in theme.question_keywords_for("sv")["q5_samverkan"]
    other = new_survey(db, "chefsenkat", "kopia")
    editor.import_toml(db, other["id"], None, editor.to_toml(db, survey, "sv").encode(), "x.toml")
    copy = _key(db, other["id"], "samverkan_skola_soc")
    assert editor.weak_keywords_of(copy) == editor.weak_keywords_of(edited)
    assert editor.question_keywords_of(copy) == editor.question_keywords_of(edited)
    data = __import__("json").loads(editor.to_json(db, survey))
    listed = {c["key"]: c for c in data["codes"]}["samverkan_skola_soc"]
    assert listed["weak_keywords"]["sv"] == ["socialtjänst", "kontakt"]


def test_a_second_code_with_the_same_name_is_refused(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    existing = _key(db, sid, "kartlaggning")
    before = len(db.codes(sid))
    for typed in (existing["label"], "  " + existing["label"].upper() + " "):
        with pytest.raises(WorkbenchError) as refused:
            editor.add_code(db, sid, team["anna"], typed)
        assert refused.value.key == "codebook.error.duplicate"
    other = _key(db, sid, "samverkan")
    with pytest.raises(WorkbenchError):
        editor.update_code(db, sid, team["anna"], other["id"], label=existing["label"])
    assert len(db.codes(sid)) == before
    # Positive controls: a new name is taken, and a code may keep its own name.
    editor.add_code(db, sid, team["anna"], "Hembesök")
    editor.update_code(db, sid, team["anna"], existing["id"], label=existing["label"])
    assert len(db.codes(sid)) == before + 1


def test_a_misplaced_star_in_a_keyword_is_refused_before_anything_is_stored(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    before = len(db.codes(sid))
    with pytest.raises(WorkbenchError) as raised:
        editor.add_code(db, sid, team["admin"], "Samarbete", keywords={"sv": ["sa*"]})
    assert raised.value.key == "codebook.error.wildcard"
    assert len(db.codes(sid)) == before
    code_id = editor.add_code(db, sid, team["admin"], "Samarbete", keywords={"sv": ["samarb*"]})
    assert editor.keywords_of(db.code(code_id))["sv"] == [
        "samarb*"
    ]  # a wildcard at the end is kept
