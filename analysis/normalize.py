"""Base forms for matching: the lookup lemma, a suffix rule for inflected forms the
table lacks, and the parts of Swedish compounds.

Swedish writes compounds as one word (framgångsfaktorerna, förvaltningsgränserna,
samordnarrollen, skolnärvaron) and the lookup table knows few of them. The component
`survey_base_forms` sets `token.norm_` to a base form and `token._.parts` to the base
forms of a compound's parts, so a theme keyword such as "gräns" or "närvaro" finds them.
Its data (the lemma table) is loaded in `initialize`, never from the config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar, cast

import numpy as np
from spacy.attrs import IDX, LEMMA, LENGTH, LOWER, NORM, SENT_START
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.pipeline import Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc, Token
from spacy.util import get_lang_class

_V = TypeVar("_V")

PARTS_KEY = "survey_parts"
PICK_KEY = "survey_form_picker"  # `values_at` the doc's lower-case forms, built once
ARRAYS_KEY = "survey_arrays"  # token index → hashes of base and lower-case forms
TABLE_KEY = "survey_token_table"  # the columns below, read before the component runs
TABLE_COLUMNS = [LOWER, IDX, LENGTH]
NOT_START = 2**64 - 1  # -1 as spaCy's uint64 arrays hold it: "not a sentence start"


def values_at(keys: list[int]) -> Callable[[Mapping[int, _V]], tuple[_V, ...]]:
    """A function giving a mapping's values for `keys`, in order: built on itemgetter,
    so the lookups run in C, not once per token in Python. Raises KeyError for a key
    the mapping lacks."""
    if len(keys) > 1:
        return itemgetter(*keys)
    if keys:
        key = keys[0]
        return lambda mapping: (mapping[key],)
    return lambda mapping: ()


def by_form(
    memo: dict[int, _V],
    lowers: list[int],
    work_out: Callable[[int], _V],
    pick: Callable[[Mapping[int, _V]], tuple[_V, ...]] | None = None,
) -> tuple[_V, ...]:
    """`memo`'s value for each token's lower-case form, in order. What a token gets
    depends on its lower-case form alone, so a form not seen before is worked out once
    (`work_out(token index)`) and kept; the lookups run in C (`values_at`, or `pick`,
    the same for these `lowers`, when the caller has one)."""
    if pick is None:
        pick = values_at(lowers)
    try:
        return pick(memo)
    except KeyError:
        for i, lower in enumerate(lowers):
            if lower not in memo:
                memo[lower] = work_out(i)
        return pick(memo)


class TokenTable(NamedTuple):
    array: np.ndarray  # one row per token, TABLE_COLUMNS
    lowers: list[int]  # its first column as a list
    pick: Callable[[Mapping[int, Any]], tuple[Any, ...]]  # `values_at(lowers)`


def token_table(doc: Doc) -> TokenTable:
    """Lower-case form, character offset and length of every token: read once per doc
    (language detection and the sentence component read it before this component,
    which uses it instead of reading it again; each read is costly, each column too).
    What depends on the form alone (is it alphabetic, whitespace) is worked out once
    per distinct form by whoever needs it, not read per token."""
    table = doc.user_data.get(TABLE_KEY)
    if table is None:
        array = doc.to_array(TABLE_COLUMNS)
        lowers = array[:, 0].tolist()
        table = doc.user_data[TABLE_KEY] = TokenTable(array, lowers, values_at(lowers))
    return table


def _parts(token: Token) -> tuple[str, ...]:
    return token.doc.user_data.get(PARTS_KEY, {}).get(token.i, ())


if not Token.has_extension("parts"):
    # Kept per doc in user_data (token index → parts): far cheaper than a per-token
    # attribute on the hot path, and read back through this getter.
    Token.set_extension("parts", getter=_parts)

MIN_PART = 3
MIN_COMPOUND = 6
MIN_KNOWN_COMPOUND = 8
# Linking letters between compound parts (förvaltning-s-gräns), and first parts that
# drop or change their final vowel: skol(a)-närvaro, arbet(e)-s-ledning, hälso-(a)-team.
_LINKS = ("", "s")
_RESTORED = {"": ("a", "e", "o", "u"), "s": ("e", "a")}
# Prefixes that look like words but make nonsense parts: för-ankring, sam-verkan.
_NOT_FIRST_PARTS = frozenset(
    [
        "för",
        "sam",
        "mot",
        "till",
        "upp",
        "över",
        "under",
        "efter",
        "ut",
        "in",
        "av",
        "på",
        "om",
        "an",
        "be",
        "ge",
        "er",
        "bi",
        "fram",
        "bort",
    ]
)
# Adverbs of place that open compounds but are no base form in the lemma list:
# hemma-sittare (the pupils the teams work with), borta-match, inom-hus, utom-hus.
_ADVERB_FIRST_PARTS = frozenset(["hemma", "borta", "inom", "utom"])
# Everyday words that look like compounds to the splitter but are not: gem-ensam,
# all-tid, kont-akta, över-lämn-ingen. Their made-up parts would match theme keywords
# (ensam, tid, ingen). The lookup table lacks or misreads several of them.
_NOT_COMPOUNDS = frozenset(
    [
        "gemensam",
        "gemensamt",
        "gemensamma",
        "alltid",
        "fortfarande",
        "nästan",
        "varandra",
        "varandras",
        "kontakt",
        "kontakta",
        "kanske",
        "erfarenhet",
        "medarbetare",
        "sällan",
        "heller",
        "ansvarig",
        "varför",
        "ganska",
        "verklig",
        "verkligen",
        "överlämning",
        "genomgång",
        "tvärtom",
        "någonstans",
        "ingenstans",
        "annanstans",
        "kombination",
        "särskild",
        "särskilt",
        "särskilja",
        "försvinna",
        "förtroende",
        "tillräcklig",
        "tillräckligt",
        "beskriva",
        "planering",
        "alldeles",
        "varannan",
        "självklar",
        "självklart",
        "representant",
        "besvär",
        "koppling",
        "rekrytering",
        "tillsammans",
        "detsamma",
        "densamma",
        "samtidigt",
        "ordförande",
    ]
)
# Everyday words the lemma table reads as another word and no general rule mends.
_SWEDISH_READINGS = {
    # verb forms: "mår" is no "måra"; strong verbs' past tense no toga, pocket, drug or
    # villa; "får" no furrow ("får ta tid", "får stöd", "får med")
    "mår": "må",
    "mådde": "må",
    "mått": "må",
    "tog": "ta",
    "fick": "få",
    "får": "få",
    "drog": "dra",
    "ville": "vilja",
    # "bort" (away) is no "böra" (should), which made every "ta bort" a concern;
    # "vuxen" (adult) no "växa" (grow), which made it a rise
    "bort": "bort",
    "vuxen": "vuxen",
    # adjectives the table reads as verbs: "rädd" (afraid) is no "rädda" (save), which
    # put "räddade terminen" among the words of anxiety; "spänd" (tense) no "spänna"
    # (span), which put "ett arbete som spänner över förvaltningar" there
    "rädd": "rädd",
    "spänd": "spänd",
    "spända": "spänd",
}
# Short everyday words typed without å, ä and ö: too short for the restoring table
# (`BaseForms.folded` holds base forms of five letters or more) and, in a Swedish answer,
# no other word ("for", "lang", "domd"). Left out where the plain spelling is a word too
# ("far" father, "man", "sa" said, "anda" spirit, "svart" black).
_FOLDED_SHORT = {
    "for": "för",
    "fore": "före",
    "forst": "först",
    "forut": "förut",
    "forr": "förr",
    "fran": "från",
    "pa": "på",
    "nar": "när",
    "da": "då",
    "ar": "är",
    "an": "än",
    "annu": "ännu",
    "aven": "även",
    "ocksa": "också",
    "mar": "mår",
    "madde": "mådde",
    "ga": "gå",
    "gar": "går",
    "gatt": "gått",
    "fa": "få",
    "fatt": "fått",
    "tva": "två",
    "lang": "lång",
    "langa": "långa",
    "langt": "långt",
    "langre": "längre",
    "lagre": "lägre",
    "hog": "hög",
    "hoga": "höga",
    "hogt": "högt",
    "hogre": "högre",
    "storre": "större",
    "domd": "dömd",
    "domde": "dömde",
    "kande": "kände",
    "kandes": "kändes",
    "kanns": "känns",
    "mote": "möte",
    "moten": "möten",
    "mots": "möts",
    "nat": "nåt",
    "nan": "nån",
    "nagon": "någon",
    "nagot": "något",
    "nagra": "några",
    "nanting": "nånting",
    "sjalv": "själv",
    "bast": "bäst",
    "samst": "sämst",
    "ratt": "rätt",
    "radd": "rädd",
    "oka": "öka",
    "okar": "ökar",
    "okad": "ökad",
    "okade": "ökade",
    "okat": "ökat",
}
# Endings of a noun for one who does, longest first (`BaseForms._agent`).
_AGENT_ENDINGS = ("arnas", "arens", "arna", "aren", "ares", "are")
MIN_KNOWN_FIRST_PART = 4  # a word the table knows whole splits only into longer parts
# Inflectional endings, tried (shortest first) when the table does not know a form.
_SUFFIXES = {
    "sv": (
        "ernas",
        "arnas",
        "ornas",
        "andes",
        "endes",
        "erna",
        "arna",
        "orna",
        "ande",
        "ende",
        "ades",
        "ens",
        "ets",
        "nas",
        "ade",
        "are",
        "ast",
        "ats",
        "ter",
        "tes",
        "en",
        "et",
        "na",
        "ar",
        "er",
        "or",
        "ns",
        "ts",
        "as",
        "es",
        "at",
        "de",
        "te",
        "a",
        "e",
        "n",
        "t",
        "s",
    ),
    "en": ("ies", "es", "s", "ed", "ing"),
}


_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})


def fold(word: str) -> str:
    """A word as typed without Swedish letters."""
    return word.translate(_FOLD)


class BaseForms:
    """Turns a lower-case word into (base form, compound parts) for one language."""

    def __init__(
        self,
        lang: str,
        lemma_of: Callable[[str], str | None],
        lemmas: Iterable[str],
        stop_words: Iterable[str] = (),
    ):
        self.lang = lang
        self._lemma_of = lemma_of
        self.lemmas = frozenset(w for w in lemmas if w.isalpha() or "-" in w)
        # Answers typed without å, ä and ö (an English keyboard, a phone): the base forms
        # that fold to one spelling each, to restore them (forvaltning → förvaltning).
        folded: dict[str, str | None] = {}
        if lang == "sv":
            for lemma in self.lemmas:
                if len(lemma) >= 5 and lemma != fold(lemma):
                    key = fold(lemma)
                    folded[key] = None if key in folded or key in self.lemmas else lemma
        self.folded = {k: v for k, v in folded.items() if v is not None}
        self.suffixes = _SUFFIXES.get(lang, ())
        # Words never split: stop words and words that only look like compounds.
        self.whole = frozenset(stop_words) | (_NOT_COMPOUNDS if lang == "sv" else frozenset())
        self.analyse = lru_cache(maxsize=200_000)(self._analyse)

    def known(self, word: str) -> str | None:
        """The base form of a word the table (or the lemma list) knows, else None."""
        if self.lang == "sv" and word in _SWEDISH_READINGS:
            return _SWEDISH_READINGS[word]
        lemma = self._lemma_of(word)
        if lemma:
            return self._verb(word, lemma) if self.lang == "sv" else lemma
        if word in self.lemmas:
            return word
        return self._agent(word) if self.lang == "sv" else None

    def _agent(self, word: str) -> str | None:
        """A noun for one who does (behandlare, sittare) that the table lacks, in any
        of its forms, where its verb is a base form: "behandlaren" and "behandlarna"
        are "behandlare", not "behandla" plus "ren", nor "familjebehandlare" the verb
        "familjebehandla"."""
        for ending in _AGENT_ENDINGS:
            if word.endswith(ending):
                stem = word[: -len(ending)]
                # Bare "-are" is also an adjective's comparative (tuffare: tuff).
                comparative = ending == "are" and stem in self.lemmas
                if len(stem) >= MIN_PART and stem + "a" in self.lemmas and not comparative:
                    return stem + "are"
                return None
        return None

    def _verb(self, word: str, lemma: str) -> str:
        """Everyday Swedish verbs the table reads as another word class: "jobbar" as
        the noun "jobbare", "träffade" and "lärde" as the participles "träffad" and
        "lärd" (words no rule tells apart are in `_SWEDISH_READINGS`). Where the verb's
        infinitive is a base form too, the verb is what an answer means ("hon jobbar",
        "vi träffade familjen")."""
        lemmas = self.lemmas
        if word.endswith("ar") and lemma == word + "e" and word[:-1] in lemmas:
            return word[:-1]  # jobbar → jobba, not jobbare
        if word.endswith("ade") and lemma == word[:-1] and word[:-2] in lemmas:
            return word[:-2]  # träffade → träffa, not träffad
        if (
            word.endswith(("de", "te", "t"))
            and lemma.endswith(("d", "t"))
            and not lemma.endswith("a")
        ):
            stem = word[:-2] if word.endswith(("de", "te")) else word[:-1]
            if stem + "a" in lemmas and lemma in (stem + "d", stem + "t"):
                return stem + "a"  # lärde, lärt → lära, not lärd
        return lemma

    def _restore(self, word: str) -> str | None:
        """The Swedish spelling of a word typed without å/ä/ö, whole or inflected."""
        if word in self.folded:
            return self.folded[word]
        for suffix in sorted(self.suffixes, key=len):
            if len(word) - len(suffix) < 5 or not word.endswith(suffix):
                continue
            stem = word[: -len(suffix)]
            for candidate in (stem, stem + "e", stem + "a"):
                if candidate in self.folded:
                    restored = self.folded[candidate]
                    return (
                        restored[: len(stem)] + word[len(stem) :] if candidate == stem else restored
                    )
        return None

    def by_suffix(self, word: str) -> str | None:
        """Strip an inflectional ending when what remains is a known base form."""
        # Shortest ending first keeps the longest stem: behandlar-na → behandlare.
        for suffix in sorted(self.suffixes, key=len):
            if len(word) - len(suffix) < MIN_PART or not word.endswith(suffix):
                continue
            stem = word[: -len(suffix)]
            for candidate in (stem, stem + "e", stem + "a"):
                if candidate in self.lemmas:
                    return candidate
        return None

    def _first_part(self, text: str, depth: int) -> tuple[str, ...] | None:
        """A compound's non-final part: a known word, maybe with a linking s, maybe
        missing or changing its final vowel, or itself a compound."""
        if text in _NOT_FIRST_PARTS:
            return None
        if text in _ADVERB_FIRST_PARTS:
            return (text,)
        for link in _LINKS:
            if link and not text.endswith(link):
                continue
            stem = text[: len(text) - len(link)] if link else text
            if len(stem) < MIN_PART or stem in _NOT_FIRST_PARTS:
                continue
            if stem in self.lemmas:
                return (stem,)
            for vowel in _RESTORED[link]:
                if stem + vowel in self.lemmas:
                    return (stem + vowel,)
            if stem.endswith("o") and stem[:-1] + "a" in self.lemmas:
                return (stem[:-1] + "a",)
            if not link and stem.endswith("ra") and stem[:-2] + "er" in self.lemmas:
                return (stem[:-2] + "er",)  # föräldra-möte: förälder
            if (
                not link
                and stem.endswith("ar")
                and len(stem) > MIN_PART + 1
                and stem[:-2] + "a" in self.lemmas
            ):
                return (stem + "e",)  # behandlar-team: behandlare, as `_agent` reads it
            lemma = self._lemma_of(stem)
            if lemma and len(lemma) >= MIN_PART:
                return (lemma,)
        if depth > 0 and len(text) >= 2 * MIN_PART:
            split = self._split(text, depth - 1, final=False)
            if split:
                return split[0]
        return None

    def _split(
        self, word: str, depth: int, final: bool = True, strict: bool = False
    ) -> tuple[tuple[str, ...], int] | None:
        """Parts' base forms and where the head begins, preferring the longest known
        final part (the head). `strict` (for words the table knows whole) accepts only a
        head that is itself a base form of four letters or more."""
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[cut:]
            if strict:
                head_lemma = head if len(head) >= 4 and head in self.lemmas else None
            elif final:
                # A head that is a base form as written wins over the table's reading
                # (tids-brist is the noun, not the verb brista), unless the table reads
                # it as an inflected form of a shorter word (kartläggnings-fasen → fas).
                looked_up = self.known(head)
                if head in self.lemmas and not (looked_up and len(looked_up) < len(head)):
                    head_lemma = head
                else:
                    head_lemma = looked_up or self.by_suffix(head)
            else:
                found = self._first_part(head, 0)
                head_lemma = found[0] if found else None
            if head_lemma is None or len(head_lemma) < MIN_PART:
                continue
            first = self._first_part(word[:cut], depth)
            if first:
                return (*first, head_lemma), cut
        return None

    def _analyse(self, word: str) -> tuple[str, tuple[str, ...]]:
        if self.folded and word in _FOLDED_SHORT:
            return self.analyse(_FOLDED_SHORT[word])
        if word in self.whole:
            return self.known(word) or word, ()
        if "-" in word.strip("-"):
            pieces = [p for p in word.split("-") if p]
            parts = tuple(self.analyse(p)[0] if len(p) >= MIN_PART else p for p in pieces)
            return "-".join(pieces[:-1] + [parts[-1]]), parts
        known = self.known(word)
        if known is None and self.folded and word.isascii() and word.isalpha():
            restored = self._restore(word)
            if restored is not None:
                return self.analyse(restored)
        if known is not None:
            # The table knows many compounds (skolpersonal, socialtjänst): their parts
            # still matter for matching, when both halves are real words.
            if (
                self.lang == "sv"
                and len(known) >= MIN_KNOWN_COMPOUND
                and known.isalpha()
                and known not in self.whole
            ):
                split = self._split(known, depth=1, strict=True)
                if split and split[1] >= MIN_KNOWN_FIRST_PART:
                    return known, split[0]
            return known, ()
        for suffix in self.suffixes:
            if word.endswith(suffix) and word[: -len(suffix)] in self.whole:
                return word[: -len(suffix)], ()
        by_suffix = self.by_suffix(word)
        if self.lang == "sv" and len(word) >= MIN_COMPOUND and word.isalpha():
            split = self._split(word, depth=2)
            if split:
                parts, cut = split
                return word[:cut] + parts[-1], parts
        if by_suffix is not None:
            return by_suffix, ()
        return word, ()


@Language.factory("survey_base_forms")
def make_base_forms(nlp: Language, name: str) -> BaseFormsComponent:
    return BaseFormsComponent(nlp, name)


def uint64_columns(*columns: Iterable[int]) -> Any:
    """Columns as the 2-D uint64 array `Doc.from_array` takes (typed Any: thinc's `Ints2d`
    is this array at run time, but not to the type checker). A transposed view: the
    array `from_array` reads (its transpose, contiguous) is then the one made here, not
    a copy."""
    return np.array(columns, dtype=np.uint64).T


def base_forms(nlp: Language) -> BaseForms | None:
    """A pipeline's base-form analyser, once the pipeline is initialised (else None)."""
    if not nlp.has_pipe("survey_base_forms"):
        return None
    component = nlp.get_pipe("survey_base_forms")
    return component.forms if isinstance(component, BaseFormsComponent) else None


class BaseFormsComponent:
    """Sets `token.norm_` (base form) and `token._.parts` (compound parts' base forms)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lang = str(nlp.lang)
        self.forms: BaseForms | None = None
        self.sets_lemma = False
        # Per lower-case form (hash), once analysed: base form, lemma, compound parts.
        self._norm: dict[int, int] = {}
        self._lemma: dict[int, int] = {}
        self._parts: dict[int, tuple[str, ...]] = {}  # compounds only

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        table = None
        if nlp is not None and "lemmatizer" in nlp.pipe_names:
            lookups = cast(Lemmatizer, nlp.get_pipe("lemmatizer")).lookups
            if lookups.has_table("lemma_lookup"):
                table = lookups.get_table("lemma_lookup")
        else:
            # Without spaCy's lemmatizer in the pipeline this component is the lookup
            # lemmatizer: the same spacy-lookups-data table, read once per distinct word.
            lookups = load_lookups(self.lang, ["lemma_lookup"], strict=False)
            if lookups.has_table("lemma_lookup"):
                table = lookups.get_table("lemma_lookup")
        self.sets_lemma = nlp is None or "lemmatizer" not in nlp.pipe_names
        stops = get_lang_class(self.lang).Defaults.stop_words
        if table is None:
            self.forms = BaseForms(self.lang, lambda _w: None, (), stops)
            return
        lemmas = {str(v).lower() for v in table.values()}

        def lemma_of(word: str) -> str | None:
            value = table.get(word)
            return str(value).lower() if value is not None else None

        self.forms = BaseForms(self.lang, lemma_of, lemmas, stops)

    def _learn(self, lower: int, alpha: bool, strings: StringStore) -> int:
        """Analyse a word not seen before: its base form (returned), and its lemma and
        compound parts, kept for next time."""
        forms = self.forms
        assert forms is not None
        word = strings[lower]
        lemma = forms._lemma_of(word)
        self._lemma[lower] = strings.add(lemma) if lemma else lower
        if not alpha and "-" not in word:
            return lower
        base, parts = forms.analyse(word)
        if parts:
            self._parts[lower] = parts
        return strings.add(base)

    def __call__(
        self, doc: Doc, sentence_starts: list[int] | None = None, *, lemmas: bool = True
    ) -> Doc:
        """Base forms, lemmas and parts of a doc's words; `sentence_starts` (token
        indexes, from the sentence component's `starts`) are marked in the same write.
        `lemmas=False` leaves `token.lemma_` unset: for a caller that reads only the base
        forms (the coding engine), writing a column nobody reads costs a tenth of this."""
        if self.forms is None:
            raise RuntimeError("survey_base_forms used before nlp.initialize()")
        # Work on hashes in arrays: no Token object is built, and each distinct word is
        # analysed once per process. The token table is read once (each read is
        # costly) and its columns map through dicts in C (itemgetter).
        table, lowers, pick = token_table(doc)
        del doc.user_data[TABLE_KEY]  # its lists below are what the engine keeps
        if not lowers:
            doc.user_data[PARTS_KEY] = {}
            doc.user_data[ARRAYS_KEY] = {"norm": [], "lower": [], "start": [], "end": []}
            return doc
        strings = doc.vocab.strings
        norms = list(
            by_form(
                self._norm,
                lowers,
                lambda i: self._learn(lowers[i], doc[i].is_alpha, strings),
                pick,
            )
        )
        compounds = self._parts
        parts_of = (
            {}
            if compounds.keys().isdisjoint(lowers)
            else {
                i: compounds[lowers[i]]
                for i in compress(range(len(lowers)), map(compounds.__contains__, lowers))
            }
        )
        attrs = [NORM]
        columns: list[Iterable[int]] = [norms]
        if self.sets_lemma and lemmas:
            attrs.append(LEMMA)
            columns.append(pick(self._lemma))  # every form's lemma is known now
        if sentence_starts:
            marks = [NOT_START] * len(lowers)
            for begin in sentence_starts:  # few: item by item
                marks[begin] = 1
            attrs.append(SENT_START)
            columns.append(marks)
        doc.from_array(attrs, uint64_columns(*columns))
        doc.user_data[PARTS_KEY] = parts_of
        doc.user_data[PICK_KEY] = pick  # for the components after, which look up by form
        starts = table[:, 1]
        doc.user_data[ARRAYS_KEY] = {
            "norm": norms,
            "lower": lowers,
            "start": starts.tolist(),
            "end": (starts + table[:, 2]).tolist(),
        }
        return doc
