"""Rule coding: a codebook's keywords matched on base forms and compound parts, per
sentence, with the evidence that explains each suggestion.

Two spaCy components, both keeping their data out of the config and loading it in
`initialize`:
- `survey_cues` marks negation, hedging and stance cue words (`doc._.cue_spans`);
- `survey_theme_rules` finds theme keywords (`doc._.theme_hits`), single words on a
  token's base form, its lower-case form or any compound part, phrases with a
  PhraseMatcher on base forms. Overlapping hits are all kept.
Keywords are normalised by the same pipeline as the answers, so "förtroende" in a
codebook and "förtroendet" in an answer meet whatever the lookup table says.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc

from . import clause_rules
from .arrays import token_arrays
from .codebook import Codebook, CodebookError
from .keyword_forms import MIN_LABEL_WORD, derived_forms, insertions, inverted, readings
from .normalize import PARTS_KEY, PICK_KEY, base_forms, by_form
from .sentences import BOUNDS_KEY
from .stance import OPENING_IDS, REVERSING_IDS, conceded, contrasted

HITS_KEY = "survey_theme_hits"
CUES_KEY = "survey_cue_spans"
# Kept in doc.user_data (cheap on the hot path) and readable as doc._.theme_hits and
# doc._.cue_spans.
if not Doc.has_extension("theme_hits"):
    Doc.set_extension("theme_hits", getter=lambda doc: doc.user_data.get(HITS_KEY, []))
if not Doc.has_extension("cue_spans"):
    Doc.set_extension("cue_spans", getter=lambda doc: doc.user_data.get(CUES_KEY, []))

CUES_FILE = Path(__file__).parent / "data" / "cues.toml"
# rise / fall: outcome words whose stance depends on what rises or falls ("närvaron
# ökade" is a success, "frånvaron ökade" a challenge); problem: the words that turn it.
CUE_KINDS = (
    "negation",
    "hedge",
    "success",
    "challenge",
    "neutral",
    "rise",
    "fall",
    "problem",
    "relative",
    "after",
    "before",
    "plain",
    "lessen",
    "spare",
    "conditional",
    "modal",
    "instead",
    "insight",
    "insight_verb",
    "reason",
    "persist",
    "negation_wide",
)


class Hit(NamedTuple):
    """One keyword found in an answer: which theme, which words, where."""

    theme: str
    keyword: str
    start: int  # token index
    end: int
    kind: str  # "word", "part" or "phrase"
    weak: bool = False  # a weak keyword: counts only beside another of the theme's
    scoped: bool = False  # a keyword kept for some questions, in an answer to one of them


_BY_START_THEME = itemgetter(2, 0)  # a Hit's (start, theme)
# A Hit from a tuple of all its fields: tuple.__new__ called in C, without the generated
# constructor's argument handling (hits are made on the hot path).
_hit: Callable[[tuple[str, str, int, int, str, bool, bool]], Hit] = partial(tuple.__new__, Hit)
_SWEDISH_LETTERS = frozenset("åäö")


def _forms(doc: Doc) -> tuple[list[int], list[int], dict[int, tuple[str, ...]]]:
    arrays = token_arrays(doc)
    return arrays["norm"], arrays["lower"], doc.user_data.get(PARTS_KEY, {})


@Language.factory("survey_cues")
def make_cues(nlp: Language, name: str) -> CueMarker:
    return CueMarker(nlp, name)


class CueMarker:
    """Marks cue words; the lists live in analysis/data/cues.toml."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lang = str(nlp.lang)
        self.words: dict[str, set[str]] = {}
        self.hashed: dict[int, set[str]] = {}
        self.exact: frozenset[int] = frozenset()  # words read only as written (hashes)
        self._memo: dict[int, tuple[str, ...]] = {}  # lower-case form → cue kinds
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.openers: set[int] = set()  # first words' base forms: no phrase without one
        # Phrases matched as written ("för många": "flera" shares its base form): the
        # lower-case form of the phrase's longest word (the rarest, as a rule: "plats" in
        # "är på plats", not "är") → (kind, where that word stands in it, the whole
        # phrase's lower-case forms). Few and short, so read by hand rather than by a
        # third PhraseMatcher call per answer.
        self.written: dict[int, list[tuple[str, int, tuple[int, ...]]]] = {}
        # The words of thanks said as what could not have been (`thanks`), as written:
        # the auxiliary ("hade", "would") and "utan"/"without".
        self.counterfactual: frozenset[int] = frozenset()
        self.without: frozenset[int] = frozenset()
        # A regret with words between its auxiliary and its modal ("Med en lokal hade vi
        # kunnat träffas oftare"): the auxiliary and the modal, as written.
        self.regret: tuple[int, frozenset[int]] | None = None
        # Words a negation reaches a problem across (`bridged`), as written.
        self.bridge: frozenset[int] = frozenset()
        self.negating: frozenset[int] = frozenset()
        # A need that was met ("vi fick det stöd vi behövde"): the verbs of getting, the
        # need's past forms, the words a relative clause's need may stand after and
        # before, as written (`met_needs`).
        self.met: tuple[frozenset[int], ...] | None = None
        # Every lower-case form (hash) the rules after the word and phrase cues look for:
        # a doc's forms are intersected with these once, and each rule asks the few found.
        self.triggers: frozenset[int] = frozenset()

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
        cues: dict[str, list[str]] | None = None,
    ) -> None:
        if cues is None:
            with CUES_FILE.open("rb") as handle:
                cues = tomllib.load(handle).get(self.lang, {})
        assert nlp is not None
        # Words matched only as written: their base form is another everyday word
        # ("färre" is a form of "få", which would make every "får" a concern).
        as_written = set(cues.get("as_written", []))
        for kind in CUE_KINDS:
            for cue in cues.get(kind, []):
                doc = nlp(cue)
                if len(doc) == 1:
                    # A word may be several kinds (brist: negation and challenge).
                    keys = (doc[0].lower_,) if cue in as_written else (doc[0].norm_, doc[0].lower_)
                    for key in keys:
                        self.words.setdefault(key, set()).add(kind)
                elif cue in as_written:
                    phrase = tuple(t.lower for t in doc)
                    at = max(range(len(doc)), key=lambda i: (len(doc[i].text), i))
                    self.written.setdefault(phrase[at], []).append((kind, at, phrase))
                else:
                    self.matcher.add(kind, [doc])
                    self.openers.add(doc[0].norm)
        strings = nlp.vocab.strings
        self.hashed = {strings.add(k): v for k, v in self.words.items()}
        # A word listed as written is read as its own form says, not as the base form it
        # shares with another cue ("säkrad", a gain, is a form of "säkra", a need).
        self.exact = frozenset(
            strings.add(w) for w in as_written if " " not in w and w in self.words
        )
        self.counterfactual = frozenset(strings.add(w) for w in cues.get("counterfactual", []))
        self.without = frozenset(strings.add(w) for w in cues.get("without", []))
        self.bridge = frozenset(strings.add(w) for w in cues.get("bridge", []))
        if cues.get("regret_aux") and cues.get("regret_modal"):
            aux, modal = cues["regret_aux"], cues["regret_modal"]
            self.regret = (strings.add(aux[0]), frozenset(strings.add(w) for w in modal))
        self.negating = frozenset(strings.add(w) for w in cues.get("after", []))
        met = [cues.get(k, []) for k in ("met_get", "met_need", "met_subject", "met_next")]
        self.met = tuple(frozenset(strings.add(w) for w in ws) for ws in met) if all(met) else None
        self.triggers = frozenset().union(
            self.written,
            self.counterfactual,
            self.without,
            (self.regret[0], *self.regret[1]) if self.regret else (),
            *(self.met[:2] if self.met else ()),
            OPENING_IDS,
            REVERSING_IDS,
            clause_rules.TREND_ARROWS,
            clause_rules.LESSON_IDS,
            clause_rules.COMMA_IDS,
            clause_rules.TOO_IDS,
            clause_rules.FEW_IDS,
            clause_rules.COUNT_IDS,
            clause_rules.JOINING_IDS,
            clause_rules.WHETHER_IDS,
            clause_rules.DESCRIBING_IDS,
            clause_rules.SOME_IDS,
            clause_rules.FROM_IDS,
        )
        self._memo.clear()

    def __call__(self, doc: Doc) -> Doc:
        norms, lowers, _ = _forms(doc)
        words = self.hashed
        # A word's cue kinds depend on its lower-case form alone (its base form is made
        # from it): worked out once per distinct form, looked up after.
        empty: set[str] = set()

        exact = self.exact

        def kinds_of(i: int) -> tuple[str, ...]:
            if lowers[i] in exact:
                return tuple(sorted(words[lowers[i]]))
            return tuple(sorted(words.get(norms[i], empty) | words.get(lowers[i], empty)))

        known = by_form(self._memo, lowers, kinds_of, doc.user_data.get(PICK_KEY))
        # Few words are cues: visit those alone (compress skips the rest in C).
        spans = [(kind, i, i + 1) for i in compress(range(len(known)), known) for kind in known[i]]
        if self.matcher and not self.openers.isdisjoint(norms):
            for match_id, start, end in self.matcher(doc):
                spans.append((doc.vocab.strings[match_id], start, end))
        # The forms the rules below look for, found in one pass: most docs have none.
        present = self.triggers.intersection(lowers)
        written = self.written
        if written and not written.keys().isdisjoint(present):
            # Only where a phrase's longest word stands (found in C, as above).
            for i in compress(range(len(lowers)), map(written.__contains__, lowers)):
                for kind, at, phrase in written[lowers[i]]:
                    start = i - at
                    if start >= 0 and tuple(lowers[start : start + len(phrase)]) == phrase:
                        spans.append((kind, start, start + len(phrase)))
        without, counterfactual = self.without, self.counterfactual
        # "utan"/"without" with an auxiliary, or two auxiliaries ("Hade vi inte … hade
        # …"): looked for in C, as most answers have neither.
        if (
            counterfactual
            and not counterfactual.isdisjoint(present)
            and (not without.isdisjoint(present) or sum(map(lowers.count, counterfactual)) > 1)
        ):
            spans += clause_rules.thanks(
                lowers, norms, doc.vocab.strings, spans, counterfactual, without
            )
        regret = self.regret
        if regret is not None and regret[0] in present and not regret[1].isdisjoint(present):
            spans += clause_rules.regrets(lowers, regret, self.negating)
        met = self.met
        if met is not None and not met[1].isdisjoint(present) and not met[0].isdisjoint(present):
            spans = clause_rules.met_needs(lowers, met, spans, doc)
        if not clause_rules.TREND_ARROWS.isdisjoint(present):
            spans += clause_rules.trends(doc, lowers)
        # The rules below need a negation, or a concern: most answers have neither.
        found = {kind for kind, _, _ in spans}
        if "negation" in found:
            if self.bridge and "problem" in found:
                spans = clause_rules.bridged(lowers, spans, self.bridge)
            if not clause_rules.COMMA_IDS.isdisjoint(present):
                spans += clause_rules.commas_after_negations(lowers, spans)
        if "challenge" in found and not clause_rules.TOO_IDS.isdisjoint(present):
            spans = clause_rules.too_much_to(lowers, spans)
        # The rules below read sentence by sentence (the bounds the sentence component
        # kept; a doc made some other way has none, and they do not apply).
        bounds = doc.user_data.get(BOUNDS_KEY)
        if bounds is not None:
            if not OPENING_IDS.isdisjoint(present):
                spans += conceded(lowers, bounds, spans)
            if not clause_rules.LESSON_IDS.isdisjoint(present):
                spans += clause_rules.too_late(doc, lowers, bounds)
            if not REVERSING_IDS.isdisjoint(present):
                spans += contrasted(lowers, bounds, spans)
        if "negation" in found and not without.isdisjoint(present):
            spans = clause_rules.none_without(lowers, spans, without, doc.vocab.strings)
        if "relative" in found and not clause_rules.DESCRIBING_IDS.isdisjoint(present):
            spans = clause_rules.described_groups(lowers, spans)
        if not clause_rules.WHETHER_IDS.isdisjoint(present):
            spans = clause_rules.asked_whether(lowers, spans)
        if "after" in found and not clause_rules.JOINING_IDS.isdisjoint(present):
            spans = clause_rules.joined_after(lowers, spans)
        if "plain" in found and not clause_rules.COUNT_IDS.isdisjoint(present):
            spans = clause_rules.counted(lowers, spans)
        if not clause_rules.FEW_IDS.isdisjoint(present):
            spans += clause_rules.few(lowers, bounds, doc.vocab.strings)
        if not clause_rules.SOME_IDS.isdisjoint(present) and len(found) > 1:
            spans += clause_rules.mixed_views(lowers, spans)
        if not clause_rules.FROM_IDS.isdisjoint(present) and found:
            spans = clause_rules.turns(lowers, spans)
        doc.user_data[CUES_KEY] = spans
        return doc


@Language.factory("survey_theme_rules")
def make_theme_rules(nlp: Language, name: str) -> ThemeRules:
    return ThemeRules(nlp, name)


class Keyword(NamedTuple):
    """One keyword of a theme, as the matcher holds it: weak or not, and the questions
    it is kept for (None: every question)."""

    theme: str
    keyword: str
    weak: bool = False
    questions: frozenset[str] | None = None


# A keyword as one word or phrase matches it: theme, keyword, kind ("word", "part" or
# "phrase"), weak, and the questions it is kept for (None: every question).
Matched = tuple[str, str, str, bool, frozenset[str] | None]


def _flat(matches: Iterable[tuple[list[Keyword], str]]) -> tuple[Matched, ...]:
    """Each keyword of these matches with how it matched, in order."""
    return tuple(
        (k.theme, k.keyword, kind, k.weak, k.questions) for ks, kind in matches for k in ks
    )


def distinctive_label_words(
    nlp: Language,
    codebook: Codebook,
    stop_words: frozenset[str],
    bare: set[str],
    descriptions: bool = True,
) -> dict[str, list[str]]:
    """For the themes in `bare` (codes with a name alone), the base forms of their label's
    words that no other theme's label (nor, with `descriptions`, description) uses:
    "Skolskjuts" keeps "skolskjuts", but "Elevens utgångsläge" drops "elev", which would
    find every answer. A long word whose base form is short counts by it ("Mående" by
    "må")."""
    if not bare:
        return {}
    themes = codebook.codable()

    def words(text: str) -> set[str]:
        return {
            t.norm_
            for t in nlp(text)
            if t.is_alpha
            and (len(t.norm_) >= MIN_LABEL_WORD or len(t.lower_) > MIN_LABEL_WORD)
            and len(t.norm_) >= 2
            and t.lower_ not in stop_words
            and t.norm_ not in stop_words
        }

    said = {t.id: words(f"{t.label}. {t.description}" if descriptions else t.label) for t in themes}
    found: dict[str, list[str]] = {}
    for theme in themes:
        if theme.id not in bare:
            continue
        elsewhere = set().union(*(w for other, w in said.items() if other != theme.id))
        found[theme.id] = sorted(words(theme.label) - elsewhere)
    return found


class ThemeRules:
    """Finds a codebook's keywords in answers; `initialize(codebook=…)` loads them."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lang = str(nlp.lang)
        self.words: dict[str, list[Keyword]] = {}
        self.hashed_words: dict[int, list[Keyword]] = {}
        self.stop_hashes: frozenset[int] = frozenset()
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.openers: set[int] = set()  # first words' base forms: no phrase without one
        self.phrases: dict[str, Keyword] = {}
        self._phrase_matches: dict[str, Matched] = {}  # the phrases as `hits` reads them
        # Keywords written with a trailing * ("förankr*"): the beginning → its keywords.
        self.prefixes: dict[str, list[Keyword]] = {}
        # Words derived from one-word keywords (`_add_derived`), matched as whole words.
        self.derived: dict[str, list[Keyword]] = {}
        self.hashed_derived: dict[int, list[Keyword]] = {}
        # Lower-case form (hash) → the keywords a word of that form matches, each with
        # how (`Matched`), flat: a doc's hits are made in one loop.
        self._memo: dict[int, tuple[Matched, ...]] = {}
        # Swedish terms in English answers (see `borrow`): how to read a Swedish word,
        # and the Swedish keywords by base form.
        self._borrowed: (
            tuple[Callable[[str], tuple[str, tuple[str, ...]]], dict[str, list[Keyword]]] | None
        ) = None

    def borrow(
        self,
        analyse: Callable[[str], tuple[str, tuple[str, ...]]],
        words: dict[str, list[Keyword]],
    ) -> None:
        """Also match another language's keywords on words written in it: English
        answers from Swedish organisations keep Swedish terms ("the kartläggning", "at
        EHT meetings"). Only words with å, ä or ö are read as Swedish (`analyse` gives
        base form and parts), so an English word never matches a Swedish keyword."""
        self._borrowed = (analyse, words)
        self._memo.clear()

    def _keywords(self, codebook: Codebook) -> list[Keyword]:
        """Every keyword of every codable theme, with whether it is weak or counts only
        in some questions. A keyword listed both plainly and as weak or per question
        counts plainly; a weak keyword also listed for a question counts fully there."""
        found: dict[tuple[str, str], None] = {}
        plain: set[tuple[str, str]] = set()
        weak: set[tuple[str, str]] = set()
        gates: dict[tuple[str, str], set[str]] = {}
        for theme in codebook.codable():
            for keyword in theme.keywords_for(self.lang):
                found[(theme.id, keyword)] = None
                plain.add((theme.id, keyword))
            for keyword in theme.weak_for(self.lang):
                found[(theme.id, keyword)] = None
                weak.add((theme.id, keyword))
            for question, words in theme.question_keywords_for(self.lang).items():
                for keyword in words:
                    found[(theme.id, keyword)] = None
                    gates.setdefault((theme.id, keyword), set()).add(question)
        return [
            Keyword(*key)
            if key in plain
            else Keyword(*key, key in weak, frozenset(gates[key]) if key in gates else None)
            for key in found
        ]

    def _label_keywords(
        self, nlp: Language, codebook: Codebook, stop_words: frozenset[str], keyed: set[str]
    ) -> list[Keyword]:
        """For a theme with a label alone, no keyword in this language and no
        description (a code named by hand, or imported from another tool with a name
        only), the words of its label that no other theme's label or description uses:
        "Skolskjuts" finds "skolskjutsen", but "Elevens utgångsläge" does not make
        "elev" find every answer. A theme with a description is left to it (the
        codebook's author chose its words, see `descriptions.py`)."""
        if self.lang != codebook.language:
            return []  # labels are written in the codebook's language
        bare = {t.id for t in codebook.codable() if t.id not in keyed and not t.description.strip()}
        found: list[Keyword] = []
        for theme, words in distinctive_label_words(nlp, codebook, stop_words, bare).items():
            found += [Keyword(theme, w) for w in words]
        return found

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
        codebook: Codebook | None = None,
        stop_words: frozenset[str] = frozenset(),
        lent: Codebook | None = None,
    ) -> None:
        """`lent`: the codebook with keywords borrowed from the starter codebook
        (`borrowing`), whose keywords are matched too; a code with its name alone keeps
        its label's words beside the borrowed ones."""
        assert nlp is not None and codebook is not None
        problems: list[str] = []
        own = self._keywords(codebook)
        entries = own if lent is None else self._keywords(lent)
        entries += self._label_keywords(nlp, codebook, stop_words, {e.theme for e in own})
        # A keyword whose base form is another of the theme's keywords does not claim
        # that base form: "staffing" (read as "staff") matches "staffing", and a weak
        # "staff" keeps "staff" weak.
        listed = {(e.theme, e.keyword.lower()) for e in entries}
        # Each inserted word with its base form as answers get it ("han" reads "hane").
        base = {w: nlp(w)[0].norm_ for ws in insertions(self.lang) for w in ws}
        inserted = [(ws, tuple(base[w] for w in ws)) for ws in insertions(self.lang)]
        for entry in entries:
            theme_id, keyword = entry.theme, entry.keyword
            if keyword.endswith("*"):
                # A search-style wildcard ("förankr*", as in other analysis tools): a
                # word beginning so; in a phrase, the base forms cover the endings.
                # (`codebook` checks that a word of MIN_PREFIX letters comes before it.)
                stem = keyword[:-1].strip().lower()
                if " " not in stem:
                    self.prefixes.setdefault(stem, []).append(entry)
                    continue
                keyword = stem
            doc = nlp(keyword)
            content = [t for t in doc if not t.is_punct]
            if not content:
                problems.append(f"theme '{theme_id}': keyword '{keyword}' has no words")
                continue
            if len(content) == 1:
                token = content[0]
                # Index the forms that are not stop words: the English table reads
                # "evening" as "even", which must not match every "even".
                keys = {token.norm_, token.lower_} - stop_words
                if (theme_id, token.norm_) in listed and keys - {token.norm_}:
                    keys.discard(token.norm_)
                if not keys:
                    problems.append(
                        f"theme '{theme_id}': keyword '{keyword}' normalises to the stop "
                        f"word '{token.norm_}' and would match almost every answer"
                    )
                    continue
                for key in keys:
                    self.words.setdefault(key, []).append(entry)
            else:
                key = f"{theme_id}\x1f{keyword}"
                self.phrases[key] = entry
                # Only where a word that is not a function word follows: "kom aldrig i
                # tid" is not "komma in".
                rest = any(t.lower_ not in stop_words for t in content[1:])
                read = readings(doc)
                self.matcher.add(
                    key,
                    [
                        *read,
                        *(v for r in read[:2] for v in (inverted(r, inserted) if rest else ())),
                    ],
                )
                self.openers.add(doc[0].norm)
        if problems:
            raise CodebookError(codebook.source or codebook.name, problems)
        self._add_derived(nlp, stop_words)
        strings = nlp.vocab.strings
        self.hashed_words = {strings.add(k): v for k, v in self.words.items()}
        self.hashed_derived = {strings.add(k): v for k, v in self.derived.items()}
        self._memo.clear()
        # A stop word never counts as a keyword, whatever the lemma table makes of it
        # ("lite" reads as the verb "lita").
        self.stop_hashes = frozenset(strings.add(w) for w in stop_words)
        self._phrase_matches = {key: _flat([([e], "phrase")])[0] for key, e in self.phrases.items()}

    def _add_derived(self, nlp: Language, stop_words: frozenset[str]) -> None:
        """A one-word keyword also matches the words derived from it that the lemma
        table knows ("förankring": "förankra", "förankrad"; "samverkan": "samverka";
        "kartlägga": "kartläggning"), unless another keyword claims that word."""
        forms = base_forms(nlp)
        if forms is None:
            return
        claimed = set(self.words)
        added: dict[str, list[Keyword]] = {}
        for key, entries in self.words.items():
            for base in derived_forms(forms.known, self.lang, key, stop_words):
                if base in claimed:
                    continue
                for entry in entries:
                    if entry not in added.get(base, []):
                        added.setdefault(base, []).append(entry)
        # Matched as whole words only: "öppen" (from "öppenhet") is no part of
        # "öppenvården".
        self.derived = added

    def _token_matches(
        self,
        norms: list[int],
        lowers: list[int],
        parts_of: dict[int, tuple[str, ...]],
        strings: StringStore,
        pick: Callable[[Mapping[int, Any]], tuple[Any, ...]] | None = None,
    ) -> tuple[tuple[Matched, ...], ...]:
        """Each token's keyword matches (empty for most). A token's matches depend on
        its lower-case form alone (base form and parts are made from it), so they are
        worked out once per distinct form and looked up after."""
        return by_form(
            self._memo,
            lowers,
            lambda i: _flat(self._matches(norms[i], lowers[i], parts_of.get(i, ()), strings)),
            pick,
        )

    def _matches(
        self, norm: int, lower: int, parts: tuple[str, ...], strings: StringStore
    ) -> tuple[tuple[list[Keyword], str], ...]:
        """The keywords one word matches: on its base form or lower-case form, or as a
        compound part that is not the word itself."""
        if lower in self.stop_hashes:
            return ()
        hashed, words = self.hashed_words, self.words
        found: list[tuple[list[Keyword], str]] = []
        if norm in hashed:
            found.append((hashed[norm], "word"))
        elif norm in self.hashed_derived:
            found.append((self.hashed_derived[norm], "word"))
        if lower != norm and lower in hashed:
            found.append((hashed[lower], "word"))
        if parts and not words.keys().isdisjoint(parts):
            direct = {strings[norm], strings[lower]}
            for part in parts:
                if part not in direct and part in words:
                    found.append((words[part], "part"))
        if self.prefixes:
            word = strings[lower]
            for stem, entries in self.prefixes.items():
                if word.startswith(stem):
                    found.append((entries, "word"))
                elif any(p.startswith(stem) for p in parts):
                    found.append((entries, "part"))
        if self._borrowed is not None and not _SWEDISH_LETTERS.isdisjoint(strings[lower]):
            analyse, borrowed = self._borrowed
            base, foreign_parts = analyse(strings[lower])
            if base in borrowed:
                found.append((borrowed[base], "word"))
            for part in foreign_parts:
                if part != base and part in borrowed:
                    found.append((borrowed[part], "part"))
        return tuple(found)

    def hits(self, doc: Doc, question: str | None = None) -> list[Hit]:
        """Every keyword hit; a keyword kept for some questions counts only in answers
        to them (`question` is the answer's question id), a weak keyword's hit is
        marked weak (unless listed for this question)."""
        norms, lowers, parts_of = _forms(doc)
        strings = doc.vocab.strings
        known = self._token_matches(norms, lowers, parts_of, strings, doc.user_data.get(PICK_KEY))
        # Words first (in token order; compress visits only the words that match),
        # then phrases: the order the sort below keeps among equals.
        located = [
            (i, i + 1, matched) for i in compress(range(len(known)), known) for matched in known[i]
        ]
        if not self.openers.isdisjoint(norms):
            phrases = self._phrase_matches
            located += [
                (start, end, phrases[strings[match_id]])
                for match_id, start, end in self.matcher(doc)
            ]
        found: list[Hit] = []
        for start, end, (theme, keyword, kind, weak, questions) in located:
            scoped = False
            if questions is not None:
                if question in questions:
                    weak, scoped = False, True  # listed for this question: counts fully
                elif not weak:
                    continue  # kept for other questions
            found.append(_hit((theme, keyword, start, end, kind, weak, scoped)))
        if len(found) > 1:
            found = sorted({h[:4]: h for h in found}.values(), key=_BY_START_THEME)
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[HITS_KEY] = self.hits(doc)
        return doc
