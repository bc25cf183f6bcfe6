"""The questionnaire loader refuses bad definitions with the file and question named."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.fielding.questionnaire import QuestionnaireError, load_file, loads

GOOD = """
id = "test"
languages = ["sv", "en"]
title = { sv = "Test", en = "Test" }

[[pages]]
id = "p1"

  [[pages.questions]]
  id = "har_stod"
  type = "single"
  text = { sv = "Har ni fått stöd?", en = "Have you had support?" }
  choices = [
    { value = "ja", label = { sv = "Ja", en = "Yes" } },
    { value = "nej", label = { sv = "Nej", en = "No" } },
  ]

  [[pages.questions]]
  id = "vad_hjalpte"
  type = "textarea"
  text = { sv = "Vad hjälpte?", en = "What helped?" }
  show_if = { question = "har_stod", equals = "ja" }
"""


def write(tmp_path: Path, text: str, name: str = "enkat.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(QuestionnaireError) as info:
        load_file(path)
    message = str(info.value)
    assert str(path) in message, "the message must name the file"
    return message


def test_a_good_definition_loads_into_frozen_dataclasses(tmp_path: Path) -> None:
    q = load_file(write(tmp_path, GOOD))
    assert [x.id for x in q.questions()] == ["har_stod", "vad_hjalpte"]
    follow_up = q.question("vad_hjalpte")
    assert follow_up.show_if is not None and follow_up.show_if.matches("ja")
    assert not follow_up.show_if.matches("nej")
    with pytest.raises(AttributeError):
        follow_up.type = "text"  # type: ignore[misc]


def test_unknown_type_is_named_with_question_id(tmp_path: Path) -> None:
    message = problems_of(tmp_path, GOOD.replace('type = "textarea"', 'type = "essay"'))
    assert "question 'vad_hjalpte'" in message and "unknown type 'essay'" in message


def test_duplicate_question_id_is_reported(tmp_path: Path) -> None:
    message = problems_of(tmp_path, GOOD.replace('id = "vad_hjalpte"', 'id = "har_stod"'))
    assert "question 'har_stod'" in message and "duplicate question id" in message


def test_show_if_pointing_forward_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace(
        "\n  choices = [",
        '\n  show_if = { question = "vad_hjalpte", equals = "x" }\n  choices = [',
        1,
    )
    message = problems_of(tmp_path, text)
    assert "question 'har_stod'" in message
    assert "'vad_hjalpte', which is not an earlier question" in message


def test_show_if_pointing_to_missing_question_is_reported(tmp_path: Path) -> None:
    message = problems_of(
        tmp_path, GOOD.replace('question = "har_stod"', 'question = "finns_inte"')
    )
    assert "question 'vad_hjalpte'" in message and "'finns_inte', which does not exist" in message


def test_show_if_value_must_be_a_choice(tmp_path: Path) -> None:
    message = problems_of(tmp_path, GOOD.replace('equals = "ja"', 'equals = "kanske"'))
    assert (
        "question 'vad_hjalpte'" in message and "'kanske' is not a choice of 'har_stod'" in message
    )


def test_missing_translation_is_reported(tmp_path: Path) -> None:
    message = problems_of(
        tmp_path,
        GOOD.replace(
            'text = { sv = "Vad hjälpte?", en = "What helped?" }', 'text = { sv = "Vad hjälpte?" }'
        ),
    )
    assert "question 'vad_hjalpte'" in message and "'text' has no 'en' translation" in message


def test_missing_choice_label_translation_names_the_choice(tmp_path: Path) -> None:
    message = problems_of(
        tmp_path, GOOD.replace('label = { sv = "Nej", en = "No" }', 'label = { sv = "Nej" }')
    )
    assert "question 'har_stod', choice 'nej'" in message and "no 'en' translation" in message


def test_choice_question_without_choices_is_reported(tmp_path: Path) -> None:
    start = GOOD.index("  choices = [")
    end = GOOD.index("  ]\n", start) + 4
    message = problems_of(tmp_path, GOOD[:start] + GOOD[end:])
    assert "question 'har_stod'" in message and "needs 'choices'" in message


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    text = GOOD.replace('type = "textarea"', 'type = "essay"').replace(
        'en = "Have you had support?"', 'xx = "?"'
    )
    message = problems_of(tmp_path, text)
    assert "unknown type 'essay'" in message
    assert "question 'har_stod'" in message and "no 'en' translation" in message


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    message = problems_of(tmp_path, GOOD.replace('id = "p1"', 'id = "p1'))
    assert "TOML syntax error" in message and "line" in message


def test_unknown_key_is_reported_so_typos_do_not_pass_silently(tmp_path: Path) -> None:
    message = problems_of(
        tmp_path, GOOD.replace('type = "textarea"', 'type = "textarea"\n  requird = true')
    )
    assert "question 'vad_hjalpte'" in message and "unknown key 'requird'" in message


def test_number_bounds_must_be_in_order(tmp_path: Path) -> None:
    text = GOOD.replace('type = "textarea"', 'type = "number"\n  min = 10\n  max = 2').replace(
        '\n  show_if = { question = "har_stod", equals = "ja" }', ""
    )
    message = problems_of(tmp_path, text)
    assert "'min' (10) is greater than 'max' (2)" in message


def test_languages_must_include_swedish_and_english(tmp_path: Path) -> None:
    message = problems_of(tmp_path, GOOD.replace('languages = ["sv", "en"]', 'languages = ["sv"]'))
    assert "'languages' must include en" in message


def test_consent_questionnaire_needs_a_consent_question_first(tmp_path: Path) -> None:
    consent = """
[consent]
version = "1"
text = { sv = "Jag samtycker.", en = "I consent." }
responsible = { sv = "Staden", en = "The city" }
purpose = { sv = "Utvärdering", en = "Evaluation" }
retention = { sv = "Ett år", en = "One year" }
withdraw = { sv = "Hör av dig", en = "Get in touch" }
"""
    text = GOOD.replace("[[pages]]", consent + "\n[[pages]]", 1)
    message = problems_of(tmp_path, text)
    assert "needs a 'consent' question on its first page" in message


def test_unreadable_and_non_utf8_files_get_a_message(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match="cannot read file"):
        load_file(tmp_path / "saknas.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.replace("hjälpte", "hj\xe4lpte").encode("latin-1"))
    with pytest.raises(QuestionnaireError, match="not UTF-8"):
        load_file(path)


def test_content_hash_ignores_comments_and_layout() -> None:
    plain = loads(GOOD)
    commented = loads("# en kommentar\n" + GOOD.replace("\n\n", "\n\n\n"))
    changed = loads(GOOD.replace("Vad hjälpte?", "Vad hjälpte mest?"))
    assert plain.content_hash() == commented.content_hash()
    assert plain.content_hash() != changed.content_hash()
