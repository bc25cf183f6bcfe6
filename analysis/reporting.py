"""What a note or a report sentence reports rather than judges, read from its text: a
line marked "+" or "?", figures and dates, a target met or missed, a wait in months,
a procedure or the evaluation's own method told in the passive. The stance rules
(`stance_reading.StanceReader.rule_stance`) ask these where no cue word judges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from spacy.strings import get_string_id


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
