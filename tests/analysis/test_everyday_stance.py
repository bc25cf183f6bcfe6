"""Stance in everyday language: words of feeling and pressure, plain praise and blame,
finding out why, what stays, long waits, and words typed as people type them, read in
notes without a question (see `test_rule_coding.py` for the engine's reading rules)."""

from __future__ import annotations

import pytest

from analysis.engine import Answer, Engine
from analysis.rules import CUES_KEY
from analysis.stance import read
from tests.analysis.conftest import stances


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Everyday words of feeling, as parents and pupils write them.
        ("My son hated the home visits at first.", "challenge"),
        ("Min dotter blev ledsen efter hembesöken.", "challenge"),
        # Being pushed is a concern, and not being pushed a relief.
        ("The team never forced him to talk during the home visits.", "success"),
        ("Ingen tvingade henne att prata under hembesöken.", "success"),
        # What is done instead of waiting: the wait is the way that was left.
        (
            "Skolan ringer nu socialtjänsten direkt i stället för att vänta på en orosanmälan.",
            "success",
        ),
        ("Mentors now join the home visits instead of struggling alone.", "success"),
        # "Utan att" spares what follows, as "slippa" does; a concern after it is spared.
        ("Mentorerna kan nu följa med på hembesöken utan att gå via rektorn.", "success"),
        ("Parents could book the home visits without having to go through the school.", "success"),
        ("Familjerna blev bemötta under hembesöken utan att bli ifrågasatta.", "success"),
        # ... but without having, or without anyone doing, is a lack.
        ("Hembesöken avslutades utan att någon uppföljning kunde göras.", "challenge"),
        ("The home visits ended without being able to follow the pupils up.", "challenge"),
        # A negation told with an earlier time says how it was, even where English puts
        # the time at the end.
        ("He never talked about his future at home visits before.", "success"),
        # "Tyvärr inte": the negation after a sentence adverb negates the verb, not the
        # regret; things falling apart, or a pupil who stopped going, are concerns.
        ("Hembesöken har tyvärr inte blivit av i alla stadsdelar.", "challenge"),
        ("After the summer he stopped going to the home visits.", "challenge"),
        ("I worry the home visits will fall apart when the project ends.", "challenge"),
        # Fewer conflicts is good news, as less worry is; what should be kept worked; a
        # pupil still in school is the outcome sought.
        ("Efter hembesöken blev det färre konflikter hemma.", "success"),
        ("Hembesöken bör behållas.", "success"),
        ("Efter hembesöken gick han fortfarande i skolan.", "success"),
        # Knowing what the other side can and cannot do is understanding, not a lack.
        ("Mentorerna vet nu vad socialtjänsten kan och inte kan göra vid hembesöken.", "success"),
        # "Not just" adds, like "not only".
        ("The home visits looked at the whole family, not just the pupil.", "success"),
        # Finding out why is the gain, whatever lack it found; not finding out is none.
        ("Vid hembesöken förstod psykologen varför han inte orkade gå till skolan.", "success"),
        ("At the home visit the psychologist figured out that she couldn't hear.", "success"),
        ("Vi förstod aldrig varför hembesöken inte hjälpte.", "challenge"),
        # A negation said of an earlier time a few words before it says how it was.
        ("Hon följer med på hembesöken nu, innan ville hon typ inte alls.", "success"),
        # A problem that stays is a concern; cheaper is a gain; rising demands a concern;
        # staying at the same level judges nothing.
        ("Konflikterna hemma finns kvar efter hembesöken.", "challenge"),
        ("Hembesöken var dyra men billigare än en placering.", "success"),
        ("Kraven på hembesöken ökade.", "challenge"),
        ("Frånvaron under hembesöken ligger kvar på samma nivå.", "neutral"),
        # … and where an outcome word says where the problem stays, that word judges.
        ("Efter hembesöken låg frånvaron kvar på en låg nivå.", "success"),
        # More administration is a load.
        ("Hembesöken har gett rektorerna mer administration.", "challenge"),
        # Not knowing of something is a lack; "vet inte" (don't know) judges nothing.
        ("Rektorerna visste inte att hembesöken fanns.", "challenge"),
        ("The principals did not know the home visits existed.", "challenge"),
        ("Vet inte vad jag tycker om hembesöken.", "neutral"),
        ("I do not know what to think of the home visits.", "neutral"),
    ],
)
def test_everyday_words_of_feeling_and_pressure_judge(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Plain praise and blame, as parents, pupils and staff write it.
        ("Hembesöken var dåliga.", "challenge"),
        ("Hembesöken kändes meningslösa.", "challenge"),
        ("Hembesöken var slöseri med tid.", "challenge"),
        ("The home visits were useless.", "challenge"),
        ("The home visits were a waste of time.", "challenge"),
        ("The staff at the home visits were rude.", "challenge"),
        ("We felt ignored at the home visits.", "challenge"),
        ("Vi kände oss bortglömda efter hembesöken.", "challenge"),
        ("The worst part was the home visits.", "challenge"),
        ("Hembesöken var perfekta.", "success"),
        ("Jag skulle rekommendera hembesöken till alla.", "success"),
        ("I would recommend the home visits to anyone.", "success"),
        # Nothing to complain of is praise; what is missing, or a new contact person
        # each time, is a concern; what worked out, a gain.
        ("Jag har inget att klaga på när det gäller hembesöken.", "success"),
        ("Uppföljningen efter hembesöken var obefintlig.", "challenge"),
        ("We had to change contact person for the home visits twice.", "challenge"),
        ("The home visits were a bit messy at first but then it worked out.", "success"),
        # Report prose: secured funding is a gain and funding "not yet" secured a concern
        # ("yet" after "not" is no "but"); what hampers is a concern; new tools for
        # anxious pupils are a gain (the pupils' anxiety says who they are).
        ("Finansieringen av hembesöken är säkrad.", "success"),
        ("Finansieringen av hembesöken är ännu inte säkrad.", "challenge"),
        ("Funding for the home visits has not yet been secured.", "challenge"),
        ("The home visits were hampered by confidentiality rules.", "challenge"),
        ("Mentorerna har fått nya verktyg vid hembesöken för att möta elever med oro.", "success"),
        # A long wait said with an everyday intensifier.
        ("Det tog sjukt lång tid innan hembesöken började.", "challenge"),
        ("The home visits took ages to start.", "challenge"),
        # Denied blame is praise.
        ("Hembesöken var inte dåliga.", "success"),
        ("The home visits were not bad at all.", "success"),
    ],
)
def test_everyday_praise_and_blame_judge(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Everyday adjectives of blame and praise, as parents, pupils and staff write
        # them about a place, a trip or a person.
        ("Rummet för hembesöken var smutsigt och trångt.", "challenge"),
        ("Det var rörigt och högljutt på hembesöken.", "challenge"),
        ("Skjutsen till hembesöken var alltid sen.", "challenge"),
        ("Tolken vid hembesöken var opålitlig.", "challenge"),
        ("Hembesöken blev en nedslående upplevelse.", "challenge"),
        ("Kontakten inför hembesöken var bristfällig.", "challenge"),
        ("The room for the home visits was dirty and cramped.", "challenge"),
        ("The taxi to the home visits was always late.", "challenge"),
        ("The interpreter at the home visits was unreliable.", "challenge"),
        ("Familjebehandlaren vid hembesöken var så duktig och varm.", "success"),
        ("Hembesöken var lärorika och inspirerande.", "success"),
        ("The therapist at the home visits was warm and knowledgeable.", "success"),
        ("The home visits were well organised and fun.", "success"),
    ],
)
def test_everyday_adjectives_of_blame_and_praise_judge(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    "text",
    [
        # "Helt enkelt" (simply) is a filler, "mobbning" a subject: neither judges, so a
        # plain account of what happened reads as one (not as praise or blame).
        "Vi ringde helt enkelt familjen före hembesöken.",
        "Vid hembesöken pratade vi om mobbning på skolan.",
    ],
)
def test_a_filler_or_a_subject_is_no_judgement(engine: Engine, text: str) -> None:
    [(doc, _)] = list(engine.parse([Answer("1", text)]))
    reading = read((0, len(doc)), doc.user_data[CUES_KEY])
    assert not reading.success and not reading.challenge, reading


def test_only_having_to_do_something_once_is_no_concern(engine: Engine) -> None:
    # To a question about success: a worried parent is who it was for, and "only had to"
    # says how little was asked of them.
    answer = Answer(
        "a",
        "With the home visits a worried mother only had to tell her story once.",
        "q2_framgang",
        "success",
    )
    themes = engine.code([answer])[0].themes()
    assert themes and set(themes.values()) == {"success"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("sv", "Psykologen förstod varför han var hemma."),
        ("en", "The psychologist figured out why he stayed at home."),
    ],
)
def test_finding_out_why_counts_once_however_it_is_matched(lang: str, text: str) -> None:
    # "förstod varför" is both a listed phrase and a verb with its reason word: one
    # finding, or it would outweigh a concern in the same clause.
    from analysis.codebook import bundled, load
    from analysis.rules import CUES_KEY
    from analysis.stance import read

    engine = Engine(load(bundled("codebook_sst.toml" if lang == "sv" else "codebook_sst_en.toml")))
    [(doc, _)] = list(engine.parse([Answer("a", text)]))
    reading = read((0, len(doc)), doc.user_data[CUES_KEY])
    assert (reading.success, reading.challenge) == (1, 0)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # After "men"/"but", a clause that judges nothing itself says the other way from
        # the one before it.
        (
            "It helped my daughter, but the home visits were always on a weekday morning.",
            "challenge",
        ),
        ("Stödet hjälpte min dotter, men hembesöken låg alltid mitt på arbetsdagen.", "challenge"),
        # A main clause before a concession that judges: the other way too.
        ("Hembesöken blev en gång i månaden, även om familjerna uppskattade dem.", "challenge"),
        ("The home visits became monthly, even though the families valued them.", "challenge"),
        # What is only implied after "men" does not move a theme's reading out of its
        # own clause.
        ("Hembesöken var jobbiga för honom, men han går till skolan ändå.", "challenge"),
        ("The home visits were hard on him, but he goes to school anyway.", "challenge"),
        # "men även" / "but also" adds; it sets nothing against what came before.
        ("Teamet hjälpte inte bara eleven men även föräldrarna med hembesöken.", "success"),
        # ... while a clause after it that judges in words does.
        ("The home visits took a while to set up, but they were worth every hour.", "success"),
        ("Hembesöken tog ett tag att få till, men de var värda varenda timme.", "success"),
    ],
)
def test_a_contrast_implies_the_other_way_for_a_clause_that_judges_nothing(
    engine: Engine, text: str, stance: str
) -> None:
    themes = engine.code([Answer("a", text)])[0].themes()
    assert themes.get("flexibilitet") == stance, themes


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Asking for something is a need; wanting to keep something is praise.
        ("Flera rektorer efterlyser tydligare rutiner för hembesöken.", "challenge"),
        ("Several principals called for clearer routines for the home visits.", "challenge"),
        ("Rektorn vill ha kvar hembesöken.", "success"),
        ("The principals want to keep the home visits.", "success"),
        # Work that stalls, waits of months, meetings too long, and going back to how
        # it was are concerns.
        ("Hembesöken stannade av under hösten.", "challenge"),
        ("The home visits stalled in the autumn.", "challenge"),
        ("It took months before anyone from the home visits called back.", "challenge"),
        ("Mötena om hembesöken var så långa asså.", "challenge"),
        ("Nu när hembesöken slutat är det som förut igen.", "challenge"),
        ("Hembesöken rann ut i sanden efter jul.", "challenge"),
        ("We had to chase the school for every home visit.", "challenge"),
        # A word listed as written reads as its own form: "säkrad" is done, though it
        # shares its base form with the need "säkra".
        ("Lokal för hembesöken säkrad från och med januari.", "success"),
        ("The home visits carried the project.", "success"),
        # Not missing school, and no issues, are gains.
        ("Han har inte missat något hembesök sedan jul.", "success"),
        ("No issues with the home visits.", "success"),
    ],
)
def test_needs_stalls_and_things_kept_judge(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Figures on either side of an arrow rise or fall, as "steg" and "sjönk" do:
        # falling attendance is a concern, falling absence a gain.
        ("Närvaro elev 03: 62 % → 41 %", "challenge"),
        ("Närvaron vt: 40 % → 85 %", "success"),
        ("Ogiltig frånvaro 20% -> 55%", "challenge"),
        ("Ogiltig frånvaro ht–vt: 30 % → 12 %", "success"),
        # A share's own figure is compared, not its whole: 2 of 12 rose to 9 of 12.
        ("Närvaro, antal elever över 80 %: 2 av 12 → 9 av 12", "success"),
    ],
)
def test_figures_either_side_of_an_arrow_tell_a_rise_or_a_fall(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A lesson to do something earlier, before the start or from day one tells that
        # it came too late.
        ("Lärdom: planera hembesöken innan uppstart.", "challenge"),
        ("Lesson learned: start the home visits earlier.", "challenge"),
        # An early step that worked is a lesson to keep.
        ("Lärdom: hembesök tidigt i processen ökar chansen till samtycke.", "success"),
        # Outside a lesson, "från början" tells of no lack.
        ("Hembesöken fanns med från början.", "success"),
        ("The home visits were part of the work from day one.", "success"),
    ],
)
def test_a_lesson_to_act_earlier_tells_it_came_too_late(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "Inte längre", "ingen av", "no longer", "none of" govern their clause: the
        # concern they deny may stand several words on.
        ("Skolan ringer inte längre varje dag och klagar på hembesöken.", "success"),
        ("The school no longer calls every day to complain about the home visits.", "success"),
        ("Ingen av föräldrarna upplevde sig pressad under hembesöken.", "success"),
        (
            "None of the parents interviewed said they had felt pressured during the home visits.",
            "success",
        ),
        # ... and with nothing to deny they still tell of a lack.
        ("Ingen av skolorna hade en plan för hembesöken.", "challenge"),
        ("None of the schools had a plan for the home visits.", "challenge"),
    ],
)
def test_a_negation_that_governs_its_clause_reaches_the_concern_it_denies(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # The harm that would have come without someone is thanks, with no negation
        # said.
        ("Vi hade tappat honom helt utan hembesöken.", "success"),
        ("We'd have lost him completely without the home visits.", "success"),
        # "Utan att" tells how it was done, and without a harm named there is no thanks.
        ("Vi hade tappat kontakten under hembesöken utan att märka det.", "challenge"),
    ],
)
def test_what_would_have_gone_wrong_without_someone_is_thanks(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


def test_a_widened_negation_is_shown_as_its_own_words(engine: Engine) -> None:
    [coded] = engine.code(
        [Answer("a", "Skolan ringer inte längre varje dag och klagar på hembesöken.")]
    )
    shown = [e.text for s in coded.suggestions for e in s.evidence if e.kind == "negation"]
    assert shown == ["inte längre"]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # What falls is a bad thing, so the fall is good news, and its rise a concern.
        ("Avhoppen från hembesöken minskade under andra året.", "success"),
        ("Avhoppen från hembesöken ökade under andra året.", "challenge"),
        ("Dropouts from the home visits decreased in the second year.", "success"),
        ("Sjukskrivningarna i teamet blev färre när hembesöken delades upp.", "success"),
        ("Staff turnover in the home-visit team fell by half.", "success"),
        ("Risken för avhopp från hembesöken bedöms nu som låg.", "success"),
        ("Hembesöken sänkte tröskeln för familjerna.", "success"),
        ("The home visits lowered the threshold for families.", "success"),
        # A risk that something good goes is still a risk.
        ("Risken är att hembesöken försvinner när pengarna tar slut.", "challenge"),
        ("The workload of the home visits was at times very high.", "challenge"),
        # A fronted concession with a problem word, then the main clause's verb.
        ("Trots de organisatoriska svårigheterna lyckades teamet med hembesöken.", "success"),
    ],
)
def test_a_fall_in_a_bad_thing_is_good_news(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A negation reaches the problem it denies across an auxiliary and "any".
        ("Han har inte haft ont i magen sedan hembesöken började.", "success"),
        ("She hasn't had a stomach ache since the home visits started.", "success"),
        ("Det har inte varit några konflikter kring hembesöken i år.", "success"),
        ("Inga fler akuta hembesök har behövts sedan januari.", "success"),
        # Not across a word that is more than a bridge: the help is what was missing.
        ("Han har inte fått någon hjälp med oron sedan hembesöken slutade.", "challenge"),
    ],
)
def test_a_negation_reaches_a_problem_across_light_words(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


def test_a_keyword_that_is_a_notes_label_is_read_with_what_it_labels(engine: Engine) -> None:
    # "Samtycke" is the label; what follows the colon says how it went.
    [coded] = engine.code(
        [Answer("a", "Samtycke: ngr vh vägrar skriva på → kan ej prata m skolan")]
    )
    assert set(coded.themes().values()) == {"challenge"}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Praise denied says plainly what was not liked, though the question asked what
        # was good.
        ("Gillade inte att prata med så många vuxna på hembesöken", "challenge"),
        ("Didn't enjoy the home visits at all", "challenge"),
        # A concern denied is still praise there.
        ("Att hembesöken inte var jobbiga", "success"),
    ],
)
def test_denied_praise_overrules_a_question_asking_what_was_good(
    engine: Engine, text: str, stance: str
) -> None:
    [coded] = engine.code([Answer("a", text, "vad_var_bra", "success")])
    assert set(coded.themes().values()) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # What it takes to go on: a prerequisite named is a need, one said to be there
        # is met, and words that judge decide as anywhere.
        ("Tid för hembesöken, framför allt.", "challenge"),
        ("Ledarskapet för hembesöken finns.", "success"),
        ("Time for the home visits, above all.", "challenge"),
    ],
)
def test_an_answer_on_prerequisites_names_a_need_unless_it_is_there(
    engine: Engine, text: str, stance: str
) -> None:
    [coded] = engine.code([Answer("a", text, "q7_forutsattningar")])
    assert set(coded.themes().values()) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A concern in a "när" clause names the occasion the rest of the clause praises.
        (
            "Föräldrarna fick hjälp på hembesöken och visste vad de skulle göra när barnet "
            "vägrade gå.",
            "success",
        ),
        ("Mamman vägrade hembesök under hela hösten.", "challenge"),
        ("Hembesöken tog längre tid än planerat.", "challenge"),
        ("Home visits took longer than planned.", "challenge"),
        ("Det är oklart i vilken utsträckning hembesöken kan fortsätta.", "neutral"),
    ],
)
def test_refusals_delays_and_occasions_read_as_written(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


def test_a_prerequisite_there_and_one_lacking_are_read_apart(engine: Engine) -> None:
    text = "Ledarskapet för hembesöken är på plats men pengarna är osäkra."
    [coded] = engine.code([Answer("a", text, "q7_forutsattningar")])
    themes = coded.themes()
    assert (themes["samordning_ledning"], themes["budget_finansiering"]) == ("success", "challenge")


@pytest.mark.parametrize(
    ("text", "trend"),
    [
        ("Närvaro: 62 % → 41 %", "fall"),
        ("Närvaro: 2 av 12 dagar → 9 av 12 dagar", "rise"),
        # Steps counted in other units rise or fall by nothing.
        ("Små steg: 10 min i skolan → 1 lektion → halvdag", None),
    ],
)
def test_figures_either_side_of_an_arrow_compare_only_like_with_like(
    engine: Engine, text: str, trend: str | None
) -> None:
    [(doc, _)] = list(engine.parse([Answer("a", text)]))
    kinds = {k for k, _, _ in doc.user_data[CUES_KEY]} & {"rise", "fall"}
    assert kinds == ({trend} if trend else set())


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A negation does not reach across a comma: the need after it stands.
        ("Hembesöken: ingen samordnare, måste gå via tre chefer för varje beslut", "challenge"),
        # "Too late to": the gain it names was out of reach.
        ("Hembesöken kom för sent för att det skulle räcka med en lätt insats.", "challenge"),
        ("The home visits came too late to help or support him.", "challenge"),
    ],
)
def test_a_negation_stops_at_a_comma_and_too_late_to_is_no_gain(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Figures against a target, and what was cut.
        ("Närvaron på hembesöken låg över målet på 70 procent.", "success"),
        ("Närvaron på hembesöken låg under målet på 70 procent.", "challenge"),
        ("Attendance at the home visits exceeded the target.", "success"),
        ("The waiting time for home visits was cut from six weeks to three.", "success"),
        ("The budget for home visits was cut by a third.", "challenge"),
        ("Konflikterna kring hembesöken har nästan helt upphört.", "success"),
    ],
)
def test_results_against_targets_and_cuts(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


def test_where_something_lay_is_no_fall(engine: Engine) -> None:
    # "låg" is "lay" here, not "low": where the home visits were run says nothing.
    text = "Hembesöken låg på utbildningsförvaltningen, medan teamet satt hos oss."
    assert stances(engine, text) != {"challenge"}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "Inte som de andra" compares; it denies nothing.
        ("Hon lyssnade på riktigt på hembesöken, inte som de andra vuxna.", "success"),
        # No wait is good news; a wait named alone is a concern.
        ("Hembesök direkt, ingen väntan på BUP.", "success"),
        ("Lång väntan på hembesök under hösten.", "challenge"),
    ],
)
def test_comparisons_and_waits_read_as_meant(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # What stands after "snarare än" / "instead of" is what did not come.
        (
            "Hembesöken var tyvärr ett tillägg snarare än ett stöd och en avlastning.",
            "challenge",
        ),
        (
            "Sadly the home visits were an extra task rather than support and help.",
            "challenge",
        ),
        # "Har sällan sett" praises; its "sällan" denies nothing.
        ("Jag har sällan sett så mycket engagemang som på hembesöken.", "success"),
        ("Home visits: amber – behind schedule.", "challenge"),
    ],
)
def test_what_did_not_come_and_rarely_seen_praise(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "words", "kind"),
    [
        # Stuck cases that got moving, pupils who qualified, coverage below half.
        ("Ärenden som stått still i månader kom loss efter hembesöken.", "kom loss", "success"),
        (
            "Cases that were stuck started to move after the home visits.",
            "started to move",
            "success",
        ),
        ("Five of seven pupils qualified for upper-secondary school.", "qualified for", "success"),
        ("Hembesöken nådde under hälften av målgruppen.", "under hälften", "challenge"),
    ],
)
def test_cases_moving_pupils_qualifying_and_coverage_below_half_are_cues(
    engine: Engine, text: str, words: str, kind: str
) -> None:
    [(doc, _)] = list(engine.parse([Answer("a", text)]))
    assert (kind, words) in {(k, doc[s:e].text) for k, s, e in doc.user_data[CUES_KEY]}
