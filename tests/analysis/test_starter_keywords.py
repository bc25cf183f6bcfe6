"""The starter codebook's keywords whose base form in the lemma table is another word
("dator" → "data", "bestående" → "bestå") are written with a trailing * so that they
find their own word, not the other one."""

from __future__ import annotations

import pytest

from analysis.engine import Answer, Engine


def themes(engine: Engine, text: str) -> set[str]:
    return set(engine.code([Answer("a", text)])[0].themes())


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Hon fick en egen dator av skolan.", "lokaler_it"),
        ("Resultatet blev bestående även efter sommarlovet.", "hallbarhet_uppfoljning"),
        ("Handläggarnas lärande om skolfrånvaro var en vinst.", "kompetens_engagemang"),
        ("The team visited the family in the evening.", "flexibilitet"),
        ("The change was lasting, also after the summer.", "hallbarhet_uppfoljning"),
    ],
)
def test_the_keyword_still_finds_its_own_word(engine: Engine, text: str, theme: str) -> None:
    assert theme in themes(engine, text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # "data" is not "dator", "bestod av" is not "bestående", "lärt oss" not "lärande".
        ("Vi samlade in data om närvaron varje vecka.", "lokaler_it"),
        ("Stödet bestod av samtal med familjen.", "hallbarhet_uppfoljning"),
        ("Vi har lärt oss mycket om samverkan.", "kompetens_engagemang"),
        # "last" (the final one) is not "lasting".
        ("At the last meeting the school nurse came too.", "hallbarhet_uppfoljning"),
    ],
)
def test_the_other_word_with_the_same_base_form_is_not_taken_for_it(
    engine: Engine, text: str, theme: str
) -> None:
    assert theme not in themes(engine, text)
