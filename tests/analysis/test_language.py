"""Which language an answer is in, told from its text or from the tokenised answer (the
engine's way: one tokenisation, function words compared as hashes)."""

from __future__ import annotations

import pytest

from analysis import language
from analysis.engine import Engine
from analysis.pipeline import pipeline

ANSWERS = [
    ("Kartläggningen var en framgångsfaktor för oss.", "sv"),
    ("Vi hade inte tid att ses varje vecka men det gick bra", "sv"),
    ("Hembesok och sma steg, det var det som hjalpte.", "sv"),
    ("The home visits were what made the difference for us.", "en"),
    ("Flexible home visits, weekly meetings.", "en"),
    ("We lacked time, and the budget ends in June.", "en"),
    ("SST", "sv"),
    ("", "sv"),
]


@pytest.mark.parametrize(("text", "expected"), ANSWERS)
def test_the_tokenised_answer_tells_the_same_language_as_its_text(
    engine: Engine, text: str, expected: str
) -> None:
    doc = pipeline("sv").make_doc(text)
    from_doc = language.detect_doc(doc, text, "sv", ("sv", "en"), engine._known)
    from_text = language.detect(text, "sv", ("sv", "en"), engine._known)
    assert from_doc == from_text == expected


def test_an_answer_in_the_other_language_is_coded_in_its_own_pipeline(engine: Engine) -> None:
    from analysis.engine import Answer

    coded = engine.code(
        [
            Answer("sv", "Familjebehandlarna gjorde hembesök."),
            Answer("en", "The family therapists made home visits."),
        ]
    )
    assert [c.lang for c in coded] == ["sv", "en"]
    assert all("flexibilitet" in c.themes() for c in coded)
