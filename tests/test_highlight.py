"""Answer text on the page: coded spans highlighted, identifiers shown as placeholders
that still stand for the stored characters, so offsets stay in the stored text."""

from __future__ import annotations

from survey.privacy.pseudonymise import Pseudonymiser
from survey.workbench.highlight import pieces, shown


def test_an_identifier_becomes_one_placeholder_that_keeps_its_length() -> None:
    text = "Vi ringde Sara Ek på 070-123 45 67 igår."
    hidden = Pseudonymiser(["Sara Ek"]).find(text)
    parts = pieces(text, [(3, 17, "Kontakt", "#112233")], hidden)
    assert "".join(p.text for p in parts) == "Vi ringde [NAMN] på [TELEFON] igår."
    assert sum(p.length for p in parts) == len(text), "the pieces still add up to the text"
    name = next(p for p in parts if p.redacted == "NAMN")
    assert name.labels == ("Kontakt",) and text[name.start : name.start + name.length] == "Sara Ek"


def test_shown_text_of_a_span_has_the_placeholders_inside_it() -> None:
    text = "Mamman till Sara Ek ringde."
    hidden = Pseudonymiser(["Sara Ek"]).find(text)
    assert shown(text, 0, len(text), hidden) == "Mamman till [NAMN] ringde."
    assert shown(text, 0, 6, hidden) == "Mamman"
