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

The lists it reads are `name_lexicon` (names and everyday words) and `name_words`
(the words of context).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from survey.privacy import name_words as w
from survey.privacy.name_lexicon import Lexicon, lexicon

_VOWEL = re.compile(r"[aeiouyåäöéü]")

# A word as written: capitalised or not, hyphenated parts, a genitive.
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*(?:['\u2019]s\b|['\u2019](?!\w))?")


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


@lru_cache(maxsize=100_000)
def _kind_of(word: str, base: str, everyday: frozenset[str]) -> str:
    """`_kind` of a word as written, kept: answers repeat their words, and each look in
    the word tables costs a hash and a search."""
    return _kind(word, base, lexicon(), everyday)


def _kind(word: str, base: str, known: Lexicon, everyday: frozenset[str]) -> str:
    parts = _HYPHEN.split(word)
    if any(c.isupper() for p in parts for c in p[1:]) and not word.isupper():
        return _K_NEVER
    if base in w.CALENDAR or base in w.NEVER or base in w.WEEKDAY_SHORT:
        return _K_NEVER
    if base in w.KIN or base in w.PRONOUNS or base in w.NAME:
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
    if len(parts) > 1 and any(p.lower().endswith(w.PLACE_ENDINGS) for p in parts):
        return _K_PROPER  # "Hägersten-Älvsjö", "Enskede-Årsta-Vantör": districts
    if base.endswith(w.ADVERB_ENDINGS):
        return _K_COMMON
    if base.endswith(w.PLACE_ENDINGS):
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
    kinds = [_kind_of(m[0], b, everyday) for m, b in zip(tokens, bases, strict=True)]
    listed = [_known(b, known.names) for b in bases]
    context = _Context(text, tokens, lows, listed)
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
            if low in w.CALENDAR or low in w.NEVER:
                kinds[i] = _K_NEVER
            elif low in known.function_words:
                kinds[i] = _K_COMMON
    found: dict[int, tuple[int, int]] = {}
    lower_case: list[int] = []
    lower_words: list[int] = []  # lower-case names that are also words, ending a phrase
    lower_either: list[int] = []  # lower-case names that are also words, anywhere
    for i, m in enumerate(tokens):
        word, kind = m[0], kinds[i]
        capital = word[0].isupper() and not (len(word) > 1 and word.isupper())
        if kind == _K_NEVER:
            # A month or a feast is a name where a person's role introduces it ("farmor
            # Valborg", "Maj från socialtjänsten", "April (my daughter)").
            if (
                capital
                and bases[i] in w.CALENDAR
                and (
                    context.introduced(i)
                    or context.role_follows(i)
                    or context.works_at(i, strict=True)
                    or context.in_class(i)
                    or context.my_kin(i)
                    or context.aged(i)
                )
            ):
                found[i] = (m.start(), m.end())
            continue
        if (
            (kind != _K_COMMON or listed[i])
            and context.named(i)
            and lows[i] not in known.function_words
        ):
            found[i] = (m.start(), m.end())  # "hon heter rose", "kallade honom Mackan"
            continue
        if (
            capital
            and kind == _K_COMMON
            and listed[i]
            and lows[i] not in w.PRONOUNS
            and lows[i] not in w.QUANTIFIERS
            and (
                context.my_kin(i)
                or context.aged(i)
                or context.works_at(i, strict=True)
                or context.after(i) in w.COPULA
                and context.after(i, 2) in w.FEELINGS
            )
        ):
            found[i] = (m.start(), m.end())  # "Dag är min mentor", "Bo i teamet", "Will is my…"
            continue
        if context.role_follows(i) and (
            kind in (_K_NAME, _K_WORD, _K_RARE)
            or capital
            and kind == _K_COMMON
            and listed[i]
            and bases[i] not in known.function_words
        ):
            found[i] = (m.start(), m.end())  # "Björk (läraren i svenska)", "Li, skolsköterskan"
            continue
        if kind in (_K_NAME, _K_WORD, _K_RARE) and context.in_class(i):
            found[i] = (m.start(), m.end())  # "Liv i 4b", "Eden i min klass"
            continue
        if (capital and kind == _K_RARE or kind == _K_NAME) and context.speaks(i):
            found[i] = (m.start(), m.end())  # "Merhawi: det var okej"
            continue
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
                and (
                    person
                    or context.predicate(i, w.BROAD)
                    or context.to_person(i, ends=False)
                    or context.after(i) in w.HE_SHE
                )
                or kind == _K_WORD
                and (
                    introduced
                    and context.subject(i, w.PERSON)
                    or context.thanked(i)
                    and (context.ends_a_phrase(i) or context.after(i) in w.THANKED_NEXT)
                    or context.with_me(i)
                )
                or kind == _K_WORD
                and len(word) > 3
                and sentence_initial(text, m.start())
                and context.subject(i, w.PERSON)
                or kind == _K_RARE
                and (person or context.subject(i, w.PERSON) or context.visited(i))
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
                introduced
                or kind == _K_NAME
                and not context.names_a_place(i, kinds)
                or kind == _K_WORD
                and (context.subject(i, w.PERSON) or context.possessive(i))
                or kind == _K_PROPER
                and context.subject(i, w.PERSON)
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
                and (context.after(i, 2) in w.TEAMS or context.after(i, 3) in w.TEAMS)
                and context.works_at(i, strict=True)
                or kind == _K_WORD
                and context.with_me(i)
                or kind in (_K_WORD, _K_RARE)
                and context.after(i) in w.HE_SHE
                or kind in (_K_NAME, _K_WORD, _K_RARE)
                and (context.school_year(i) or context.aged(i) or context.addressed(i))
            ):
                found[i] = (m.start(), m.end())
            continue
        if context.in_a_title(i, kinds, sentence_initial) and not listed[i - 1]:
            continue  # "till Gröna Lund", but "efter att Per Lindqvist tog över"
        if context.from_a_place(i) and not introduced:
            continue  # "we are from Manila": a city that is also a name
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
        if lows[i] in w.INTRODUCERS:
            continue  # the title stays: "Mr [NAMN]", "Fröken [NAMN]"
        if kinds[i] == _K_PROPER and bases[i].endswith(w.PLACE_ENDINGS):
            continue  # "near Fridhemsplan, Karin paid"
        if context.after_article(i) or context.in_a_place(i) and kinds[i] == _K_COMMON:
            continue  # "the Friends", "i Djurgården, Otto och Majken"
        if sentence_initial(text, m.start()):
            if kinds[i] == _K_RARE and _beside_a_name(text, tokens, i, found):
                found[i] = (m.start(), m.end())
            elif kinds[i] == _K_WORD and (
                (i + 2) in found
                and context.after(i) in w.JOINERS
                or (i + 1) in found
                and text[m.end() : tokens[i + 1].start()] in (", ", " + ", " & ")
            ):
                found[i] = (m.start(), m.end())  # "Vera och Ida har", "Gun, Ulf och Shirin"
            continue
        if (
            kinds[i] == _K_COMMON
            and lows[i].endswith(w.INSTITUTION_ENDINGS)
            and not _beside_a_name(text, tokens, i, found, spaced=True)
        ):
            continue  # "Rektorn på Solbergaskolan, Malmberg": a school beside a name
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
        if (
            context.predicate(group[-1], w.BROAD)
            or context.to_person(group[0], ends=False)
            or context.after(group[-1]) in w.THEY
        ):
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
    # A place or an institution named after a person is not that person ("Selma
    # Lagerlöfs skola", "Katarina kyrka").
    institutions = _institutions(text, tokens, found, bases, lows)
    for i in institutions:
        del found[i]
    # A name found once is a name wherever the answer writes it the same way ("han heter
    # Mo … alla säger Mo", "Lova har flyttat").
    surfaces = {tokens[i][0] for i in found if tokens[i][0][0].isupper()}
    lowered = {w.lower() for w in surfaces}
    for i, m in enumerate(tokens):
        if i in found or kinds[i] == _K_NEVER or i in institutions:
            continue
        if context.names_a_place(i, kinds) or context.in_a_place(i):
            continue  # "Maria från teamet … men Maria Ungdom", "Inger Lund … i Lund"
        # ... and typed in lower case too ("alla säger Kalle … tyckte kalle"), unless
        # that is an everyday word.
        # Its genitive too: "Vi träffade Tesfay … Tesfays tålamod".
        genitive = m[0][:-2] if m[0].endswith(("'s", "\u2019s")) else m[0][:-1]
        if (
            m[0] in surfaces
            or m[0][-1:] == "s"
            and genitive in surfaces
            or (m[0].islower() and lows[i] in lowered and kinds[i] in (_K_NAME, _K_RARE))
        ):
            found[i] = (m.start(), m.end())
    found.update(_initials(text, tokens, lows, found, known))
    found.update(_only_names(tokens, lows, kinds))
    found.update(_nicknames(text, tokens, lows, kinds, found))
    yield from _merged(sorted(found.items()), text)


def _nicknames(
    text: str,
    tokens: list[re.Match[str]],
    lows: list[str],
    kinds: list[str],
    found: dict[int, tuple[int, int]],
) -> dict[int, tuple[int, int]]:
    """A word alone in brackets right after a name found, or after the writer's "jag"
    or "me": the name the person goes by ("Lovisa (lollo)", "jag (alicia) skriver")."""
    more: dict[int, tuple[int, int]] = {}
    for i in range(1, len(tokens)):
        if i in found or kinds[i] not in (_K_NAME, _K_WORD, _K_RARE) or tokens[i][0].isupper():
            continue
        if lows[i] in w.KIN or lows[i] in w.INTRODUCERS or _is_role(lows[i]):
            continue
        before = text[tokens[i - 1].end() : tokens[i].start()]
        after = text[tokens[i].end() : tokens[i].end() + 1]
        if before not in (" (", "(") or after != ")":
            continue
        if i - 1 in found or lows[i - 1] in w.ME:
            more[i] = (tokens[i].start(), tokens[i].end())
    return more


def _only_names(
    tokens: list[re.Match[str]], lows: list[str], kinds: list[str]
) -> dict[int, tuple[int, int]]:
    """An answer that is nothing but names, as to "who did you talk to?" ("Grace!!!",
    "ella,wilma,alice", "Olu and Chidi"): every word a name or a joiner, one at least a
    name no table knows as a word or a capitalised one."""
    words = [i for i, low in enumerate(lows) if low not in w.JOINERS]
    if not words or any(kinds[i] not in (_K_NAME, _K_WORD, _K_RARE) for i in words):
        return {}
    if len(words) == 1:
        # One word alone, as the answer to "who helped most?": a name no table knows as a
        # word, or a capitalised name that is also a word ("Saga 🙏", "Liv"), but not the
        # words an answer judges with ("Good.", "Bäst!").
        i = words[0]
        capital = tokens[i][0][0].isupper()
        if not (
            kinds[i] == _K_NAME
            or kinds[i] == _K_RARE
            and capital
            or kinds[i] == _K_WORD
            and capital
            and lows[i] not in w.ANSWER_WORDS
        ):
            return {}
    elif not any(kinds[i] == _K_NAME or tokens[i][0][0].isupper() for i in words):
        return {}
    return {i: (tokens[i].start(), tokens[i].end()) for i in words}


def _institutions(
    text: str,
    tokens: list[re.Match[str]],
    found: dict[int, tuple[int, int]],
    bases: list[str],
    lows: list[str],
) -> set[int]:
    """The names found that name a place or an institution: a run of name words right
    before "skola", "kyrka", "School"…, bare ("Katarina kyrka") or, of two words or more,
    in the genitive ("Selma Lagerlöfs skola"; but "Tesfays skola" is his school)."""
    dropped: set[int] = set()
    i = 0
    while i < len(tokens):
        if i not in found:
            i += 1
            continue
        j = i
        while j + 1 in found and _adjacent(text, tokens[j], tokens[j + 1]):
            j += 1
        # The institution word itself may have been taken into the run ("Hjalmar
        # Söderberg School"): the run ends before it.
        inside = next((k for k in range(i + 1, j + 1) if lows[k] in w.INSTITUTIONS), None)
        last, after = (inside - 1, inside) if inside is not None else (j, j + 1)
        if (
            after < len(tokens)
            and _adjacent(text, tokens[last], tokens[after])
            and (lows[after] in w.INSTITUTIONS or lows[after].endswith(w.INSTITUTION_ENDINGS))
            and (bases[last] == lows[last] or last > i)
        ):
            dropped.update(range(i, (after if inside is not None else j) + 1))
        i = j + 1
    return dropped


_AGE = re.compile(
    r"(?: (?:är|is|was|var|e) | ?\(|, )(?:1?\d)(?: år| years?| ?\)|,|\b)(?!\s?(?:%|procent|dagar|veckor|timmar|min))"
)
_CLASS_CODE = re.compile(r" \d{1,2}(?:[a-zA-Z]|an|or)?\b")
_SIGNED = re.compile(r"(?:^|[\s(])(?:/|[-–—]\s?)$")


def _initials(
    text: str,
    tokens: list[re.Match[str]],
    lows: list[str],
    found: dict[int, tuple[int, int]],
    known: Lexicon,
) -> dict[int, tuple[int, int]]:
    """Initials that stand for a person: one letter and a full stop, where the answer
    names someone with that letter ("Mö m. Dilan … D. sover dåligt"), and two capitals
    that sign a note ("/MJ", "– RK"), are joined to a name found ("ES/Baran") or do
    what a person does ("AK gick i pension")."""
    if text.isupper():
        return {}  # an answer written in capitals: its short words are no initials
    letters = {
        tokens[i][0][0] for i in found if len(tokens[i][0]) > 2 and tokens[i][0][0].isupper()
    }
    more: dict[int, tuple[int, int]] = {}
    for i, m in enumerate(tokens):
        word = m[0]
        if i in found or not word.isupper():
            continue
        before = text[: m.start()]
        if before and not (before[-1].isspace() or before[-1] in "(/"):
            continue
        rest = text[m.end() :]
        if len(word) == 1:
            if word in letters and rest.startswith(".") and rest[1:2] in ("", " ", ":", ","):
                more[i] = (m.start(), m.end() + 1)
            continue
        if len(word) != 2 or lows[i] in w.ABBREVIATIONS or lows[i] in w.NEVER:
            continue
        if lows[i] in known.function_words:
            continue
        last = i == len(tokens) - 1 and not rest.strip(" .!\n")
        joined = rest.startswith("/") and i + 1 in found or before.endswith("/") and i - 1 in found
        does = rest.startswith(" ") and i + 1 < len(tokens) and lows[i + 1] in w.PERSON | w.HAVE
        if last and _SIGNED.search(before) or joined or does:
            more[i] = (m.start(), m.end())
    return more


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
        return tokens[i + 1][0].lower() in w.JOINERS and len(gap) <= len(tokens[i + 1][0]) + 3
    return False


class _Context:
    """The words around a token: what the rules of `find_unlisted` ask of them."""

    def __init__(
        self, text: str, tokens: list[re.Match[str]], lows: list[str], listed: list[bool]
    ) -> None:
        self.text, self.tokens, self.lows = text, tokens, lows
        self.listed = listed  # each word a known name (first name or surname)?
        # Whether each token and the next stand apart by white space alone, read once
        # per answer: every rule asks it of the words around, many times over.
        gaps = [text[a.end() : b.start()] for a, b in zip(tokens, tokens[1:], strict=False)]
        self.joined = [gap.isspace() and "\n" not in gap for gap in gaps]
        # The word before and after each token within its phrase ("" where none).
        self.previous = [""] + [
            low if ok else "" for low, ok in zip(lows, self.joined, strict=False)
        ]
        self.following = [low if ok else "" for low, ok in zip(lows[1:], self.joined, strict=True)]
        self.following.append("")

    def _spaced(self, i: int, j: int) -> bool:
        """Tokens i < j stand next to each other with only white space between."""
        if j == i + 1:
            return self.joined[i]
        gap = self.text[self.tokens[i].end() : self.tokens[j].start()]
        return gap.isspace() and "\n" not in gap

    def before(self, i: int) -> str:
        return self.previous[i] if i > 0 else ""

    def after(self, i: int, k: int = 1) -> str:
        j = i + k
        return self.following[j - 1] if j < len(self.tokens) else ""

    def introduced(self, i: int) -> bool:
        """Right after a word that introduces a person ("min son Luka", "kuratorn
        Naima", "mormor till Dilan")."""
        before = self.before(i)
        if before in w.INTRODUCERS:
            return True
        if i > 0 and self.lows[i - 1] in w.TITLE_ABBREVIATIONS:
            gap = self.text[self.tokens[i - 1].end() : self.tokens[i].start()]
            if gap == ". ":
                return True  # "Ms. Ek", "fam. Warsame"
        if before in w.COPULA and i > 1 and self.before(i - 1) in w.KIN | w.INTRODUCERS | w.NAME:
            return self.before(i - 2) in w.MY | w.THEIR  # "her mentor is john"
        return before in w.OF and self.before(i - 1) in w.KIN

    def predicate(self, i: int, verbs: frozenset[str]) -> bool:
        """A person's verb follows ("Tuva säger"), or "is my…" ("Sol är min dotter")."""
        after = self.after(i)
        if after in verbs:
            return True
        if after in w.COPULA and self.after(i, 2) in w.MY | w.FEELINGS:
            return True
        if after in w.HAVE and self.after(i, 2) in w.DONE:
            return True
        return after in w.AND and self.after(i, 2) in w.THEIR

    def person_context(self, i: int, strict: bool = False) -> bool:
        """Words around that only a person has, whatever the word itself is."""
        return self.works_at(i, strict) or self.thanked(i) or self.with_me(i) or self.who_does(i)

    def subject(self, i: int, verbs: frozenset[str] = w.BROAD, said: bool = False) -> bool:
        """The subject of the verb that follows: not when a pronoun follows the verb,
        as after an adverb that opens a sentence ("Överlag har vi…", "Sen gick det"),
        unless `said` and it is what was said or thought ("Shilan tyckte det var…": for
        words in no list, which adverbs like "Sen" are not)."""
        if not self.predicate(i, verbs):
            return False
        pronoun = self.after(i, 2)
        if said and pronoun == "det" and self.after(i) in w.SAYING:
            return True
        return pronoun not in w.PRONOUNS

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
        if self.lows[j] in w.ELDERS and self._spaced(i, j):
            return True  # "pirkko mormor var med"
        if self._spaced(i, j) and _is_role(self.lows[j]) and self.lows[j] not in w.ROLES:
            return True  # "Rut specialpedagogen", "pia kuratorn": a role in its definite form
        if self.lows[j] not in w.MY | w.THEIR:
            return False
        k = self._next(j)
        return k is not None and self._spaced(j, k) and self.lows[k] in w.KIN

    def affiliated(self, i: int) -> bool:
        """Where a person works or belongs, then what they did ("Tove från teamet
        hjälpte oss", "Sanna från soc sa", "agnieszka på skolan hjälpte mig")."""
        if self.after(i) not in w.FROM:
            return False
        for k in (3, 4, 5):  # "Faith from the social services helped us"
            if self.after(i, k - 1) and self.after(i, k) in w.AGENT:
                then = self.after(i, k + 1)
                return then not in w.PRONOUNS or then == "det" and self.after(i, k) in w.SAYING
            if self.after(i, k) in w.HAVE and self.after(i, k + 1) in w.DONE:
                return True  # "Björn i klassen har slutat retas"
        return False

    def works_at(self, i: int, strict: bool = False) -> bool:
        """Where a person works, without a verb ("Liv från teamet e snäll", "tompa på
        fritids", "Aria from the team"); `strict`: only coming from there, as a
        capital at the start of a sentence needs ("Maten i skolan" is food)."""
        place = self.after(i, 2)
        if place in w.ARTICLES:
            place = self.after(i, 3)  # "Aria from the team", "Mark in the team"
        capital = self.tokens[i][0][0].isupper()
        if strict and capital and self.after(i) in w.IN | w.ON and place in w.STAFF_ROOMS:
            return True  # "Gunnel i matsalen är den som…", not "psykologtid i elevhälsan"
        if self.after(i) not in (w.FROM_PLACE if strict else w.FROM):
            return False
        return place in w.WORKPLACES

    def inverted(self, i: int) -> bool:
        """The subject after its verb, before an adverb ("UTAN ER HADE ELVIN INTE
        KLARAT", "efter jul har wilma också gått"), or added last ("and yasmin too")."""
        if self.after(i) not in w.SENTENCE_ADVERBS:
            return False
        return self.before(i) in w.BROAD or self.before(i) in w.AND

    def doing(self, i: int) -> bool:
        """How a person is doing: "Kim har det bättre", "Jack is doing fine"."""
        after, then = self.after(i), self.after(i, 2)
        if after in w.HAVE and then == "det" and self.after(i, 3) in w.STATES:
            return True
        return after in ("is", "was") and then == "doing"

    def referred_to(self, i: int) -> bool:
        """A person's pronoun opens the next sentence ("Rut har blivit modigare. Hon
        har…", "Grace is doing better. She laughs again"): what the subject was. Not a
        pronoun inside the same sentence ("Corona gjorde allt värre, han…")."""
        for j in range(i + 2, min(len(self.tokens), i + 40)):
            gap = self.text[self.tokens[j - 1].end() : self.tokens[j].start()]
            if any(mark in gap for mark in ".!?\n"):
                # Its first words: "Hon har…", "Nu går hon…" (the verb second in Swedish).
                return any(self.lows[k] in w.PERSONAL for k in range(j, min(j + 3, len(self.lows))))
        return False

    def visited(self, i: int) -> bool:
        """Someone one goes to see or calls ("vi va hos hodan på soc", "we went to see
        hodan"), when the phrase ends there."""
        return self.before(i) in w.VISIT and self.ends_a_phrase(i)

    def thanked(self, i: int) -> bool:
        """After thanks: "tack siv", "tacka lotta", "thank you jessica"."""
        before = self.before(i)
        if before in w.THANKS:
            return True
        return before in ("you", "u") and i > 1 and self.before(i - 1) in w.THANKS

    def with_me(self, i: int) -> bool:
        """Beside the writer: "Vide och jag", "jag och linn", "Aria and me"."""
        if self.after(i) in w.JOINERS and self.after(i, 2) in w.ME:
            return True
        if self.after(i) == "and" and i + 2 < len(self.tokens) and self.tokens[i + 2][0] == "I":
            return self._spaced(i + 1, i + 2)  # "Karwan and I did not speak"
        return self.before(i) in w.JOINERS and i > 1 and self.before(i - 1) in w.ME

    def who_does(self, i: int) -> bool:
        """A relative clause only a person is the subject of: "Shadi som pratar persiska"."""
        if self.after(i) not in ("som", "who"):
            return False
        if self.after(i, 2) in w.PERSON:
            return True
        # ... or its object, met or called by the writer: "Hiwot som vi träffade".
        return self.after(i, 2) in w.PRONOUNS and self.after(i, 3) in w.PERSON | w.VISIT

    def ends_a_phrase(self, i: int) -> bool:
        """Nothing follows in the clause but a joiner or a preposition ("med lena på
        elevhälsan", "thanks to anna"), as after a name and not after an adjective."""
        j = i + 1
        if j >= len(self.tokens) or not self._spaced(i, j):
            return True
        return self.lows[j] in w.PHRASE_ENDS

    def to_person(self, i: int, ends: bool = True) -> bool:
        """After a person's preposition or a verb of meeting someone ("pratade med
        hanna", "vi va hos hodan på soc", "thanks to lena and anna")."""
        return self.before(i) in w.TO_PERSON and (not ends or self.ends_a_phrase(i))

    def possessive(self, i: int) -> bool:
        """A genitive that owns a person ("Axels bästa kompis", "Merima's grandmother")."""
        word = self.lows[i]
        if not word.endswith("s") and not word.endswith("'"):
            return False
        after = self.after(i)
        if after in w.ROLE_ADJECTIVES:
            after = self.after(i, 2)
        return after in w.KIN

    def after_article(self, i: int) -> bool:
        """After "the", "a" or "an" written as a word (not the "a" of "sms:a")."""
        if self.before(i) not in w.ARTICLES:
            return False
        start = self.tokens[i - 1].start()
        return start == 0 or self.text[start - 1].isspace()

    def role_follows(self, i: int) -> bool:
        """Who the person is at work or to the writer, in brackets or after a comma right
        after the word ("Björk (läraren i svenska)", "Dag (skolsoc.)", "Li,
        skolsköterskan", "Abebe (the psychologist?)", "Nok (dotter)")."""
        j = i + 1
        if j >= len(self.tokens):
            return False
        gap = self.text[self.tokens[i].end() : self.tokens[j].start()]
        if "\n" in gap or gap.strip() not in ("(", ","):
            return False
        if self.lows[j] in w.MY | w.THEIR | w.ARTICLES and j + 1 < len(self.tokens):
            if not self._spaced(j, j + 1):
                return False
            j += 1
        word = self.lows[j]
        if gap.strip() == ",":
            # After a comma only a role at work, of a capitalised word not in a place
            # ("i Järva, barn och unga" lists, "ha koll, familjebehandlaren" goes on).
            first = self.tokens[i][0]
            return (
                first[0].isupper()
                and not self.in_a_place(i)
                and (word in w.INTRODUCERS or _is_role(word))
                and word not in w.KIN
            )
        if word in w.KIN or word in w.INTRODUCERS or _is_role(word):
            return True
        # An abbreviated role: "vaktm.", "skolsköt.", "spec.ped".
        follows = self.text[self.tokens[j].end() : self.tokens[j].end() + 1]
        return (
            gap.strip() == "("
            and follows == "."
            and len(word) >= 4
            and any(role.startswith(word) for role in w.ROLES)
        )

    def school_year(self, i: int) -> bool:
        """A pupil's school year follows: "Sohrab åk 7", "Ask (åk 4)", "Vilja, åk 6"."""
        j = i + 1
        if j >= len(self.tokens) or self.lows[j] not in w.SCHOOL_YEAR:
            return False
        gap = self.text[self.tokens[i].end() : self.tokens[j].start()]
        if gap not in (" ", " (", ", ", "("):
            return False
        rest = self.text[self.tokens[j].end() : self.tokens[j].end() + 3].lstrip(" .")
        return rest[:1].isdigit() or rest[:1] in ("F", "f")

    def in_class(self, i: int) -> bool:
        """A pupil in a class: "Liv i 4b", "Linnea i 3an", "Frank in 8b", "Eden i min
        klass"."""
        if self.after(i) not in w.IN:
            return False
        j = i + 1
        rest = self.text[self.tokens[j].end() :]
        if _CLASS_CODE.match(rest):
            return True
        nxt = self.after(i, 2)
        if nxt in w.CLASS_WORDS:
            return True
        return nxt in w.MY and self.after(i, 3) in w.CLASS_WORDS

    def named(self, i: int) -> bool:
        """What someone is called: "hon heter rose", "named Bo", "kallade honom Mackan"."""
        before = self.before(i)
        if before in w.NAMING:
            return True
        return before in w.HIM_HER and i > 1 and self.before(i - 1) in w.CALLING

    def my_kin(self, i: int) -> bool:
        """Who the person is to the writer, said with "är": "Lucia e min kompis", "June
        is my best friend"."""
        if self.after(i) not in w.COPULA or self.after(i, 2) not in w.MY:
            return False
        kin = self.after(i, 3)
        if kin in w.ROLE_ADJECTIVES:
            kin = self.after(i, 4)
        return kin in w.KIN

    def aged(self, i: int) -> bool:
        """A person's age right after the name: "Lucia är 13", "Lo (7)", "Mo, 12,"."""
        rest = self.text[self.tokens[i].end() : self.tokens[i].end() + 12]
        return _AGE.match(rest) is not None

    def addressed(self, i: int) -> bool:
        """Spoken to, opening the answer or a sentence: "Yonas, if you read this",
        "Karolina, läser du det här?"."""
        j = i + 1
        if j + 1 >= len(self.tokens):
            return False
        gap = self.text[self.tokens[i].end() : self.tokens[j].start()]
        return gap == ", " and (
            self.lows[j] in w.YOU or self.after(j) in w.YOU or self.after(j, 2) in w.YOU
        )

    def speaks(self, i: int) -> bool:
        """Labels what a person said, as in a transcript: "Merhawi: det var okej"."""
        follows = self.text[self.tokens[i].end() : self.tokens[i].end() + 2]
        return follows == ": " and i + 1 < len(self.tokens)

    def in_a_place(self, i: int) -> bool:
        """After "i" or "in": a place ("bor i Fittja"), never a person; and where
        someone comes from ("we are from Basra", "flydde från Mariupol")."""
        return self.before(i) in w.IN or self.from_a_place(i)

    def from_a_place(self, i: int) -> bool:
        if self.before(i) not in ("från", "from") or i < 2:
            return False
        j = i - 1
        if self.before(j) in w.HITHER and j > 1:
            j -= 1  # "kom hit från Santiago"
        verb = self.before(j)
        if verb in w.MOVING:
            return True  # "flydde från Mariupol", "moved from London"
        # "are from", "kom från": a place when people come from it ("we are from
        # Manila"), not help that "kom från Jonathan".
        return verb in w.ORIGIN_VERBS and j > 1 and self.before(j - 1) in w.WE

    def in_a_title(
        self, i: int, kinds: list[str], sentence_initial: Callable[[str, int], bool]
    ) -> bool:
        """After an everyday word capitalised in the middle of a sentence: the rest of
        a place's or an organisation's name ("till Gröna Lund"), unless the word
        introduces a person ("… och Kuratorn Naima")."""
        j = i - 1
        if j < 0 or not self._spaced(j, i) or self.lows[j] in w.INTRODUCERS:
            return False
        word = self.tokens[j][0]
        return (
            kinds[j] == _K_COMMON
            and word[0].isupper()
            and not word.isupper()
            and self.lows[j] not in w.FUNCTION_BEFORE
            and not sentence_initial(self.text, self.tokens[j].start())
        )

    def names_a_place(self, i: int, kinds: list[str]) -> bool:
        """The first word of an organisation or a place named with an everyday word
        ("Maria Ungdom", "Gröna Lund")."""
        j = i + 1
        if j >= len(self.tokens) or not self._spaced(i, j):
            return False
        nxt = self.tokens[j][0]
        if kinds[j] == _K_COMMON and self.listed[j]:
            return False  # a surname that is also a word: "Kent Ek", "Per Berg"
        return nxt[0].isupper() and kinds[j] in (_K_COMMON, _K_NEVER) and not nxt.isupper()


def _is_role(word: str) -> bool:
    """A staff role, bare or in a definite or plural form ("kuratorn", "lärarna")."""
    return any(
        word.endswith(end) and word[: len(word) - len(end)] in w.ROLES for end in w.ROLE_ENDS
    )


def _adjacent(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    gap = text[first.end() : second.start()]
    return gap == " " or gap == "\u00a0"


def _beside_a_name(
    text: str,
    tokens: list[re.Match[str]],
    i: int,
    found: dict[int, tuple[int, int]],
    spaced: bool = False,
) -> bool:
    """Token `i` stands right beside a name found ("Helen Woldu"), or is joined to one
    by a comma, "och" or "and" ("Bassam and Abdinasir")."""
    for j in (i - 1, i + 1):
        if j in found:
            first, second = tokens[min(i, j)], tokens[max(i, j)]
            gap = text[first.end() : second.start()]
            if spaced:
                if gap in (" ", "\u00a0"):
                    return True  # the other part of one name ("Anna Berg")
                continue
            if gap in (" ", "\u00a0", ", ") or gap.strip() in w.JOINERS and len(gap) < 6:
                return True
    if spaced:
        return False
    for j, middle in ((i - 2, i - 1), (i + 2, i + 1)):
        if j in found and tokens[middle][0].lower() in w.JOINERS:
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
