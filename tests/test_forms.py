"""Form classes built from a definition validate each question type on the server."""

from __future__ import annotations

from flask import Flask
from werkzeug.datastructures import MultiDict

from survey.fielding.forms import form_value, page_form_class, stored_value, visible_questions
from survey.fielding.questionnaire import loads

DEFINITION = """
id = "typer"
languages = ["sv", "en"]
title = { sv = "Typer", en = "Types" }

[[pages]]
id = "p1"

  [[pages.questions]]
  id = "antal"
  type = "number"
  min = 0
  max = 30
  text = { sv = "Hur många möten?", en = "How many meetings?" }

  [[pages.questions]]
  id = "platser"
  type = "multi"
  text = { sv = "Var träffades ni?", en = "Where did you meet?" }
  choices = [
    { value = "hemma", label = { sv = "Hemma", en = "At home" } },
    { value = "skolan", label = { sv = "I skolan", en = "At school" } },
    { value = "annat", label = { sv = "Annat", en = "Elsewhere" } },
  ]

  [[pages.questions]]
  id = "annat_var"
  type = "text"
  text = { sv = "Var då?", en = "Where?" }
  show_if = { question = "platser", equals = "annat" }

  [[pages.questions]]
  id = "nojd"
  type = "likert"
  dont_know = true
  text = { sv = "Jag är nöjd.", en = "I am satisfied." }
"""

Q = loads(DEFINITION)


def _validate(app: Flask, lang: str, data: dict[str, object]):
    with app.test_request_context(method="POST", data=MultiDict(data)):
        form = page_form_class(Q.pages[0], lang)(meta={"csrf": False})
        form.validate()
        return form


def test_number_outside_its_range_gets_a_message_in_each_language(app: Flask) -> None:
    assert _validate(app, "sv", {"antal": "31"}).errors["antal"] == [
        "Skriv ett heltal mellan 0 och 30."
    ]
    assert _validate(app, "en", {"antal": "-1"}).errors["antal"] == [
        "Please enter a whole number between 0 and 30."
    ]
    assert "antal" not in _validate(app, "sv", {"antal": "12"}).errors


def test_text_instead_of_a_number_is_refused(app: Flask) -> None:
    assert _validate(app, "sv", {"antal": "tolv"}).errors["antal"]


def test_multi_choice_accepts_several_values_and_refuses_forged_ones(app: Flask) -> None:
    ok = _validate(app, "sv", {"platser": ["hemma", "skolan"]})
    assert "platser" not in ok.errors
    assert stored_value(Q.question("platser"), ok.platser.data) == '["hemma", "skolan"]'
    forged = _validate(app, "en", {"platser": ["hemma", "<script>"]})
    assert forged.errors["platser"] == ["Please choose one of the options."]


def test_likert_offers_five_steps_and_dont_know(app: Flask) -> None:
    q = Q.question("nojd")
    assert q.choice_values() == ("1", "2", "3", "4", "5", "0")
    assert q.choice_labels("sv")[-1] == ("0", "Vet inte")
    assert "nojd" not in _validate(app, "sv", {"nojd": "0"}).errors
    assert _validate(app, "sv", {"nojd": "6"}).errors["nojd"]


def test_control_characters_are_removed_from_text(app: Flask) -> None:
    form = _validate(app, "sv", {"platser": "annat", "annat_var": " Fritids\x00gården\x1b \r\n"})
    assert form.annat_var.data == "Fritidsgården"


def test_show_if_follows_multi_answers_and_stored_values_round_trip() -> None:
    questions = list(Q.questions())
    assert "annat_var" not in visible_questions(questions, {"platser": ["hemma"]})
    assert "annat_var" in visible_questions(questions, {"platser": ["hemma", "annat"]})
    multi = Q.question("platser")
    assert form_value(multi, stored_value(multi, ["annat"])) == ["annat"]
    assert form_value(Q.question("antal"), "7") == 7
    assert stored_value(Q.question("antal"), None) is None
