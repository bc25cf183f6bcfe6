"""Rules over a sentence's cue spans that single words and phrases cannot say: what a
negation reaches, what an indirect question or a relative clause only describes, thanks
said as what could not have been, needs that were met, regrets, figures set side by
side with an arrow, "få"/"few" as not many, views set side by side ("vissa … andra"),
a turn told as "from … to". The cue component (`rules.CueMarker`) runs
each only where the words it looks for occur (the trigger sets here), so most answers
pay for none of them. Each reads the doc's lower-case forms (hashes) and its cue spans
so far, and gives the spans to add or the spans as they now read.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import compress

from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

from .arrays import char_offsets
from .stance import NEGATION_WINDOW, NOT_IDS

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


def too_late(
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


def trends(doc: Doc, lowers: list[int]) -> list[tuple[str, int, int]]:
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


COMMA_IDS = frozenset(get_string_id(w) for w in (",", ";"))


def commas_after_negations(
    lowers: list[int], spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """A "comma" cue on each comma within a negation's reach: the negation does not
    reach across it ("ingen delegation, måste gå till tre chefer" denies the delegation,
    not the need)."""
    out = []
    for kind, _, end in spans:
        if kind == "negation":
            for i in range(end, min(end + NEGATION_WINDOW, len(lowers))):
                if lowers[i] in COMMA_IDS:
                    out.append(("comma", i, i + 1))
                    break
    return out


# "För sent för att …", "too late to …": what follows is what could not be.
# The first word of the concern → the words that open what it put out of reach.
_PURPOSE = {
    get_string_id("för"): (get_string_id("för"), get_string_id("att")),
    get_string_id("too"): (get_string_id("to"),),
}
TOO_IDS = frozenset(_PURPOSE)
_PURPOSE_STOPS = frozenset(get_string_id(w) for w in (",", ";", ".", "!", "?", "men", "but"))
PURPOSE_REACH = 8  # tokens after "för att"/"to" that tell what could not be


def too_much_to(lowers: list[int], spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
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
# quantifier wherever "a", "quite" or "the" does not stand before it ("a few" is some).
_FEW_EN = get_string_id("few")
FEW_IDS = frozenset((get_string_id("få"), _FEW_EN))
_FEW_DEGREES = frozenset(
    get_string_id(w)
    for w in (
        "endast", "bara", "väldigt", "mycket", "ytterst", "relativt", "förhållandevis",
        "jämförelsevis",
    )
)  # fmt: skip
_NOT_FEW = frozenset(get_string_id(w) for w in ("a", "quite", "the"))
_FEW_NEXT = frozenset(
    get_string_id(w)
    for w in ("av", "har", "hade", "var", "är", "kunde", "lärare", "barn", "ärenden",
              "vårdnadshavare", "föräldrar", "fall", "deltagare", "personer")
)  # fmt: skip


_ATT = get_string_id("att")
FEW_ATT_REACH = 3  # tokens after "få X" where an "att" makes "få" the verb


def few(
    lowers: list[int], bounds: list[tuple[int, int]] | None, strings: StringStore
) -> list[tuple[str, int, int]]:
    """A governing negation on "få"/"few" where it says "not many": "Få rektorer har
    deltagit" is a lack, "Få elever har återgått till hög frånvaro" good news."""
    out: list[tuple[str, int, int]] = []
    firsts = {s for s, _ in bounds} if bounds else {0}
    for i in range(len(lowers)):
        word = lowers[i]
        if word not in FEW_IDS:
            continue
        before = lowers[i - 1] if i > 0 else None
        if word == _FEW_EN:
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


def none_without(
    lowers: list[int],
    spans: list[tuple[str, int, int]],
    without: frozenset[int],
    strings: StringStore,
) -> list[tuple[str, int, int]]:
    """The cue spans with a "none … without" pair read as one gain. Not "ingen fast
    mall utan byggdes upp …": an "utan" before a verb or its subject is "but". "Not a
    single" / "inte en enda" is a "none" too ("Not a single pupil was left without a
    contact"), where a plain "inte … utan" is "not X but Y"."""
    pairs: dict[int, int] = {}
    # Thanks said as what could not have been ("vi hade aldrig klarat det utan henne")
    # is read as thanks already.
    thanked = [(s, e) for k, s, e in spans if k == "thanks"]
    single = {s: e for k, s, e in spans if k == "negation_wide" and lowers[s] in NOT_IDS}
    for kind, start, end in spans:
        if kind != "negation" or end != start + 1:
            continue
        if lowers[start] not in _NONE_IDS:
            if start not in single:
                continue
            end = single[start]
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
    kept = [c for c in spans if not (c[0] in _NEGATING_KINDS and c[1] in covered)]
    return kept + [("success", n, w + 1) for n, w in pairs.items()]


_NEGATING_KINDS = frozenset(("negation", "negation_wide"))


# Views set side by side ("Vissa rektorer var positiva, andra mer tveksamma", "some
# parents were pleased, others less so") report a split; they do not lean either way.
SOME_IDS = frozenset(get_string_id(w) for w in ("vissa", "somliga", "some"))
_OTHERS_IDS = frozenset(get_string_id(w) for w in ("andra", "others", "other"))
MIXED_REACH = 12  # tokens from "vissa"/"some" to its "andra"/"others"
_SPLIT_STOPS = frozenset(get_string_id(w) for w in (".", ";", "men", "but"))
_PRAISE = frozenset(("success",))
_BLAME = frozenset(("challenge", "problem", "negation"))


def _sides(
    spans: list[tuple[str, int, int]], first: int, middle: int, end: int
) -> tuple[set[str], set[str]]:
    """The cue kinds on either side of `middle` ("andra", "till"), between `first` and
    `end`: what a split or a turn sets against each other."""
    before = {k for k, s, _ in spans if first < s < middle}
    after = {k for k, s, _ in spans if middle < s < end}
    return before, after


def mixed_views(lowers: list[int], spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A neutral span over "some … others …" where one side praises and the other
    does not: its judging words then count for neither."""
    out: list[tuple[str, int, int]] = []
    for i in compress(range(len(lowers)), map(SOME_IDS.__contains__, lowers)):
        j = next(
            (
                j
                for j in range(i + 2, min(i + MIXED_REACH, len(lowers)))
                if lowers[j] in _OTHERS_IDS or lowers[j] in _SPLIT_STOPS
            ),
            None,
        )
        if j is None or lowers[j] in _SPLIT_STOPS:
            continue
        end = _clause_run(lowers, j + 1, MIXED_REACH).stop
        first, second = _sides(spans, i, j, end)
        if (first & _PRAISE and second & _BLAME) or (first & _BLAME and second & _PRAISE):
            out.append(("neutral", i, end))
    return out


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
DESCRIBING_IDS = _REACHING_IDS | {_HAD}
REACH_BEFORE = 4  # tokens from the verb of reaching to the relative pronoun
RELATIVE_REACH = 6  # tokens a relative clause is taken to run
_DESCRIBED_KINDS = frozenset(("challenge", "problem", "negation"))


def described_groups(
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
            described.update(_clause_run(lowers, start + 1, RELATIVE_REACH))
    return _dropped_at(spans, _DESCRIBED_KINDS, described)


def _clause_run(lowers: list[int], first: int, reach: int) -> range:
    """The tokens from `first` on, at most `reach`, up to the end of their clause."""
    last = min(first + reach, len(lowers))
    for j in range(first, last):
        if lowers[j] in _PURPOSE_STOPS:
            return range(first, j)
    return range(first, last)


def _dropped_at(
    spans: list[tuple[str, int, int]], kinds: frozenset[str], positions: set[int]
) -> list[tuple[str, int, int]]:
    """The cue spans without those of `kinds` that start at one of `positions`."""
    if not positions:
        return spans
    return [c for c in spans if c[0] not in kinds or c[1] not in positions]


# What an indirect question asks is not said: "delade meningar om huruvida teamet bör
# finnas kvar", "views differ on whether the team should continue" judge neither way.
WHETHER_IDS = frozenset(get_string_id(w) for w in ("huruvida", "whether"))
_ASKED_KINDS = frozenset(("success", "challenge", "modal", "rise", "fall", "negation"))
# … unless it is advice to weigh it: "think about whether the limit should be lower".
_WEIGHING = frozenset(
    get_string_id(w)
    for w in ("about", "consider", "considering", "reflect", "överväga", "fundera", "tänka")
)
WHETHER_REACH = 6  # tokens an indirect question is taken to run, at most to its clause end


def asked_whether(
    lowers: list[int], spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The cue spans without the judging words of an indirect question."""
    asked: set[int] = set()
    for i, word in enumerate(lowers):
        if word in WHETHER_IDS and _WEIGHING.isdisjoint(lowers[max(0, i - 2) : i]):
            asked.update(_clause_run(lowers, i + 1, WHETHER_REACH))
    return _dropped_at(spans, _ASKED_KINDS, asked)


# A negation that opens a joined clause ("sover bättre och inte längre har ont") negates
# what follows it, never the word before the conjunction.
JOINING_IDS = frozenset(get_string_id(w) for w in ("och", "samt", "and", ",", ";"))


def joined_after(
    lowers: list[int], spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The cue spans without the "may follow what it negates" mark on a negation
    right after a conjunction or comma."""
    return [c for c in spans if c[0] != "after" or c[1] == 0 or lowers[c[1] - 1] not in JOINING_IDS]


# The share or number of a group named by a set phrase ("andelen elever med hög
# frånvaro", "the number of pupils with high absence") is what rises or falls: the
# phrase's problem counts there, where elsewhere it only names the group.
COUNT_IDS = frozenset(
    get_string_id(w)
    for w in ("andelen", "antalet", "andel", "antal", "share", "number", "proportion")
)
COUNT_REACH = 3  # tokens from the count word to the set phrase


def counted(lowers: list[int], spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The cue spans without the set phrases that a count word stands just before."""
    counts = [i for i, w in enumerate(lowers) if w in COUNT_IDS]
    return [
        c for c in spans if c[0] != "plain" or not any(0 < c[1] - i <= COUNT_REACH for i in counts)
    ]


BRIDGE_REACH = 3  # words a negation reaches a problem across (`bridged`)


def bridged(
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


def met_needs(
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


def regrets(
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


def thanks(
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


# A turn told as "from … to …" after a verb of going ("gick från att knappt lämna
# rummet till att gå tre dagar i veckan", "went from barely leaving his room to going
# in three days a week"): what it came from is the past, and the turn is the news.
_GOING_IDS = frozenset(
    get_string_id(w)
    for w in ("gick", "gått", "går", "gåt", "went", "gone", "goes", "moved", "changed")
)
FROM_IDS = frozenset(get_string_id(w) for w in ("från", "from"))
_TO_IDS = frozenset(get_string_id(w) for w in ("till", "to"))
TURN_REACH = 10  # tokens from "från"/"from" to its "till"/"to"
_TURN_KINDS = frozenset(("challenge", "problem", "negation", "success"))


def turns(lowers: list[int], spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The cue spans with a turn from bad to good (or good to bad) read as one gain (or
    one concern): the words of where it came from no longer count on their own."""
    for i in compress(range(len(lowers)), map(FROM_IDS.__contains__, lowers)):
        # The verb right before, or its subject between ("gick han från").
        if _GOING_IDS.isdisjoint(lowers[max(0, i - 2) : i]):
            continue
        to = next(
            (j for j in range(i + 2, min(i + TURN_REACH, len(lowers))) if lowers[j] in _TO_IDS),
            None,
        )
        if to is None:
            continue
        before, after = _sides(spans, i, to, _clause_run(lowers, to + 1, TURN_REACH).stop)
        if before & _BLAME and not after & _BLAME:
            turned = "success"
        elif before & _PRAISE and after & _BLAME and not after & _PRAISE:
            turned = "challenge"
        else:
            continue
        spans = [c for c in spans if c[0] not in _TURN_KINDS or not i < c[1] < to]
        spans.append((turned, i, i + 1))
    return spans
