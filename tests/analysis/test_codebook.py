"""Codebooks load in the documented format and every mistake is named with file and theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.codebook import CodebookError, bundled, load, loads
from analysis.engine import Engine

BASE = """
[codebook]
name = "Prov"
language = "sv"

[[themes]]
id = "arbetssatt"
label = "Arbetssätt"
keywords = []

[[themes]]
id = "kartlaggning"
label = "Kartläggning"
description = "Den inledande kartläggningen."
keywords = ["kartläggning", "bakomliggande orsak"]
parent = "arbetssatt"
color = "#1f77b4"
extra_field = "tillåtet"
"""


def test_bundled_codebooks_load_with_the_same_themes_in_both_languages() -> None:
    sv, en = load(bundled()), load(bundled("codebook_sst_en.toml"))
    assert sv.language == "sv" and en.language == "en"
    assert sv.ids == en.ids
    assert len(sv.codable()) >= 15
    assert all(t.keywords_for("sv") and t.keywords_for("en") for t in sv.codable())


def test_the_documented_format_loads_with_hierarchy_and_extra_fields() -> None:
    cb = loads(BASE, "prov.toml")
    theme = cb.theme("kartlaggning")
    assert theme.parent == "arbetssatt" and theme.color == "#1f77b4"
    assert theme.keywords_for("sv") == ("kartläggning", "bakomliggande orsak")
    assert [t.id for t in cb.codable()] == ["kartlaggning"]
    # An English label, where the codebook gives one, is what an English page shows.
    english = loads(BASE.replace('color = "#1f77b4"', 'label_en = "Assessment"'), "prov.toml")
    assert english.theme("kartlaggning").label_for("en") == "Assessment"
    assert english.theme("kartlaggning").label_for("sv") == theme.label
    assert theme.label_for("en") == theme.label, "no English label: the label as written"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: s.replace('id = "kartlaggning"', 'id = "arbetssatt"'),
            "theme 'arbetssatt': duplicate id",
        ),
        (
            lambda s: (
                s
                + '\n[[themes]]\nid = "a"\nlabel = "A"\nparent = "b"\n[[themes]]\nid = "b"\nlabel = "B"\nparent = "a"\n'
            ),
            "parent cycle",
        ),
        (
            lambda s: s.replace('parent = "arbetssatt"', 'parent = "saknas"'),
            "parent 'saknas' does not exist",
        ),
        (
            lambda s: s.replace('"bakomliggande orsak"', '"  "'),
            "theme 'kartlaggning': keyword 2 in 'keywords' is empty",
        ),
        (lambda s: s.replace('language = "sv"', 'language = "de"'), "unknown language 'de'"),
        (lambda s: s.replace('color = "#1f77b4"', 'color = "blå"'), "'color' must look like"),
        (
            lambda s: s.replace('color = "#1f77b4"', "label_en = 3"),
            "theme 'kartlaggning': 'label_en' must be text",
        ),
        (lambda s: s.replace("[codebook]", "[kodbok]"), "missing the [codebook] table"),
        (lambda s: s.replace('name = "Prov"', 'name = "Prov'), "TOML syntax error"),
    ],
)
def test_mistakes_are_named_with_file_and_theme(tmp_path: Path, change, message: str) -> None:
    path = tmp_path / "kodbok.toml"
    path.write_text(change(BASE), encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_an_id_may_be_swedish_but_not_capitalised(tmp_path: Path) -> None:
    cb = loads(BASE.replace('id = "kartlaggning"', 'id = "kartläggning_av_frånvaro"'), "sv.toml")
    assert "kartläggning_av_frånvaro" in cb.ids
    path = tmp_path / "kodbok.toml"
    path.write_text(BASE.replace('id = "kartlaggning"', 'id = "Kartlaggning"'), encoding="utf-8")
    with pytest.raises(CodebookError, match="'Kartlaggning'.* write 'kartlaggning'"):
        load(path)


def test_a_keyword_that_normalises_to_a_stop_word_is_refused() -> None:
    cb = loads(BASE.replace('"bakomliggande orsak"', '"blev"'), "stopp.toml")
    with pytest.raises(
        CodebookError, match="theme 'kartlaggning': keyword 'blev' normalises to the stop word"
    ):
        Engine(cb)
