"""Known person names and everyday words, built once per machine for `person_names`.

The names come from Faker's and Mimesis' person data (both MIT): the Swedish first names
(Institute for Language and Folklore) and surnames (Swedish Tax Agency), Mimesis' longer
Swedish list, and the same kind of lists for the other languages Stockholm's families
speak (Finnish, Turkish, Polish, Bosnian/Croatian, Arabic and Persian names as the Swiss,
Norwegian and Icelandic lists spell them); only Latin-script entries are used. No package
ships Somali, Tigrinya or Kurdish names in Latin script, so those are found as words in no
list. The everyday words are spaCy's lookup tables (spacy-lookups-data, MIT): the Swedish
and English lemma tables (a form written only capitalised there is a proper noun, not an
everyday word: "Sara", "Eritrea") and the English word frequencies (a lower-case word
more common than its capitalised form is everyday: "honestly"; a capitalised word far
more common than its lower-case form is a known proper noun: "Syria"). Building the lists
takes seconds, so the result is kept in a cache file (`SURVEY_CACHE`, else the user's cache
folder) keyed by this module's and `name_words`' sources and the packages' versions, read once per
process after that.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import json
import os
import pkgutil
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from survey.privacy import name_words

_LATIN_NAME = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_NOT_LATIN = re.compile(r"[^\x00-\u024f]")


def _names_of(entries: Iterator[object], names: set[str]) -> None:
    """Add the Latin-script parts of each entry ("Anna-Karin", "van Dijk") to `names`."""
    for entry in entries:
        if not isinstance(entry, str) or _NOT_LATIN.search(entry):
            continue
        for part in entry.split():
            if _LATIN_NAME.fullmatch(part) and len(part) > 1:
                names.add(part.lower())


def _faker_names() -> set[str]:
    """Every Latin-script first name and surname Faker ships, lower case."""
    from faker.providers import person

    names: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        for attribute in dir(provider):
            if not attribute.startswith(("first_names", "last_names")):
                continue
            value = getattr(provider, attribute, None)
            if isinstance(value, dict | list | tuple):
                _names_of(iter(value), names)
    return names


def _flat(value: object) -> Iterator[object]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _flat(item)
    elif isinstance(value, list):
        yield from value
    else:
        yield value


def _mimesis_names() -> set[str]:
    """Every Latin-script first name and surname of Mimesis' person data (read as data,
    without importing Mimesis): longer lists than Faker's for Swedish, Norwegian, Finnish,
    Turkish, Polish, Croatian and the Swiss list, which holds many of the names families
    from East Africa and the Middle East give."""
    names: set[str] = set()
    try:
        datasets = resources.files("mimesis") / "datasets"
    except ModuleNotFoundError:  # an install without it still finds Faker's names
        return names
    for folder in datasets.iterdir():
        data = folder / "person.json"
        if not data.is_file():
            continue
        person = json.loads(data.read_text(encoding="utf-8"))
        for key in ("names", "surnames"):
            _names_of(_flat(person.get(key, {})), names)
    return names


def _lemma_forms(language: str) -> tuple[set[str], set[str]]:
    """spaCy's lemma lookup table for `language`: (the forms written in lower case, the
    forms written only capitalised: proper nouns, "Eritrea", "Cecilia", "Kubas")."""
    data = resources.files("spacy_lookups_data") / "data" / f"{language}_lemma_lookup.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    lower: set[str] = set()
    capitalised: set[str] = set()
    for word in (*table, *table.values()):
        (capitalised if word[:1].isupper() else lower).add(word.lower())
    return lower, capitalised - lower


# How often a word is in English text (spaCy's lexeme probabilities, natural log): a
# lower-case form this common, more common than its capitalised form, is an everyday word
# ("honestly", "hope"); a capitalised form this common, clearly more common than its
# lower-case form, is a known proper noun: a place, a brand, a celebration ("Syria").
_FREQUENT = -15.0
_PROPER_MARGIN = 1.0


def _english_frequencies() -> tuple[set[str], set[str]]:
    """(English everyday words, English proper nouns) from the frequency table."""
    data = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        table: dict[str, float] = json.load(handle)
    everyday: set[str] = set()
    proper: set[str] = set()
    for word, p in table.items():
        if not isinstance(p, float) or p < _FREQUENT or not word.isalpha():
            continue
        if word.islower() and p >= table.get(word.capitalize(), -99.0):
            everyday.add(word)
        elif (
            word[0].isupper()
            and word[1:].islower()
            and p > table.get(word.lower(), -99.0) + _PROPER_MARGIN
        ):
            proper.add(word.lower())
    return everyday, proper


def _stable_hash(word: str) -> int:
    """A 64-bit hash that is the same in every process (Python's own `hash` of a string
    changes per process), so a vocabulary can be cached on disk."""
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class Vocabulary:
    """A word set kept as a sorted array of 64-bit hashes (6 MB instead of the tables'
    60 MB of strings): is this word an everyday word?"""

    def __init__(self, hashes: np.ndarray) -> None:
        self.hashes = hashes

    @classmethod
    def of(cls, forms: set[str]) -> Vocabulary:
        return cls(np.unique(np.fromiter((_stable_hash(w) for w in forms), dtype=np.int64)))

    def __contains__(self, word: str) -> bool:
        value = np.int64(_stable_hash(word))
        i = int(np.searchsorted(self.hashes, value))
        return i < len(self.hashes) and self.hashes[i] == value

    def compound(self, word: str) -> bool:
        """A Swedish compound whose last part is a word of five letters or more
        ("skolplattformen"); shorter tails are found inside names ("War-same")."""
        if any(word[k:] in self for k in range(2, len(word) - 4)):
            return True
        # A four-letter tail counts when the head is an everyday word of four letters
        # or more too, bare or with a linking s or o ("verksamhet-s-chef",
        # "elevhäls-o-chef"), and the tail is no part Swedish surnames are made of
        # ("Ek-gren"): two everyday words make a compound, not a name.
        for k in range(4, len(word) - 3):
            tail = word[k:]
            if tail not in name_words.SURNAME_TAILS and tail in self and self._head(word[:k]):
                return True
        return False

    def _head(self, head: str) -> bool:
        if head in self:
            return True
        if head.endswith("s") and len(head) > 4 and head[:-1] in self:
            return True
        return head.endswith("o") and len(head) > 4 and head[:-1] + "a" in self


def _stop_words(language: str) -> set[str]:
    """spaCy's stop words for `language`, read as data (without importing spaCy): the
    function words and adverbs ("hemma", "annars") the lemma tables leave out."""
    source = (resources.files("spacy") / "lang" / language / "stop_words.py").read_text("utf-8")
    return {w.lower() for block in re.findall(r'"""(.*?)"""', source, re.S) for w in block.split()}


@dataclass(frozen=True)
class Lexicon:
    """What the detector knows of words, read once per process."""

    names: frozenset[str]  # known first names and surnames
    name_words: frozenset[str]  # the known names that are also everyday words
    vocabulary: Vocabulary  # every everyday word form (Swedish and English)
    proper: Vocabulary  # proper nouns the tables know that are no known name
    function_words: frozenset[str]  # pronouns, prepositions…: "Han", "Hans", "Alla"


def _build_lexicon() -> Lexicon:
    names = (_faker_names() | _mimesis_names()) - name_words.CALENDAR
    sv_lower, sv_proper = _lemma_forms("sv")
    en_lower, en_proper = _lemma_forms("en")
    en_everyday, en_known_proper = _english_frequencies()
    function_words = _stop_words("sv") | _stop_words("en")
    forms = sv_lower | en_lower | en_everyday | function_words
    proper = (sv_proper | en_proper | en_known_proper) - forms - names
    return Lexicon(
        frozenset(names),
        frozenset(names & forms),
        Vocabulary.of(forms),
        Vocabulary.of(proper),
        frozenset(function_words),
    )


def cache_path() -> Path:
    """Where the built lexicon is kept: named for what it was built from, so a changed
    detector or an upgraded name or word package builds it anew."""
    key = hashlib.sha256(Path(__file__).read_bytes())
    key.update(Path(name_words.__file__).read_bytes())
    for package in ("faker", "mimesis", "spacy-lookups-data", "spacy"):
        try:
            key.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            key.update(f"{package}=none".encode())
    folder = os.environ.get("SURVEY_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "survey",
    )
    return Path(folder) / f"person-names-{key.hexdigest()[:16]}.npz"


def _save_lexicon(known: Lexicon, path: Path) -> None:
    """Written to a temporary file and renamed, so a reader never sees half a file; a
    folder that cannot be written only means the lists are built again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as out:
            np.savez(
                out,
                names=np.array(sorted(known.names)),
                name_words=np.array(sorted(known.name_words)),
                vocabulary=known.vocabulary.hashes,
                proper=known.proper.hashes,
                function_words=np.array(sorted(known.function_words)),
            )
        os.replace(out.name, path)
    except OSError:
        pass


def _load_lexicon(path: Path) -> Lexicon | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            return Lexicon(
                frozenset(data["names"].tolist()),
                frozenset(data["name_words"].tolist()),
                Vocabulary(data["vocabulary"]),
                Vocabulary(data["proper"]),
                frozenset(data["function_words"].tolist()),
            )
    except (OSError, KeyError, ValueError):
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The names and word lists, once per process (from the cache file when there is one)."""
    path = cache_path()
    known = _load_lexicon(path)
    if known is None:
        known = _build_lexicon()
        _save_lexicon(known, path)
    return known


def name_lists() -> tuple[frozenset[str], frozenset[str], Vocabulary]:
    """(known names, the known names that are also everyday words, every everyday
    word), once per process."""
    known = lexicon()
    return known.names, known.name_words, known.vocabulary
