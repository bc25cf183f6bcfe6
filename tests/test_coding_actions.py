"""Coding one answer: whole or a span, stance, removal, suggestions, undo — and what
happens when two evaluators act on the same answer at once or the text has changed."""

from __future__ import annotations

import pytest

from survey.store import Store
from survey.workbench import actions
from survey.workbench.actions import WorkbenchError
from tests.conftest import Suggest


def _code(db: Store, survey_id: int, key: str) -> int:
    return db.code_by_key(survey_id, key)["id"]


def test_whole_answer_coding_is_stored_once_with_coder_and_question_stance(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    answer = next(a for a in team["answers"] if a["stance_hint"] == "challenge")
    code = _code(db, sid, "tid_bemanning")
    cell = actions.add_coding(db, sid, team["anna"], answer["id"], code)
    again = actions.add_coding(db, sid, team["anna"], answer["id"], code, rev=cell["rev"])
    assert len(again["codings"]) == 1, "the same code twice by one coder is stored once"
    coding = again["codings"][0]
    assert coding["start"] is None and coding["quote"] == answer["text"]
    assert coding["stance"] == "challenge" and coding["coder"] == "anna@example.org"


def test_span_coding_keeps_offsets_into_the_stored_text(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    answer = max(team["answers"], key=lambda a: len(a["text"]))
    text = answer["text"]
    start = text.index(" ") + 1
    end = start + 12
    cell = actions.add_coding(
        db, sid, team["bo"], answer["id"], _code(db, sid, "samverkan_skola_soc"),
        start=start, end=end, quote=text[start:end],
    )  # fmt: skip
    [coding] = cell["codings"]
    assert (coding["start"], coding["end"], coding["quote"]) == (start, end, text[start:end])
    assert not coding["stale"]


def test_offsets_that_do_not_match_the_answer_are_refused_with_the_current_state(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    with pytest.raises(WorkbenchError) as refused:
        actions.add_coding(
            db, sid, team["anna"], answer["id"], _code(db, sid, "samverkan_skola_soc"),
            start=0, end=5, quote="något annat",
        )  # fmt: skip
    assert refused.value.status == 409 and refused.value.key == "workbench.error.offsets"
    assert refused.value.cell is not None and refused.value.cell["codings"] == []
    with pytest.raises(WorkbenchError):
        actions.add_coding(
            db, sid, team["anna"], answer["id"], _code(db, sid, "samverkan_skola_soc"),
            start=3, end=10_000, quote=answer["text"][3:],
        )  # fmt: skip


def test_a_span_whose_answer_changed_later_is_flagged_stale(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    text = answer["text"]
    actions.add_coding(
        db, sid, team["anna"], answer["id"], _code(db, sid, "samverkan_skola_soc"),
        start=0, end=8, quote=text[:8],
    )  # fmt: skip
    db.db.execute(
        "UPDATE answers SET value = ? WHERE id = ?", ("Helt ny text. " + text, answer["id"])
    )
    [coding] = actions.cell(db, sid, answer["id"], team["anna"])["codings"]
    assert coding["stale"] and coding["quote"] == text[:8], "the coded words are kept"


def test_two_evaluators_on_one_answer_get_a_conflict_not_a_silent_overwrite(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][1]
    seen_by_bo = actions.cell(db, sid, answer["id"], team["bo"])["rev"]
    anna = actions.add_coding(
        db, sid, team["anna"], answer["id"], _code(db, sid, "samverkan_skola_soc")
    )
    coding_id = anna["codings"][0]["id"]
    with pytest.raises(WorkbenchError) as refused:
        actions.remove_coding(db, sid, team["bo"], coding_id, rev=seen_by_bo)
    assert refused.value.status == 409 and refused.value.key == "workbench.error.conflict"
    assert [c["id"] for c in refused.value.cell["codings"]] == [coding_id], "shown, not lost"
    assert db.coding(coding_id)["deleted_at"] is None
    # With the fresh revision the same action goes through.
    actions.remove_coding(db, sid, team["bo"], coding_id, rev=refused.value.cell["rev"])
    assert db.coding(coding_id)["deleted_at"] is not None


def test_undo_walks_back_through_the_evaluators_own_actions(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    a, b = team["answers"][0]["id"], team["answers"][1]["id"]
    first = actions.add_coding(db, sid, team["anna"], a, _code(db, sid, "samverkan_skola_soc"))
    actions.set_stance(db, sid, team["anna"], first["codings"][0]["id"], "neutral")
    actions.add_coding(db, sid, team["anna"], b, _code(db, sid, "kartlaggning"))
    actions.add_coding(db, sid, team["bo"], b, _code(db, sid, "tid_bemanning"))
    assert actions.undo(db, sid, team["anna"])["id"] == b
    labels_b = [c["label"] for c in actions.cell(db, sid, b, team["anna"])["codings"]]
    assert len(labels_b) == 1, "Bo's coding is not Anna's to undo"
    assert actions.undo(db, sid, team["anna"])["codings"][0]["stance"] != "neutral"
    assert actions.undo(db, sid, team["anna"])["codings"] == []
    with pytest.raises(WorkbenchError) as nothing:
        actions.undo(db, sid, team["anna"])
    assert nothing.value.key == "workbench.error.nothing_to_undo"


def test_accepting_a_suggestion_records_who_and_from_which_source(
    db: Store, team: dict, suggest: Suggest
) -> None:
    sid = team["survey"]["id"]
    suggestion = suggest()[0]
    cell = actions.accept_suggestion(db, sid, team["bo"], suggestion["id"])
    [coding] = [c for c in cell["codings"] if c["code_id"] == suggestion["code_id"]]
    assert coding["source"] == suggestion["source"] and coding["coder"] == "bo@example.org"
    assert db.coding(coding["id"])["suggestion_id"] == suggestion["id"]
    assert suggestion["id"] not in {s["id"] for s in cell["suggestions"]}
    with pytest.raises(WorkbenchError) as twice:
        actions.reject_suggestion(db, sid, team["anna"], suggestion["id"])
    assert twice.value.key == "workbench.error.reviewed"


def test_a_rejected_suggestion_is_not_suggested_again_after_recoding(
    db: Store, team: dict, suggest: Suggest
) -> None:
    sid = team["survey"]["id"]
    suggestion = suggest()[0]
    actions.reject_suggestion(db, sid, team["anna"], suggestion["id"])
    again = suggest()
    assert (suggestion["answer_id"], suggestion["theme"]) not in {
        (s["answer_id"], s["theme"]) for s in again
    }
    assert db.suggestion(suggestion["id"])["decision"] == "rejected", "the decision is kept"


def test_undo_of_an_accept_removes_the_coding_and_reopens_the_suggestion(
    db: Store, team: dict, suggest: Suggest
) -> None:
    sid = team["survey"]["id"]
    suggestion = suggest()[0]
    actions.accept_suggestion(db, sid, team["anna"], suggestion["id"])
    cell = actions.undo(db, sid, team["anna"])
    assert suggestion["id"] in {s["id"] for s in cell["suggestions"]}
    assert all(c["code_id"] != suggestion["code_id"] for c in cell["codings"])


def test_another_surveys_answer_or_code_is_not_found(db: Store, team: dict) -> None:
    from tests.conftest import new_survey

    other = new_survey(db, "elev", "annan")
    sid = team["survey"]["id"]
    with pytest.raises(WorkbenchError) as refused:
        actions.add_coding(db, other["id"], team["anna"], team["answers"][0]["id"], 1)
    assert refused.value.status == 404
    with pytest.raises(WorkbenchError) as no_code:
        actions.add_coding(db, sid, team["anna"], team["answers"][0]["id"], 99_999)
    assert no_code.value.status == 404


def test_recoding_keeps_the_ids_of_suggestions_found_again(
    db: Store, team: dict, suggest: Suggest
) -> None:
    first = {(s["answer_id"], s["theme"], s["start"]): s["id"] for s in suggest()}
    again = {(s["answer_id"], s["theme"], s["start"]): s["id"] for s in suggest()}
    assert again == first, "a page built before the run can still accept them"


def test_a_suggestion_replaced_since_the_page_was_built_shows_the_current_state(
    db: Store, team: dict, suggest: Suggest
) -> None:
    sid = team["survey"]["id"]
    suggestion = suggest()[0]
    db.db.execute("DELETE FROM suggestions WHERE id = ?", (suggestion["id"],))
    with pytest.raises(WorkbenchError) as gone:
        actions.accept_suggestion(
            db, sid, team["anna"], suggestion["id"], answer_id=suggestion["answer_id"]
        )
    assert gone.value.status == 409 and gone.value.key == "workbench.error.suggestion_gone"
    assert gone.value.cell["id"] == suggestion["answer_id"]


def test_a_code_added_with_a_name_alone_is_suggested_where_its_word_is_used(
    db: Store, team: dict, suggest: Suggest
) -> None:
    from survey.workbench import codebook_editor as editor

    sid = team["survey"]["id"]
    # "gemensam" is in other codes' descriptions; "kalender" in none, but in a demo answer.
    code_id = editor.add_code(db, sid, team["admin"], "Gemensam kalender")
    found = [s for s in suggest() if s["code_id"] == code_id]
    assert found
    texts = {a["id"]: a["text"] for a in team["answers"]}
    assert all("kalender" in texts[s["answer_id"]].lower() for s in found)
