"""The words around a word in an answer, as the name detector (`person_names`) asks of
them: what stands before and after it, whether a person's verb, a role, a place, an age
or a class follows, whether someone is thanked, met or spoken to. Read once per answer.
Also the kinds a word is sorted into before its context is looked at, which both modules
use."""

from __future__ import annotations

import re
from collections.abc import Callable

from survey.privacy import name_words as w

# What a word is, before its context is looked at.
KIND_NEVER = "never"  # calendar, languages, apps, places; "TikTok", "BUP"
KIND_NAME = "name"  # a known name and no everyday word: "Hamza", "Sirpa"
KIND_WORD = "word"  # a known name that is also an everyday word: "Tuva", "Axel", "Hope"
KIND_RARE = "rare"  # in no list: "Yordanos", "Warsame"; very likely a name when capitalised
KIND_PROPER = "proper"  # a proper noun the word tables know and no known name: "Eritrea"
KIND_COMMON = "common"  # an everyday word, a compound of one, or too short to tell

# A person's age right after the name ("Lucia är 13", "Lo (7)"), not a figure of
# something else ("70 procent").
AGE = re.compile(
    r"(?: (?:är|is|was|var|e) | ?\(|, )(?:1?\d)(?: år| years?| ?\)|,|\b)(?!\s?(?:%|procent|dagar|veckor|timmar|min))"
)
# A class after "i"/"in": "i 4b", "i 3an".
CLASS_CODE = re.compile(r" \d{1,2}(?:[a-zA-Z]|an|or)?\b")


_VOWEL_GROUP = re.compile(r"[aeiouyåäöéü]+")


def surname_like(low: str) -> bool:
    """One syllable and no word for a place or a building: "sand", "grön", "sten",
    not "gård", "torg" or "ungdom"."""
    return len(_VOWEL_GROUP.findall(low)) == 1 and low not in w.PLACE_NOUNS


def is_role(word: str) -> bool:
    """A staff role, bare or in a definite or plural form ("kuratorn", "lärarna")."""
    return any(
        word.endswith(end) and word[: len(word) - len(end)] in w.ROLES for end in w.ROLE_ENDS
    )


class Context:
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

    def self_introduced(self, i: int, strict: bool = False) -> bool:
        """The writer saying who writes ("det är amira här", "jag är amira mamma till
        sami", "this is amira, samis mum", "hej amira här"): "det är", "jag är" or "this
        is" before, and "här", a kin word or the end of the clause after; or a greeting
        (or the start of a phrase) before and "här" after. `strict`: for a name that is
        also a word, only with "här" or a kin word after ("det är saga här")."""
        after = self.after(i)
        here = after in w.HERE or after in w.KIN or after in w.INTRODUCERS
        before = self.before(i)
        if after in w.HERE and (before == "" or before in w.GREETINGS):
            return True
        says = (
            before in w.SELF_COPULA
            and i > 1
            and self.before(i - 1) in w.SELF_SUBJECT
            or before in w.SELF_CONTRACTED
        )
        if not says:
            return False
        return here or not strict and (after == "" or after == "som")

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
        if self._spaced(i, j) and is_role(self.lows[j]) and self.lows[j] not in w.ROLES:
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
                and (word in w.INTRODUCERS or is_role(word))
                and word not in w.KIN
            )
        if word in w.KIN or word in w.INTRODUCERS or is_role(word):
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
        if CLASS_CODE.match(rest):
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
        return AGE.match(rest) is not None

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
            kinds[j] == KIND_COMMON
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
        if kinds[j] == KIND_COMMON and self.listed[j]:
            return False  # a surname that is also a word: "Kent Ek", "Per Berg"
        if kinds[i] in (KIND_NAME, KIND_WORD) and surname_like(self.lows[j]):
            # A known first name, then a one-syllable everyday word: a surname taken
            # from such a word ("Maja Sand", "Ebba Grön"). Longer words ("Maria Ungdom")
            # and words for places ("Maria Torg", `surname_like`) still name a place.
            return False
        return nxt[0].isupper() and kinds[j] in (KIND_COMMON, KIND_NEVER) and not nxt.isupper()
