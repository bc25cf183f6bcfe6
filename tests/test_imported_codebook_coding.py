"""A codebook from another tool (REFI-QDA: names and descriptions, no keywords) codes
answers before any example: each sentence gets the code whose description it matches."""

from __future__ import annotations

import json

from analysis.engine import Answer, Engine
from survey.exchange import refi_qda
from survey.exchange.refi_qda import CodeRecord
from survey.privacy.pseudonymise import Pseudonymiser
from survey.store import Store
from survey.workbench import codebook_editor as editor
from survey.workbench.actions import evidence_summary
from survey.workbench.training import CODEBOOK_LANGUAGE
from tests.conftest import new_survey

CODES = [
    CodeRecord(
        refi_qda.new_guid(),
        "Hembesök",
        "Besök i familjens hem, samtal vid köksbordet och att möta föräldrarna där de bor.",
    ),
    CodeRecord(
        refi_qda.new_guid(),
        "Schema och anpassningar",
        "Förkortat schema, anpassad studiegång och mindre undervisningsgrupper i skolan.",
    ),
    CodeRecord(refi_qda.new_guid(), "Övrigt", "Annat som inte passar någon annan kod."),
]


def test_codes_imported_with_descriptions_alone_find_their_sentences(db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "importerad")
    added, _ = editor.import_qdc(db, survey["id"], None, refi_qda.codebook_bytes(CODES))
    assert added == 3
    engine = Engine(editor.to_codebook(db, survey, CODEBOOK_LANGUAGE))
    text = (
        "Teamet gjorde hembesök och satt med föräldrarna vid köksbordet. "
        "Skolan gav henne ett förkortat schema och en mindre undervisningsgrupp."
    )
    coded = engine.code([Answer("a", text, "q2_framgang", "success")])[0]
    labels = {c["key"]: c["label"] for c in db.codes(survey["id"])}
    found = {labels[s.theme]: text[s.start : s.end] for s in coded.suggestions}
    assert found == {
        "Hembesök": "Teamet gjorde hembesök och satt med föräldrarna vid köksbordet.",
        "Schema och anpassningar": (
            "Skolan gav henne ett förkortat schema och en mindre undervisningsgrupp."
        ),
    }


def test_the_evaluator_is_shown_the_words_that_match_a_codes_description(db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "importerad")
    editor.import_qdc(db, survey["id"], None, refi_qda.codebook_bytes(CODES))
    engine = Engine(editor.to_codebook(db, survey, CODEBOOK_LANGUAGE))
    text = "Hon fick ett förkortat schema och gick i en mindre undervisningsgrupp."
    [suggestion] = engine.code([Answer("a", text)])[0].suggestions
    summary = evidence_summary(json.dumps([e.as_dict() for e in suggestion.evidence]))
    # As the suggestion's cell shows them ("Träffar: …"), and marked in the text.
    assert {"schema", "undervisningsgrupp"} <= set(summary["words"])
    assert [text[a:b] for a, b in summary["marks"]] == summary["words"]


def test_a_matched_word_that_is_an_identifying_detail_is_not_shown_as_evidence(
    db: Store,
) -> None:
    # "Schema" is on the survey's list of names here: the text shows its placeholder,
    # and the evidence must not show the word the placeholder hides.
    survey = new_survey(db, "chefsenkat", "importerad")
    editor.import_qdc(db, survey["id"], None, refi_qda.codebook_bytes(CODES))
    engine = Engine(editor.to_codebook(db, survey, CODEBOOK_LANGUAGE))
    text = "Hon fick ett förkortat schema och gick i en mindre undervisningsgrupp."
    [suggestion] = engine.code([Answer("a", text)])[0].suggestions
    raw = json.dumps([e.as_dict() for e in suggestion.evidence])
    hidden = Pseudonymiser(names=["Schema"]).find(text)
    assert [text[f.start : f.end] for f in hidden] == ["schema"]
    summary = evidence_summary(raw, hidden)
    assert "schema" not in summary["words"] and "undervisningsgrupp" in summary["words"]
    assert all(text[a:b] != "schema" for a, b in summary["marks"])
