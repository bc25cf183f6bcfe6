"""Stance of a coded segment: success factor, challenge or neutral.

The question decides first when it asks for one or the other (`stance_hint`), unless the
words clearly say otherwise; then cue words decide, a negation turning a success cue
into a challenge ("fungerade inte") and a challenge cue into a success ("inga problem").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from typing import NamedTuple

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


def _cuts_at(lowers: Sequence[int], i: int, last: int) -> bool:
    """Whether a new clause starts at token `i` (before `last`, the sentence's end)."""
    h = lowers[i]
    if h in _CUT_IDS:
        if _not_yet(lowers, i):
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
OUTCOME_REACH = 4  # tokens from an outcome word to a problem after it that it is of
RELATIVE_WINDOW = 4  # tokens from "som" to the negation it governs ("som skolan tidigare inte")
RELATIVE_SPAN = 6  # tokens a relative clause is taken to run, from "som"


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
            if k == "challenge" and any(0 < s - c <= CONDITION_WINDOW for c in conditions)
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
        # "utan" is no lack ("ringa direkt utan att gå via oss").
        spares = [(s, e) for k, s, e in inside if k == "spare" and e - s > 1]
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


def marked(text: str) -> str | None:
    """The stance a note marks itself with: a line opening with "+" is a plus in workshop
    notes ("+ föräldragrupp på arabiska, 6 vh kom"), "?" an open question. Not "+46…", a
    phone number. A leading dash is only a bullet, and says nothing."""
    opening = text.lstrip()
    if len(opening) > 1 and opening[0] == "+" and not opening[1].isdigit():
        return "success"
    if len(opening) > 1 and opening[0] == "?":
        return "challenge"  # "? samtycke BUP – gäller blanketten även vården": an open question
    return None


# A number standing alone: not a code's digits ("E3", "IP2", "åk7").
_FIGURE = re.compile(r"(?<![^\W\d_])\d|\b(?:miljon(?:er)?|kronor|mkr|tkr|million|millions)\b", re.I)
# A gain, a share or a part of a whole is a result, not a bare figure: "+22", "74 %",
# "9 av 15", "9 out of 15".
_GAIN = re.compile(r"(?:^|\s)\+\s?\d|[↑↓]|\d\s?%|procent|\d\s+(?:av|of|out of)\s+\d")
# Dates say when, not how much: "hösten 2024", "läsåret 2025/26", "ht-23", "2024-05-12",
# "v. 12", "1/9".
_DATE = re.compile(
    r"\b(?:19|20)\d\d(?:[-/]\d\d){0,2}\b|\b(?:ht|vt)-?\d\d\b|\b(?:v|vecka|week)\.?\s?\d{1,2}\b"
    r"|\b\d{1,2}/\d{1,2}\b",
    re.IGNORECASE,
)


_LETTERS = re.compile(r"[^\W\d_]+")


class _Anchored(NamedTuple):
    """A pattern and words it cannot match without: one of each set must be in the
    text before the (slower) pattern is tried. The sets are kept as words and as
    spaCy's hashes of them, to test a doc's lower-case forms without reading its text."""

    anchors: tuple[frozenset[str], ...]
    hashed: tuple[frozenset[int], ...]
    pattern: re.Pattern[str]


def _anchored(pattern: str, *anchors: str) -> _Anchored:
    """A case-blind pattern with its anchor sets, each given as words split by spaces."""
    sets = tuple(frozenset(a.split()) for a in anchors)
    hashed = tuple(frozenset(get_string_id(w) for w in a) for a in sets)
    return _Anchored(sets, hashed, re.compile(pattern, re.IGNORECASE))


Words = frozenset[str] | frozenset[int]  # a text's lower-case words, or their hashes


def _matches_any(text: str, rules: Sequence[_Anchored], words: Words, hashed: bool) -> bool:
    return any(
        all(not words.isdisjoint(a) for a in (rule.hashed if hashed else rule.anchors))
        and rule.pattern.search(text)
        for rule in rules
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(_LETTERS.findall(text.lower()))


# Swedish passive past forms ("inhämtades", "informerades", "genomfördes", "erbjöds"):
# by ending, read per word (a word of a–z, å, ä, ö only).
_SWEDISH_WORD = re.compile(r"[a-zåäö]+")
_CONSONANT_PASSIVE = ("des", "tes")
_SWEDISH_VOWELS = frozenset("aeiouyåäö")
# Strong verbs' past passive: "SIP-möten hölls", "initiativ togs", "de erbjöds".
_STRONG_PASSIVE = frozenset(
    [
        "hölls",
        "togs",
        "gavs",
        "skrevs",
        "sågs",
        "drogs",
        "lades",
        "sattes",
        "valdes",
        "fördes",
        "gjordes",
        "bjöds",
        "bedrevs",
        "drevs",
    ]
)
# English: "two workshops were held", "the principals were informed".
_ENGLISH_PASSIVE = _anchored(
    r"\b(?:was|were)\s+(?:[a-z]{3,}ed|held|made|given|taken|sent|set up|run|done|kept|met"
    r"|written|chosen|built|brought|told)\b",
    "was were",
)


def _passive(words: frozenset[str], text: str) -> bool:
    """What was done, in the passive ("Samtycke inhämtades…", "… were informed")."""
    if not words.isdisjoint(_STRONG_PASSIVE):
        return True
    for w in words:
        if len(w) < 6 or not _SWEDISH_WORD.fullmatch(w):
            continue
        if (w.endswith("ades") and len(w) >= 8) or (w.endswith("erats") and len(w) >= 9):
            return True  # "inhämtades", "informerats"
        if w.endswith(_CONSONANT_PASSIVE) and len(w) >= 7 and w[-4] not in _SWEDISH_VOWELS:
            return True  # "genomfördes", "köptes"
        if w.endswith("ds") and w[-3] in "åäöo":
            return True  # "erbjöds", "nåds"
    return _matches_any(text, (_ENGLISH_PASSIVE,), words, False)


# How often something is done: a schedule, which describes ("hölls varannan vecka",
# "1 ggr/mån", "var 3:e vecka", "twice a month", "på onsdagar").
_SCHEDULE = (
    _anchored(
        r"\b(?:på|om)\s+(?:måndag|tisdag|onsdag|torsdag|fredag)(?:ar|arna)\b",
        "måndagar tisdagar onsdagar torsdagar fredagar måndagarna tisdagarna onsdagarna"
        " torsdagarna fredagarna",
    ),
    _anchored(
        r"\bon\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays)\b",
        "mondays tuesdays wednesdays thursdays fridays",
    ),
    _anchored(
        r"\b(?:varannan|var\s+(?:\d+:e|tredje|fjärde|annan)\s+vecka"
        r"|\d+\s*(?:gånger|ggr|g)\s*(?:i|per|/)|en\s+gång\s+(?:i|per)|gång(?:er)?\s+per"
        r"|per\s+(?:vecka|månad|termin))",
        "varannan vecka gånger ggr g gång per",
    ),
    _anchored(
        r"\bevery\s+(?:other\s+)?(?:week|month|term)|(?:once|twice|times)\s+a\s+(?:week|month"
        r"|term)",
        "every once twice times",
    ),
)
# What a programme consisted of or how long it ran: "Teamet bestod av …", "Insatsen
# pågick i sju månader", "The team consisted of …".
_MAKEUP = frozenset(
    [
        "bestod",
        "består",
        "bestått",
        "omfattade",
        "pågick",
        "sammanträdde",
        "consisted",
        "comprised",
        "lasted",
    ]
)
# A line of minutes or a log that only records who, what or where: "Närvarande: …",
# "Tema: samverkan", "Item 4: …", "Subject: Re: agenda" (not "Risk:", "Förslag:" or
# "Status:", whose words judge); a respondent's code and who they are: "R3 = chef
# utbildningsförv.", "R1 svarar mest om Järva".
_RECORD = re.compile(
    r"^\W*(?:närvarande|deltagare|frånvarande|tema|ämne|punkt|dagordning|agenda|handläggare"
    r"|ansvarig|datum|plats|källa|nästa\s+steg|nästa\s+möte|beslut|mötesanteckningar"
    r"|kodning|definition|attendees|participants|present|apologies|topic|subject|item"
    r"|next\s+steps?|next\s+meeting|date|venue|source|decision|responsible|minutes|coding)"
    r"\b[\s\d.§]*:"
    r"|^\W*(?:R|IP)\s?\d+\s*(?:=|svarar|svarade|answered|answers|responded)",
    re.IGNORECASE,
)
# What is planned or moved, said in passing: "Booster-möten planerade mars–april",
# "Mötet flyttat till torsdag", "Follow-up scheduled for May" (not "higher than
# planned", which compares).
_PLANNED_WORDS = frozenset(
    [
        "planerad",
        "planerade",
        "planerat",
        "inplanerad",
        "inplanerade",
        "bokad",
        "bokade",
        "bokat",
        "flyttat",
        "flyttad",
        "flyttas",
        "planned",
        "scheduled",
        "booked",
        "rescheduled",
        "moved",
    ]
)
_PLANNED = re.compile(
    r"(?<!than )(?<!än )(?<!as )(?<!som )\b(?:planerad|planerade|planerat|inplanerad"
    r"|inplanerade|bokad|bokade|bokat|flyttat|flyttad|flyttas|planned|scheduled|booked"
    r"|rescheduled|moved\s+to)\b",
    re.IGNORECASE,
)
# Who the respondent is and how they took part: "jag går i sexan", "min dotter går i
# trean", "Jag satt med i styrgruppen från start", "Min roll har varit att …", "I joined
# the steering group in 2024", "six of the eight managers returned the questionnaire".
_GROUPS = "styrgruppen projektgruppen ledningsgruppen referensgruppen nätverket"
_ROLES = (
    "rektor biträdande enhetschef chef kurator lärare mentor specialpedagog skolpsykolog"
    " psykolog familjebehandlare socialsekreterare samordnare förälder mamma pappa"
    " vårdnadshavare"
)
_TAKING_PART = (
    _anchored(
        r"\b(?:går|gick)\s+i\s+(?:ettan|tvåan|trean|fyran|femman|sexan|sjuan|åttan|nian"
        r"|förskoleklass|årskurs|åk|klass)\b",
        "går gick",
    ),
    _anchored(
        r"\b(?:jag|vi)\s+(?:har\s+)?(?:satt|sitter|suttit|var|är|varit)\s+(?:med\s+i\b|i\s+"
        r"(?:" + _GROUPS.replace(" ", "|") + r")\b)",
        "jag vi",
        "satt sitter suttit var är varit",
        "med " + _GROUPS,
    ),
    _anchored(r"\bvar\s+med\s+(?:från|under|hela|sedan)\b", "var", "med"),
    _anchored(
        r"\b(?:represented|representerade|representerar)\b",
        "represented representerade representerar",
    ),
    _anchored(r"\bjag\s+(?:arbetar|jobbar)\s+som\b|\bI\s+work\s+as\b", "arbetar jobbar work"),
    _anchored(r"\b(?:I'm|I\s+am)\s+(?:a|an|the|head|one\s+of)\b", "am m"),
    _anchored(
        r"\bjag\s+är\s+(?:" + _ROLES.replace(" ", "|") + r"|en\s+av)\b",
        "är",
        _ROLES + " en",
    ),
    _anchored(r"\b(?:haft|har|hade)\s+(?:främst\s+|mest\s+)?kontakt\s+med\b", "kontakt"),
    _anchored(
        r"\bmin\s+roll\s+(?:är|var|har\s+varit)\b|\bmy\s+role\s+(?:is|was|has\s+been)\b",
        "roll role",
    ),
    _anchored(
        r"\b(?:besvarade|besvarat|besvarats|svarade\s+på|fyllde\s+i)\s+(?:enkäten|frågorna"
        r"|formuläret)\b",
        "enkäten frågorna formuläret",
    ),
    _anchored(
        r"\bI\s+(?:joined|sat\s+on|have\s+sat\s+on|was\s+on|am\s+on|have\s+been\s+on"
        r"|served\s+on)\b",
        "i",
        "joined sat was am been served",
    ),
    _anchored(r"\b(?:I'm|I\s+am|is|was)\s+in\s+(?:year|grade|class)\s+\w+", "year grade class"),
    _anchored(
        r"\b(?:returned|completed|answered|filled\s+in|responded\s+to)\s+the\s+"
        r"(?:questionnaire|survey)\b",
        "questionnaire survey",
    ),
    _anchored(r"\btillträdde\s+som\b|\btook\s+up\s+(?:the|my|her|his)\s+post\b", "tillträdde took"),
)
# How the evaluation was made, whatever it was about: "Intervjuerna handlade om hur
# samverkan kring frånvaro fungerar", "Respondenterna ombads beskriva den största
# utmaningen", "Interviews focused on how schools respond to rising absence". Its words
# name the topic; they judge nothing.
_METHOD = (
    _anchored(
        r"\bombads\b|\b(?:was|were)\s+asked\s+(?:to|about|how|what|whether)\b", "ombads asked"
    ),
    _anchored(
        r"\b(?:intervju|enkät|fråg|samtal|workshop|fokusgrupp|kapitl|avsnitt|utvärdering"
        r"|studie|granskning)\w*(?:\s+\w+){0,2}?\s+(?:handlade|fokuserade|kretsade|gällde"
        r"|behandlade|berörde)\s+(?:främst\s+|framför\s+allt\s+)?(?:om|på|kring)?\b",
        "handlade fokuserade kretsade gällde behandlade berörde",
    ),
    _anchored(
        r"\b(?:kapitlet|avsnittet|bilagan)\s+(?:redovisar|presenterar|sammanfattar|inleds"
        r"|inleder|avslutas|beskriver\s+först)\b",
        "kapitlet avsnittet bilagan",
    ),
    _anchored(
        r"\b(?:svaren|intervjuerna|materialet|enkätsvaren|anteckningarna|uppgifterna)\s+"
        r"(?:analyserades|kodades|sorterades|transkriberades|tematiserades|bearbetades"
        r"|sammanställdes|kategoriserades)\b",
        "analyserades kodades sorterades transkriberades tematiserades bearbetades"
        " sammanställdes kategoriserades",
    ),
    _anchored(
        r"\b(?:interview|survey|questionnaire|question|workshop|focus\s+group|chapter|section"
        r"|evaluation|study)s?(?:\s+\w+){0,2}?\s+(?:focused|centred|centered|dealt|touched)"
        r"\s+(?:on|with|upon)\b",
        "focused centred centered dealt touched",
    ),
    _anchored(
        r"\b(?:utvärderingen|studien|rapporten|analysen|granskningen)\s+(?:\w+\s+){0,2}?"
        r"(?:bygger|byggde|baseras|baserades|grundar\s+sig|vilar)\s+på\b",
        "bygger byggde baseras baserades grundar vilar",
    ),
    _anchored(
        r"\b(?:mättes|mäts|uppmättes|registrerades)\s+(?:som|i|genom|med|utifrån|enligt)\b",
        "mättes mäts uppmättes registrerades",
    ),
    _anchored(r"\b(?:was|were|is|are)\s+measured\s+(?:as|in|by|through|with|using)\b", "measured"),
    _anchored(
        r"\b(?:redovisas|presenteras|visas|sammanfattas)\s+i\s+(?:tabell|figur|diagram|bilaga"
        r"|avsnitt|kapitel)",
        "redovisas presenteras visas sammanfattas",
    ),
    _anchored(
        r"\b(?:is|are)\s+(?:shown|presented|reported|summari[sz]ed)\s+in\s+(?:table|figure"
        r"|appendix|section|chapter)\b",
        "table figure appendix section chapter",
    ),
    _anchored(
        r"\b(?:this|the)\s+(?:chapter|section|appendix)\s+(?:presents|summari[sz]es|reports"
        r"|opens|begins|ends)\b",
        "chapter section appendix",
    ),
    _anchored(
        r"\b(?:evaluation|study|report|analysis)\s+(?:\w+\s+){0,2}?(?:drew|draws|drawing"
        r"|relied|relies|is\s+based|was\s+based)\s+on\b",
        "evaluation study report analysis",
    ),
    _anchored(
        r"\b(?:answers|responses|interviews|data|material|notes)\s+were\s+(?:analy[sz]ed"
        r"|coded|sorted|transcribed|categori[sz]ed|compiled|grouped)\b",
        "were",
    ),
)


_METHOD_WORDS = frozenset().union(*(rule.anchors[0] for rule in _METHOD))
_METHOD_HASHED = frozenset().union(*(rule.hashed[0] for rule in _METHOD))


def reports_a_procedure(text: str) -> bool:
    """A sentence that says what was done, in the passive ("Samtycke inhämtades…",
    "Mentorerna informerades…", "The principals were informed…"), how often it was
    done ("Nätverksträffar varannan vecka", "Handledning en gång i månaden"), a record
    of who or what ("Närvarande: …") or who the respondent is and how they took part
    ("jag går i sexan", "Jag satt med i styrgruppen"). Each pattern is tried only where
    its words are (read once, as a set)."""
    words = _words(text)
    return (
        not words.isdisjoint(_MAKEUP)
        or _RECORD.search(text) is not None
        or _passive(words, text)
        or _matches_any(text, _SCHEDULE, words, False)
        or _matches_any(text, _TAKING_PART, words, False)
        or (not words.isdisjoint(_PLANNED_WORDS) and _PLANNED.search(text) is not None)
    )


def reports_the_method(text: str, lowers: Sequence[int] | None = None) -> bool:
    """A sentence about how the evaluation was made (what interviews were about, what
    respondents were asked, how answers were analysed, what a chapter presents):
    descriptive, whatever judging words name its topic. `lowers`: the text's tokens'
    lower-case forms as hashes, where the caller has them (faster than reading the
    text's words)."""
    if lowers is not None:
        words: Words = frozenset(lowers)
        hashed = True
    else:
        words, hashed = _words(text), False
    # Most sentences have none of the words any method pattern needs: one test for all.
    if words.isdisjoint(_METHOD_HASHED if hashed else _METHOD_WORDS):
        return False
    return _matches_any(text, _METHOD, words, hashed)


def states_figures(text: str) -> bool:
    """A clause that states figures (amounts, counts, times) and no change: "Budget:
    12+ mkr, 2 år", "Hembesök 2 ggr/v i början". Not a gain or a share ("+22
    procentenheter", "närvaro 74 %"), which are results."""
    text = _DATE.sub(" ", text)
    return bool(_FIGURE.search(text)) and not _GAIN.search(text)


# A figure set against its target: "Mål 60 elever, utfall 28", "Target 60 pupils,
# actual 28", "nådde 28 av de 60 elever som angavs som mål", "12 dagar (mål 21)".
_TARGET_WORD = r"(?:mål|målet|målvärde|målsättning|delmål|target|goal)"
_TARGET_AFTER = re.compile(_TARGET_WORD + r"\b\D{0,15}?(\d+)", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"(\d+)\D{0,30}?\b(?:som|as|was)?\s*" + _TARGET_WORD + r"\b", re.I)
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?")
# What is better the less of it: a waiting time, a queue, absence.
_LESS_IS_BETTER = re.compile(
    r"vänt|\bkö\b|-kö\b|köer|frånvaro|\bwait|queue|absen|ledtid|handläggningstid", re.IGNORECASE
)


def against_target(text: str) -> str | None:
    """Whether a statement of two figures, one of them the target, met it: "success"
    or "challenge" (fewer than the target, or for a waiting time or absence, more);
    None where the text does not set one figure against a target."""
    text = _DATE.sub(" ", text)
    numbers = [float(n.replace(",", ".")) for n in _NUMBER.findall(text)]
    if len(numbers) != 2:
        return None
    found = _TARGET_AFTER.search(text) or _TARGET_BEFORE.search(text)
    if found is None:
        return None
    target = float(found.group(1).replace(",", "."))
    if target not in numbers:
        return None
    actual = numbers[1] if numbers[0] == target else numbers[0]
    if actual == target:
        return "success"
    better = actual < target if _LESS_IS_BETTER.search(text) else actual > target
    return "success" if better else "challenge"


# A wait stated as a length of time: "BUP-kö 8 mån", "Psychiatry wait 6+ months".
_WAIT = re.compile(r"vänt|\bkö\b|-kö\b|köer|\bwait|queue", re.IGNORECASE)
_DURATION = re.compile(r"\d+\s*\+?\s*(?:mån\w*|år\b|months?|years?)", re.I)


def states_a_wait(text: str) -> bool:
    """A wait (for psychiatry, an assessment) stated in months and nothing else:
    reported because it is long, a concern. (A wait of weeks, as for the team's first
    meeting, is often just a fact.)"""
    return _WAIT.search(text) is not None and _DURATION.search(_DATE.sub(" ", text)) is not None


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
