"""Person names nobody listed: children and staff named in an answer.

Nobody can list every child in advance, so a capitalised word that is a known first name
or surname is taken for a person's name, with the guards the listed names have: a name
that is also an everyday word ("Per", "Hope", "Lova") counts only when capitalised away
from the start of a sentence, and months, weekdays and holidays never count. A word not
in the name lists counts when it stands beside a known name ("Helen Woldu", "Bassam and
Abdinasir") or right after a word that introduces a person ("min son", "Skolsköterskan",
"heter"); a known name typed in lower case counts only after such a word.

The names come from Faker's person data (MIT licence), which ships the Swedish first
names (Institute for Language and Folklore, Isof: the 500 most common per sex) and
surnames (Swedish Tax Agency: the 500 most common) and the same kind of lists for the
other languages Stockholm's families speak; only the Latin-script entries are used. The
everyday words are spaCy's lookup tables (spacy-lookups-data, MIT): a known name that is
also a Swedish or English word form. Both are read once per process.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import json
import pkgutil
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import numpy as np

# Never a person, however capitalised: months, weekdays, holidays (both languages).
_CALENDAR = frozenset(
    [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
        "january",
        "february",
        "march",
        "may",
        "june",
        "july",
        "august",
        "october",
        "måndag",
        "tisdag",
        "onsdag",
        "torsdag",
        "fredag",
        "lördag",
        "söndag",
        "måndagar",
        "fredagar",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "jul",
        "påsk",
        "midsommar",
        "lucia",
        "easter",
        "christmas",
    ]
)
# Words after which the next word is a person ("min son Luka", "Skolsköterskan Naima").
_INTRODUCERS = frozenset(
    [
        "son",
        "sonen",
        "dotter",
        "dottern",
        "barnet",
        "barnbarnet",
        "bror",
        "brodern",
        "syster",
        "systern",
        "kusin",
        "mamma",
        "pappa",
        "mor",
        "far",
        "mamman",
        "pappan",
        "heter",
        "hette",
        "kallas",
        "mentor",
        "mentorn",
        "lärare",
        "läraren",
        "fröken",
        "kurator",
        "kuratorn",
        "rektor",
        "rektorn",
        "assistent",
        "assistenten",
        "skolsköterskan",
        "sköterskan",
        "specialpedagogen",
        "skolpsykologen",
        "familjebehandlaren",
        "socialsekreteraren",
        "handläggaren",
        "kontaktpersonen",
        "son",
        "daughter",
        "brother",
        "sister",
        "named",
        "called",
        "teacher",
        "mentor",
        "assistant",
        "nurse",
        "counsellor",
        "counselor",
        "principal",
    ]
)
# Places in and around Stockholm that are also names or in no word table: a district is
# a respondent attribute and a report group, not a person.
_PLACES = frozenset(
    [
        "stockholm",
        "järva",
        "kungsholmen",
        "rinkeby",
        "tensta",
        "hjulsta",
        "husby",
        "kista",
        "akalla",
        "spånga",
        "hässelby",
        "vällingby",
        "bromma",
        "skärholmen",
        "farsta",
        "enskede",
        "årsta",
        "vantör",
        "hägersten",
        "liljeholmen",
        "södermalm",
        "östermalm",
        "norrmalm",
        "vasastan",
        "gamla",
        "stan",
        "älvsjö",
        "skarpnäck",
        "bagarmossen",
        "solna",
        "sundbyberg",
        "botkyrka",
        "huddinge",
        "haninge",
        "nacka",
        "täby",
        "järfälla",
        "sollentuna",
        "södertälje",
        "upplands",
        "väsby",
        "sverige",
        "sweden",
        "göteborg",
        "malmö",
        "uppsala",
        "norrland",
        "finland",
    ]
)
# Capitalised words that are neither names nor in the word tables: English language and
# nationality words, diagnoses named after people, apps and services families mention,
# and Swedish function words the lemma table leaves out.
_NEVER = (
    frozenset(
        [
            "arabic",
            "arabiska",
            "swedish",
            "svenska",
            "english",
            "engelska",
            "somali",
            "somaliska",
            "finnish",
            "finska",
            "polish",
            "polska",
            "turkish",
            "turkiska",
            "persian",
            "persiska",
            "farsi",
            "dari",
            "kurdish",
            "kurdiska",
            "tigrinya",
            "spanish",
            "spanska",
            "french",
            "franska",
            "german",
            "tyska",
            "bosnian",
            "bosniska",
            "russian",
            "ryska",
            "ukrainian",
            "ukrainska",
            "amharic",
            "urdu",
            "pashto",
            "albanian",
            "serbian",
            "croatian",
            "greek",
            "italian",
            "tourette",
            "tourettes",
            "asperger",
            "aspergers",
            "adhd",
            "add",
            "autism",
            "netflix",
            "snapchat",
            "whatsapp",
            "instagram",
            "tiktok",
            "youtube",
            "google",
            "facebook",
            "fortnite",
            "minecraft",
            "roblox",
            "discord",
            "teams",
            "zoom",
            "skolplattformen",
            "unikum",
            "vklass",
            "bris",
            "spotify",
            "iphone",
            "ipad",
            "efter",
            "innan",
            "under",
            "sedan",
            "medan",
            "eftersom",
            "fast",
            "trots",
            "utan",
            "mellan",
            "genom",
            "enligt",
            "bland",
            "hej",
            "hejsan",
            "tack",
            "kanske",
            "också",
            "även",
            "ändå",
            "redan",
            "alltså",
            "dock",
            "förut",
            "numera",
        ]
    )
    | _PLACES
)
_JOINERS = frozenset({"och", "and", "&", ",", "eller", "or", "samt"})
_LATIN_NAME = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_VOWEL = re.compile(r"[aeiouyåäöéü]")
_NOT_LATIN = re.compile(r"[^\x00-\u024f]")

# A word as written: capitalised or not, hyphenated parts, a genitive.
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*(?:['\u2019]s\b|['\u2019](?!\w))?")


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
            if not isinstance(value, dict | list | tuple):
                continue
            for entry in value:
                if not isinstance(entry, str) or _NOT_LATIN.search(entry):
                    continue
                for part in entry.split():
                    if _LATIN_NAME.fullmatch(part) and len(part) > 1:
                        names.add(part.lower())
    return names


def _word_forms(language: str) -> set[str]:
    """The word forms of spaCy's lemma lookup table for `language`."""
    data = resources.files("spacy_lookups_data") / "data" / f"{language}_lemma_lookup.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return {w.lower() for w in table} | {w.lower() for w in table.values()}


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


class _Vocabulary:
    """Every Swedish and English word form, kept as a sorted array of 64-bit hashes
    (5 MB instead of the tables' 60 MB of strings): is this word an everyday word?"""

    def __init__(self, forms: set[str]) -> None:
        self._hashes = np.unique(np.fromiter((_hash(w) for w in forms), dtype=np.uint64))

    def __contains__(self, word: str) -> bool:
        value = np.uint64(_hash(word))
        i = int(np.searchsorted(self._hashes, value))
        return i < len(self._hashes) and self._hashes[i] == value

    def compound(self, word: str) -> bool:
        """A Swedish compound whose last part is a word ("skolplattformen")."""
        return any(word[k:] in self for k in range(2, len(word) - 3))


def _stop_words(language: str) -> set[str]:
    """spaCy's stop words for `language`, read as data (without importing spaCy): the
    function words and adverbs ("hemma", "annars") the lemma tables leave out."""
    source = (resources.files("spacy") / "lang" / language / "stop_words.py").read_text("utf-8")
    return {w.lower() for block in re.findall(r'"""(.*?)"""', source, re.S) for w in block.split()}


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], _Vocabulary]:
    """(known names, the known names that are also everyday words, every everyday
    word), once per process."""
    names = _faker_names()
    forms = _word_forms("sv") | _word_forms("en") | _stop_words("sv") | _stop_words("en")
    return frozenset(names - _CALENDAR), frozenset(names & forms), _Vocabulary(forms)


def _base(word: str, names: frozenset[str]) -> str:
    """The name in a word as written: without a genitive ("Samuels", "Eldar's")."""
    low = word.lower().replace("\u2019", "'")
    if low.endswith("'s"):
        return low[:-2]
    if low.endswith("'"):
        return low[:-1]
    if low.endswith("s") and low not in names and low[:-1] in names:
        return low[:-1]
    return low


def _known(base: str, names: frozenset[str]) -> bool:
    return base in names or all(p in names for p in re.split(r"[-\u2010\u2011]", base) if p)


def find_unlisted(
    text: str, sentence_initial, everyday: frozenset[str]
) -> Iterator[tuple[int, int]]:
    """(start, end) of every unlisted person name in `text`. `sentence_initial(text,
    start)` tells a capital that proves nothing; `everyday` are further words that are
    names only with evidence (the listed names' guard)."""
    names, words, vocabulary = name_lists()
    tokens = list(_WORD.finditer(text))
    found: dict[int, tuple[int, int]] = {}
    kinds: list[str] = []  # per token: "name", "word" (an ambiguous name), "other"
    lower_case: list[int] = []
    for m in tokens:
        base = _base(m[0], names)
        inner_capital = any(c.isupper() for c in m[0][1:]) and not m[0].isupper()
        if inner_capital or base in _CALENDAR or base in _NEVER or not _known(base, names):
            kinds.append("other")
        elif base in words or base in everyday:
            # A short everyday word ("Vi", "Bo") is too common a capital to go on.
            kinds.append("word" if len(base) > 2 else "other")
        else:
            kinds.append("name")
    for i, m in enumerate(tokens):
        word = m[0]
        capital = word[0].isupper() and not (len(word) > 1 and word.isupper())
        before = tokens[i - 1][0].lower() if i else ""
        introduced = before in _INTRODUCERS and text[tokens[i - 1].end() : m.start()].isspace()
        if not capital:
            # A known name typed in lower case: after a word that introduces a person,
            # or (below) beside another name.
            if kinds[i] == "name" and introduced:
                found[i] = (m.start(), m.end())
            elif kinds[i] == "name" and _base(word, names) not in vocabulary:
                lower_case.append(i)
            continue
        initial = sentence_initial(text, m.start())
        if kinds[i] == "name" or (kinds[i] == "word" and not initial):
            found[i] = (m.start(), m.end())
    # Unknown capitalised words beside a name found, or right after an introducer.
    for i, m in enumerate(tokens):
        if i in found or kinds[i] != "other":
            continue
        word = m[0]
        base = _base(word, names)
        if not word[0].isupper() or any(c.isupper() for c in word[1:]) or base in _CALENDAR:
            continue
        if base in _NEVER:
            continue
        rare = (
            len(base) > 3
            and _VOWEL.search(base) is not None
            and base not in vocabulary
            and not vocabulary.compound(base)
        )
        if sentence_initial(text, m.start()):
            # A capital proves nothing here: only beside a name ("Fadi och Sirpa").
            if rare and _beside_a_name(text, tokens, i, found):
                found[i] = (m.start(), m.end())
            continue
        if rare:
            found[i] = (m.start(), m.end())
            continue
        before = tokens[i - 1][0].lower() if i else ""
        if before in _INTRODUCERS and text[tokens[i - 1].end() : m.start()].isspace():
            found[i] = (m.start(), m.end())
            continue
        if _beside_a_name(text, tokens, i, found):
            found[i] = (m.start(), m.end())
    # A name that is also a word, at the start of a sentence, beside a name found: its
    # first name ("Anna Lindqvist ringde").
    for i, m in enumerate(tokens):
        if i not in found and kinds[i] == "word" and m[0][0].isupper():
            neighbour = found.get(i + 1)
            if neighbour and text[m.end() : tokens[i + 1].start()] in (" ", "\u00a0"):
                found[i] = (m.start(), m.end())
    for _ in range(2):  # "erdal demir": each lower-case name is the other's evidence
        for i in lower_case:
            if i not in found and (
                _beside_a_name(text, tokens, i, found)
                or any(_beside_a_name(text, tokens, i, {j: (0, 0)}) for j in lower_case if j != i)
            ):
                found[i] = (tokens[i].start(), tokens[i].end())
    yield from _merged(sorted(found.items()), text)


def _adjacent(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    gap = text[first.end() : second.start()]
    return gap == " " or gap == "\u00a0"


def _beside_a_name(
    text: str, tokens: list[re.Match[str]], i: int, found: dict[int, tuple[int, int]]
) -> bool:
    """Token `i` stands right beside a name found ("Helen Woldu"), or is joined to one
    by a comma, "och" or "and" ("Bassam and Abdinasir")."""
    for j in (i - 1, i + 1):
        if j in found:
            first, second = tokens[min(i, j)], tokens[max(i, j)]
            gap = text[first.end() : second.start()]
            if gap in (" ", "\u00a0", ", ") or gap.strip() in _JOINERS and len(gap) < 6:
                return True
    for j, middle in ((i - 2, i - 1), (i + 2, i + 1)):
        if j in found and tokens[middle][0].lower() in _JOINERS:
            first, second = tokens[min(i, j)], tokens[max(i, j)]
            if len(text[first.end() : second.start()]) <= len(tokens[middle][0]) + 2:
                return True
    return False


def _merged(found: list[tuple[int, tuple[int, int]]], text: str) -> Iterator[tuple[int, int]]:
    """Neighbouring name words as one name ("Helen Woldu")."""
    start = end = -1
    for _, (s, e) in found:
        if start >= 0 and text[end:s] in (" ", "\u00a0"):
            end = e
            continue
        if start >= 0:
            yield start, end
        start, end = s, e
    if start >= 0:
        yield start, end
