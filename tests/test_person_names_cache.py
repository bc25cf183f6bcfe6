"""The pseudonymiser's name and word lists are built once per machine and read back from
a cache file after that: the same lists, whichever process reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.privacy import name_lexicon


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SURVEY_CACHE", str(tmp_path / "cache"))
    name_lexicon.lexicon.cache_clear()
    yield tmp_path / "cache"
    name_lexicon.lexicon.cache_clear()


def test_the_lists_are_cached_on_disk_and_read_back_the_same(fresh_cache: Path) -> None:
    built = name_lexicon.lexicon()
    [cached] = fresh_cache.glob("person-names-*.npz")
    name_lexicon.lexicon.cache_clear()
    read = name_lexicon.lexicon()
    assert read.names == built.names and read.name_words == built.name_words
    assert read.function_words == built.function_words
    for word in ("skolan", "honestly", "sara", "eritrea", "xqzvbn"):
        assert (word in read.vocabulary) == (word in built.vocabulary), word
        assert (word in read.proper) == (word in built.proper), word
    assert "skolan" in read.vocabulary and "xqzvbn" not in read.vocabulary
    assert cached.stat().st_size > 0


def test_a_damaged_cache_file_is_built_again(fresh_cache: Path) -> None:
    path = name_lexicon.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a numpy archive")
    known = name_lexicon.lexicon()
    assert "sara" in known.names
    assert path.read_bytes()[:2] == b"PK"  # rewritten as a real archive


def test_an_unwritable_cache_folder_only_means_building_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("SURVEY_CACHE", str(blocker / "cache"))
    name_lexicon.lexicon.cache_clear()
    try:
        assert "sara" in name_lexicon.lexicon().names
    finally:
        name_lexicon.lexicon.cache_clear()
