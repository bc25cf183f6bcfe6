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

import re
import tomllib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from spacy.attrs import IDX, LENGTH, LOWER, NORM
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

from .codebook import Codebook, CodebookError
from .keyword_forms import MIN_LABEL_WORD, derived_forms, insertions, inverted, readings
from .normalize import ARRAYS_KEY, PARTS_KEY, PICK_KEY, base_forms, by_form
from .sentences import BOUNDS_KEY
from .stance import NEGATION_WINDOW, OPENING_IDS, REVERSING_IDS, conceded, contrasted

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


def token_arrays(doc: Doc) -> dict[str, list[int]]:
    """Per-token hashes of base and lower-case forms (kept by the base-form component,
    or read here) and, on first need, character offsets: the components compare hashes
    and slice the text instead of building a Token object for every look."""
    arrays = doc.user_data.get(ARRAYS_KEY)
    if arrays is None:
        rows = doc.to_array([NORM, LOWER]).tolist()
        arrays = {"norm": [r[0] for r in rows], "lower": [r[1] for r in rows]}
        doc.user_data[ARRAYS_KEY] = arrays
    return arrays


def char_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character of every token, read once per doc when evidence needs it."""
    arrays = token_arrays(doc)
    if "start" not in arrays:
        rows = doc.to_array([IDX, LENGTH]).tolist()
        arrays["start"] = [r[0] for r in rows]
        arrays["end"] = [r[0] + r[1] for r in rows]
    return arrays["start"], arrays["end"]


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
        # The words of thanks said as what could not have been (`_thanks`), as written:
        # the auxiliary ("hade", "would") and "utan"/"without".
        self.counterfactual: frozenset[int] = frozenset()
        self.without: frozenset[int] = frozenset()
        # A regret with words between its auxiliary and its modal ("Med en lokal hade vi
        # kunnat träffas oftare"): the auxiliary and the modal, as written.
        self.regret: tuple[int, frozenset[int]] | None = None
        # Words a negation reaches a problem across (`_bridged`), as written.
        self.bridge: frozenset[int] = frozenset()
        self.negating: frozenset[int] = frozenset()
        # A need that was met ("vi fick det stöd vi behövde"): the verbs of getting, the
        # need's past forms, the words a relative clause's need may stand after and
        # before, as written (`_met_needs`).
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
            TREND_ARROWS,
            LESSON_IDS,
            _COMMA_IDS,
            _TOO_IDS,
            _FEW_IDS,
            _COUNT_IDS,
            _JOINING_IDS,
            _WHETHER_IDS,
            _DESCRIBING_IDS,
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
            spans += _thanks(lowers, norms, doc.vocab.strings, spans, counterfactual, without)
        regret = self.regret
        if regret is not None and regret[0] in present and not regret[1].isdisjoint(present):
            spans += _regrets(lowers, regret, self.negating)
        met = self.met
        if met is not None and not met[1].isdisjoint(present) and not met[0].isdisjoint(present):
            spans = _met_needs(lowers, met, spans, doc)
        if not TREND_ARROWS.isdisjoint(present):
            spans += _trends(doc, lowers)
        # The rules below need a negation, or a concern: most answers have neither.
        found = {kind for kind, _, _ in spans}
        if "negation" in found:
            if self.bridge and "problem" in found:
                spans = _bridged(lowers, spans, self.bridge)
            if not _COMMA_IDS.isdisjoint(present):
                spans += _commas_after_negations(lowers, spans)
        if "challenge" in found and not _TOO_IDS.isdisjoint(present):
            spans = _too_much_to(lowers, spans)
        # The rules below read sentence by sentence (the bounds the sentence component
        # kept; a doc made some other way has none, and they do not apply).
        bounds = doc.user_data.get(BOUNDS_KEY)
        if bounds is not None:
            if not OPENING_IDS.isdisjoint(present):
                spans += conceded(lowers, bounds, spans)
            if not LESSON_IDS.isdisjoint(present):
                spans += _too_late(doc, lowers, bounds)
            if not REVERSING_IDS.isdisjoint(present):
                spans += contrasted(lowers, bounds, spans)
        if "negation" in found and not without.isdisjoint(present):
            spans = _none_without(lowers, spans, without, doc.vocab.strings)
        if "relative" in found and not _DESCRIBING_IDS.isdisjoint(present):
            spans = _described_groups(lowers, spans)
        if not _WHETHER_IDS.isdisjoint(present):
            spans = _asked_whether(lowers, spans)
        if "after" in found and not _JOINING_IDS.isdisjoint(present):
            spans = _joined_after(lowers, spans)
        if "plain" in found and not _COUNT_IDS.isdisjoint(present):
            spans = _counted(lowers, spans)
        if not _FEW_IDS.isdisjoint(present):
            spans += _few(lowers, bounds, doc.vocab.strings)
        doc.user_data[CUES_KEY] = spans
        return doc


MET_GAP = 6  # tokens from the verb of getting to the need ("fick det stöd vi behövde")
# A lesson that says to do something earlier, before the start or from day one
# ("Lärdom: informera rektorerna innan uppstart", "Lesson: involve the principals
# earlier") tells that it came too late: a concern. Read only in a line a lesson's
# label opens; elsewhere "innan start" or "från början" tell no lack.
LESSON_IDS = frozenset(
    get_string_id(w) for w in ("lärdom", "lärdomar", "lesson", "lessons", "tips", "råd", "advice")
)
_TOO_LATE = re.compile(
    r"\b(?:tidigare|earlier|(?:innan|före|before)\s+(?:uppstart|uppstarten|start|starten"
    r"|starting|the\s+start|ni\s+(?:startar|börjar|drar\s+igång)|you\s+(?:start|begin))"
    r"|(?:från|from)\s+(?:dag\s+(?:1|ett)|day\s+(?:1|one)|start|starten|början"
    r"|the\s+(?:start|beginning|outset)))\b",
    re.IGNORECASE,
)


def _too_late(
    doc: Doc, lowers: list[int], bounds: Sequence[tuple[int, int]]
) -> list[tuple[str, int, int]]:
    """A concern on the timing words of each lesson that says it came too late."""
    out: list[tuple[str, int, int]] = []
    starts, ends = char_offsets(doc)
    text = doc.text
    for first, last in bounds:
        label = next((i for i in range(first, min(last, first + 3)) if doc[i].is_alpha), None)
        if label is None or lowers[label] not in LESSON_IDS:
            continue
        found = _TOO_LATE.search(text, starts[first], ends[last - 1])
        if found is not None:
            i = bisect_left(starts, found.start())
            out.append(("challenge", i, i + 1))
    return out


# A figure before an arrow and one after it ("Närvaro: 62 % → 41 %", "48 h/month (Sep) →
# 6 h/month", "20% -> 55%") tell a rise or a fall, as "steg"/"sjönk" would.
TREND_ARROWS = frozenset(get_string_id(w) for w in ("→", "⇒", "⟶", ">"))
_DASH_ID = get_string_id("-")
_GT_ID = get_string_id(">")
_SHARE_IDS = frozenset(get_string_id(w) for w in ("av", "of", "/"))
_TREND_STOPS = frozenset(get_string_id(w) for w in (",", ";", ":", "→", "⇒", "⟶", ">"))
TREND_BACK = 8  # tokens before an arrow to its first figure ("48 h / month ( Sep ) →")
TREND_AHEAD = 4


def _figure(text: str) -> float | None:
    """A token's number ("62", "3,5", "1.5"), else None."""
    try:
        return float(text.replace(",", ".", 1)) if any(c.isdigit() for c in text) else None
    except ValueError:
        return None


def _trends(doc: Doc, lowers: list[int]) -> list[tuple[str, int, int]]:
    """A rise or fall cue on each arrow between two different figures."""
    out: list[tuple[str, int, int]] = []
    for i in compress(range(len(lowers)), map(TREND_ARROWS.__contains__, lowers)):
        start = i
        if lowers[i] == _GT_ID:
            if i == 0 or lowers[i - 1] != _DASH_ID:
                continue  # ">" alone is no arrow
            start = i - 1
        before = after = None
        units: list[int] = []  # the words right after the two figures
        for j in range(start - 1, max(-1, start - 1 - TREND_BACK), -1):
            if lowers[j] in _TREND_STOPS:
                break
            if (before := _figure(doc[j].text)) is not None:
                # "2 av 12 ämnen → 9 av 12": the share's own figure, not its whole.
                if j >= 2 and lowers[j - 1] in _SHARE_IDS:
                    share = _figure(doc[j - 2].text)
                    before, j = (before, j) if share is None else (share, j - 2)
                units.append(_unit(doc, lowers, j + 1))
                break
        for j in range(i + 1, min(len(lowers), i + 1 + TREND_AHEAD)):
            if (after := _figure(doc[j].text)) is not None:
                units.append(_unit(doc, lowers, j + 1))
                break
        if before is not None and after is not None and before != after:
            if units[0] and units[1] and units[0] != units[1]:
                continue  # steps in other units ("10 min i skolan → 1 lektion")
            out.append(("rise" if after > before else "fall", i, i + 1))
    return out


def _unit(doc: Doc, lowers: list[int], i: int) -> int:
    """The word after a figure, which says what it counts ("10 min"); 0 for none."""
    return lowers[i] if i < len(lowers) and doc[i].is_alpha else 0


_COMMA_IDS = frozenset(get_string_id(w) for w in (",", ";"))


def _commas_after_negations(
    lowers: list[int], spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """A "comma" cue on each comma within a negation's reach: the negation does not
    reach across it ("ingen delegation, måste gå till tre chefer" denies the delegation,
    not the need)."""
    out = []
    for kind, _, end in spans:
        if kind == "negation":
            for i in range(end, min(end + NEGATION_WINDOW, len(lowers))):
                if lowers[i] in _COMMA_IDS:
                    out.append(("comma", i, i + 1))
                    break
    return out


# "För sent för att …", "too late to …": what follows is what could not be.
# The first word of the concern → the words that open what it put out of reach.
_PURPOSE = {
    get_string_id("för"): (get_string_id("för"), get_string_id("att")),
    get_string_id("too"): (get_string_id("to"),),
}
_TOO_IDS = frozenset(_PURPOSE)
_PURPOSE_STOPS = frozenset(get_string_id(w) for w in (",", ";", ".", "!", "?", "men", "but"))
PURPOSE_REACH = 8  # tokens after "för att"/"to" that tell what could not be


def _too_much_to(
    lowers: list[int], spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The cue spans without the gains a "too much to" names as out of reach: in "för
    sent för att det skulle räcka med en lätt insats" or "too late to make a
    difference", the concern says how it went; what it prevented is no success."""
    out_of_reach: set[int] = set()
    for kind, start, end in spans:
        if kind != "challenge" or end - start < 2:
            continue
        purpose = _PURPOSE.get(lowers[start])
        if purpose is None or tuple(lowers[end : end + len(purpose)]) != purpose:
            continue
        for i in range(end + len(purpose), min(end + len(purpose) + PURPOSE_REACH, len(lowers))):
            if lowers[i] in _PURPOSE_STOPS:
                break
            out_of_reach.add(i)
    if not out_of_reach:
        return spans
    return [c for c in spans if c[0] != "success" or c[1] not in out_of_reach]


# "Få elever …", "few principals …": not many, a negation of the clause (as "inga").
# Swedish "få" is more often a verb ("få med rektorerna", "få eleven att …"): it is the
# quantifier only opening its sentence or after a degree word, before a plural noun
# ("elever", "rektorer", "skolor"), "av" or a verb of the past; English "few" is the
# quantifier wherever "a" or "quite" does not stand before it ("a few" is some).
_FEW_IDS = frozenset(get_string_id(w) for w in ("få", "few"))
_FEW_DEGREES = frozenset(
    get_string_id(w)
    for w in (
        "endast", "bara", "väldigt", "mycket", "ytterst", "relativt", "förhållandevis",
        "jämförelsevis", "only", "very", "relatively", "comparatively", "too",
    )
)  # fmt: skip
_NOT_FEW = frozenset(get_string_id(w) for w in ("a", "quite", "för", "ett", "de", "the"))
_FEW_NEXT = frozenset(
    get_string_id(w)
    for w in ("av", "har", "hade", "var", "är", "kunde", "lärare", "barn", "ärenden",
              "vårdnadshavare", "föräldrar", "fall", "deltagare", "personer")
)  # fmt: skip


_ATT = get_string_id("att")
FEW_ATT_REACH = 3  # tokens after "få X" where an "att" makes "få" the verb


def _few(
    lowers: list[int], bounds: list[tuple[int, int]] | None, strings: StringStore
) -> list[tuple[str, int, int]]:
    """A governing negation on "få"/"few" where it says "not many": "Få rektorer har
    deltagit" is a lack, "Få elever har återgått till hög frånvaro" good news."""
    out: list[tuple[str, int, int]] = []
    english = get_string_id("few")
    firsts = {s for s, _ in bounds} if bounds else {0}
    for i in range(len(lowers)):
        word = lowers[i]
        if word not in _FEW_IDS:
            continue
        before = lowers[i - 1] if i > 0 else None
        if word == english:
            if before in _NOT_FEW:
                continue
        else:
            if i not in firsts and before not in _FEW_DEGREES:
                continue
            if i + 1 >= len(lowers):
                continue
            after = lowers[i + 1]
            if after not in _FEW_NEXT and not strings[after].endswith(("er", "ar", "or")):
                continue
            if _ATT in lowers[i + 2 : i + 2 + FEW_ATT_REACH]:
                continue  # "få föräldrar att känna sig trygga": to get them to
        out += [("negation", i, i + 1), ("negation_wide", i, i + 1)]
    return out


# "Inget ärende avslutades utan överlämning", "no case was closed without a hand-over":
# nothing went without it, two negations that make one assurance.
_NONE_IDS = frozenset(
    get_string_id(w) for w in ("ingen", "inget", "inga", "aldrig", "no", "none", "never", "nobody")
)
NONE_WITHOUT_REACH = 8  # tokens from the "none" to its "without"


def _none_without(
    lowers: list[int],
    spans: list[tuple[str, int, int]],
    without: frozenset[int],
    strings: StringStore,
) -> list[tuple[str, int, int]]:
    """The cue spans with a "none … without" pair read as one gain. Not "ingen fast
    mall utan byggdes upp …": an "utan" before a verb or its subject is "but"."""
    pairs: dict[int, int] = {}
    # Thanks said as what could not have been ("vi hade aldrig klarat det utan henne")
    # is read as thanks already.
    thanked = [(s, e) for k, s, e in spans if k == "thanks"]
    for kind, start, end in spans:
        if kind != "negation" or end != start + 1 or lowers[start] not in _NONE_IDS:
            continue
        if any(s <= start < e for s, e in thanked):
            continue
        for w in range(end, min(end + NONE_WITHOUT_REACH, len(lowers))):
            if lowers[w] in _CLAUSE_STOPS:
                break  # also "att"/"to": "inga möjligheter att fortsätta utan medel" needs
            if lowers[w] in without:
                after = strings[lowers[w + 1]] if w + 1 < len(lowers) else ""
                if after not in _BUT_NEXT and not after.endswith(_PAST_ENDINGS):
                    pairs[start] = w
                break
    if not pairs:
        return spans
    covered = set(pairs) | set(pairs.values())
    kept = [c for c in spans if not (c[0] == "negation" and c[1] in covered)]
    return kept + [("success", n, w + 1) for n, w in pairs.items()]


_BUT_NEXT = frozenset(("vi", "man", "det", "de", "dom", "han", "hon", "jag", "ni", "i", "istället"))
_PAST_ENDINGS = ("ade", "ades", "de", "des", "te", "tes")
_CLAUSE_STOPS = frozenset(
    get_string_id(w) for w in (",", ";", ".", "men", "but", "och", "and", "att", "to")
)


# Whom the work reached or helped, told by a relative clause, is the group it was for:
# "teamet nådde familjer som länge mått dåligt", "reached families who had struggled
# for years", "pupils who had refused to attend now go" describe, they do not judge.
_REACHING_IDS = frozenset(
    get_string_id(w)
    for w in (
        "nådde", "når", "nått", "hjälpte", "hjälper", "hjälpt", "stöttade", "fångade",
        "fångat", "mötte", "reached", "reaches", "helped", "helps", "supported", "caught",
    )
)  # fmt: skip
_HAD = get_string_id("had")
_DESCRIBING_IDS = _REACHING_IDS | {_HAD}
REACH_BEFORE = 4  # tokens from the verb of reaching to the relative pronoun
_DESCRIBED_KINDS = frozenset(("challenge", "problem", "negation"))


def _described_groups(
    lowers: list[int], spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The cue spans without the concerns of a relative clause that tells whom the
    work reached or helped, or (English "who had …") how they were before."""
    described: set[int] = set()
    for kind, start, _ in spans:
        if kind != "relative":
            continue
        before = lowers[max(0, start - REACH_BEFORE) : start]
        earlier = start + 1 < len(lowers) and lowers[start + 1] == _HAD
        if earlier or not _REACHING_IDS.isdisjoint(before):
            for j in range(start + 1, min(start + 1 + RELATIVE_REACH, len(lowers))):
                if lowers[j] in _PURPOSE_STOPS:
                    break
                described.add(j)
    if not described:
        return spans
    return [c for c in spans if c[0] not in _DESCRIBED_KINDS or c[1] not in described]


RELATIVE_REACH = 6  # tokens a relative clause is taken to run


# What an indirect question asks is not said: "delade meningar om huruvida teamet bör
# finnas kvar", "views differ on whether the team should continue" judge neither way.
_WHETHER_IDS = frozenset(get_string_id(w) for w in ("huruvida", "whether"))
_ASKED_KINDS = frozenset(("success", "challenge", "modal", "rise", "fall", "negation"))
# … unless it is advice to weigh it: "think about whether the limit should be lower".
_WEIGHING = frozenset(
    get_string_id(w)
    for w in ("about", "consider", "considering", "reflect", "överväga", "fundera", "tänka")
)
WHETHER_REACH = 6  # tokens an indirect question is taken to run, at most to its clause end


def _asked_whether(
    lowers: list[int], spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The cue spans without the judging words of an indirect question."""
    asked: set[int] = set()
    for i, word in enumerate(lowers):
        if word in _WHETHER_IDS and _WEIGHING.isdisjoint(lowers[max(0, i - 2) : i]):
            for j in range(i + 1, min(i + 1 + WHETHER_REACH, len(lowers))):
                if lowers[j] in _PURPOSE_STOPS:
                    break
                asked.add(j)
    if not asked:
        return spans
    return [c for c in spans if c[0] not in _ASKED_KINDS or c[1] not in asked]


# A negation that opens a joined clause ("sover bättre och inte längre har ont") negates
# what follows it, never the word before the conjunction.
_JOINING_IDS = frozenset(get_string_id(w) for w in ("och", "samt", "and", ",", ";"))


def _joined_after(
    lowers: list[int], spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The cue spans without the "may follow what it negates" mark on a negation
    right after a conjunction or comma."""
    return [
        c for c in spans if c[0] != "after" or c[1] == 0 or lowers[c[1] - 1] not in _JOINING_IDS
    ]


# The share or number of a group named by a set phrase ("andelen elever med hög
# frånvaro", "the number of pupils with high absence") is what rises or falls: the
# phrase's problem counts there, where elsewhere it only names the group.
_COUNT_IDS = frozenset(
    get_string_id(w)
    for w in ("andelen", "antalet", "andel", "antal", "share", "number", "proportion")
)
COUNT_REACH = 3  # tokens from the count word to the set phrase


def _counted(lowers: list[int], spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The cue spans without the set phrases that a count word stands just before."""
    counts = [i for i, w in enumerate(lowers) if w in _COUNT_IDS]
    return [
        c for c in spans if c[0] != "plain" or not any(0 < c[1] - i <= COUNT_REACH for i in counts)
    ]


BRIDGE_REACH = 3  # words a negation reaches a problem across (`_bridged`)


def _bridged(
    lowers: list[int], spans: list[tuple[str, int, int]], bridge: frozenset[int]
) -> list[tuple[str, int, int]]:
    """The cue spans with a negation that reaches a problem across a few light words
    (auxiliaries, "någon", "any") running up to it: "har inte haft ont i magen", "det
    har inte varit några konflikter", "hasn't had a stomach ache" deny the problem as
    "ingen ångest" does (`stance.read` reads a problem right after a negation)."""
    problems = {s for k, s, _ in spans if k == "problem"}
    if not problems:
        return spans
    out = []
    for kind, start, end in spans:
        if kind == "negation":
            j = end
            while j < len(lowers) and j - end < BRIDGE_REACH and lowers[j] in bridge:
                j += 1
            if j > end and j in problems:
                kind, end = "negation", j
        out.append((kind, start, end))
    return out


def _met_needs(
    lowers: list[int],
    met: tuple[frozenset[int], ...],
    spans: list[tuple[str, int, int]],
    doc: Doc,
) -> list[tuple[str, int, int]]:
    """The cue spans with the need of a relative clause after a verb of getting read as
    success: "Vi fick det stöd vi behövde", "We got the backing we needed from the
    district" say the need was met, not that something lacked. The need stands after its subject
    ("vi", "som", "we") and ends its clause or comes before a preposition ("… vi
    behövde från förvaltningen"); "vi fick vänta, vi behövde mer tid" is a lack."""
    get, need, subject, after = met
    kept = []
    for kind, start, end in spans:
        if (
            kind == "challenge"
            and end == start + 1
            and lowers[start] in need
            and start > 0
            and lowers[start - 1] in subject
            and (end == len(lowers) or lowers[end] in after or doc[end].is_punct)
            and any(lowers[i] in get for i in range(max(0, start - MET_GAP), start - 1))
            and not _clause_ends(lowers, max(0, start - MET_GAP), start)
        ):
            kind = "success"  # getting what was needed is good news
        kept.append((kind, start, end))
    return kept


# Tokens between "hade" and "kunnat" in a regret ("hade fler elever sannolikt kunnat").
REGRET_GAP = 4


def _regrets(
    lowers: list[int], regret: tuple[int, frozenset[int]], negating: frozenset[int]
) -> list[tuple[str, int, int]]:
    """What could have gone better, said with words between the auxiliary and the modal
    ("Med en lokal hade vi kunnat träffas oftare", "hade fler elever sannolikt kunnat
    behålla sin närvaro"): one concern from "hade" to the modal. Not with a negation
    between, which is thanks ("utan dem hade vi inte kunnat …"), nor across a sentence's
    end; side by side ("hade kunnat"), the phrase cue reads it."""
    aux, modals = regret
    out: list[tuple[str, int, int]] = []
    for i in (i for i, h in enumerate(lowers) if h == aux):
        for j in range(i + 2, min(i + 2 + REGRET_GAP, len(lowers))):
            if lowers[j] in negating:
                break
            if lowers[j] in modals:
                if not _clause_ends(lowers, i + 1, j):
                    out.append(("challenge", i, j + 1))
                break
    return out


THANKS_GAP = 8  # tokens between the words of "hade inte gått utan …" / "utan X hade … inte"
_SENTENCE_ENDS = (".", "!", "?", ";")
# The same as hashes of lower-case forms: punctuation has no case, so a token's lower-case
# form is one of these exactly where its text is.
_SENTENCE_END_IDS = frozenset(get_string_id(p) for p in _SENTENCE_ENDS)
_LABEL_END_IDS = _SENTENCE_END_IDS | frozenset(get_string_id(p) for p in (":", "-", "–"))
_CLAUSE_END_IDS = _SENTENCE_END_IDS | frozenset(get_string_id(w) for w in ("men", "but"))
_AUXILIARY_IDS = frozenset(get_string_id(w) for w in ("have", "be", "been", "varit", "blivit"))


def _thanks(
    lowers: list[int],
    norms: list[int],
    strings: StringStore,
    spans: list[tuple[str, int, int]],
    counterfactual: frozenset[int],
    without: frozenset[int],
) -> list[tuple[str, int, int]]:
    """Thanks said as what could not have been, as one "thanks" span: "det hade inte gått
    utan teamet", "vi hade aldrig klarat det utan henne", "we could not have done it
    without them", "utan familjebehandlaren hade det aldrig gått". Not "vi hade inte tid
    utan fick prioritera" ("inte X utan Y": not X but Y): before "utan" the negation
    must be followed by a verb form ("gått", "klarat"; "have", "be"). Read from the
    doc's lower-case and base forms (hashes), not token by token."""
    withouts = _where(lowers, without)
    negations = [s for k, s, e in spans if k == "negation" and e == s + 1 and s not in withouts]
    auxiliaries = _where(lowers, counterfactual)
    found = _if_not(lowers, auxiliaries, negations)
    for c in auxiliaries:
        for w in withouts:
            if 0 < c - w <= THANKS_GAP and not _clause_ends(lowers, w, c):
                # "Utan henne hade vi aldrig …", "utan teamet hade hon fortfarande suttit
                # hemma", "without the team they would have dropped out": what the
                # person or thing kept from happening, good or bad, says it mattered.
                found.append(("thanks", w, _clause_end(lowers, c)))
        for w in withouts:
            # "Vi hade tappat honom utan dem", "we'd have lost him without them": the harm
            # that would have come without someone, said with no negation.
            if (
                0 < w - c <= THANKS_GAP
                and w + 1 < len(lowers)
                and not _clause_ends(lowers, c, w)
                and not any(c < n < w for n in negations)
                and any(k in ("challenge", "problem") and c < b < w for k, b, _ in spans)
                and not _says_how(strings[lowers[w + 1]])
            ):
                found.append(("thanks", c, w + 2))
        for n in negations:
            if 0 < c - n <= 3 and _NEG_RAISING.intersection(lowers[max(0, n - 1) : n + 2]):
                # "Jag tror inte att vi hade nått dem utan teamet", "I don't think we
                # could have done it without them": the negation of the belief is the
                # counterfactual's.
                for w in withouts:
                    if 0 < w - c <= THANKS_GAP and _verb_between(lowers, norms, strings, c + 1, w):
                        found.append(("thanks", n, w + 1))
                continue
            if not 0 < n - c <= 3:
                continue  # "hade inte", "hade vi aldrig", "could not"
            for w in withouts:
                if 0 < w - n <= THANKS_GAP and _verb_between(lowers, norms, strings, n + 1, w):
                    found.append(("thanks", c, w + 1))
    return found


# Verbs of belief whose negation belongs to the clause they govern ("tror inte att vi
# hade klarat det" is "tror att vi inte hade klarat det").
_NEG_RAISING = frozenset(
    get_string_id(w) for w in ("tror", "tycker", "trodde", "think", "believe", "thought")
)


def _says_how(word: str) -> bool:
    """Whether the word after "utan"/"without" tells how something was done ("utan att
    märka det", "without noticing"), not whom it would have been done without."""
    return word in ("att", "to", "a", "an", "any") or word.endswith("ing")


def _where(lowers: list[int], forms: frozenset[int]) -> list[int]:
    """The indexes of the tokens with one of these lower-case forms (found in C)."""
    return list(compress(range(len(lowers)), map(forms.__contains__, lowers)))


def _if_not(
    lowers: list[int], auxiliaries: list[int], negations: list[int]
) -> list[tuple[str, int, int]]:
    """Thanks said as a condition that did not hold: "Hade vi inte haft stödet från
    styrgruppen hade projektet aldrig kommit igång" (an auxiliary opening the sentence,
    a negation, and a second auxiliary with a negation later in the sentence).
    `auxiliaries`: where the counterfactual auxiliaries stand."""
    found = []
    for first, second in zip(auxiliaries, auxiliaries[1:], strict=False):
        if not (first == 0 or lowers[first - 1] in _LABEL_END_IDS):
            continue
        if second - first > 3 * THANKS_GAP // 2 or _clause_ends(lowers, first, second):
            continue
        if any(0 < n - first <= 3 for n in negations):
            later = [n for n in negations if 0 < n - second <= 3]
            if later:
                found.append(("thanks", first, _clause_end(lowers, later[0])))
    return found


def _clause_end(lowers: list[int], start: int) -> int:
    """Where the clause from `start` ends: at a full stop, a question mark, a semicolon
    or a "men"/"but" (exclusive), else the doc's end."""
    for i in range(start, len(lowers)):
        if lowers[i] in _CLAUSE_END_IDS:
            return i
    return len(lowers)


def _clause_ends(lowers: list[int], first: int, last: int) -> bool:
    """A full stop, a question mark or a semicolon between the two tokens."""
    return not _SENTENCE_END_IDS.isdisjoint(lowers[first:last])


def _verb_between(
    lowers: list[int], norms: list[int], strings: StringStore, first: int, last: int
) -> bool:
    """A past participle or supine, or "have"/"be", among the tokens from `first` to
    `last` (not "tid", "resurser": "vi hade inte tid utan …" is "not X but Y")."""
    for i in range(first, min(last, len(lowers))):
        if lowers[i] in _AUXILIARY_IDS:
            return True
        lower = strings[lowers[i]]
        if lower.endswith(("t", "ts")) and norms[i] != lowers[i] and len(lower) > 3:
            return True  # "gått", "klarat", "fungerat", "lyckats": a base form of its own
    return False


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
        themes = codebook.codable()
        bare = {t.id for t in themes if t.id not in keyed and not t.description.strip()}
        if not bare:
            return []

        def words(text: str) -> set[str]:
            return {
                t.norm_
                for t in nlp(text)
                if t.is_alpha
                and len(t.norm_) >= MIN_LABEL_WORD
                and t.lower_ not in stop_words
                and t.norm_ not in stop_words
            }

        said = {t.id: words(f"{t.label}. {t.description}") for t in themes}
        found: list[Keyword] = []
        for theme in themes:
            if theme.id not in bare:
                continue
            elsewhere = set().union(*(w for other, w in said.items() if other != theme.id))
            found += [Keyword(theme.id, w) for w in sorted(words(theme.label) - elsewhere)]
        return found

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: Language | None = None,
        codebook: Codebook | None = None,
        stop_words: frozenset[str] = frozenset(),
    ) -> None:
        assert nlp is not None and codebook is not None
        problems: list[str] = []
        entries = self._keywords(codebook)
        entries += self._label_keywords(nlp, codebook, stop_words, {e.theme for e in entries})
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
