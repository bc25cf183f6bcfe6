"""Typed placeholders for identifying details in open answers, before anyone reads them.

Answers describe children in contact with social services, so personal identity numbers,
phone numbers, e-mail addresses, street addresses and the names on a survey's list are
replaced by ``[KIND]`` before an answer is shown, exported, quoted or counted. Plain `re`
and no Flask or spaCy: it runs on every answer and must stay fast and dependency-free.

Precision matters as much as recall, so each detector validates what it finds (dates and
check digits, digit counts, house numbers) and leaves dates, times, amounts, years, grades,
counts, case numbers and postcodes alone.

Names not on the list are found by `person_names` (known first names and surnames, words in
no word list, and the context that tells a name). Known gaps, by design: a street
name without a house number is kept; an everyday-word name part at the start of a sentence
is flagged only when the same answer shows it as a name elsewhere, so "Per vecka … ringde
Per" flags both; a phone number typed right after another number ("konto 1234 070…") is
kept, since it cannot be told from the groups of an account number.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from survey.privacy import name_words
from survey.privacy.person_names import find_unlisted

__all__ = [
    "AMBIGUOUS_NAME_WORDS",
    "KINDS",
    "Finding",
    "HiddenForm",
    "Pseudonymiser",
    "hidden_forms",
    "luhn_ok",
    "pseudonymise",
]

KINDS = ("PERSONNUMMER", "SAMORDNINGSNUMMER", "TELEFON", "EPOST", "ADRESS", "NAMN")

# When two findings overlap the longer wins; on equal length the more specific kind does.
_RANK = {
    "EPOST": 0,
    "PERSONNUMMER": 1,
    "SAMORDNINGSNUMMER": 1,
    "TELEFON": 2,
    "ADRESS": 3,
    "NAMN": 4,
}


@dataclass(frozen=True)
class Finding:
    """One identifying detail: ``text == original[start:end]``, so callers can highlight."""

    start: int
    end: int
    kind: str
    text: str


# --- data: name parts that are also everyday words -----------------------------------------


def _words(text: str) -> frozenset[str]:
    """A word list kept as running text, so the data stays readable and easy to extend."""
    return frozenset(text.split())


# A name part in this set is flagged on its own only when written capitalised and not merely
# at the start of a sentence (see `Pseudonymiser`). Swedish and English words that are also
# common given names or surnames; lower case, one word each.
AMBIGUOUS_NAME_WORDS: frozenset[str] = _words(
    """
    per bo eva hans mark will max liv saga klara axel sten björn stig dag fred bror tom ben
    man kan can dina mina sina era vara alla bara lina hala lisa vida juni juli maj august
    jan tim kaj rune love lo sol dan ros iris viola alma nova siri tea edit tore mats rob
    gun glenn roger said sam young ray may june hope grace joy rose frank bill art guy sky
    jack pat sue dawn faith holly ivy lily daisy ruby amber summer hunter chase cliff drew
    rich sunny bob don bo ask rosa
    berg lund holm strand ek lind björk gran asp alm lönn hägg rönn tall ström fors sjö
    dahl dal kvist blom lilja stål falk örn svan hjort orre varg räv lax stark frisk modig
    glad rask lång stor nord väst öst söder norr äng skog storm frost vinter sommar vår
    höst krona kron hall wall vall sand ås hed vik näs udd bäck back
    hill wood stone field lane marsh brook banks bush green brown white black gray grey
    king bell page read ward long short little sharp strong noble north west snow winter
    day knight park parks mills fox wolf lamb bird swan cook baker smith turner miller
    carter walker fisher mason porter church
    """
)

# Lower-case words inside a person's name that are never a name on their own.
_PARTICLES = _words(
    "af av van von der den de del della la le du da di dos bin ibn al el ter ten zu"
)

# A list entry ending in one of these is a school or other institution: matched whole, with
# its definite and genitive forms, never split into parts ("Hjulsta grundskola").
_INSTITUTION_ENDINGS = (
    "skola",
    "skolan",
    "skolor",
    "gymnasium",
    "gymnasiet",
    "akademi",
    "akademin",
    "akademien",
    "fritidsgård",
    "fritidsgården",
    "school",
    "academy",
    "college",
)

# --- shared pieces ---------------------------------------------------------------------------

_SP = r"[ \u00a0]"  # a space inside a number or an address, never a line break
_DASH = r"[-\u2010\u2011\u2013]"

# A number followed by one of these is an amount, not a phone number or a house number.
_AMOUNTS = (
    r"(?:%|procent\b|percent\b|kr\b|kronor\b|sek\b|mkr\b|mnkr\b|tkr\b|msek\b|:-|€|\$|£|"
    r"euro|dollar)"
)
# ... and a house number followed by one of these is a count ("Sveavägen 3 gånger").
_COUNTS = (
    r"(?:elever\b|elev\b|personer\b|barn\b|st\b|stycken\b|år\b|timmar\b|minuter\b|"
    r"dagar\b|veckor\b|månader\b|gånger\b|ggr\b|pupils\b|students\b|children\b|people\b|"
    r"hours\b|minutes\b|days\b|weeks\b|months\b|years\b|times\b)"
)
_AMOUNT_AFTER = re.compile(_SP + r"?" + _AMOUNTS, re.IGNORECASE)

_HAS_DIGIT = re.compile(r"[0-9]")


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by Swedish identity numbers; False for non-digits."""
    if not digits or not (digits.isascii() and digits.isdigit()):
        return False
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# --- personnummer and samordningsnummer ------------------------------------------------------

# Each scanning pattern starts with a character class and checks what precedes its first
# character with a look-behind placed after it: `re` then skips ahead to candidate
# characters in C instead of trying every position, which keeps 10,000 answers fast.
_PNR = re.compile(
    r"[0-9](?<![0-9]{2})(?<![0-9][-\u2013/.,:][0-9])(?:[0-9]{7}|[0-9]{5})"
    r"(?P<sep>" + _SP + r"?[-\u2013+]" + _SP + r"?|" + _SP + r")?"
    r"[0-9]{4}(?![0-9])(?![-\u2013/.,:][0-9])"
)
_CENTURIES = ("18", "19", "20")
_PNR_DASHES = ("-", "\u2013", "+")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _plausible_date(century: str | None, yymmdd: str, day: int) -> bool:
    month = int(yymmdd[2:4])
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS[month - 1]:
        return False
    if month == 2 and day == 29 and century is not None:
        year = int(century + yymmdd[:2])
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def _identity_numbers(text: str) -> Iterator[Finding]:
    for m in _PNR.finditer(text):
        number, sep = m[0], (m["sep"] or "").strip()
        head = number[: m.start("sep") - m.start()] if m["sep"] else number[:-4]
        century = head[:2] if len(head) == 8 else None
        if century is not None and (century not in _CENTURIES or sep == "+"):
            continue  # "+" marks age 100+ and belongs to the 10-digit form
        yymmdd, serial = head[-6:], number[-4:]
        if serial.startswith("000"):
            continue
        day, kind = int(yymmdd[4:]), "PERSONNUMMER"
        if day > 60:
            day, kind = day - 60, "SAMORDNINGSNUMMER"
        # Written as an identity number is written (a date, a dash, four digits), it is
        # one even where a digit was mistyped and the check fails: it still names the
        # person. Run together, it must pass the check (a customer or invoice number).
        if _plausible_date(century, yymmdd, day) and (
            sep in _PNR_DASHES or luhn_ok(yymmdd + serial)
        ):
            yield Finding(m.start(), m.end(), kind, number)


# --- phone numbers ---------------------------------------------------------------------------

_PHONE_SEP = _SP + r"?" + _DASH + _SP + r"?|" + _SP
_AFTER_1 = r"(?<![\w+].)(?<![0-9][-\u2013/.,:].)"  # what precedes a one-character start
_PHONE = re.compile(
    r"(?:\+" + _AFTER_1 + r"[1-9][0-9]*"
    r"|00(?<![\w+]..)(?<![0-9][-\u2013/.,:]..)[1-9][0-9]*"
    r"|\(" + _AFTER_1 + r"0[1-9][0-9]{0,2}\)"
    r"|0" + _AFTER_1 + r"[1-9][0-9]*)"
    r"(?:(?:" + _PHONE_SEP + r")?(?:\([0-9]{1,4}\)|[0-9]+))*"
)
_PHONE_GROUP = re.compile(r"\([0-9]{1,4}\)|[0-9]+")
_SPACED_DIGIT_BEFORE = re.compile(r"[0-9][ \u00a0]")
_PNR_SHAPE = re.compile(r"[0-9]{6}(?:[0-9]{2})?[-\u2013+][0-9]{4}")
_DATE_LIKE = re.compile(
    r"(?:0?[1-9]|[12][0-9]|3[01])[-\u2013/. ](?:0?[1-9]|1[0-2])[-\u2013/. ](?:19|20)[0-9]{2}"
)


def _phone_digits_ok(candidate: str, international: bool) -> bool:
    digits = re.sub(r"[^0-9]", "", candidate.replace("(0)", ""))
    if international:
        if candidate.startswith("00"):
            digits = digits[2:]
        if digits.startswith("46"):
            national = digits[2:]
            national = national[1:] if national.startswith("0") else national
            return 7 <= len(national) <= 9 and national[0] != "0"
        return 8 <= len(digits) <= 15
    return digits.startswith("0") and digits[1:2] != "0" and 8 <= len(digits) <= 10


def _phone_numbers(text: str) -> Iterator[Finding]:
    pos, last_end = 0, -1
    while (m := _PHONE.search(text, pos)) is not None:
        start = m.start()
        # Inside a spaced run of digits (an account number, an IBAN, an amount) a group
        # that starts with 0 is no phone number, unless a phone number just ended there.
        if _SPACED_DIGIT_BEFORE.match(text, max(0, start - 2), start) and last_end != start - 1:
            pos = start + 1
            continue
        international = m[0].startswith(("+", "00"))
        groups = list(_PHONE_GROUP.finditer(text, m.start(), m.end()))
        end = None
        # A number typed before a year or a count ("070-123 45 67 2024") is trimmed back
        # group by group until it has the digit count of a phone number.
        while groups:
            candidate = text[m.start() : groups[-1].end()]
            if _phone_digits_ok(candidate, international):
                end = groups[-1].end()
                break
            groups.pop()
        if end is None or _rejected_phone(text, m.start(), end, m.end()):
            pos = m.start() + 1
            continue
        yield Finding(m.start(), end, "TELEFON", text[m.start() : end])
        pos = last_end = end


def _rejected_phone(text: str, start: int, end: int, regex_end: int) -> bool:
    candidate = text[start:end]
    if _DATE_LIKE.fullmatch(candidate):  # 09-03-2024
        return True
    if _PNR_SHAPE.fullmatch(candidate):  # 051231-1235: an identity number that fails Luhn
        return True
    if _AMOUNT_AFTER.match(text, end):  # +12 500 000 kr
        return True
    after = text[regex_end : regex_end + 2]
    return end == regex_end and (
        after[:1].isalnum() or (len(after) == 2 and after[0] in "/.,:" and after[1].isdigit())
    )


# --- e-mail ----------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+%'-])[\w+%-]+(?:[.'][\w+%-]+)*@(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])")


def _emails(text: str) -> Iterator[Finding]:
    if "@" not in text:
        return
    for m in _EMAIL.finditer(text):
        yield Finding(m.start(), m.end(), "EPOST", m[0])


# --- street addresses ------------------------------------------------------------------------

_UP = "A-ZÅÄÖÉÜ"
_LOW = "a-zåäöéüæø"
# One-word street names end in these (Hornsgatan, Sveavägen, Odenplan, Tensta allé is below).
_STREET_ENDINGS = sorted(
    _words(
        """
        gatan vägen gränd gränden stigen backen backe torget torg plan planen allén allé
        alléen leden stråket gången platsen kajen strand stranden slingan bron kroken liden
        hagen höjden terrassen promenaden esplanaden
        """
    )
)
# Two-word street names: "Sergels torg", "Drottning Kristinas väg", "Tensta allé".
_STREET_WORDS = sorted(_words("gata väg gränd torg allé alle backe stig strand stråk"))
# Capitalised words that end like a street but are documents or rooms ("Handlingsplan 2").
_NOT_STREETS = _words(
    """
    läroplan handlingsplan åtgärdsplan studieplan verksamhetsplan arbetsplan vårdplan elevplan
    likabehandlingsplan genomförandeplan aktivitetsplan projektplan krisplan insatsplan
    utbildningsplan kursplan ämnesplan skolplan planen vägen gatan genomgången övergången
    ingången uppgången utgången nedgången tillgången arbetsplatsen praktikplatsen
    """
)
# Plans that are documents end like this ("Utvecklingsplan 2", "Åtgärdsplan 3"); the
# streets (Odenplan, Karlaplan, Fridhemsplan, Sankt Eriksplan) do not.
_DOCUMENT_PLAN = re.compile(r"(?:ings|ds|ts|ns|rs|es|gs)plan\Z")
# Words that belong to a street name before it: "Sankt Eriksgatan", "Drottning Kristinas väg".
_QUALIFIER_BEFORE = re.compile(
    r"(?<!\w)(?:Sankt|S:t|S:ta|Gamla|Nya|Norra|Södra|Östra|Västra|Stora|Lilla|Övre|Nedre|"
    r"Norr|Söder|Drottning|Kung|Prins|Prinsessan|Fru)" + _SP + r"\Z"
)
_STREET = (
    rf"[{_UP}](?<![\w/@.-].)[{_LOW}]++"
    rf"(?:(?:-[{_UP}{_LOW}][{_LOW}]++)*+(?={_SP}[1-9])(?:"
    + "|".join(f"(?<={ending})" for ending in _STREET_ENDINGS)
    + rf")|{_SP}(?:{'|'.join(_STREET_WORDS)})(?={_SP}[1-9]))"
)
_HOUSE = (
    r"[1-9][0-9]{0,2}(?![0-9])"
    rf"(?:[a-zA-Z](?![\w])|{_SP}[A-Z](?![\w]))?"
    rf"(?:{_SP}?{_DASH}{_SP}?[1-9][0-9]{{0,2}}(?![0-9])[a-zA-Z]?(?![\w]))?"
    r"(?![.,:/][0-9])"
    rf"(?!{_SP}?(?:{_AMOUNTS}|{_COUNTS}))"
)
_FLOOR = (
    rf"(?:,?{_SP}(?:[0-9]{{1,2}}{_SP}?(?:tr|trp|trappor)\b|(?:lgh|lägenhet)\.?{_SP}?"
    r"[0-9]{4}(?![0-9])|nb\b))*"
)
_POSTCODE = (
    rf"(?:,?{_SP}[1-9][0-9]{{2}}{_SP}?[0-9]{{2}}(?![0-9])"
    rf"(?:{_SP}[{_UP}][{_LOW}]+(?:[ \u00a0-][{_UP}][{_LOW}]+)?)?)?"
)
_SV_ADDRESS = re.compile(rf"{_STREET}{_SP}{_HOUSE}{_FLOOR}{_POSTCODE}")
_EN_ADDRESS = re.compile(
    r"[1-9](?<![\w/.,:-].)[0-9]{0,3}[A-Za-z]?,?" + _SP + r"(?:[A-Z][a-z]+" + _SP + r"){1,3}"
    r"(?:Street|Road|Avenue|Lane|Drive|Close|Way|Place|Square|Crescent|Court|Terrace|"
    r"Gardens|Grove|Boulevard|Row|Mews|St|Rd|Ave)\b"
    rf"(?:,?{_SP}(?:[A-Z][a-z]+{_SP})?[A-Z]{{1,2}}[0-9][A-Z0-9]?{_SP}?[0-9][A-Z]{{2}}\b)?"
)


def _addresses(text: str) -> Iterator[Finding]:
    for m in _SV_ADDRESS.finditer(text):
        word = m[0].split()[0].lower()
        if word in _NOT_STREETS or _DOCUMENT_PLAN.search(word):
            continue
        start = m.start()
        if qualifier := _QUALIFIER_BEFORE.search(text, max(0, start - 12), start):
            start = qualifier.start()
        yield Finding(start, m.end(), "ADRESS", text[start : m.end()])
    for m in _EN_ADDRESS.finditer(text):
        yield Finding(m.start(), m.end(), "ADRESS", m[0])


# --- names from the survey's list ------------------------------------------------------------


@dataclass(frozen=True)
class _Form:
    """What a matched spelling stands for: its name parts (base forms) and whether every
    part is also an everyday word, which calls for evidence before it counts as a name."""

    bases: tuple[str, ...]
    ambiguous: bool
    full: bool = False  # a whole multi-word entry, not one of its parts


def _genitives(word: str) -> list[str]:
    """Swedish genitive -s (none after s, x, z, where an apostrophe may follow) and the
    English 's that Swedish writers also use."""
    if word[-1] in "sxz":
        return [word, word + "'", word + "'s"]
    return [word, word + "s", word + "'s"]


def _institution_forms(word: str) -> list[str]:
    """Definite and genitive forms of an institution's last word: grundskola → grundskolan,
    grundskolans, grundskolas; gymnasium → gymnasiet, gymnasiets; akademi → akademin."""
    forms = [word, word + "'s"]
    if word.endswith("ium"):
        forms += [word + "s", word[:-2] + "et", word[:-2] + "ets"]
    elif word.endswith(("a", "i")):
        forms += [word + "s", word + "n", word + "ns"]
    elif word[-1] not in "sxz":
        forms.append(word + "s")
    return forms


def _is_institution(tokens: list[str]) -> bool:
    return tokens[-1].lower().endswith(_INSTITUTION_ENDINGS)


_ENTRY_WORD = re.compile(r"[^\W\d_]+(?:[-':\u2019][^\W\d_]+)*")


def _name_forms(entry: str) -> dict[str, _Form]:
    """Every spelling (lower case, single spaces) under which a list entry is matched.
    Only the words count, so "Lindqvist, Anna" from a spreadsheet works too."""
    tokens = [t.replace("\u2019", "'") for t in _ENTRY_WORD.findall(entry)]
    if not tokens:
        return {}
    lowered = [t.lower() for t in tokens]
    forms: dict[str, _Form] = {}
    if _is_institution(tokens):
        stems = [lowered]
        if len(lowered) == 2 and lowered[1] in ("skola", "skolan"):  # Rinkeby skola
            stems.append([lowered[0] + lowered[1]])
        for stem in stems:
            for last in _institution_forms(stem[-1]):
                forms[" ".join([*stem[:-1], last])] = _Form((), False)
        return forms
    # Lower-case words in a capitalised entry are particles or notes ("van der", "(mentor)"):
    # kept in the full name, never matched alone.
    capitalised = any(t[0].isupper() for t in tokens)
    parts = [
        low
        for token, low in zip(tokens, lowered, strict=True)
        if low not in _PARTICLES and len(low) > 1 and (token[0].isupper() or not capitalised)
    ]
    if not parts:
        return forms
    ambiguous = all(p in AMBIGUOUS_NAME_WORDS for p in parts)
    if len(tokens) > 1 or "-" in lowered[0]:
        for form in _genitives(lowered[-1]):
            forms[" ".join([*lowered[:-1], form])] = _Form(tuple(parts), ambiguous, True)
    singles = {piece for p in parts for piece in [p, *p.split("-")] if len(piece) > 1}
    for part in singles:
        for form in _genitives(part):
            forms[form] = _Form((part,), part in AMBIGUOUS_NAME_WORDS)
    for surname in _with_particles(lowered):  # "van der Berg" on its own
        for form in _genitives(surname[-1]):
            key = " ".join([*surname[:-1], form])
            forms[key] = _Form((surname[-1],), surname[-1] in AMBIGUOUS_NAME_WORDS, True)
    return forms


def _with_particles(lowered: list[str]) -> list[list[str]]:
    """Each name word that follows particles, with them: ["van", "der", "berg"]."""
    found: list[list[str]] = []
    particles: list[str] = []
    for word in lowered:
        if word in _PARTICLES:
            particles.append(word)
            continue
        if particles:
            found.append([*particles, word])
        particles = []
    return found


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation shaped as a trie, so matching cost does not grow with the list."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_char(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['\u2019]"
    if char == "-":
        return "[-\u2010\u2011]"
    return re.escape(char)


def _trie_node(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [_trie_char(char) + _trie_node(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


_MATCH_NORMAL = str.maketrans({"\u2019": "'", "\u2010": "-", "\u2011": "-"})


def _normalise_match(text: str) -> str:
    return " ".join(text.lower().translate(_MATCH_NORMAL).split())


def _name_cased(text: str) -> bool:
    """Every word written like a name: capital first, not shouted in capitals (particles
    such as "van der" aside)."""
    for word in text.split():
        if word.lower() in _PARTICLES:
            continue
        if not word[0].isupper() or (len(word) > 1 and word.isupper()):
            return False
    return True


def _shouted(text: str) -> bool:
    """An answer written all in capitals."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


_OPENERS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb([{*\u2022\u00b7-\u2013\u2014>"
_SENTENCE_ENDS = ".!?:\u2026"


def _sentence_initial(text: str, start: int) -> bool:
    """A capital here proves nothing: the start of the text, a line or a sentence."""
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_ENDS


# --- names kept only as hashes ----------------------------------------------------------------

# A name whose invitation was erased is still hidden in others' answers, but the survey no
# longer keeps it readable: each spelling is kept as a salted hash and the answer's runs of
# up to this many words are hashed and looked up.
HIDDEN_NAME_WORDS = 4
_HIDDEN_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\u2010\u2011-][^\W\d_]+)*")


def _digest(salt: str, form: str) -> str:
    return hashlib.sha256(f"{salt}\x00{form}".encode()).hexdigest()


@dataclass(frozen=True)
class HiddenForm:
    """One spelling of a name kept only as hashes: of the spelling and of its parts (the
    evidence that lets an everyday-word part count as a name elsewhere in the answer)."""

    digest: str
    ambiguous: bool
    full: bool
    bases: tuple[str, ...]


def hidden_forms(entry: str, salt: str) -> list[HiddenForm]:
    """Every spelling under which a list entry is matched, as salted hashes."""
    return [
        HiddenForm(
            _digest(salt, spelling),
            form.ambiguous,
            form.full,
            tuple(_digest(salt, b) for b in form.bases),
        )
        for spelling, form in _name_forms(entry).items()
    ]


class Pseudonymiser:
    """Finds identifying details in answers; compiled once per survey and its name list.

    Names rule: a spelling from the list (case-insensitive, whole words, with genitive and,
    for schools, definite forms) is a name. A full name is a name unless every part is an
    everyday word ("Per Berg"), in which case it must be written capitalised. A single part
    that is an everyday word (`AMBIGUOUS_NAME_WORDS`: "Per", "Bo", "Berg", "Will") counts
    only when written capitalised and either not at the start of a sentence or line, or
    when the same answer also shows it as a name elsewhere (capitalised mid-sentence, or in
    a full name). So "Per vecka…" stays, "Vi ringde Per." and "Per Berg kom." are flagged.
    """

    def __init__(
        self,
        names: Iterable[str] = (),
        hidden: Iterable[HiddenForm] = (),
        salt: str = "",
        *,
        unlisted: bool = True,
    ) -> None:
        self._unlisted = unlisted
        self._forms: dict[str, _Form] = {}
        for entry in names:
            self._forms.update(_name_forms(str(entry)))
        # Names kept only as hashes (see `hidden_forms`): their bases are hashes too, marked
        # so that they never meet a readable base in the evidence.
        self._salt = salt
        self._hidden = {
            h.digest: _Form(tuple("#" + b for b in h.bases), h.ambiguous, h.full) for h in hidden
        }
        self._names: re.Pattern[str] | None = None
        self._names_any_case: re.Pattern[str] | None = None
        if self._forms:
            # Matched against the lower-cased answer: far faster than re.IGNORECASE, which
            # is kept for the rare text whose length changes when lower-cased ("İ").
            pattern = rf"(?<!\w)(?:{_trie_pattern(sorted(self._forms))})(?!\w)"
            self._names = re.compile(pattern)
            self._names_any_case = re.compile(pattern, re.IGNORECASE)

    def find(self, text: str) -> list[Finding]:
        """Every identifying detail, sorted by position and never overlapping: where two
        detectors disagree the longer finding wins, then the more specific kind."""
        if not text or text.isspace():
            return []
        found: list[Finding] = []
        if _HAS_DIGIT.search(text):
            found += _identity_numbers(text)
            found += _phone_numbers(text)
            found += _addresses(text)
        found += _emails(text)
        found += self._name_findings(text)
        if self._unlisted:
            found += [
                Finding(start, end, "NAMN", text[start:end])
                for start, end in find_unlisted(text, _sentence_initial, AMBIGUOUS_NAME_WORDS)
            ]
        return _resolve(found)

    def apply(self, text: str) -> str:
        """The text with each finding replaced by ``[KIND]``."""
        pieces: list[str] = []
        last = 0
        for finding in self.find(text):
            pieces += [text[last : finding.start], f"[{finding.kind}]"]
            last = finding.end
        pieces.append(text[last:])
        return "".join(pieces)

    def apply_span(self, text: str, start: int, end: int) -> str:
        """``text[start:end]`` as it is shown: the findings are looked for in the whole
        text, so a span that cuts a number or a name in two hides its part of it too
        (alone, "070-123" or "19850612-1" no longer looks like anything)."""
        pieces: list[str] = []
        last = start
        for finding in self.find(text):
            if finding.end <= start or finding.start >= end:
                continue
            pieces += [text[last : max(finding.start, start)], f"[{finding.kind}]"]
            last = min(finding.end, end)
        pieces.append(text[last:end])
        return "".join(pieces)

    def _listed(self, text: str) -> Iterator[tuple[int, int, _Form]]:
        """Spellings of the readable list in the text: (start, end, what it stands for)."""
        if self._names is None or self._names_any_case is None:
            return
        lowered = text.lower()
        if len(lowered) == len(text):
            matches = self._names.finditer(lowered)
        else:
            matches = self._names_any_case.finditer(text)
        for m in matches:
            form = self._forms.get(_normalise_match(m[0]))
            if form is not None:
                yield m.start(), m.end(), form

    def _hidden_listed(self, text: str) -> Iterator[tuple[int, int, _Form]]:
        """Spellings of names kept only as hashes: every run of up to `HIDDEN_NAME_WORDS`
        words (separated by spaces only) is hashed and looked up."""
        if not self._hidden:
            return
        words = list(_HIDDEN_WORD.finditer(text))
        for i, first in enumerate(words):
            for j in range(i, min(i + HIDDEN_NAME_WORDS, len(words))):
                if j > i and not text[words[j - 1].end() : words[j].start()].isspace():
                    break
                end = words[j].end()
                form = self._hidden.get(
                    _digest(self._salt, _normalise_match(text[first.start() : end]))
                )
                if form is not None:
                    yield first.start(), end, form

    def _name_findings(self, text: str) -> list[Finding]:
        if self._names is None and not self._hidden:
            return []
        accepted: list[Finding] = []
        doubtful: list[tuple[Finding, str]] = []
        evidence: set[str] = set()
        for start, end, form in [*self._listed(text), *self._hidden_listed(text)]:
            original = text[start:end]
            finding = Finding(start, end, "NAMN", original)
            if not form.ambiguous:
                accepted.append(finding)
                if form.full:
                    evidence.update(form.bases)
                continue
            if not _name_cased(original) and not (form.full and _shouted(text)):
                # An answer written all in capitals says nothing by its case: there the
                # whole listed name ("EVA HOLM") still counts, though each of its words
                # is an everyday word. (In lower case it need not: "30 kr per berg".)
                continue
            if not form.full and _a_date(text, start, end):
                continue  # "call in May", "between January and May": the month
            if form.full or not _sentence_initial(text, start):
                accepted.append(finding)
                evidence.update(form.bases)
            else:
                doubtful.append((finding, form.bases[0]))
        accepted += [finding for finding, base in doubtful if base in evidence]
        return accepted


# The words that make a listed name that is also a month a date (the months themselves
# are the name detector's calendar words).
_TIME_WORDS = _words(
    "in i since until till by during under before after före efter sedan från from of "
    "early late mid början slutet mitten last next förra nästa"
)
_BEFORE_WORD = re.compile(r"(\w+)\W+$")
_AND_MONTH = re.compile(r"(\w+)\s*(?:and|och|to|till|-|–|,)\s*$", re.IGNORECASE)
_DAY_OR_YEAR = re.compile(r"\s*\d")


def _a_date(text: str, start: int, end: int) -> bool:
    """A listed name that is also a month, written where a month goes: after a word of
    time ("in May", "i juni"), after another month ("January and May"), or before a day
    or a year ("May 12", "juni 2025")."""
    if text[start:end].lower() not in name_words.CALENDAR:
        return False
    before = text[max(0, start - 40) : start]
    word = _BEFORE_WORD.search(before)
    if word and word[1].lower() in _TIME_WORDS:
        return True
    month = _AND_MONTH.search(before)
    if month and month[1].lower() in name_words.CALENDAR:
        return True
    return bool(_DAY_OR_YEAR.match(text, end))


def _resolve(found: list[Finding]) -> list[Finding]:
    chosen: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, _RANK[f.kind], f.start)):
        if all(f.end <= c.start or c.end <= f.start for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


@lru_cache(maxsize=16)
def _cached(names: tuple[str, ...]) -> Pseudonymiser:
    return Pseudonymiser(names)


def pseudonymise(text: str, names: Iterable[str] = ()) -> str:
    """One answer with its identifying details replaced; the compiled list is reused."""
    return _cached(tuple(names)).apply(text)
