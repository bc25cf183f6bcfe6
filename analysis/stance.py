"""Stance of a coded segment: success factor, challenge or neutral.

The question decides first when it asks for one or the other (`stance_hint`), unless the
words clearly say otherwise; then cue words decide, a negation turning a success cue
into a challenge ("fungerade inte") and a challenge cue into a success ("inga problem").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from spacy.strings import get_string_id

STANCES = ("success", "challenge", "neutral")
NEGATION_WINDOW = 3
WIDE_WINDOW = 8  # tokens after a negation that governs its clause to the word it negates
EARLIER_REACH = 8  # tokens after a negation to the word of an earlier time it is told with
EARLIER_BACK = 5  # … and before it: "innan var det typ ingenting"
SPARE_WINDOW = 8  # tokens after "slippa" that it spares: "slapp skicka elever vidare och vänta"
REASON_WINDOW = 2  # words between a verb of understanding and its "varför" ("förstod hon varför")
INSIGHT_WINDOW = 12  # tokens after "förstod varför" / "figured out" that tell what was found
# Cue kinds of a main clause judged by the concession that opens its sentence only
# (`conceded`): counted, but no word of the clause's own.
IMPLIED_SUCCESS = "implied success"
IMPLIED_CHALLENGE = "implied challenge"
# What a contrast implies of a clause that judges nothing itself (`contrasted`): read as
# said there, but no reason on its own to move a theme's reading into that clause.
CONTRAST_SUCCESS = "contrast success"
CONTRAST_CHALLENGE = "contrast challenge"
CONTRAST_KINDS = frozenset([CONTRAST_SUCCESS, CONTRAST_CHALLENGE])
OVERRULE_HINT = 2  # how clearly the words must disagree with the question's hint


@dataclass(slots=True)
class StanceReading:
    stance: str
    success: int
    challenge: int
    neutral: int
    negations: tuple[tuple[int, int], ...]  # token spans of negation cues
    hedges: tuple[tuple[int, int], ...]
    thanks: bool = False  # thanks said as what could not have been ("hade inte gått utan")
    denied: int = 0  # words of praise negated ("gillade inte", "inte bra"): how many


NO_CUES = StanceReading("neutral", 0, 0, 0, (), ())  # a span without any cue word
_IMPLY_SUCCESS = frozenset([IMPLIED_SUCCESS, CONTRAST_SUCCESS])
_IMPLY_CHALLENGE = frozenset([IMPLIED_CHALLENGE, CONTRAST_CHALLENGE])
_IMPLYING = _IMPLY_SUCCESS | _IMPLY_CHALLENGE

CONTRASTS = frozenset(
    [
        "men",
        "dock",
        "samtidigt",
        "fast",
        "medan",
        "but",
        "however",
        "although",
        "though",
        "whereas",
        "yet",
    ]
)
# A concession ("trots att …", "även om …", "even though …") is a clause of its own, read
# apart from the main clause it concedes to; unlike "men", it is not the main point. Only
# the two-word forms: "trots sekretessen" is a phrase inside a clause, not a clause.
CONCESSION_PAIRS = (("trots", "att"), ("även", "om"), ("even", "though"), ("even", "if"))
CLAUSE_PUNCT = frozenset([";", ":"])
LABEL_WORDS = 2  # at most this many words before a colon make a note's label
# In notes an arrow leads from a fact to what came of it ("Rekrytering klar först efter
# 3 mån → ärenden fick vänta"); like "men", what follows is the main point.
ARROWS = frozenset(["→", "⇒", "⟶"])
CONTRAST_IDS = frozenset(get_string_id(w) for w in CONTRASTS | ARROWS)
# Of these, the ones that open a concession ("… fast vi inte svarade", "… although it
# took time"): the clause they open is read apart, but the main point stays before it.
CONCEDING = frozenset(["fast", "medan", "although", "though", "whereas"])
MAIN_POINT_IDS = CONTRAST_IDS - frozenset(get_string_id(w) for w in CONCEDING)
_CUT_IDS = CONTRAST_IDS
_PAIR_IDS = frozenset((get_string_id(a), get_string_id(b)) for a, b in CONCESSION_PAIRS)
_PAIR_FIRST_IDS = frozenset(a for a, _ in _PAIR_IDS)
_STOP_IDS = frozenset(get_string_id(p) for p in CLAUSE_PUNCT)
_COLON_ID = get_string_id(":")
_BOUNDARY_IDS = _CUT_IDS | _STOP_IDS | _PAIR_FIRST_IDS


# Contrast adverbs open a clause only after a comma ("Teamet var bra, dock saknades
# lokaler"); inside a clause they mark the whole sentence as the contrast ("Den blandade
# sammansättningen innebar dock att det tog tid", "men riskerade samtidigt att …").
ADVERB_CONTRASTS = frozenset(["dock", "samtidigt", "however"])
_ADVERB_IDS = frozenset(get_string_id(w) for w in ADVERB_CONTRASTS)
_COMMA_IDS = frozenset(get_string_id(p) for p in (",", ";", "–", "-"))


# "Yet" after these is "so far", not "but": "has not yet been secured", "has yet to".
_YET_ID = get_string_id("yet")
_NOT_YET_IDS = frozenset(
    get_string_id(w) for w in ("not", "n't", "n’t", "as", "has", "have", "had", "nor")
)


def _not_yet(lowers: Sequence[int], i: int) -> bool:
    """Whether token `i` is the "yet" of "not yet" / "has yet to": no contrast."""
    return lowers[i] == _YET_ID and i > 0 and lowers[i - 1] in _NOT_YET_IDS


def contrasts_at(lowers: Sequence[int], i: int) -> bool:
    """Whether token `i` is a contrast that may carry the main point ("men", "but",
    "yet" unless it is "not yet")."""
    return lowers[i] in MAIN_POINT_IDS and not _not_yet(lowers, i)


# "… men inte andra", "… but not for others": the elided rest of the clause it follows,
# read with it (a split: "passade vissa familjer men inte andra").
NOT_IDS = frozenset(get_string_id(w) for w in ("inte", "not"))  # the plain "not"
_FOR_IDS = frozenset(get_string_id(w) for w in ("för", "for"))
_OTHERS_IDS = frozenset(get_string_id(w) for w in ("andra", "others", "alla", "all"))


def _elided(lowers: Sequence[int], i: int, last: int) -> bool:
    """Whether the contrast at `i` opens only "inte (för) andra" / "not (for) others"."""
    j = i + 1
    if j >= last or lowers[j] not in NOT_IDS:
        return False
    j += 1
    if j < last and lowers[j] in _FOR_IDS:
        j += 1
    return j < last and lowers[j] in _OTHERS_IDS


def _cuts_at(lowers: Sequence[int], i: int, last: int) -> bool:
    """Whether a new clause starts at token `i` (before `last`, the sentence's end)."""
    h = lowers[i]
    if h in _CUT_IDS:
        if _not_yet(lowers, i) or _elided(lowers, i, last):
            return False
        return h not in _ADVERB_IDS or (i > 0 and lowers[i - 1] in _COMMA_IDS)
    return h in _PAIR_FIRST_IDS and i + 1 < last and (h, lowers[i + 1]) in _PAIR_IDS


def clause(lowers: Sequence[int], sentence: tuple[int, int], index: int) -> tuple[int, int]:
    """The token range around `index` within a sentence (start, end), cut at "men"/"but",
    at a concession ("trots att", "även om") and at semicolons: in "X fungerade, men Y
    saknades" each theme is read in its own clause. `lowers` are the doc's lower-case
    forms as hashes (`rules.token_arrays`)."""
    stops, boundaries = _STOP_IDS, _BOUNDARY_IDS
    start, end = sentence
    if boundaries.isdisjoint(lowers[start:end]):
        return sentence  # nothing to cut at: the clause is the sentence
    # Only a boundary word can cut or stop (`_cuts_at` is asked about those alone).
    for i in range(index, sentence[0], -1):
        if lowers[i] in boundaries and _cuts_at(lowers, i, end):
            start = i
            break
        if lowers[i - 1] in stops:
            # A note's label ("Förslag: …", "Risk: …") is read with what it labels.
            if not (lowers[i - 1] == _COLON_ID and i - 1 - sentence[0] <= LABEL_WORDS):
                start = i
            break
    for i in range(index + 1, sentence[1]):
        h = lowers[i]
        if h in boundaries and (_cuts_at(lowers, i, end) or h in stops):
            if h == _COLON_ID and i - sentence[0] <= LABEL_WORDS:
                continue  # the keyword is the label ("Samtycke: …"): read what it labels
            end = i
            break
    return start, end


CONDITION_WINDOW = 4  # tokens from "när"/"when" to the need it makes a condition
# … and to the concern it names as the occasion ("even when the cases were really messy")
OCCASION_WINDOW = 5
OUTCOME_REACH = 4  # tokens from an outcome word to a problem after it that it is of
RELATIVE_WINDOW = 4  # tokens from "som" to the negation it governs ("som skolan tidigare inte")
RELATIVE_SPAN = 6  # tokens a relative clause is taken to run, from "som"


def _first_judging(cues: list[tuple[str, int, int]], at: int) -> str | None:
    """The kind of the first judging cue from token `at` on, within `SPARE_WINDOW`."""
    found = [(s, k) for k, s, _ in cues if k in _JUDGING and at <= s < at + SPARE_WINDOW]
    return min(found)[1] if found else None


_JUDGING = frozenset(("success", "challenge", "problem"))


def read(span: tuple[int, int], cue_spans: list[tuple[str, int, int]]) -> StanceReading:
    """Count stance cues in a span; a negation just before a cue flips it, and a
    negation inside a neutral phrase ("ingen skillnad") is part of that phrase."""
    first, last = span
    inside = [c for c in cue_spans if first <= c[1] and c[2] <= last]
    if not inside:
        return NO_CUES
    kinds = {c[0] for c in inside}  # which kinds occur: most lists below are then skipped
    neutral_spans = [(s, e) for k, s, e in inside if k == "neutral"] if "neutral" in kinds else []
    if neutral_spans:
        inside = [
            (k, s, e)
            for k, s, e in inside
            if k == "neutral" or not any(ns <= s and e <= ne for ns, ne in neutral_spans)
        ]
        kinds = {c[0] for c in inside}
    if "plain" in kinds:
        # A set phrase that judges nothing owns its words: "vid behov" (as needed) is no
        # need, "efter behov" no lack.
        plain = [(s, e) for k, s, e in inside if k == "plain"]
        inside = [
            (k, s, e)
            for k, s, e in inside
            if k != "plain" and not any(ps <= s and e <= pe for ps, pe in plain)
        ]
        kinds = {c[0] for c in inside}
    phrases = [(s, e) for k, s, e in inside if e - s > 1 and k in ("success", "challenge")]
    if phrases:
        # A phrase cue owns its words: the "utan" of "utan dem" negates nothing, the
        # "bara" of "inte bara" is no concern, nor the "ta tid" of "få ta tid".
        inside = [
            (k, s, e)
            for k, s, e in inside
            if not any(ps <= s and e <= pe and pe - ps > e - s for ps, pe in phrases)
        ]
        kinds = {c[0] for c in inside}
    thanked = [(s, e) for k, s, e in inside if k == "thanks"] if "thanks" in kinds else []
    if thanked:
        # Thanks said as what could not have been ("det hade inte gått utan teamet"): its
        # negations and judging words make one success.
        inside = [
            (k, s, e)
            for k, s, e in inside
            if k not in ("negation", "success", "challenge")
            or not any(ts <= s and e <= te for ts, te in thanked)
        ] + [("success", s, s + 1) for s, _ in thanked]
        kinds = {c[0] for c in inside}
    if "relative" in kinds and "before" in kinds:
        # A relative clause about an earlier time ("som de tidigare burit ensamma")
        # describes how things were: its judging words judge the past, not the result.
        past = [
            r
            for k, r, _ in inside
            if k == "relative"
            and any(k2 == "before" and 0 < b - r <= RELATIVE_WINDOW for k2, b, _ in inside)
        ]
        if past:
            inside = [(k, s, e) for k, s, e in inside if s <= past[0] or k == "relative"]
            kinds = {c[0] for c in inside}
    if "relative" in kinds:
        # A relative clause says who ("familjer som är svåra att nå", "pupils who had
        # been out for a term"); where the rest of the clause judges too, that says how
        # it went.
        judging_cues = [(k, s, e) for k, s, e in inside if k in ("success", "challenge")]
        # Not "som" as "as", right before what it judges: "beskrevs som värdefulla".
        judged_at = {s for _, s, _ in judging_cues}
        described = [
            (r, r + RELATIVE_SPAN)
            for k, r, _ in inside
            if k == "relative" and r > first and r + 1 not in judged_at
        ]
        within = [c for c in judging_cues if any(a < c[1] < b for a, b in described)]
        if within and len(within) < len(judging_cues):
            inside = [c for c in inside if c not in within]
            kinds = {c[0] for c in inside}
    if "conditional" in kinds and "modal" in kinds:
        # A need inside a "när"/"when" clause is the condition, not a lack: "checklistan
        # för när en SIP bör initieras", "fungerade väl när frågor behövde lyftas".
        conditions = [s for k, s, _ in inside if k == "conditional"]
        conditioned = {
            s
            for k, s, _ in inside
            if k == "modal" and any(0 < s - c <= CONDITION_WINDOW for c in conditions)
        }
        if conditioned:
            inside = [c for c in inside if c[0] != "challenge" or c[1] not in conditioned]
            kinds = {c[0] for c in inside}
    if "conditional" in kinds and "success" in kinds and "challenge" in kinds:
        # A concern inside a "när"/"when" clause names the occasion where the rest of the
        # clause praises: "visste hur de skulle agera när barnet vägrade gå till skolan",
        # "worked well even when things were hard".
        conditions = [s for k, s, _ in inside if k == "conditional"]
        occasions = {
            s
            for k, s, _ in inside
            if k == "challenge" and any(0 < s - c <= OCCASION_WINDOW for c in conditions)
        }
        rest = [c for c in inside if c[0] == "success" and c[1] not in occasions]
        if occasions and rest:
            inside = [c for c in inside if c[0] != "challenge" or c[1] not in occasions]
            kinds = {c[0] for c in inside}
    if "instead" in kinds:
        # What is done "instead of" something else, the lack, wait or concern it names
        # is the way that was left ("ringer direkt i stället för att vänta i veckor",
        # "look for the reason instead of just counting hours"), and the gain it names
        # the one that did not come ("ett tillägg snarare än en avlastning"): neither
        # is this clause's.
        instead = min(s for k, s, _ in inside if k == "instead")
        inside = [
            c
            for c in inside
            if c[1] < instead
            or c[0] not in ("challenge", "negation", "problem", "modal", "success")
        ]
        kinds = {c[0] for c in inside}
    if "insight_verb" in kinds and "reason" in kinds:
        # A verb of understanding with "varför" a few words on, the subject between
        # ("förstod psykologen varför"): one finding out why.
        reasons = [(s, e) for k, s, e in inside if k == "reason"]
        inside += [
            ("insight", s, r_end)
            for k, s, e in inside
            if k == "insight_verb"
            for r_start, r_end in reasons
            if 0 <= r_start - e <= REASON_WINDOW
        ]
        kinds = {c[0] for c in inside}
    if "insight" in kinds:
        # Finding out why is the gain, whatever it found ("psykologen förstod varför han
        # inte klarade matten", "figured out that I'm not lazy"): the lack or problem
        # the words after it name is what was understood, not this clause's concern.
        # One finding per verb, however it was matched ("förstod varför" both as a
        # phrase and as verb and reason): the longest reading of it.
        ends: dict[int, int] = {}
        for k, s, e in inside:
            if k == "insight":
                ends[s] = max(e, ends.get(s, e))
        inside = [
            c
            for c in inside
            if c[0] not in ("challenge", "negation", "problem", "modal", "success")
            or not any(e <= c[1] < e + INSIGHT_WINDOW for e in ends.values())
        ] + [("success", s, e) for s, e in ends.items()]
        kinds = {c[0] for c in inside}
    if "spare" in kinds and "negation" in kinds:
        # "Utan att" (without having to) spares what follows, as "slippa" does: its
        # "utan" is no lack ("ringa direkt utan att gå via oss"). Unless what follows
        # first is a gain: "avslutat utan att målen nåtts" lacks it.
        spares = [
            (s, e)
            for k, s, e in inside
            if k == "spare" and e - s > 1 and _first_judging(inside, e) != "success"
        ]
        inside = [
            c for c in inside if c[0] != "negation" or not any(a <= c[1] < b for a, b in spares)
        ]
        kinds = {c[0] for c in inside}
    # A widened negation's span as read → its own words, which the evidence shows.
    said: dict[tuple[int, int], tuple[int, int]] = {}
    if "negation_wide" in kinds:
        # A negation that governs its clause ("inte längre", "ingen av", "no longer",
        # "none of"): it negates the first judging word up to `WIDE_WINDOW` tokens on, as
        # if it stood right before it ("ringer inte längre varje dag och klagar"); the
        # plain negations among its own words ("inte") are part of it.
        targets = sorted(
            s for k, s, _ in inside if k in ("success", "challenge", "problem", "rise", "fall")
        )
        wide = [(s, e) for k, s, e in inside if k == "negation_wide"]
        widened = []
        for k, s, e in inside:
            if k == "negation_wide":
                target = next((t for t in targets if e <= t < e + WIDE_WINDOW), None)
                widened.append(("negation", s, e if target is None else target))
                said[(s, widened[-1][2])] = (s, e)
            elif k != "negation" or not any(a <= s < b for a, b in wide):
                widened.append((k, s, e))
        inside = widened
        kinds = {c[0] for c in inside}
    negations = [(s, e) for k, s, e in inside if k == "negation"] if "negation" in kinds else []
    if negations and "comma" in kinds:
        # A negation does not reach across a comma (`clause_rules.commas_after_negations`):
        # its reach ends there, as if the judging word after it stood further on.
        commas = [s for k, s, _ in inside if k == "comma"]
        reach = {
            n: min((c for c in commas if c >= n[1]), default=n[1] + NEGATION_WINDOW)
            for n in negations
        }
    else:
        reach = None
    # Where a negation may follow the word it negates ("fungerade inte").
    after = {s for k, s, _ in inside if k == "after"} if "after" in kinds else set()
    hedges = tuple((s, e) for k, s, e in inside if k == "hedge") if "hedge" in kinds else ()
    if "persist" in kinds:
        # A problem that stays ("ångesten kvar", "the worry remains") is a concern; what
        # else stays judges nothing by that word ("blev kvar hemma", "består av"), nor
        # does it where an outcome word says where the problem stays ("frånvaron låg
        # kvar på en låg nivå").
        outcome = "rise" in kinds or "fall" in kinds
        problems = [] if outcome else [s for k, s, _ in inside if k == "problem"]
        stays = {
            s
            for k, s, _ in inside
            if k == "persist" and any(0 < s - p <= OUTCOME_REACH for p in problems)
        }
        inside = [
            ("challenge", s, e) if k == "persist" else (k, s, e)
            for k, s, e in inside
            if k != "persist" or s in stays
        ]
        kinds = {c[0] for c in inside}
    if "rise" in kinds or "fall" in kinds:
        # An outcome: rising is good unless what rises is a problem (frånvaro, oro). The
        # outcome is what the word says here, not the word's own leaning ("minska" is a
        # concern alone, but "stressen minskade" is good news).
        # What rises is a problem where one stands before the outcome word ("frånvaron
        # i årskurs 8 ökade") or just after it ("ökad frånvaro"), not further on ("ökad
        # kunskap om orsaker till långvarig frånvaro" is knowledge that grew).
        problems = [s for k, s, _ in inside if k == "problem"]
        if problems and len([c for c in inside if c[0] in _OUTCOME_KINDS]) > 1:
            # An outcome word right before a problem that another outcome follows says
            # what the problem is, not how it went: in "andelen elever med hög frånvaro
            # har halverats" the share of high absence is what fell.
            later = [s for k, s, _ in inside if k in _OUTCOME_KINDS]
            inside = [
                c
                for c in inside
                if c[0] not in _OUTCOME_KINDS
                or not any(
                    p == c[2] and any(0 < t - p <= OUTCOME_REACH for t in later) for p in problems
                )
            ]
        # The problem's own leaning ("oro") is in the outcome too: each counted once.
        outcomes = {(s, e) for k, s, e in inside if k in ("rise", "fall", "problem")}
        inside = [
            c
            for c in inside
            if (c[1], c[2]) not in outcomes or c[0] not in ("success", "challenge")
        ]
        inside = [
            (
                "success"
                if (k == "rise") != any(p < s or p - s <= OUTCOME_REACH for p in problems)
                else "challenge",
                s,
                e,
            )
            if k == "rise" or k == "fall"
            else (k, s, e)
            for k, s, e in inside
        ]
        kinds = {c[0] for c in inside}
    # Where "mindre" turns the word right after it ("mindre oro"), and "slippa" the
    # concerns in what follows it ("slipper familjerna vänta"; the help waited for in
    # "slipper vänta på hjälp" is still help).
    lessened = {e for k, _, e in inside if k == "lessen"} if "lessen" in kinds else set()
    if lessened:
        # A lessening word that is a concern alone ("färre" elever) is none before the
        # problem it lessens ("färre konflikter"): then it only turns that word.
        turnable = {s for k, s, _ in inside if k in ("problem", "challenge")}
        turned = {(s, e) for k, s, e in inside if k == "lessen" and e in turnable}
        inside = [c for c in inside if c[0] != "challenge" or (c[1], c[2]) not in turned]
        kinds = {c[0] for c in inside}
    if "spare" in kinds:
        spared = {e + i for k, _, e in inside if k == "spare" for i in range(SPARE_WINDOW)}
        lessened.update(s for k, s, _ in inside if s in spared and k in ("challenge", "problem"))
    if "problem" in kinds and ("negation" in kinds or lessened):
        # A problem named alone judges nothing ("frånvaron i årskurs 8"), but one denied
        # or lessened is good news: "ingen ångest längre", "less anxiety", "mindre stress".
        # Denied: right after the negation (in "vill ingen ta kostnaden" it denies the
        # taking, not the cost), or just before one that may follow what it negates
        # ("bråkar vi inte längre").
        judged_at = {s for k, s, _ in inside if k in ("success", "challenge")}
        after_at = {s for k, s, _ in inside if k == "after"}
        denied = [
            ("challenge", s, e)
            for k, s, e in inside
            if k == "problem"
            and s not in judged_at
            and (
                s in lessened
                or any(
                    s == n_end or (0 < n_start - s <= 2 and n_start in after_at)
                    for k2, n_start, n_end in inside
                    if k2 == "negation"
                )
            )
        ]
        if denied:
            inside = inside + denied
            kinds = kinds | {"challenge"}
    success = challenge = praise_denied = 0
    if not kinds.isdisjoint(_IMPLYING):
        # A main clause that a concession judges (`conceded`), or a clause set against
        # one that judges (`contrasted`): counted as it says.
        success += sum(1 for k, _, _ in inside if k in _IMPLY_SUCCESS)
        challenge += sum(1 for k, _, _ in inside if k in _IMPLY_CHALLENGE)
    judging = "success" in kinds or "challenge" in kinds
    for kind, start, _end in inside if judging else ():
        if kind != "success" and kind != "challenge":
            continue
        # Swedish puts the negation before or just after the verb: "inte fungerat",
        # "fungerade inte"; English before it.
        negated = bool(negations) and any(
            (
                0 < start - n_end + 1 <= NEGATION_WINDOW
                and (reach is None or start < reach[(n_start, n_end)])
            )
            or (0 < n_start - start <= 2 and n_start in after)
            for n_start, n_end in negations
        )
        if start in lessened:
            negated = not negated
        if (kind == "success") != negated:
            success += 1
        else:
            challenge += 1
            praise_denied += kind == "success"
    if negations:
        # A negation with no stance word near it ("saknades lokaler") still signals a lack,
        # unless it is in a relative clause, which describes ("elever som inte var
        # inskrivna", "orsaker som skolan inte känt till").
        relatives = [s for k, s, _ in inside if k == "relative"] if "relative" in kinds else []
        # … nor beside a word of an earlier time: "det gjorde vi aldrig förut", "innan
        # var det ingenting" say how things were, in contrast with now.
        earlier = [s for k, s, _ in inside if k == "before"] if "before" in kinds else []
        challenge += sum(
            1
            for n in negations
            if not (
                judging
                and any(
                    k in ("success", "challenge")
                    # the word it negates: after it, or just before ("dömde inte")
                    and (
                        (0 <= s - n[1] < NEGATION_WINDOW and (reach is None or s < reach[n]))
                        or (0 < n[0] - s <= 2 and n[0] in after)
                    )
                    for k, s, _ in inside
                )
            )
            and not any(0 < n[0] - r <= RELATIVE_WINDOW for r in relatives)
            and not any(-EARLIER_BACK <= b - n[0] <= EARLIER_REACH for b in earlier)
        )
    shown = tuple(said.get(n, n) for n in negations) if said else tuple(negations)
    return StanceReading(
        "neutral",
        success,
        challenge,
        len(neutral_spans),
        shown,
        hedges,
        bool(thanked),
        praise_denied,
    )


_CONCEDING_IDS = frozenset(get_string_id(w) for w in CONCEDING)
# Words that open a sentence with a concession: the conceding conjunctions, and the
# prepositions ("Trots förseningarna, …", "Despite a slow start, …") that only do so
# at a sentence's start.
_OPENING_IDS = _CONCEDING_IDS | frozenset(get_string_id(w) for w in ("trots", "despite"))
_JUDGING_KINDS = frozenset(
    ["success", "challenge", "rise", "fall", "problem", "thanks", "negation"]
)
_OUTCOME_KINDS = frozenset(["rise", "fall"])
# For the cue component: a sentence may open with a concession only where one of these is.
OPENING_IDS = _OPENING_IDS | _PAIR_FIRST_IDS
_CONCESSION_ENDS = frozenset(get_string_id(w) for w in (",", "så"))


def sentence_point(
    lowers: Sequence[int], span: tuple[int, int], cue_spans: list[tuple[str, int, int]]
) -> tuple[int, int]:
    """Where a sentence read as a whole (no keyword says which clause) makes its point:
    after its last "men"/"but" ("Tungt i början men bra flyt nu"), or after a concession
    that opens it and ends at a comma or "så" ("Fast det var svårt så känns det bättre
    nu", "Although it was well received, the cost remained high"), where that part
    judges; else the whole sentence."""
    first, last = span
    for i in range(last - 1, first, -1):
        if contrasts_at(lowers, i):
            after = (i + 1, last)
            reading = read(after, cue_spans)
            if reading.success or reading.challenge:
                return after
            break
    end = concession_end(lowers, span, cue_spans)
    if end is not None:
        main = (end + 1, last)
        reading = read(main, cue_spans)
        if reading.success or reading.challenge:
            return main
    opens = trailing_concession(lowers, span)
    if opens is not None:
        # A concession after the main clause ("… som meningsfull, även om några
        # efterfrågade tätare kontakt"): the point is before it.
        main = (first, opens - 1)
        reading = read(main, cue_spans)
        if reading.success or reading.challenge:
            return main
    return span


def trailing_concession(lowers: Sequence[int], span: tuple[int, int]) -> int | None:
    """Where a concession that follows its main clause after a comma begins ("…, även om
    …", "…, although …"): the index of its first word; None if there is none."""
    first, last = span
    for i in range(first + 2, last - 1):
        if lowers[i - 1] in _COMMA_IDS and (
            lowers[i] in _CONCEDING_IDS or (lowers[i], lowers[i + 1]) in _PAIR_IDS
        ):
            return i
    return None


def concession_end(
    lowers: Sequence[int], span: tuple[int, int], cue_spans: list[tuple[str, int, int]]
) -> int | None:
    """Where a concession that opens a sentence ends ("Fast det var svårt så …",
    "Although …, …", "Despite …, …"): its comma or "så". A concession with neither runs
    into its main clause unmarked ("Trots initiala svårigheter kom arbetet igång"); it
    is taken to end before the first point from which the rest judges one way and what
    came before the other, else, where every judging word stands in the sentence's
    first half, after the last of them. The index of the last token before the main
    clause; None if the sentence opens with no concession, or no end is found."""
    first, last = span
    if last - first <= 3:
        return None
    if lowers[first] not in _OPENING_IDS and (lowers[first], lowers[first + 1]) not in _PAIR_IDS:
        return None
    for i in range(first + 2, last - 1):
        if lowers[i] in _CONCESSION_ENDS:
            return i
    return _unmarked_end(span, cue_spans)


# A problem word leans as a concern does, where it stands beside a judging word.
_LEANS = {"problem": "challenge"}
_BOTH_WAYS = {"success", "challenge"}


def _unmarked_end(span: tuple[int, int], cue_spans: list[tuple[str, int, int]]) -> int | None:
    """The end of a concession with no comma (`concession_end`)."""
    first, last = span
    cues = sorted(
        (s, e, k) for k, s, e in cue_spans if k in _JUDGING_KINDS and first < s and e <= last
    )
    if not cues:
        return None
    # Not between an outcome and what it is of ("ökade närvaron"): a word between, or
    # words judging either way side by side ("Trots svårigheterna lyckades teamet …":
    # after a fronted concession the main clause's verb comes first).
    points = sorted(
        {
            s
            for (s, _, k), (_, e, k0) in zip(cues[1:], cues, strict=False)
            if s > e or (s == e and {_LEANS.get(k, k), _LEANS.get(k0, k0)} == _BOTH_WAYS)
        }
    )
    for point in points:
        before = read((first, point), cue_spans)
        if before.success == before.challenge:
            continue
        after = read((point, last), cue_spans)
        if after.success != after.challenge and (after.success > after.challenge) != (
            before.success > before.challenge
        ):
            return point - 1
    # An outcome ("Trots den korta projekttiden ökade närvaron") is the main clause's
    # verb more often than the concession's: then its end is not known.
    if any(k in _OUTCOME_KINDS for k, s, _ in cue_spans if first < s < last):
        return None
    front = max(e for _, e, _ in cues)
    if front - first <= (last - first) // 2 and last - front > 2:
        return front - 1
    return None


def conceded(
    lowers: Sequence[int], bounds: Sequence[tuple[int, int]], cue_spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """What a concession says of the main clause it opens, where that clause has no
    judging word of its own: the other way. "Trots förseningarna kom arbetet igång",
    "Despite a slow start, the first families were enrolled within eight weeks" tell of
    a success; "Även om samarbetet beskrivs som konstruktivt, präglades kontakten av
    långa svarstider" of a concern. One cue span of that stance on the main clause's
    first token, for each such sentence."""
    out: list[tuple[str, int, int]] = []
    for span in bounds:
        first, last = span
        end = concession_end(lowers, span, cue_spans)
        if end is None or end + 1 >= last:
            continue
        main = read((end + 1, last), cue_spans)
        if main.success or main.challenge or main.neutral:
            continue
        before = read((first, end + 1), cue_spans)
        if before.success != before.challenge:
            implied = IMPLIED_SUCCESS if before.challenge > before.success else IMPLIED_CHALLENGE
            out.append((implied, end + 1, end + 2))
    return out


# "men"/"but": a clause after it that judges nothing of its own still says the other way
# from the one before ("Det tog tid i början men nu går hon varje dag").
_BUT_IDS = frozenset(get_string_id(w) for w in ("men", "but"))
# "… men även …", "not only … but also …": an addition, not a contrast.
_ADDING_IDS = frozenset(get_string_id(w) for w in ("även", "också", "dessutom", "also"))
# A concession after its main clause opens with one of these (`trailing_concession`).
_TRAILING_IDS = _CONCEDING_IDS | _PAIR_FIRST_IDS
# For the cue component: `contrasted` has something to read only where one of these is.
REVERSING_IDS = _BUT_IDS | _CONCEDING_IDS | _PAIR_FIRST_IDS


def _judges(reading: StanceReading) -> bool:
    return bool(reading.success or reading.challenge or reading.neutral)


def _implied(reading: StanceReading) -> str | None:
    """The stance a clause's opposite implies: the other way from where it leans."""
    if reading.success == reading.challenge:
        return None
    return CONTRAST_SUCCESS if reading.challenge > reading.success else CONTRAST_CHALLENGE


def contrasted(
    lowers: Sequence[int], bounds: Sequence[tuple[int, int]], cue_spans: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """What a contrast says of a clause with no judging word of its own: the other way
    from the clause it is set against. After "men"/"but" ("Kartläggningen tog tid, men
    den var värd varenda timme", "It helped for a while but now he is home again"), and
    a main clause before a concession that follows it ("Teamet bar projektet, även om
    starten var trög"). One cue span of that stance on the clause's first token."""
    out: list[tuple[str, int, int]] = []
    # Where "men"/"but" stand, and whether any word could open a concession: found once
    # for the doc (in C), not sentence by sentence.
    buts = list(compress(range(len(lowers)), map(_BUT_IDS.__contains__, lowers)))
    conceding = not _TRAILING_IDS.isdisjoint(lowers)
    for first, last in bounds:
        # The last "men" of the sentence, not its first or last word.
        k = bisect_right(buts, last - 2) - 1
        if k >= 0 and buts[k] > first:
            i = buts[k]
            if lowers[i + 1] not in _ADDING_IDS and not _judges(read((i + 1, last), cue_spans)):
                # The clause just before ("…, det tog ett tag men nu sitter det"),
                # else all before it.
                start = next(
                    (j + 1 for j in range(i - 1, first - 1, -1) if lowers[j] in _COMMA_IDS),
                    first,
                )
                implied = _implied(read((start, i), cue_spans)) or _implied(
                    read((first, i), cue_spans)
                )
                if implied is not None:
                    out.append((implied, i + 1, i + 2))
        if not conceding:
            continue
        opens = trailing_concession(lowers, (first, last))
        if opens is not None and not _judges(read((first, opens - 1), cue_spans)):
            implied = _implied(read((opens, last), cue_spans))
            if implied is not None:
                out.append((implied, first, first + 1))
    return out


def decide(reading: StanceReading, hint: str | None) -> str:
    net = reading.success - reading.challenge
    if hint == "success":
        # Praise denied and nothing praised ("Gillade inte att prata med så många
        # vuxna") says plainly what was not liked, whatever the question asked for.
        overruled = net <= -OVERRULE_HINT or (reading.denied and not reading.success)
        return "challenge" if overruled else "success"
    if hint == "challenge":
        return "success" if net >= OVERRULE_HINT else "challenge"
    if net > 0:
        return "success"
    if net < 0:
        return "challenge"
    if reading.neutral:
        return "neutral"  # as much for as against, and a word that takes no side
    if reading.success:
        return "challenge"  # as much for as against, and no question leaning: a concern
    return "neutral"
