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
(the words of context); `name_context` answers what the words around a word are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from survey.privacy import name_words as w
from survey.privacy.name_context import (
    KIND_COMMON,
    KIND_NAME,
    KIND_NEVER,
    KIND_PROPER,
    KIND_RARE,
    KIND_WORD,
    Context,
    is_role,
    surname_like,
)
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


@lru_cache(maxsize=100_000)
def _kind_of(word: str, base: str, everyday: frozenset[str]) -> str:
    """`_kind` of a word as written, kept: answers repeat their words, and each look in
    the word tables costs a hash and a search."""
    return _kind(word, base, lexicon(), everyday)


def _kind(word: str, base: str, known: Lexicon, everyday: frozenset[str]) -> str:
    parts = _HYPHEN.split(word)
    if any(c.isupper() for p in parts for c in p[1:]) and not word.isupper():
        return KIND_NEVER
    if base in w.CALENDAR or base in w.NEVER or base in w.WEEKDAY_SHORT:
        return KIND_NEVER
    if base in w.KIN or base in w.PRONOUNS or base in w.NAME:
        return KIND_COMMON  # "exman", "bonusson": who someone is, never their name
    if _known(base, known.names):
        if base in known.function_words:
            return KIND_COMMON  # "Han", "Hans", "Alla", "Will" as a word first
        if base in known.name_words or base in everyday:
            # A short everyday word ("Vi", "Bo") is too common a capital to go on.
            return KIND_WORD if len(base) > 2 else KIND_COMMON
        return KIND_NAME
    if base in known.vocabulary or len(base) < 4 or _VOWEL.search(base) is None:
        return KIND_COMMON
    if len(parts) > 1 and parts[-1].lower() in known.vocabulary:
        return KIND_COMMON  # "Komet-kurs", "SIP-mötet"
    if len(parts) > 1 and any(p.lower().endswith(w.PLACE_ENDINGS) for p in parts):
        return KIND_PROPER  # "Hägersten-Älvsjö", "Enskede-Årsta-Vantör": districts
    if base.endswith(w.ADVERB_ENDINGS):
        return KIND_COMMON
    if base.endswith(w.PLACE_ENDINGS):
        return KIND_PROPER
    if known.vocabulary.compound(base):
        return KIND_COMMON
    if base in known.proper:
        return KIND_PROPER
    return KIND_RARE


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
    context = Context(text, tokens, lows, listed)
    for i, m in enumerate(tokens):
        # In lower case an everyday word ending in s is that word ("class", not Clas's),
        # unless it owns a person ("maltes lärare").
        stripped = bases[i] != lows[i]
        if stripped and m[0].islower() and lows[i] in known.vocabulary:
            if not context.possessive(i):
                kinds[i] = KIND_COMMON
        elif stripped and not context.possessive(i):
            # Capitalised, the word as written comes first: "Mars" is the month and
            # "This" a pronoun, not the genitive of a name "Mar" or "Thi".
            low = lows[i]
            if low in w.CALENDAR or low in w.NEVER:
                kinds[i] = KIND_NEVER
            elif low in known.function_words:
                kinds[i] = KIND_COMMON
    found: dict[int, tuple[int, int]] = {}
    lower_case: list[int] = []
    lower_words: list[int] = []  # lower-case names that are also words, ending a phrase
    lower_either: list[int] = []  # lower-case names that are also words, anywhere
    for i, m in enumerate(tokens):
        word, kind = m[0], kinds[i]
        capital = word[0].isupper() and not (len(word) > 1 and word.isupper())
        if kind == KIND_NEVER:
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
            (kind != KIND_COMMON or listed[i])
            and context.named(i)
            and lows[i] not in known.function_words
        ):
            found[i] = (m.start(), m.end())  # "hon heter rose", "kallade honom Mackan"
            continue
        if (
            capital
            and kind == KIND_COMMON
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
            kind in (KIND_NAME, KIND_WORD, KIND_RARE)
            or capital
            and kind == KIND_COMMON
            and listed[i]
            and bases[i] not in known.function_words
        ):
            found[i] = (m.start(), m.end())  # "Björk (läraren i svenska)", "Li, skolsköterskan"
            continue
        if kind in (KIND_NAME, KIND_WORD, KIND_RARE) and context.in_class(i):
            found[i] = (m.start(), m.end())  # "Liv i 4b", "Eden i min klass"
            continue
        if (capital and kind == KIND_RARE or kind == KIND_NAME) and context.speaks(i):
            found[i] = (m.start(), m.end())  # "Merhawi: det var okej"
            continue
        introduced = context.introduced(i)
        if not capital:
            # Typed in lower case: a name only where the words around say so.
            # Where someone works tells a name only of a word no table knows as a word,
            # and only coming from there for a word in no list ("tillbaka i skolan").
            person = (
                introduced
                or context.self_introduced(i)
                or context.possessive(i)
                or context.affiliated(i)
                or context.person_context(i, strict=kind != KIND_NAME)
                or kind == KIND_NAME
                and context.inverted(i)
                or kind in (KIND_NAME, KIND_RARE)
                and context.apposition(i)
            )
            if (
                kind == KIND_NAME
                and (
                    person
                    or context.predicate(i, w.BROAD)
                    or context.to_person(i, ends=False)
                    or context.after(i) in w.HE_SHE
                )
                or kind == KIND_WORD
                and (
                    introduced
                    and context.subject(i, w.PERSON)
                    or context.self_introduced(i, strict=True)
                    or context.possessive(i)  # "lisas mamma", not "min mans kusin"
                    and len(word) > 4
                    and context.before(i) not in w.MY | w.THEIR
                    or len(word) > 3
                    and context.after(i) in w.FROM_TEAM
                    and context.after(i, 2) in w.TEAMS
                    or context.thanked(i)
                    and (context.ends_a_phrase(i) or context.after(i) in w.THANKED_NEXT)
                    or context.with_me(i)
                )
                or kind == KIND_WORD
                and len(word) > 3
                and sentence_initial(text, m.start())
                and context.subject(i, w.PERSON)
                or kind == KIND_RARE
                and (person or context.subject(i, w.PERSON) or context.visited(i))
            ):
                found[i] = (m.start(), m.end())
            elif kind in (KIND_NAME, KIND_RARE):
                lower_case.append(i)
            elif kind == KIND_WORD and len(word) > 3 and context.ends_a_phrase(i):
                lower_words.append(i)
            if kind == KIND_WORD and len(word) > 2 and i not in found:
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
                or kind == KIND_NAME
                and not context.names_a_place(i, kinds)
                or kind == KIND_WORD
                and (context.subject(i, w.PERSON) or context.possessive(i))
                or kind == KIND_PROPER
                and context.subject(i, w.PERSON)
                or kind == KIND_RARE
                and (context.subject(i, said=True) or context.possessive(i))
                or kind != KIND_COMMON
                and context.apposition(i)
                or kind in (KIND_WORD, KIND_RARE, KIND_PROPER)
                and len(bases[i]) > 3
                and context.affiliated(i)
                or kind in (KIND_WORD, KIND_RARE)
                and len(bases[i]) > 2
                and (context.doing(i) or context.subject(i) and context.referred_to(i))
                or kind in (KIND_WORD, KIND_RARE, KIND_PROPER)
                and len(bases[i]) > 3
                and context.person_context(i, strict=True)
                or kind == KIND_WORD
                and len(bases[i]) == 3
                and (context.after(i, 2) in w.TEAMS or context.after(i, 3) in w.TEAMS)
                and context.works_at(i, strict=True)
                or kind == KIND_WORD
                and context.with_me(i)
                or kind in (KIND_WORD, KIND_RARE)
                and context.after(i) in w.HE_SHE
                or kind in (KIND_NAME, KIND_WORD, KIND_RARE)
                and (context.school_year(i) or context.aged(i) or context.addressed(i))
            ):
                found[i] = (m.start(), m.end())
            continue
        if context.in_a_title(i, kinds, sentence_initial) and not listed[i - 1]:
            continue  # "till Gröna Lund", but "efter att Per Lindqvist tog över"
        if context.from_a_place(i) and not introduced:
            continue  # "we are from Manila": a city that is also a name
        if (
            kind in (KIND_NAME, KIND_WORD)
            and not context.names_a_place(i, kinds)
            or kind == KIND_RARE
            and not context.in_a_place(i)
            or introduced
        ):
            found[i] = (m.start(), m.end())
    # Capitalised words beside a name found: its other part ("Helen Woldu") or a second
    # person ("Bassam and Abdinasir", "Reem och Filsan").
    for i, m in enumerate(tokens):
        word = m[0]
        if i in found or kinds[i] == KIND_NEVER or not word[0].isupper() or word.isupper():
            continue
        if lows[i] in w.INTRODUCERS:
            continue  # the title stays: "Mr [NAMN]", "Fröken [NAMN]"
        surname = i - 1 in found and _adjacent(text, tokens[i - 1], m)  # "Søren Øberg"
        if kinds[i] == KIND_PROPER and bases[i].endswith(w.PLACE_ENDINGS) and not surname:
            continue  # "near Fridhemsplan, Karin paid"
        if context.after_article(i) or context.in_a_place(i) and kinds[i] == KIND_COMMON:
            continue  # "the Friends", "i Djurgården, Otto och Majken"
        if sentence_initial(text, m.start()):
            if kinds[i] == KIND_RARE and _beside_a_name(text, tokens, i, found):
                found[i] = (m.start(), m.end())
            elif kinds[i] == KIND_WORD and (
                (i + 2) in found
                and context.after(i) in w.JOINERS
                or (i + 1) in found
                and text[m.end() : tokens[i + 1].start()] in (", ", " + ", " & ")
            ):
                found[i] = (m.start(), m.end())  # "Vera och Ida har", "Gun, Ulf och Shirin"
            elif (
                kinds[i] == KIND_WORD
                and listed[i]
                and (i + 2) in found
                and _ELIDED_GAP.fullmatch(text, m.end(), tokens[i + 2].start())
            ):
                found[i] = (m.start(), m.end())  # "Anna D'Souza ringde"
            continue
        if (
            kinds[i] == KIND_COMMON
            and lows[i].endswith(w.INSTITUTION_ENDINGS)
            and not _beside_a_name(text, tokens, i, found, spaced=True)
        ):
            continue  # "Rektorn på Solbergaskolan, Malmberg": a school beside a name
        if _beside_a_name(text, tokens, i, found):
            found[i] = (m.start(), m.end())
    # A name that is also a word, at the start of a sentence, right before a name found:
    # its first name ("Anna Lindqvist ringde").
    for i, m in enumerate(tokens):
        if i not in found and kinds[i] == KIND_WORD and m[0][0].isupper():
            if lows[i] in w.CONTACT_VERBS:
                continue  # "Ring Ahmed på …": a verb, not his first name
            neighbour = found.get(i + 1)
            if neighbour and text[m.end() : tokens[i + 1].start()] in (" ", "\u00a0"):
                found[i] = (m.start(), m.end())
    # A first name that is also an everyday word ("Hans", "Per", "Björn") opening a
    # sentence, right before a capitalised name: mid-sentence only a proper noun takes a
    # capital, so the two are a person's first name and surname ("Hans Berg ringde",
    # "Björn Ek var med"), both names even where the surname is a word too.
    for i in range(len(tokens) - 1):
        if i in found or not _first_name_before_surname(text, tokens, i, kinds, lows, listed):
            continue
        if lows[i] in known.function_words and lows[i] not in everyday:
            continue  # "Among Us", "The Friends", "Men Hamdis skola"
        if i + 1 in found or not context.names_a_place(i + 1, kinds):
            found[i] = (tokens[i].start(), tokens[i].end())
            found.setdefault(i + 1, (tokens[i + 1].start(), tokens[i + 1].end()))
    # Lower-case names joined by "och", "o", "and", "n" or a comma: the group is people
    # when a person's verb follows it or a person's preposition comes before it ("hodan
    # och filsan har båda", "we met selam and yonas").
    # A name that is also a word joins such a group when a name no table knows as a word
    # is in it ("elsa o ines o olle har").
    for group in _groups(text, tokens, lower_case + lower_either):
        if all(kinds[i] == KIND_WORD for i in group):
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
            if not evidence and kinds[i] == KIND_NAME:
                evidence = any(
                    _beside_a_name(text, tokens, i, {j: (0, 0)})
                    for j in lower_case
                    if j != i and kinds[j] == KIND_NAME
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
        if i in found or kinds[i] == KIND_NEVER or i in institutions:
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
            or (m[0].islower() and lows[i] in lowered and kinds[i] in (KIND_NAME, KIND_RARE))
        ):
            found[i] = (m.start(), m.end())
    found.update(_signed(text, tokens, lows, kinds, listed))
    found.update(_initials(text, tokens, lows, kinds, found, known))
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
        if (
            i in found
            or kinds[i] not in (KIND_NAME, KIND_WORD, KIND_RARE)
            or tokens[i][0].isupper()
        ):
            continue
        if lows[i] in w.KIN or lows[i] in w.INTRODUCERS or is_role(lows[i]):
            continue
        before = text[tokens[i - 1].end() : tokens[i].start()]
        after = text[tokens[i].end() : tokens[i].end() + 1]
        if before not in (" (", "(") or after != ")":
            continue
        if i - 1 in found or lows[i - 1] in w.ME:
            more[i] = (tokens[i].start(), tokens[i].end())
    return more


def _signed(
    text: str, tokens: list[re.Match[str]], lows: list[str], kinds: list[str], listed: list[bool]
) -> dict[int, tuple[int, int]]:
    """The names that sign an answer or a line after a sign-off ("Hälsningar, Per", "Mvh
    Bo Ek", "Best regards, Will", or on the next line): up to three capitalised words,
    each a known name or a word in no list, with nothing after them on their line but
    punctuation."""
    signed: dict[int, tuple[int, int]] = {}
    for j, low in enumerate(lows[:-1]):
        if low not in w.SIGN_OFFS:
            continue
        names = []
        for i in range(j + 1, min(j + 4, len(tokens))):
            gap = text[tokens[i - 1].end() : tokens[i].start()]
            word = tokens[i][0]
            # The signature may stand on a line of its own, its words on one line.
            broken = "\n" in gap and i > j + 1
            if broken or gap.strip(" ,:-\u2013\r\n") or not word[0].isupper() or word.isupper():
                break
            if kinds[i] == KIND_NEVER or not (listed[i] or kinds[i] == KIND_RARE):
                break
            names.append(i)
        if not names:
            continue
        rest = text[tokens[names[-1]].end() :].split("\n", 1)[0]
        if not any(c.isalnum() for c in rest):
            signed.update({i: (tokens[i].start(), tokens[i].end()) for i in names})
    return signed


def _only_names(
    tokens: list[re.Match[str]], lows: list[str], kinds: list[str]
) -> dict[int, tuple[int, int]]:
    """An answer that is nothing but names, as to "who did you talk to?" ("Grace!!!",
    "ella,wilma,alice", "Olu and Chidi"): every word a name or a joiner, one at least a
    name no table knows as a word or a capitalised one."""
    words = [i for i, low in enumerate(lows) if low not in w.JOINERS]
    if not words or any(kinds[i] not in (KIND_NAME, KIND_WORD, KIND_RARE) for i in words):
        return {}
    if len(words) == 1:
        # One word alone, as the answer to "who helped most?": a name no table knows as a
        # word, or a capitalised name that is also a word ("Saga 🙏", "Liv"), but not the
        # words an answer judges with ("Good.", "Bäst!").
        i = words[0]
        capital = tokens[i][0][0].isupper()
        if not (
            kinds[i] == KIND_NAME
            or kinds[i] == KIND_RARE
            and capital
            or kinds[i] == KIND_WORD
            and capital
            and lows[i] not in w.ANSWER_WORDS
            and lows[i] not in w.CONTACT_VERBS
        ):
            return {}
    elif not any(kinds[i] == KIND_NAME or tokens[i][0][0].isupper() for i in words):
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


_SIGNED = re.compile(r"(?:^|[\s(])(?:/|[-–—]\s?)$")


def _initials(
    text: str,
    tokens: list[re.Match[str]],
    lows: list[str],
    kinds: list[str],
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
            # The initial of a surname right after a first name ("Kajsa Ö.", "Linda F
            # och …"), or a letter the answer names someone with ("Dilan … D. sover").
            after_name = i - 1 in found and text[tokens[i - 1].end() : m.start()] == " "
            stop = rest.startswith(".") and rest[1:2] in ("", " ", ":", ",", ")")
            if stop and (word in letters or after_name):
                more[i] = (m.start(), m.end() + 1)
            elif stop and _initial_before_surname(text, tokens, i, kinds, found):
                more[i] = (m.start(), m.end() + 1)  # "Ansvarig: E. Lund"
                more[i + 1] = (tokens[i + 1].start(), tokens[i + 1].end())
            elif after_name and word != "I" and rest[:1] in ("", " ", ",", ";", ")", "\n"):
                more[i] = (m.start(), m.end())
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


def _adjacent(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    gap = text[first.end() : second.start()]
    return gap == " " or gap == "\u00a0"


def _initial_before_surname(
    text: str,
    tokens: list[re.Match[str]],
    i: int,
    kinds: list[str],
    found: dict[int, tuple[int, int]],
) -> bool:
    """Token `i`, a capital letter and a full stop, stands for a first name before a
    surname ("E. Lund", "A. Berg"): a capitalised name follows after one space, found
    already or a known name or a word in no list (not "vitamin D. Sen gick det")."""
    j = i + 1
    if j >= len(tokens) or text[tokens[i].end() : tokens[j].start()] != ". ":
        return False
    if text[: tokens[i].start()].rstrip()[-1:].isdigit():
        return False  # a class: "Han går i 7 B. Lisa går i 8 A."
    word = tokens[j][0]
    if not word[0].isupper() or word.isupper():
        return False
    return j in found or kinds[j] in (KIND_NAME, KIND_WORD, KIND_RARE)


def _first_name_before_surname(
    text: str,
    tokens: list[re.Match[str]],
    i: int,
    kinds: list[str],
    lows: list[str],
    listed: list[bool],
) -> bool:
    """Token `i` is a known name written with a capital (not a pronoun, a quantifier or
    a verb that opens a question: "Vi", "Alla", "Kan Lisa …", "Can Anna …"), and the
    next, after one space, is a known name with a capital that no sentence start gives."""
    first, second = tokens[i], tokens[i + 1]
    if KIND_NEVER in (kinds[i], kinds[i + 1]):
        return False
    # The surname may be a short everyday word no list knows as a name: "Maja Sand".
    taken = kinds[i] in (KIND_NAME, KIND_WORD) and len(first[0]) > 3 and surname_like(lows[i + 1])
    if not (listed[i] and (listed[i + 1] or taken)):
        return False
    if text[first.end() : second.start()] not in (" ", "\u00a0"):
        return False
    if lows[i] in w.PRONOUNS or lows[i] in w.QUANTIFIERS or lows[i] in w.AUXILIARIES:
        return False
    if lows[i] in w.CONTACT_VERBS:
        return False
    return all(len(t[0]) > 1 and t[0][0].isupper() and not t[0].isupper() for t in (first, second))


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


# The elided first part of a name, written before it: "O'Connor", "D'Souza", "N'Diaye".
_ELIDED = re.compile(r"(?<![^\W\d_])[DLMNO]['\u2019]\Z")
# … and between a first name and the rest of the surname it begins ("Anna D'Souza").
_ELIDED_GAP = re.compile(r"[ \u00a0][DLMNO]['\u2019]")


def _merged(found: list[tuple[int, tuple[int, int]]], text: str) -> Iterator[tuple[int, int]]:
    """Neighbouring name words as one name ("Helen Woldu"), with the elided first part
    of one ("O'Connor")."""
    start = end = -1
    for _, (s, e) in found:
        if s >= 2 and _ELIDED.search(text, max(0, s - 3), s):
            s -= 2
        if start >= 0 and text[end:s] in (" ", "\u00a0"):
            end = e
            continue
        if start >= 0:
            yield start, end
        start, end = s, e
    if start >= 0:
        yield start, end
