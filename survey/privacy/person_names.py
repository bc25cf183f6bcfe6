"""Person names nobody listed: children and staff named in an answer.

Nobody can list every child in advance. Each word is first sorted by what the lists say
of it: a known name (first names and surnames), a known name that is also an everyday
word ("Tuva", "Axel", "Hope"), a word in no list at all ("Yordanos", "Warsame"), a proper
noun the word tables know (a place, a brand), or an everyday word. Its context decides:

- capitalised in the middle of a sentence, a known name or a word in no list is a name,
  unless it stands in a place ("i Fittja"), after an article ("the Friends programme")
  or inside an organisation's name ("Maria Ungdom", "till Gröna Lund");
- at the start of a sentence a capital proves nothing: a known name counts, a name
  that is also a word counts when a person's verb follows ("Tuva säger", "Björn var
  rädd") or it owns a person ("Axels bästa kompis"), and a word in no list counts when it
  is the subject of the verb that follows ("Yordanos har…", not "Överlag har vi…");
- after a word that introduces a person ("min son", "Skolsköterskan", "mormor till",
  "heter") or beside a name found ("Helen Woldu", "Reem och Filsan") any capitalised word
  counts; in lower case a known name counts there or before a verb ("rojin har");
- as typed on a phone: a lower-case name after a person's preposition or a verb of
  meeting ("pratade med hanna", "tack till lena och anna"), names joined by "och", "o",
  "and", "n" before a person's verb ("sagal och deeqa har"), "e"/"va" for "är"/"var";
- who the person is, after the name ("Tarek, min son, …", "Tuva hennes syster"), or
  where they work and what they did ("Tove från teamet hjälpte oss"), or only where
  ("Liv från teamet", "Gunnel i matsalen");
- thanks ("tack karolina o mattias", "JAG VILL TACKA LOTTA", "thank you anna"), titles
  ("Mr Lindberg", "Dr Rahimi"), the writer beside them ("Vide och jag"), a clause only a
  person heads ("Shadi som pratar persiska"), the subject after its verb ("har wilma
  inte"); in capitals a name is read as if typed in lower case;
- and a name found once is a name wherever the answer writes it the same way, or in
  lower case when that is no everyday word.

Months (also where they look like a genitive: "Mars"), weekdays, holidays, languages,
nationalities, apps, districts and the countries families come from never count, nor do
pronouns, adverbs and words ending like a place ("-by", "-sätra", "-berg").

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
folder) keyed by this module's source and the packages' versions, and read once per
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

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
        "ramadan",
        "ramadhan",
        "eid",
        "bajram",
        "nowruz",
        "newroz",
        "diwali",
        "hanukkah",
        "halloween",
        "valborg",
        "julen",
        "påsken",
        "julafton",
        "nyår",
        "nyårsafton",
        "midsommarafton",
        "nouruz",
        "norouz",
        "eiden",
        "ramadanen",
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
        "kompis",
        "kompisen",
        "vän",
        "vännen",
        "lillebror",
        "storebror",
        "lillasyster",
        "storasyster",
        "tvillingen",
        "kusinen",
        "mormor",
        "farmor",
        "morfar",
        "farfar",
        "moster",
        "faster",
        "morbror",
        "farbror",
        "familjebehandlare",
        "kontaktperson",
        "socialsekreterare",
        "handläggare",
        "skolpsykolog",
        "psykologen",
        "specialpedagog",
        "tolk",
        "tolken",
        "elevassistenten",
        "klassföreståndaren",
        "tränaren",
        "friend",
        "cousin",
        "twin",
        "grandmother",
        "grandma",
        "aunt",
        "uncle",
        "kids",
        "therapist",
        "worker",
        "psychologist",
        "interpreter",
        "coach",
        # titles: "Mr Lindberg", "Dr Rahimi", "herr Nilsson"
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "doktor",
        "doktorn",
        "herr",
        "sir",
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
        # the outer districts and suburbs families write from, south and west
        "alby",
        "fittja",
        "hallunda",
        "norsborg",
        "tumba",
        "tullinge",
        "flemingsberg",
        "jordbro",
        "skogås",
        "vårby",
        "vårberg",
        "bredäng",
        "sätra",
        "rågsved",
        "högdalen",
        "hagsätra",
        "bandhagen",
        "hökarängen",
        "fagersjö",
        "farsta",
        "skarpnäck",
        "hammarbyhöjden",
        "björkhagen",
        "kärrtorp",
        "hässelby",
        "vällingby",
        "råcksta",
        "blackeberg",
        "kälvesta",
        "bromsten",
        "solhem",
        "lunda",
        "hjulsta",
        "sollentuna",
        "rissne",
        "hallonbergen",
        "märsta",
        "kurva",
        "segeltorp",
        "skärholmens",
        "botkyrka",
        "rönninge",
        "sverige",
        "sweden",
        "göteborg",
        "malmö",
        "uppsala",
        "norrland",
        "finland",
        # where families come from: a country is no person either
        "syria",
        "syrien",
        "somalia",
        "somaliland",
        "eritrea",
        "etiopien",
        "ethiopia",
        "irak",
        "iraq",
        "iran",
        "afghanistan",
        "turkiet",
        "turkey",
        "kurdistan",
        "libanon",
        "lebanon",
        "palestina",
        "palestine",
        "marocko",
        "morocco",
        "egypten",
        "egypt",
        "jemen",
        "yemen",
        "sudan",
        "bosnien",
        "bosnia",
        "kosovo",
        "serbien",
        "serbia",
        "kroatien",
        "croatia",
        "polen",
        "poland",
        "ryssland",
        "russia",
        "ukraina",
        "ukraine",
        "chile",
        "colombia",
        "bolivia",
        "peru",
        "ecuador",
        "argentina",
        "venezuela",
        "mexiko",
        "mexico",
        "estland",
        "djibouti",
        "kenya",
        "uganda",
        "etiopia",
        "mogadishu",
        "hargeisa",
        "asmara",
        "bagdad",
        "baghdad",
        "erbil",
        "damaskus",
        "damascus",
        "aleppo",
        "teheran",
        "tehran",
        "kabul",
        "ankara",
        "istanbul",
        "izmir",
        "sarajevo",
        "mostar",
        "tuzla",
        "warszawa",
        "gdansk",
        "krakow",
        "helsingfors",
        "tammerfors",
        "åbo",
        "lima",
    ]
)
# Swedish adverbs the lemma table leaves out: at the start of a sentence a verb follows
# them ("Överlag har vi…", "Hemma är det lugnt"), as it follows a name.
_ADVERBS = frozenset(
    [
        "hemma",
        "uppe",
        "nere",
        "framme",
        "borta",
        "överlag",
        "sammanfattningsvis",
        "tyvärr",
        "egentligen",
        "nästan",
        "dessutom",
        "däremot",
        "strax",
        "äntligen",
        "annars",
        "liksom",
        "okej",
        "hittills",
        "naturligtvis",
        "troligen",
        "förmodligen",
        "antagligen",
        "givetvis",
        "iallafall",
        "nuförtiden",
        "först",
        "efteråt",
        "därefter",
        "dessförinnan",
        "sedermera",
        "emellertid",
        "således",
        "följaktligen",
        "framförallt",
        "bitvis",
        "periodvis",
        "emellanåt",
        "sällan",
        "hursomhelst",
        "ärligtvis",
        "personligen",
        "huvudsakligen",
        "mestadels",
        "vanligtvis",
        "tydligen",
        "uppenbarligen",
        "lyckligtvis",
        "olyckligtvis",
        "dessvärre",
        "hemifrån",
        "hemåt",
        "därifrån",
        "härifrån",
        "överallt",
        "ingenstans",
        "någonstans",
    ]
)
# Endings of adverbs in no list ("stundvis", "ärligen", "honestly"): never a name.
_ADVERB_ENDINGS = ("vis", "ligen", "ly")
# Endings of Swedish place names ("Hammarby", "Hagsätra", "Vårberg"): a word in no list
# that ends so is a place.
_PLACE_ENDINGS = (
    "sätra",
    "berg",
    "by",
    "sta",
    "vik",
    "näs",
    "holm",
    "holmen",
    "torp",
    "ryd",
    "dal",
    "dalen",
    "lund",
    "stad",
    "köping",
    "sund",
    "tuna",
    "inge",
    "hamra",
    "backen",
    "hagen",
    "ängen",
    "ström",
    "fors",
    "åker",
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
            "schoolsoft",
            "infomentor",
            "chromebook",
            "playstation",
            "xbox",
            "fifa",
            "pokemon",
            "twitch",
            "telegram",
            "viber",
            "messenger",
            "swish",
            "bankid",
            "klarna",
            # what people are, not who: "min man är Turk"
            "turk",
            "kurd",
            "svensk",
            "finne",
            "somalier",
            "syrier",
            "eritrean",
            "afghan",
            "iranier",
            "irakier",
            "arab",
            "polack",
            "bosnier",
            # shops, chains and clubs families name as places they work or go
            "ica",
            "coop",
            "lidl",
            "willys",
            "hemköp",
            "mcdonalds",
            "friskis",
            "fryshuset",
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
    | _ADVERBS
)
# "o" and "n" are how "och" and "and" are typed on a phone ("sara o ali", "abdi n hamza").
_JOINERS = frozenset({"och", "and", "&", ",", "eller", "or", "samt", "o", "n", "+"})
_LATIN_NAME = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_VOWEL = re.compile(r"[aeiouyåäöéü]")
_NOT_LATIN = re.compile(r"[^\x00-\u024f]")

# A word as written: capitalised or not, hyphenated parts, a genitive.
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*(?:['\u2019]s\b|['\u2019](?!\w))?")


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


class _Vocabulary:
    """A word set kept as a sorted array of 64-bit hashes (6 MB instead of the tables'
    60 MB of strings): is this word an everyday word?"""

    def __init__(self, hashes: np.ndarray) -> None:
        self.hashes = hashes

    @classmethod
    def of(cls, forms: set[str]) -> _Vocabulary:
        return cls(np.unique(np.fromiter((_stable_hash(w) for w in forms), dtype=np.int64)))

    def __contains__(self, word: str) -> bool:
        value = np.int64(_stable_hash(word))
        i = int(np.searchsorted(self.hashes, value))
        return i < len(self.hashes) and self.hashes[i] == value

    def compound(self, word: str) -> bool:
        """A Swedish compound whose last part is a word of five letters or more
        ("skolplattformen"); shorter tails are found inside names ("War-same")."""
        return any(word[k:] in self for k in range(2, len(word) - 4))


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
    vocabulary: _Vocabulary  # every everyday word form (Swedish and English)
    proper: _Vocabulary  # proper nouns the tables know that are no known name
    function_words: frozenset[str]  # pronouns, prepositions…: "Han", "Hans", "Alla"


def _build_lexicon() -> Lexicon:
    names = (_faker_names() | _mimesis_names()) - _CALENDAR
    sv_lower, sv_proper = _lemma_forms("sv")
    en_lower, en_proper = _lemma_forms("en")
    en_everyday, en_known_proper = _english_frequencies()
    function_words = _stop_words("sv") | _stop_words("en")
    forms = sv_lower | en_lower | en_everyday | function_words
    proper = (sv_proper | en_proper | en_known_proper) - forms - names
    return Lexicon(
        frozenset(names),
        frozenset(names & forms),
        _Vocabulary.of(forms),
        _Vocabulary.of(proper),
        frozenset(function_words),
    )


def cache_path() -> Path:
    """Where the built lexicon is kept: named for what it was built from, so a changed
    detector or an upgraded name or word package builds it anew."""
    key = hashlib.sha256(Path(__file__).read_bytes())
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
                _Vocabulary(data["vocabulary"]),
                _Vocabulary(data["proper"]),
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


def name_lists() -> tuple[frozenset[str], frozenset[str], _Vocabulary]:
    """(known names, the known names that are also everyday words, every everyday
    word), once per process."""
    known = lexicon()
    return known.names, known.name_words, known.vocabulary


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Kin and roles: after a genitive they make it a person's ("Axels bästa kompis"), and
# before "till"/"to"/"of" they introduce one ("mormor till Dilan").
_KIN = _set(
    """
    mamma pappa mor far mormor farmor morfar farfar bror syster lillebror storebror
    lillasyster storasyster kusin kusiner kompis kompisar vän vänner klasskompis
    klasskompisar tvilling tvillingbror tvillingsyster moster faster morbror farbror
    föräldrar familj lärare mentor assistent elevassistent kurator tränare son dotter
    barn flickvän pojkvän man fru exman exfru sambo svärmor svärfar bonusson
    bonusdotter barnbarn
    mother father mum mom dad parents grandmother grandma grandfather grandpa granny
    brother sister cousin friend friends twin aunt uncle family teacher teachers
    mentor assistant counsellor counselor girlfriend boyfriend son daughter
    husband wife ex partner stepson stepdaughter kid kids child
    """
)
_OF = _set("till to of åt")
_NAME = _set("name namn")  # "his name is Mo"
_ROLE_ADJECTIVES = _set(
    "bästa gamla nya lilla stora äldre yngre förra best old new little big older younger "
    "former elder"
)
# Verbs whose subject is a person: after a word that is also a name, at the start of a
# sentence, they tell the name ("Tuva säger", "Axel saknar").
_PERSON = _set(
    """
    säger sa sade tycker tyckte vill ville mår mådde berättade berättar saknar saknade
    känner kände tror trodde pratar pratade svarade svarar frågade frågar orkar orkade
    gillar gillade älskar älskade hatar längtar längtade vägrar vägrade gråter grät
    skrattar ljuger ljög fick får slutade började kom går gick sover sov spelar spelade
    träffade träffar behöver behövde brukar bor bodde jobbar hälsar skriver skrev
    hörde satt sitter tränar hjälpte hjälper ringde ringer ordnade lyssnade lyssnar
    förstod förstår märkte kallas väntar väntade skäms skämdes litar litade trivs trivdes
    says said tells told wants wanted feels felt thinks thought likes liked loves loved
    hates hated misses missed answered asked cried refuses refused started stopped went
    goes got gets needs needed lives lived plays played talks talked sleeps slept
    came comes sat helped helps called calls listened understood noticed arranged
    """
)
# ... and for a word in no list, any verb a subject takes ("Yordanos har", "Soran has").
_BROAD = _PERSON | _set(
    """
    har hade är var blir blev kan kunde ska skulle måste kommer verkar hjälpte hjälper
    tog gjorde has had is was will can could would should must seems helped helps took
    did made e va r are
    """
)
# "e" and "va" are "är" and "var" as typed on a phone ("yonas e sjuk"), "r" is "are".
_COPULA = _set("är var is was e va")
_HAVE = _set("har hade has had")
# What only a person is ("Björn var rädd") or has done ("Viola har börjat").
_FEELINGS = _set(
    "rädd glad ledsen arg orolig trött sjuk nervös blyg ensam stolt "
    "glada ledsna arga oroliga trötta sjuka rädda nöjd nöjda stressad "
    "scared happy sad angry worried tired sick afraid nervous shy lonely proud upset"
)
_DONE = _set(
    "börjat slutat fått lärt berättat sagt velat tyckt mått bytt flyttat haft "
    "gått sovit klarat kommit pratat gråtit skrattat vågat orkat lyckats "
    "started stopped got told said wanted felt moved"
)
# Swedish puts the verb second: after an opening adverb the subject pronoun follows the
# verb ("Sen gick det"). English does not ("Tuva says she…").
_PRONOUNS = _set("jag du han hon vi ni de dom det den man")
_MY = _set("min mitt mina vår vårt våra my our")
_AND = _set("och and")
_THEIR = _set("hans hennes deras his her their")
_ARTICLES = _set("the a an")
_FUNCTION_BEFORE = _set("i jag")
# Words after which a lower-case known name is a person: the prepositions people follow
# ("pratade med hanna", "hos hodan", "thanks to lena") and the verbs of meeting someone.
_TO_PERSON = _set(
    "med m me hos till åt with w to träffade träffa träffar ringde ring ringa met meet called call"
)
# ... when what follows ends the phrase: a name is not followed by the noun an adjective
# or a preposition would take ("med lena händer").
_PHRASE_ENDS = _set(
    "och o and n & på i från om men at from in on but som who that när when igår idag "
    "yesterday today också too also direkt hela varje every about igen again"
)
# After a verb of saying or thinking "det" is its object, not an inverted subject
# ("Shilan tyckte det var pinsamt", unlike "Sen gick det bra").
_SAYING = _set("tycker tyckte säger sa sade tror trodde berättade berättar visste vet")
_IN = _set("i in")
# Verbs only a person does, not a letter or a bus that "came" ("Bill from the dentist came").
_AGENT = _set(
    """
    säger sa sade tycker tyckte berättade berättar hjälpte hjälper ringde ringer lyssnade
    lyssnar förstod förstår märkte frågade frågar svarade svarar pratade pratar ordnade
    says said told tells helped helps called calls listened understood noticed asked
    answered talked arranged
    """
)
# Where a person works or belongs ("från soc", "på skolan", "from the team").
_FROM = _set("från på i hos from at in")
_FROM_PLACE = _set("från hos from")
# ... a short word that is also a name only with a place that is people, not a thing
# that comes from there ("Liv från teamet", but "Mat från skolan" is lunch).
_TEAMS = _set("teamet team soc socialtjänsten bup elevhälsan")
# ... the places a named person there works in: "Liv från teamet", "Aria from the team".
_WORKPLACES = _set(
    """
    teamet team skolan school soc socialtjänsten socen bup elevhälsan elevhälsoteamet
    fritids fritidsgården matsalen klassen kommunen stadsdelen förvaltningen mottagningen
    vårdcentralen habiliteringen habben ungdomsmottagningen fältarna
    """
)
# ... where only staff are ("Gunnel i matsalen", "Bex in the canteen").
_STAFF_ROOMS = _set(
    "teamet matsalen köket fritids elevhälsan expeditionen team canteen kitchen office"
)
# How one is doing ("har det bättre") and the pronouns that refer back to a person.
_STATES = _set("bättre bra sämre tufft svårt jobbigt kämpigt lättare fint skönt")
_PERSONAL = _set("han hon honom henne hans hennes he she him her his hen")
# ... and the words for going to see or calling someone.
_VISIT = _set("hos träffade träffa ringde see met meet visit visited called")
# The adverbs after an inverted subject ("har wilma inte gått", "and yasmin too").
_SENTENCE_ADVERBS = _set("inte också heller nu alltid aldrig redan fortfarande not never also too")
# Thanks name a person ("tack karolna", "JAG VILL TACKA LOTTA", "thank you anna").
_THANKS = _set("tack tacka tackar thank thanks")
# "Vide och jag", "me and Aria": only a person stands beside the writer.
_ME = _set("jag mig me")
# Who a person is when it directly follows the name ("pirkko mormor var med").
_ELDERS = _set("mormor farmor morfar farfar moster faster morbror farbror")


def _base(word: str, known: Lexicon) -> str:
    """The name in a word as written: without a genitive ("Samuels", "Eldar's")."""
    low = word.lower().replace("\u2019", "'")
    if low.endswith("'s"):
        return low[:-2]
    if low.endswith("'"):
        return low[:-1]
    if low.endswith("s") and low not in known.names and low[:-1] in known.names:
        return low[:-1]
    return low


_HYPHEN = re.compile(r"[-\u2010\u2011]")


def _known(base: str, names: frozenset[str]) -> bool:
    return base in names or all(p in names for p in _HYPHEN.split(base) if p)


# What a word is, before its context is looked at.
_K_NEVER = "never"  # calendar, languages, apps, places; "TikTok", "BUP"
_K_NAME = "name"  # a known name and no everyday word: "Hamza", "Sirpa"
_K_WORD = "word"  # a known name that is also an everyday word: "Tuva", "Axel", "Hope"
_K_RARE = "rare"  # in no list: "Yordanos", "Warsame"; very likely a name when capitalised
_K_PROPER = "proper"  # a proper noun the word tables know and no known name: "Eritrea"
_K_COMMON = "common"  # an everyday word, a compound of one, or too short to tell


def _kind(word: str, base: str, known: Lexicon, everyday: frozenset[str]) -> str:
    parts = _HYPHEN.split(word)
    if any(c.isupper() for p in parts for c in p[1:]) and not word.isupper():
        return _K_NEVER
    if base in _CALENDAR or base in _NEVER:
        return _K_NEVER
    if base in _KIN or base in _PRONOUNS:
        return _K_COMMON  # "exman", "bonusson": who someone is, never their name
    if _known(base, known.names):
        if base in known.function_words:
            return _K_COMMON  # "Han", "Hans", "Alla", "Will" as a word first
        if base in known.name_words or base in everyday:
            # A short everyday word ("Vi", "Bo") is too common a capital to go on.
            return _K_WORD if len(base) > 2 else _K_COMMON
        return _K_NAME
    if base in known.vocabulary or len(base) < 4 or _VOWEL.search(base) is None:
        return _K_COMMON
    if len(parts) > 1 and parts[-1].lower() in known.vocabulary:
        return _K_COMMON  # "Komet-kurs", "SIP-mötet"
    if base.endswith(_ADVERB_ENDINGS):
        return _K_COMMON
    if base.endswith(_PLACE_ENDINGS):
        return _K_PROPER
    if known.vocabulary.compound(base):
        return _K_COMMON
    if base in known.proper:
        return _K_PROPER
    return _K_RARE


def find_unlisted(
    text: str, sentence_initial: Callable[[str, int], bool], everyday: frozenset[str]
) -> Iterator[tuple[int, int]]:
    """(start, end) of every unlisted person name in `text`. `sentence_initial(text,
    start)` tells a capital that proves nothing; `everyday` are further words that are
    names only with evidence (the listed names' guard)."""
    known = lexicon()
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return
    lows = [m[0].lower().replace("\u2019", "'") for m in tokens]
    bases = [_base(m[0], known) for m in tokens]
    kinds = [_kind(m[0], b, known, everyday) for m, b in zip(tokens, bases, strict=True)]
    context = _Context(text, tokens, lows)
    for i, m in enumerate(tokens):
        # In lower case an everyday word ending in s is that word ("class", not Clas's),
        # unless it owns a person ("maltes lärare").
        stripped = bases[i] != lows[i]
        if stripped and m[0].islower() and lows[i] in known.vocabulary:
            if not context.possessive(i):
                kinds[i] = _K_COMMON
        elif stripped and not context.possessive(i):
            # Capitalised, the word as written comes first: "Mars" is the month and
            # "This" a pronoun, not the genitive of a name "Mar" or "Thi".
            low = lows[i]
            if low in _CALENDAR or low in _NEVER:
                kinds[i] = _K_NEVER
            elif low in known.function_words:
                kinds[i] = _K_COMMON
    found: dict[int, tuple[int, int]] = {}
    lower_case: list[int] = []
    lower_words: list[int] = []  # lower-case names that are also words, ending a phrase
    lower_either: list[int] = []  # lower-case names that are also words, anywhere
    for i, m in enumerate(tokens):
        word, kind = m[0], kinds[i]
        if kind == _K_NEVER:
            continue
        capital = word[0].isupper() and not (len(word) > 1 and word.isupper())
        introduced = context.introduced(i)
        if not capital:
            # Typed in lower case: a name only where the words around say so.
            # Where someone works tells a name only of a word no table knows as a word,
            # and only coming from there for a word in no list ("tillbaka i skolan").
            person = (
                introduced
                or context.possessive(i)
                or context.affiliated(i)
                or context.person_context(i, strict=kind != _K_NAME)
                or kind == _K_NAME
                and context.inverted(i)
                or kind in (_K_NAME, _K_RARE)
                and context.apposition(i)
            )
            if (
                kind == _K_NAME
                and (person or context.predicate(i, _BROAD) or context.to_person(i))
                or kind == _K_WORD
                and (
                    introduced
                    and context.subject(i, _PERSON)
                    or context.thanked(i)
                    or context.with_me(i)
                )
                or kind == _K_WORD
                and len(word) > 3
                and sentence_initial(text, m.start())
                and context.subject(i, _PERSON)
                or kind == _K_RARE
                and (person or context.subject(i, _PERSON) or context.visited(i))
            ):
                found[i] = (m.start(), m.end())
            elif kind in (_K_NAME, _K_RARE):
                lower_case.append(i)
            elif kind == _K_WORD and len(word) > 3 and context.ends_a_phrase(i):
                lower_words.append(i)
            if kind == _K_WORD and len(word) > 2 and i not in found:
                lower_either.append(i)
            continue
        if context.after_article(i):
            continue  # "the Friends programme": names take no article
        if sentence_initial(text, m.start()):
            # A capital proves nothing here: a known name does, and a word that is also
            # a name or a word in no list does when a person's verb follows ("Tuva
            # säger", "Yordanos har") or it owns a person ("Axels bästa kompis").
            if (
                kind == _K_NAME
                and not context.names_a_place(i, kinds)
                or kind == _K_WORD
                and (context.subject(i, _PERSON) or context.possessive(i))
                or kind == _K_PROPER
                and context.subject(i, _PERSON)
                or kind == _K_RARE
                and (context.subject(i, said=True) or context.possessive(i))
                or kind != _K_COMMON
                and context.apposition(i)
                or kind in (_K_WORD, _K_RARE, _K_PROPER)
                and len(bases[i]) > 3
                and context.affiliated(i)
                or kind in (_K_WORD, _K_RARE)
                and len(bases[i]) > 2
                and (context.doing(i) or context.subject(i) and context.referred_to(i))
                or kind in (_K_WORD, _K_RARE, _K_PROPER)
                and len(bases[i]) > 3
                and context.person_context(i, strict=True)
                or kind == _K_WORD
                and len(bases[i]) == 3
                and context.after(i, 2) in _TEAMS
                and context.works_at(i, strict=True)
            ):
                found[i] = (m.start(), m.end())
            continue
        if context.in_a_title(i, kinds, sentence_initial):
            continue
        if (
            kind in (_K_NAME, _K_WORD)
            and not context.names_a_place(i, kinds)
            or kind == _K_RARE
            and not context.in_a_place(i)
            or introduced
        ):
            found[i] = (m.start(), m.end())
    # Capitalised words beside a name found: its other part ("Helen Woldu") or a second
    # person ("Bassam and Abdinasir", "Reem och Filsan").
    for i, m in enumerate(tokens):
        word = m[0]
        if i in found or kinds[i] == _K_NEVER or not word[0].isupper() or word.isupper():
            continue
        if lows[i] in _INTRODUCERS:
            continue  # the title stays: "Mr [NAMN]", "Fröken [NAMN]"
        if context.after_article(i) or context.in_a_place(i) and kinds[i] == _K_COMMON:
            continue  # "the Friends", "i Djurgården, Otto och Majken"
        if sentence_initial(text, m.start()):
            if kinds[i] == _K_RARE and _beside_a_name(text, tokens, i, found):
                found[i] = (m.start(), m.end())
            elif kinds[i] == _K_WORD and (i + 2) in found and context.after(i) in _AND:
                found[i] = (m.start(), m.end())  # "Vera och Ida har börjat i kören"
            continue
        if _beside_a_name(text, tokens, i, found):
            found[i] = (m.start(), m.end())
    # A name that is also a word, at the start of a sentence, right before a name found:
    # its first name ("Anna Lindqvist ringde").
    for i, m in enumerate(tokens):
        if i not in found and kinds[i] == _K_WORD and m[0][0].isupper():
            neighbour = found.get(i + 1)
            if neighbour and text[m.end() : tokens[i + 1].start()] in (" ", "\u00a0"):
                found[i] = (m.start(), m.end())
    # Lower-case names joined by "och", "o", "and", "n" or a comma: the group is people
    # when a person's verb follows it or a person's preposition comes before it ("hodan
    # och filsan har båda", "we met selam and yonas").
    # A name that is also a word joins such a group when a name no table knows as a word
    # is in it ("elsa o ines o olle har").
    for group in _groups(text, tokens, lower_case + lower_either):
        if all(kinds[i] == _K_WORD for i in group):
            continue
        if context.predicate(group[-1], _BROAD) or context.to_person(group[0], ends=False):
            for i in group:
                found.setdefault(i, (tokens[i].start(), tokens[i].end()))
    for _ in range(2):  # "till lena och anna": a person's preposition or "och" a name
        for i in lower_words:
            joined = any(
                j in found and _joined(text, tokens, min(i, j), max(i, j)) for j in (i - 2, i + 2)
            )
            if context.to_person(i) or joined:
                found[i] = (tokens[i].start(), tokens[i].end())
    for _ in range(2):  # "erdal demir": each lower-case name is the other's evidence
        for i in lower_case:
            if i in found:
                continue
            evidence = _beside_a_name(text, tokens, i, found)
            if not evidence and kinds[i] == _K_NAME:
                evidence = any(
                    _beside_a_name(text, tokens, i, {j: (0, 0)})
                    for j in lower_case
                    if j != i and kinds[j] == _K_NAME
                )
            if evidence:
                found[i] = (tokens[i].start(), tokens[i].end())
    # A name found once is a name wherever the answer writes it the same way ("han heter
    # Mo … alla säger Mo", "Lova har flyttat").
    surfaces = {tokens[i][0] for i in found if tokens[i][0][0].isupper()}
    lowered = {w.lower() for w in surfaces}
    for i, m in enumerate(tokens):
        if i in found or kinds[i] == _K_NEVER:
            continue
        # ... and typed in lower case too ("alla säger Kalle … tyckte kalle"), unless
        # that is an everyday word.
        if m[0] in surfaces or (
            m[0].islower() and lows[i] in lowered and kinds[i] in (_K_NAME, _K_RARE)
        ):
            found[i] = (m.start(), m.end())
    yield from _merged(sorted(found.items()), text)


def _groups(text: str, tokens: list[re.Match[str]], members: list[int]) -> Iterator[list[int]]:
    """Runs of two or more of `members` joined by "och", "o", "and", "n", "&" or a comma."""
    chosen = set(members)
    group: list[int] = []
    for i in sorted(chosen):
        if group and _joined(text, tokens, group[-1], i):
            group.append(i)
            continue
        if len(group) > 1:
            yield group
        group = [i]
    if len(group) > 1:
        yield group


def _joined(text: str, tokens: list[re.Match[str]], i: int, j: int) -> bool:
    if j == i + 1:
        return text[tokens[i].end() : tokens[j].start()] == ", "
    if j == i + 2:
        gap = text[tokens[i].end() : tokens[j].start()]
        return tokens[i + 1][0].lower() in _JOINERS and len(gap) <= len(tokens[i + 1][0]) + 3
    return False


class _Context:
    """The words around a token: what the rules of `find_unlisted` ask of them."""

    def __init__(self, text: str, tokens: list[re.Match[str]], lows: list[str]) -> None:
        self.text, self.tokens, self.lows = text, tokens, lows

    def _spaced(self, i: int, j: int) -> bool:
        """Tokens i < j stand next to each other with only white space between."""
        gap = self.text[self.tokens[i].end() : self.tokens[j].start()]
        return gap.isspace() and "\n" not in gap

    def before(self, i: int) -> str:
        return self.lows[i - 1] if i > 0 and self._spaced(i - 1, i) else ""

    def after(self, i: int, k: int = 1) -> str:
        j = i + k
        return self.lows[j] if j < len(self.tokens) and self._spaced(j - 1, j) else ""

    def introduced(self, i: int) -> bool:
        """Right after a word that introduces a person ("min son Luka", "kuratorn
        Naima", "mormor till Dilan")."""
        before = self.before(i)
        if before in _INTRODUCERS:
            return True
        if before in _COPULA and i > 1 and self.before(i - 1) in _KIN | _INTRODUCERS | _NAME:
            return self.before(i - 2) in _MY | _THEIR  # "her mentor is john"
        return before in _OF and self.before(i - 1) in _KIN

    def predicate(self, i: int, verbs: frozenset[str]) -> bool:
        """A person's verb follows ("Tuva säger"), or "is my…" ("Sol är min dotter")."""
        after = self.after(i)
        if after in verbs:
            return True
        if after in _COPULA and self.after(i, 2) in _MY | _FEELINGS:
            return True
        if after in _HAVE and self.after(i, 2) in _DONE:
            return True
        return after in _AND and self.after(i, 2) in _THEIR

    def person_context(self, i: int, strict: bool = False) -> bool:
        """Words around that only a person has, whatever the word itself is."""
        return self.works_at(i, strict) or self.thanked(i) or self.with_me(i) or self.who_does(i)

    def subject(self, i: int, verbs: frozenset[str] = _BROAD, said: bool = False) -> bool:
        """The subject of the verb that follows: not when a pronoun follows the verb,
        as after an adverb that opens a sentence ("Överlag har vi…", "Sen gick det"),
        unless `said` and it is what was said or thought ("Shilan tyckte det var…": for
        words in no list, which adverbs like "Sen" are not)."""
        if not self.predicate(i, verbs):
            return False
        pronoun = self.after(i, 2)
        if said and pronoun == "det" and self.after(i) in _SAYING:
            return True
        return pronoun not in _PRONOUNS

    def _next(self, i: int) -> int | None:
        """The token after `i` across a space or a comma, not across a sentence end."""
        j = i + 1
        if j >= len(self.tokens):
            return None
        gap = self.text[self.tokens[i].end() : self.tokens[j].start()]
        return j if gap.strip() in ("", ",") and "\n" not in gap else None

    def apposition(self, i: int) -> bool:
        """Followed by who the person is to the writer ("Tarek, min son, …", "Dariush
        min man jobbar natt", "Yordanos my daughter …")."""
        j = self._next(i)
        if j is None:
            return False
        if self.lows[j] in _ELDERS and self._spaced(i, j):
            return True  # "pirkko mormor var med"
        if self.lows[j] not in _MY | _THEIR:
            return False
        k = self._next(j)
        return k is not None and self._spaced(j, k) and self.lows[k] in _KIN

    def affiliated(self, i: int) -> bool:
        """Where a person works or belongs, then what they did ("Tove från teamet
        hjälpte oss", "Sanna från soc sa", "agnieszka på skolan hjälpte mig")."""
        if self.after(i) not in _FROM:
            return False
        for k in (3, 4):
            if self.after(i, k - 1) and self.after(i, k) in _AGENT:
                then = self.after(i, k + 1)
                return then not in _PRONOUNS or then == "det" and self.after(i, k) in _SAYING
            if self.after(i, k) in _HAVE and self.after(i, k + 1) in _DONE:
                return True  # "Björn i klassen har slutat retas"
        return False

    def works_at(self, i: int, strict: bool = False) -> bool:
        """Where a person works, without a verb ("Liv från teamet e snäll", "tompa på
        fritids", "Aria from the team"); `strict`: only coming from there, as a
        capital at the start of a sentence needs ("Maten i skolan" is food)."""
        place = self.after(i, 2)
        if place in _ARTICLES:
            place = self.after(i, 3)  # "Aria from the team", "Mark in the team"
        capital = self.tokens[i][0][0].isupper()
        if strict and capital and self.after(i) in _IN and place in _STAFF_ROOMS:
            return True  # "Gunnel i matsalen är den som…", not "psykologtid i elevhälsan"
        if self.after(i) not in (_FROM_PLACE if strict else _FROM):
            return False
        return place in _WORKPLACES

    def inverted(self, i: int) -> bool:
        """The subject after its verb, before an adverb ("UTAN ER HADE ELVIN INTE
        KLARAT", "efter jul har wilma också gått"), or added last ("and yasmin too")."""
        if self.after(i) not in _SENTENCE_ADVERBS:
            return False
        return self.before(i) in _BROAD or self.before(i) in _AND

    def doing(self, i: int) -> bool:
        """How a person is doing: "Kim har det bättre", "Jack is doing fine"."""
        after, then = self.after(i), self.after(i, 2)
        if after in _HAVE and then == "det" and self.after(i, 3) in _STATES:
            return True
        return after in ("is", "was") and then == "doing"

    def referred_to(self, i: int) -> bool:
        """A person's pronoun opens the next sentence ("Rut har blivit modigare. Hon
        har…", "Grace is doing better. She laughs again"): what the subject was. Not a
        pronoun inside the same sentence ("Corona gjorde allt värre, han…")."""
        for j in range(i + 2, min(len(self.tokens), i + 40)):
            gap = self.text[self.tokens[j - 1].end() : self.tokens[j].start()]
            if any(mark in gap for mark in ".!?\n"):
                return self.lows[j] in _PERSONAL
        return False

    def visited(self, i: int) -> bool:
        """Someone one goes to see or calls ("vi va hos hodan på soc", "we went to see
        hodan"), when the phrase ends there."""
        return self.before(i) in _VISIT and self.ends_a_phrase(i)

    def thanked(self, i: int) -> bool:
        """After thanks: "tack siv", "tacka lotta", "thank you jessica"."""
        before = self.before(i)
        if before in _THANKS:
            return True
        return before == "you" and i > 1 and self.before(i - 1) in _THANKS

    def with_me(self, i: int) -> bool:
        """Beside the writer: "Vide och jag", "jag och linn", "Aria and me"."""
        if self.after(i) in _JOINERS and self.after(i, 2) in _ME:
            return True
        return self.before(i) in _JOINERS and i > 1 and self.before(i - 1) in _ME

    def who_does(self, i: int) -> bool:
        """A relative clause only a person is the subject of: "Shadi som pratar persiska"."""
        return self.after(i) in ("som", "who") and self.after(i, 2) in _PERSON

    def ends_a_phrase(self, i: int) -> bool:
        """Nothing follows in the clause but a joiner or a preposition ("med lena på
        elevhälsan", "thanks to anna"), as after a name and not after an adjective."""
        j = i + 1
        if j >= len(self.tokens) or not self._spaced(i, j):
            return True
        return self.lows[j] in _PHRASE_ENDS

    def to_person(self, i: int, ends: bool = True) -> bool:
        """After a person's preposition or a verb of meeting someone ("pratade med
        hanna", "vi va hos hodan på soc", "thanks to lena and anna")."""
        return self.before(i) in _TO_PERSON and (not ends or self.ends_a_phrase(i))

    def possessive(self, i: int) -> bool:
        """A genitive that owns a person ("Axels bästa kompis", "Merima's grandmother")."""
        word = self.lows[i]
        if not word.endswith("s") and not word.endswith("'"):
            return False
        after = self.after(i)
        if after in _ROLE_ADJECTIVES:
            after = self.after(i, 2)
        return after in _KIN

    def after_article(self, i: int) -> bool:
        return self.before(i) in _ARTICLES

    def in_a_place(self, i: int) -> bool:
        """After "i" or "in": a place ("bor i Fittja"), never a person."""
        return self.before(i) in _IN

    def in_a_title(
        self, i: int, kinds: list[str], sentence_initial: Callable[[str, int], bool]
    ) -> bool:
        """After an everyday word capitalised in the middle of a sentence: the rest of
        a place's or an organisation's name ("till Gröna Lund"), unless the word
        introduces a person ("… och Kuratorn Naima")."""
        j = i - 1
        if j < 0 or not self._spaced(j, i) or self.lows[j] in _INTRODUCERS:
            return False
        word = self.tokens[j][0]
        return (
            kinds[j] == _K_COMMON
            and word[0].isupper()
            and not word.isupper()
            and self.lows[j] not in _FUNCTION_BEFORE
            and not sentence_initial(self.text, self.tokens[j].start())
        )

    def names_a_place(self, i: int, kinds: list[str]) -> bool:
        """The first word of an organisation or a place named with an everyday word
        ("Maria Ungdom", "Gröna Lund")."""
        j = i + 1
        if j >= len(self.tokens) or not self._spaced(i, j):
            return False
        nxt = self.tokens[j][0]
        return nxt[0].isupper() and kinds[j] in (_K_COMMON, _K_NEVER) and not nxt.isupper()


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
