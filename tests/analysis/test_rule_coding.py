"""Rule suggestions: what they find, the evidence that explains them, and stance."""

from __future__ import annotations

import json

import pytest

from analysis.engine import Answer, Engine
from tests.analysis.conftest import stances

ANSWERS = [
    Answer(
        "a1",
        "Samordnarrollen saknade mandat över förvaltningsgränserna, men kartläggningen var en framgångsfaktor.",
    ),
    Answer(
        "a2",
        "Familjebehandlarna gjorde hembesök och anpassade tider efter familjerna. Skolnärvaron ökade för flera elever.",
    ),
    Answer(
        "a3",
        "Vi hade inga gemensamma lokaler och olika journalsystem, vilket försvårade det dagliga arbetet.",
    ),
    Answer(
        "a4",
        "The team made home visits to the families, but there was no shared office and funding ends in June.",
    ),
    Answer(
        "a5",
        "Kanske har samverkan med socialtjänsten blivit något bättre, men det är för tidigt att säga.",
    ),
]


@pytest.fixture(scope="module")
def coded(engine: Engine):
    return {c.answer.id: c for c in engine.code(ANSWERS)}


def test_every_evidence_offset_points_at_the_matched_text(coded) -> None:
    checked = 0
    for item in coded.values():
        text = item.answer.text
        for s in item.suggestions:
            assert 0 <= s.start < s.end <= len(text)
            assert text[s.start : s.end].strip() == text[s.start : s.end]
            for ev in s.evidence:
                assert text[ev.start : ev.end] == ev.text
                checked += 1
            for ev in json.loads(s.evidence_json()):
                if "start" in ev:
                    assert text[ev["start"] : ev["end"]] == ev["text"]
    assert checked >= 10


def test_compound_words_find_their_themes(coded) -> None:
    themes = coded["a1"].themes()
    assert "samordning_ledning" in themes and "kartlaggning" in themes
    evidence = {e.text for s in coded["a1"].suggestions for e in s.evidence}
    assert {"Samordnarrollen", "förvaltningsgränserna", "kartläggningen"} <= evidence


def test_one_answer_gets_several_themes(coded) -> None:
    assert {"flexibilitet", "narvaro"} <= set(coded["a2"].themes())


def test_negation_is_visible_in_the_evidence_and_makes_a_challenge(coded) -> None:
    local = [s for s in coded["a3"].suggestions if s.theme == "lokaler_it"]
    assert local, coded["a3"].themes()
    kinds = {e.kind for e in local[0].evidence}
    assert "negation" in kinds
    assert local[0].stance == "challenge"


def test_each_clause_keeps_its_own_stance(coded) -> None:
    stances = coded["a1"].themes()
    assert stances["samordning_ledning"] == "challenge"
    assert stances["kartlaggning"] == "success"


def test_english_answers_are_detected_and_coded_with_english_keywords(coded) -> None:
    assert coded["a4"].lang == "en"
    themes = coded["a4"].themes()
    assert {"flexibilitet", "lokaler_it", "budget_finansiering"} <= set(themes)
    assert themes["lokaler_it"] == "challenge"


def test_hedging_is_shown_and_lowers_the_score(coded, engine: Engine) -> None:
    hedged = [s for s in coded["a5"].suggestions if s.theme == "samverkan_skola_soc"]
    assert hedged and any(e.kind == "hedge" for e in hedged[0].evidence)
    plain = engine.code([Answer("p", "Samverkan med socialtjänsten har blivit bättre.")])[0]
    firm = [s for s in plain.suggestions if s.theme == "samverkan_skola_soc"][0]
    assert hedged[0].score < firm.score


def test_the_questions_stance_hint_decides_unless_the_words_disagree(engine: Engine) -> None:
    text = "Hembesöken."
    success = engine.code([Answer("s", text, "q2", "success")])[0].themes()
    challenge = engine.code([Answer("c", text, "q3", "challenge")])[0].themes()
    assert success["flexibilitet"] == "success" and challenge["flexibilitet"] == "challenge"
    clearly_good = "Hembesöken fungerade mycket bra och var en stor styrka."
    assert (
        engine.code([Answer("g", clearly_good, "q3", "challenge")])[0].themes()["flexibilitet"]
        == "success"
    )


def test_negated_success_words_and_negated_problems_flip(engine: Engine) -> None:
    bad = engine.code([Answer("b", "Samverkan med skolan fungerade inte alls.")])[0].themes()
    good = engine.code([Answer("g", "Samverkan med skolan har inte varit något problem.")])[
        0
    ].themes()
    assert bad["samverkan_skola_soc"] == "challenge"
    assert good["samverkan_skola_soc"] == "success"


def test_answers_without_any_theme_get_no_suggestions(engine: Engine) -> None:
    assert engine.code([Answer("x", "Vet ej.")])[0].suggestions == []


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Advice to secure a precondition or avoid a pitfall points at a lack.
        ("Säkerställ en långsiktig finansiering innan ni startar.", "challenge"),
        ("Make sure the funding is secured before you start.", "challenge"),
        # Advice to do something endorses it.
        ("Gör hembesök tidigt, det fungerade bra.", "success"),
    ],
)
def test_advice_to_secure_something_is_a_challenge(engine: Engine, text: str, stance: str) -> None:
    themes = engine.code([Answer("a", text, "q8_tips")])[0].themes()
    assert set(themes.values()) == {stance}


def test_as_much_for_as_against_without_a_leaning_question_is_a_challenge(engine: Engine) -> None:
    text = "Samverkan med socialtjänsten har både förbättrats och försvårats."
    assert engine.code([Answer("a", text, "q4_organisation")])[0].themes() == {
        "samverkan_skola_soc": "challenge"
    }
    assert engine.code([Answer("b", text, "q2_framgang", "success")])[0].themes() == {
        "samverkan_skola_soc": "success"
    }


def test_what_follows_but_is_the_main_point_about_the_same_theme(engine: Engine) -> None:
    def stance(text: str) -> str:
        return engine.code([Answer("a", text, "q4_organisation")])[0].themes()[
            "samverkan_skola_soc"
        ]

    assert stance("Samverkan med socialtjänsten har blivit bättre men är fortfarande svår.") == (
        "challenge"
    )
    assert stance("Samverkan med socialtjänsten är svår men har blivit mycket bättre.") == (
        "success"
    )


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Home visits, small steps, booster.", "en"),
        ("The contact with social services got better.", "en"),
        ("Contact with social services got better.", "en"),
        ("Tid, pengar och mandat.", "sv"),
        ("Hembesöken och kartläggningen.", "sv"),
    ],
)
def test_short_answers_are_read_in_the_language_their_words_belong_to(
    engine: Engine, text: str, lang: str
) -> None:
    assert engine.code([Answer("a", text)])[0].lang == lang


def test_swedish_terms_in_an_english_answer_match_the_swedish_keywords(engine: Engine) -> None:
    text = "The kartläggning was the key: for once we saw why she stayed at home."
    coded = engine.code([Answer("e", text)])[0]
    assert coded.lang == "en"
    found = [s for s in coded.suggestions if s.theme == "kartlaggning"]
    assert found, "the Swedish term names the theme"
    evidence = found[0].evidence[0]
    assert text[evidence.start : evidence.end] == "kartläggning"


def test_an_english_word_is_never_read_as_a_swedish_keyword(engine: Engine) -> None:
    # "bus" is a Swedish keyword (BUS, a care agreement); without å, ä or ö an English
    # word stays English.
    coded = engine.code([Answer("e", "We took the bus to school together every morning.")])[0]
    assert coded.lang == "en"
    assert "samverkan_halsa" not in coded.themes()


def test_a_concession_does_not_decide_the_main_clauses_stance(engine: Engine) -> None:
    conceded = "Föräldrarna beskriver hembesöken som värdefulla, även om några hade önskat fler."
    assert engine.code([Answer("c", conceded)])[0].themes()["flexibilitet"] == "success"
    whole = "Föräldrarna beskriver hembesöken som värdefulla men några hade önskat fler."
    assert engine.code([Answer("w", whole)])[0].themes()["flexibilitet"] == "challenge", (
        "after 'men' the wish is the main point: the concession rule is what differs"
    )
    english = "Parents found the home visits valuable, even though some wished for more."
    assert engine.code([Answer("e", english)])[0].themes()["flexibilitet"] == "success"


def test_trots_att_opens_a_concession_and_and_does_not(engine: Engine) -> None:
    conceded = engine.code([Answer("c", "Hembesöken fungerade bra, trots att lokalerna saknades.")])
    assert conceded[0].themes()["flexibilitet"] == "success"
    joined = engine.code([Answer("j", "Hembesöken fungerade bra och lokalerna saknades.")])
    assert joined[0].themes()["flexibilitet"] == "challenge"


@pytest.mark.parametrize(
    ("text", "theme", "stance"),
    [
        # No comma: the concession runs into the main clause, which has no judging word.
        (
            "Trots förseningar i början kom hembesöken igång redan under hösten.",
            "flexibilitet",
            "success",
        ),
        (
            "Trots att lokalerna var svåra att hitta startade hembesöken redan i augusti.",
            "flexibilitet",
            "success",
        ),
        # A comma, and a main clause that only reports: the concession says which way.
        (
            "Despite a difficult first term, the home visits started in October.",
            "flexibilitet",
            "success",
        ),
        (
            "Även om hembesöken beskrivs som uppskattade, präglades kontakten med socialtjänsten"
            " av byten av handläggare.",
            "samverkan_skola_soc",
            "challenge",
        ),
        # The concession's own theme keeps the concession's stance.
        (
            "Even though the parents valued the home visits, the school kept sending letters.",
            "flexibilitet",
            "success",
        ),
    ],
)
def test_a_concession_that_opens_a_sentence_tells_how_its_main_clause_went(
    engine: Engine, text: str, theme: str, stance: str
) -> None:
    # "Trots …"/"Despite …" concedes a difficulty to tell of what went well (and "Även om
    # … uppskattade" the other way), even where the main clause has no word that judges.
    assert engine.code([Answer("c", text)])[0].themes() == {theme: stance}


def test_an_outcome_after_an_unmarked_concession_is_the_main_clause(engine: Engine) -> None:
    text = "Trots den korta tiden ökade närvaron för de flesta eleverna."
    assert engine.code([Answer("o", text)])[0].themes()["narvaro"] == "success"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "Inte minst" (not least) and "inte ovanligt" (not unusual) deny nothing.
        (
            "Teamet innebar en avlastning för mentorerna, inte minst i de mest komplexa ärendena.",
            "success",
        ),
        ("Det var inte ovanligt att hembesöken ledde till att eleven kom tillbaka.", "success"),
        # "Slippa" spares the whole of what follows, not only its first words.
        (
            "Tack vare teamet slapp vi skicka eleverna vidare och sedan vänta i månader på hembesök.",
            "success",
        ),
        ("Kurator: slapp sitta ensam med de tyngsta hembesöken", "success"),
        # A child's needs are what the work is fitted to, not a lack.
        ("Hembesöken anpassades efter elevens behov.", "neutral"),
        ("The home visits were adapted to each child's needs.", "neutral"),
        # Both sides, or no view at all, judge nothing.
        ("Staff described both advantages and drawbacks of the home visits.", "neutral"),
        ("I cannot comment on the home visits.", "neutral"),
        ("Jag kan inte uttala mig om hembesöken.", "neutral"),
        # "Har gjort", "har kunnat": what was done, not the regret of "hade gjort".
        ("Hembesöken har underlättat arbetet för mentorerna.", "success"),
        ("Vi har kunnat göra fler hembesök i år.", "success"),
        # "Hade … kunnat" with words between is a regret, unless negated (thanks).
        ("Med en lokal hade vi kunnat göra fler hembesök.", "challenge"),
        ("Utan hembesöken hade vi inte kunnat nå familjerna.", "success"),
        # Litotes, and problems that did not happen.
        ("Hembesöken har haft en inte oväsentlig betydelse för närvaron.", "success"),
        ("Inga oplanerade avslut bland eleverna med hembesök i vår.", "success"),
        # Too long, running out, lost, tired: concerns; less worry, not as tired: relief.
        ("Kartläggningen tog för lång tid.", "challenge"),
        ("Pengarna till hembesöken tar slut i juni.", "challenge"),
        ("Kontinuiteten i hembesöken gick förlorad när personalen byttes.", "challenge"),
        ("Efter hembesöken är eleven inte lika trött i skolan.", "success"),
        ("After the home visits she was worrying less about school.", "success"),
        # What is not yet secured is a concern, not a denied one.
        ("Finansieringen av hembesöken är inte säkrad efter 2025.", "challenge"),
        ("Funding for the home visits is not secured beyond 2025.", "challenge"),
        # Words of report prose that judge.
        ("Övergången från hembesöken till skolans stöd blev abrupt.", "challenge"),
        ("The home visits were a constructive start, and mum was relieved.", "success"),
    ],
)
def test_words_of_report_prose_and_notes_that_judge_or_do_not(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    "text",
    [
        "Vi gör numera hembesök hos alla elever med hög frånvaro.",
        "Kuratorn gör hembesök när frånvaron börjar öka.",
        "Kunskapen om problematisk skolfrånvaro har ökat sedan hembesöken började.",
    ],
)
def test_the_pupils_high_absence_says_who_the_work_is_for_not_how_it_went(
    engine: Engine, text: str
) -> None:
    # "Elever med hög frånvaro" names the target group; a rise of absence is no result.
    assert "challenge" not in stances(engine, text)


def test_well_over_a_sum_is_no_praise(engine: Engine) -> None:
    # "well" praises ("worked well"), but "well over the budget" only measures.
    from analysis.rules import CUES_KEY
    from analysis.stance import read

    [(doc, _)] = list(engine.parse([Answer("w", "The home visits cost well over the budget.")]))
    assert read((0, len(doc)), doc.user_data[CUES_KEY]).success == 0


def test_a_notes_label_reads_with_what_it_labels(engine: Engine) -> None:
    plain = engine.code([Answer("p", "Fler hembesök på kvällstid.")])[0].themes()
    assert plain["flexibilitet"] == "success", "no cue: the default"
    for note in ("Förslag: fler hembesök på kvällstid.", "Suggestion: more home visits at night."):
        assert engine.code([Answer("n", note)])[0].themes()["flexibilitet"] == "challenge"
    long_lead = "Det som fungerade bäst i projektet var detta: hembesöken."
    assert engine.code([Answer("l", long_lead)])[0].themes()["flexibilitet"] == "success"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Enough time or staff is a success, not enough a challenge.
        ("Bemanningen räcker nu till alla ärenden.", "success"),
        ("Med två psykologer hinner vi med uppföljningen.", "success"),
        ("Personalen räcker inte till alla elever som behöver stöd.", "challenge"),
        ("Vi hann inte med uppföljningen efter avslut.", "challenge"),
    ],
)
def test_having_enough_time_reads_as_success_and_too_little_as_challenge(
    engine: Engine, text: str, stance: str
) -> None:
    themes = engine.code([Answer("a", text, "q4_organisation")])[0].themes()
    assert themes and set(themes.values()) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Waiting and lateness are challenges, whatever they concern.
        ("Familjerna fick vänta länge på kartläggningen.", "challenge"),
        ("Skolorna aktualiserade eleverna sent.", "challenge"),
        ("The assessment took too long for the family.", "challenge"),
    ],
)
def test_waiting_and_lateness_read_as_challenges(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Thanks said as what could not have been.
        ("Det hade inte fungerat utan samverkan med socialtjänsten.", "success"),
        ("Utan skolpsykologen hade vi inte klarat kartläggningen.", "success"),
        ("We could not have done the assessment without the school psychologist.", "success"),
        ("We couldn't have managed the home visits without the family therapist.", "success"),
        # ... but "inte X utan Y" is "not X but Y".
        ("Vi hade inte tid för kartläggning utan fick prioritera akuta ärenden.", "challenge"),
    ],
)
def test_what_could_not_have_been_without_someone_is_thanks(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A wish says what is missing, though its word is a good one.
        ("Mer stöd till föräldrarna vore bra.", "challenge"),
        ("Det skulle vara bra med mer handledning för teamet.", "challenge"),
        ("Det vore önskvärt med längre projekttid.", "challenge"),
        ("It would be good to have more supervision for the team.", "challenge"),
        # ... and the same good word, said of what is, is praise.
        ("Det är bra med handledning för teamet.", "success"),
        ("Supervision is good for the team.", "success"),
    ],
)
def test_a_wish_is_a_concern_and_praise_is_not(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # What a person or a thing kept from happening says it mattered...
        ("utan teamet hade min dotter fortfarande inte gått i skolan", "success"),
        (
            "Hade vi inte haft stödet från styrgruppen hade projektet aldrig kommit igång.",
            "success",
        ),
        # ... while a condition that did hold, and would have helped, is a regret.
        ("Hade samtycket varit löst vid start hade kartläggningen gått snabbare.", "challenge"),
        # Nobody, barely: a lack. No more, not any longer, not having to: relief.
        ("Nobody explained the assessment to us.", "challenge"),
        ("The school barely took part in the collaboration.", "challenge"),
        ("No more fights every morning about going to school.", "success"),
        ("Jag har inte ont i magen längre när jag ska till skolan.", "success"),
        ("I don't have to chase the school about the home visits anymore.", "success"),
        # "steg från … till" is a rise; "knappt hälften" a share, no lack.
        ("Andelen elever med godkända betyg steg från knappt hälften till tre av fyra.", "success"),
        # What was done, said in the passive with an irregular verb, only describes.
        ("Two workshops on the home visits were held in the autumn.", "neutral"),
        # A concession that opens the sentence is not its point, whichever theme.
        ("Fast det var svårt att prata om allt så känns familjens mående bättre nu.", "success"),
        # Resting on single people is fragile; often late is late; no complaints is praise.
        ("Samverkan med socialtjänsten bygger helt på enskilda handläggare.", "challenge"),
        ("Det dröjde inte sällan flera veckor innan samtycket kom in.", "challenge"),
        ("No complaints from schools about the workload.", "success"),
        ("I wish someone had explained the assessment to us at the beginning.", "challenge"),
        # "Still not" is no "not still"; "too early to tell" judges nothing.
        ("Personalen var trevlig men min son går fortfarande inte till skolan.", "challenge"),
        ("No real difference in the collaboration yet, too early to tell.", "neutral"),
        # "No big change" is no change: the negation belongs to the phrase.
        ("No big difference in the collaboration with social services so far.", "neutral"),
        ("Ingen större förändring i samverkan med socialtjänsten.", "neutral"),
        ("I have not noticed any difference in the collaboration with the school.", "neutral"),
        ("Samverkan med socialtjänsten är samma som innan.", "neutral"),
    ],
)
def test_ways_of_saying_it_that_blind_sentences_showed(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("The home visits didn't work for us.", "challenge"),
        ("The school doesn't listen to the family.", "challenge"),
        ("The school does listen to the family.", "success"),
    ],
)
def test_an_english_contraction_negates(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A need in the passive is a need: what is lacking ("behövs" is "behövas").
        ("Det behövs fler familjebehandlare i teamet.", "challenge"),
        ("Mer tid behövs för kartläggningen.", "challenge"),
        ("Tydligare rutiner för samtycke behövdes från början.", "challenge"),
        ("More staff are needed in the team.", "challenge"),
        # ... and so are a delay and a request, as their nouns are.
        ("Beslutet om budgeten för teamet försenades flera månader.", "challenge"),
        ("Mer handledning efterfrågades av teamet.", "challenge"),
    ],
)
def test_a_need_said_in_the_passive_is_a_concern(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A problem that falls is good news, though "minska" alone leans to a concern.
        ("Enligt föräldrarna minskade oron hemma under hösten.", "success"),
        ("Elevernas ångest minskade efter några veckor.", "success"),
        # ... and a problem that rises is bad news.
        ("Elevernas ångest ökade under våren.", "challenge"),
    ],
)
def test_an_outcome_reads_as_what_changed_not_as_the_verb(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Notes and report prose that state figures and judge nothing only describe.
        ("Budget för teamet: 9 mkr, 3 år", "neutral"),
        ("Hembesök 3 ggr/v första månaden", "neutral"),
        # ... but a gain in figures is a result, and a judging word still judges.
        ("Närvaron +18 procentenheter efter ett år", "success"),
        ("Budgeten för 3 år räcker inte", "challenge"),
        # Note-takers' words and marks.
        ("Hembesöken funkar, familjerna är med", "success"),
        ("Personalomsättningen på skolorna drabbade samverkan", "challenge"),
        ("Samverkan med soc ✘", "challenge"),
        ("Samverkan med soc ✔", "success"),
        # What was done, said in the passive, only describes...
        ("Samtycke till informationsutbyte inhämtades från vårdnadshavarna.", "neutral"),
        # ... unless a word judges it.
        ("Handledningen uppskattades mycket av teamet.", "success"),
        # A note that asks raises an uncertainty: a concern, even beside a plus word.
        ("Budget för nästa år – räcker pengarna till teamet?", "challenge"),
        ("Gängfokus – skymmer det skolfrågorna?", "challenge"),
    ],
)
def test_notes_without_a_question_read_figures_and_marks(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


def test_figures_in_an_answer_to_a_question_keep_the_questions_leaning(engine: Engine) -> None:
    """Positive control: the same figures answering "what made it work" are a success."""
    text = "Hembesök 3 ggr/v första månaden"
    themes = engine.code([Answer("a", text, "q2_framgang", "success")])[0].themes()
    assert themes and set(themes.values()) == {"success"}


@pytest.mark.parametrize(
    "text",
    [
        # "färre", "sent" and "endast" are concerns; "få", "sen" and "enda", their base
        # forms in the lemma table, are everyday words that judge nothing.
        "Eleverna har fått hembesök varje vecka.",
        "Sen fick familjen hembesök varje vecka.",
        "Teamet är den enda som verkligen lyssnar på familjen.",
    ],
)
def test_a_cue_whose_base_form_is_another_word_matches_only_as_written(
    engine: Engine, text: str
) -> None:
    themes = engine.code([Answer("a", text)])[0].themes()
    assert themes and set(themes.values()) == {"success"}


def test_a_cue_matched_as_written_still_judges(engine: Engine) -> None:
    """Positive control: the cue word itself still reads as a concern."""
    themes = engine.code([Answer("a", "Det blev färre hembesök än familjerna behövde.")])[0]
    assert set(themes.themes().values()) == {"challenge"}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A negation in a relative clause describes who or what; it is no lack.
        ("Skolorna har börjat använda modellen även för elever som inte var inskrivna.", "success"),
        # ... while a negation of the main clause still is.
        ("Skolorna har inte börjat använda modellen.", "challenge"),
    ],
)
def test_a_negation_in_a_relative_clause_is_no_lack(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    "text",
    [
        # A phrase owns its words: "utan dem" is thanks, not a lack, and "inte bara"
        # adds, it does not deny.
        "Utan dem hade hon slutat gå i skolan helt.",
        "Vi fick stöd i föräldrarollen, inte bara eleven.",
    ],
)
def test_a_phrase_cue_owns_its_negation(engine: Engine, text: str) -> None:
    themes = engine.code([Answer("a", text)])[0].themes()
    assert themes and set(themes.values()) == {"success"}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # Parents and pupils say it in everyday words, not in the evaluators' terms.
        ("de var ärliga med oss hela vägen", "relation_fortroende"),
        ("hoppas att det håller i sig nu", "hallbarhet_uppfoljning"),
        ("hon är mycket gladare på morgnarna", "maende"),
        ("det var skönt att de kunde komma på kvällar", "flexibilitet"),
        ("hon får panik på morgnarna fortfarande", "maende"),
        ("he still gets panic attacks at school", "maende"),
    ],
)
def test_short_parent_answers_in_everyday_words_get_their_theme(
    engine: Engine, text: str, theme: str
) -> None:
    assert theme in engine.code([Answer("a", text)])[0].themes()


def test_what_follows_an_arrow_in_a_note_is_the_main_point(engine: Engine) -> None:
    def stance(text: str) -> str:
        return engine.code([Answer("a", text)])[0].themes()["samverkan_skola_soc"]

    assert stance("Samverkan med socialtjänsten var svår och otydlig → nu fungerar den bra") == (
        "success"
    )
    assert stance(
        "Samverkan med socialtjänsten fungerade bra och smidigt → men det blev problem"
    ) == ("challenge")


def test_a_note_marked_with_a_plus_leans_to_success_as_a_question_would(engine: Engine) -> None:
    def stance(text: str) -> str:
        return engine.code([Answer("a", text)])[0].themes()["samverkan_skola_soc"]

    assert stance("+ samverkan med socialtjänsten var svår") == "success"
    assert stance("samverkan med socialtjänsten var svår") == "challenge"
    # Clear words still overrule the mark, and a phone number is no mark.
    assert stance("+ samverkan med socialtjänsten var svår och otydlig") == "challenge"
    assert stance("+46 70 123 45 67 samverkan med socialtjänsten var svår") == "challenge"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Evaluative words beyond the first lists, as evaluators and parents write them.
        ("Hembesöken blev en lättnad för hela familjen.", "success"),
        ("Personalen vid hembesöken var lyhörd och kunnig.", "success"),
        ("Hembesöken var påfrestande för familjen.", "challenge"),
        ("Rektorerna var skeptiska till hembesöken.", "challenge"),
        # A negated concern is good news: "dömde inte", "ingen avbröt".
        ("Teamet dömde inte familjerna vid hembesöken.", "success"),
        # Words whose base form in the lemma table is another verb count only as
        # written: "räddade" is not "rädd", "anstränger sig" is not "ansträngd".
        ("Hembesöken räddade terminen för pojken.", "success"),
        ("Teamet anstränger sig för att hembesöken ska bli av.", "success"),
        ("The home visits made the family feel less alone.", "success"),
        ("The home visits were exhausting for the family.", "challenge"),
    ],
)
def test_evaluative_words_read_in_notes_without_a_question(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "tog" and "fick" are "ta" and "få", not a toga and a pocket: "ta tid" judges.
        ("Det tog tid att komma igång med hembesöken.", "challenge"),
        # "dock" inside a clause marks the whole sentence as the contrast, not a cut.
        ("Hembesöken innebar dock att det tog tid innan skolan var med.", "challenge"),
        # A year says when, not how much: a decision about the future is no bare figure.
        ("Stadsdelen har beslutat att behålla hembesöken från hösten 2025.", "success"),
        # A part of a whole is a result.
        ("Hembesök: 9 av 15 familjer tackade ja.", "success"),
        # What the work consisted of describes.
        ("Hembesöken bestod av samtal med föräldrarna om morgonrutiner.", "neutral"),
        ("Ingen mätbar skillnad i närvaron kunde ses efter hembesöken.", "neutral"),
        # A strong verb's passive, and a schedule, say what was done and how often.
        ("Hembesöken hölls i familjens hem eller på biblioteket.", "neutral"),
        ("Nätverksträffar om hembesöken varannan vecka med skolan.", "neutral"),
        # … but a word that judges still decides.
        ("Hembesöken varannan vecka var mycket uppskattade av familjerna.", "success"),
        (
            "Hembesöken gjordes två gånger i veckan, vilket familjerna tyckte var för sällan.",
            "challenge",
        ),
        # A relative clause about an earlier time describes how things were before.
        (
            "Hembesöken avlastade kuratorerna, som tidigare lagt mycket tid på elever med hög frånvaro.",
            "success",
        ),
    ],
)
def test_report_prose_is_read_for_what_it_says_happened(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "hög" and "låg" say how much; whether that is good depends on what is high.
        ("Engagemanget i teamet var högt hela året.", "success"),
        ("Närvaron var hög under våren.", "success"),
        ("Närvaron var låg under hösten.", "challenge"),
        ("Kostnaderna för teamet var höga.", "challenge"),
        # "ligger", "legat" (ligga) are no "låg": the lemma table gives "låg" as "ligga".
        ("Samverkan med skolan ligger på en bra nivå nu.", "success"),
        ("Samverkan med socialtjänsten ligger högt på agendan.", "success"),
    ],
)
def test_high_and_low_are_read_by_what_they_describe(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "sällan" negates what it follows or precedes, like "inte".
        ("Familjerna behövde sällan vänta på hembesök.", "success"),
        # "vid behov" (as needed) is no need; what was done, in the passive, describes.
        ("Hembesök ordnades vid behov.", "neutral"),
        ("Hembesök erbjöds alla familjer i projektet.", "neutral"),
        # Few, and falling back, are concerns.
        ("Kontakterna med BUP var få under hösten.", "challenge"),
        ("Närvaron föll tillbaka efter sommaren hos flera elever.", "challenge"),
    ],
)
def test_set_phrases_and_rare_negations_are_read_as_meant(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Budget för teamet: 9 mkr, 3 år", True),
        ("Hembesök 2 ggr/v i början", True),
        # A pupil's code, a school year and a date say who and when, not how much.
        ("Logg: E3 – mindre ångest inför måndagar", False),
        ("Skolan har inför läsåret 2025/26 infört rutinen", False),
        ("Rekrytering klar, tillträder 1/9", False),
    ],
)
def test_codes_and_dates_are_not_taken_for_figures(text: str, figures: bool) -> None:
    from analysis.reporting import states_figures

    assert states_figures(text) is figures


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A note opening with "?" is an open question: a concern.
        ("? samtycke för hembesök – gäller blanketten även vården", "challenge"),
        # A counterfactual says what could have gone better.
        ("Hade blanketten funnits från start hade hembesöken kommit igång tidigare.", "challenge"),
        # "först när" / "först efter": not until.
        ("Hembesöken kom igång först när terminen nästan var slut.", "challenge"),
        # Amounts in words are figures too.
        ("Budgeten för hembesöken uppgick till drygt tolv miljoner kronor.", "neutral"),
    ],
)
def test_notes_questions_counterfactuals_and_amounts(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    "text",
    ["Arbetet var väl förankrat hos rektorerna.", "Insatsen var väl genomförd på alla skolor."],
)
def test_well_done_is_a_success_in_prose(engine: Engine, text: str) -> None:
    # "väl" + a participle praises; the words alone (förankra, genomföra) say nothing.
    assert stances(engine, text) == {"success"}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # Less of a concern is relief; less of a good thing is a concern.
        ("Lärarna känner sig mindre ensamma sedan hembesöken började.", "success"),
        ("Med hembesöken slipper familjerna vänta på hjälp.", "success"),
        ("Familjerna tyckte att hembesöken var mindre bra.", "challenge"),
        # "mindre" as "smaller" judges nothing, and "liten" (the base form the lemma
        # table gives "mindre") is no "mindre".
        ("Undervisning i mindre grupper efter hembesöken fungerade bra.", "success"),
        ("Det fanns en liten oro inför hembesöken hos familjerna.", "challenge"),
        # That it may take time is a lesson, not a concern: the longer phrase owns "ta tid".
        ("Vi lärde oss att hembesöken får ta tid.", "success"),
        ("Hembesöken tog tid att komma igång.", "challenge"),
        # Scaring away is a concern; what disappears is good news only if it is a problem.
        ("Brottsprevinkeln skrämmer bort vissa familjer från hembesöken.", "challenge"),
        ("Oron inför hembesöken försvann efter några veckor.", "success"),
        ("Hembesöken försvinner när projektpengarna tar slut.", "challenge"),
        # A negation beside a word of an earlier time says how things were before.
        ("Elevhälsan gör egna hembesök nu, det gjorde vi aldrig förut.", "success"),
        ("Vi hade aldrig hembesök i början.", "challenge"),
        # "för många" is too many; "för flera" (for several: the same base form) is not.
        ("Det blev för många möten kring hembesöken.", "challenge"),
        ("Hembesöken fungerade för flera familjer.", "success"),
    ],
)
def test_less_of_a_concern_is_relief(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "a little" judges nothing; "little" alone is a lack; "less" of a worry is relief.
        ("The home visits helped us a little.", "success"),
        ("We had little contact with the school during the home visits.", "challenge"),
        ("The home visits made the parents less worried.", "success"),
    ],
)
def test_english_little_and_less_are_read_as_meant(engine: Engine, text: str, stance: str) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A problem denied right after the negation is good news; named alone it judges
        # nothing, and a negation of something else leaves it alone.
        ("Efter hembesöken har hon ingen ångest längre på morgnarna.", "success"),
        ("After the home visits there is less anxiety in the mornings.", "success"),
        ("Ångesten inför skolan är fortfarande stor trots hembesöken.", "challenge"),
        ("Som det ser ut nu vill ingen ta kostnaden för hembesöken.", "challenge"),
        ("Sedan hembesöken bråkar vi inte längre varje morgon.", "success"),
        ("After the home visits we get ready in the morning without fighting.", "success"),
        # Not giving up is a strength; giving up is a concern.
        ("Det viktigaste med hembesöken var att teamet aldrig gav upp.", "success"),
        ("The team did not give up on the families during the home visits.", "success"),
        ("Efter tre hembesök var det som att familjen gav upp.", "challenge"),
    ],
)
def test_denied_problems_and_not_giving_up_are_successes(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A relative clause says who is meant; the rest of the clause says how it went.
        ("Hembesöken fungerade även för familjer som är svåra att nå.", "success"),
        ("The home visits worked well for pupils who had struggled for years.", "success"),
        # Alone, its words still judge (unless it tells whom the work reached: see
        # test_report_prose_stance.py); and "som" as "as" is no relative clause.
        ("Hembesöken gällde familjer som var svåra att nå.", "challenge"),
        ("Hembesöken beskrevs som värdefulla trots att de var svåra att planera.", "success"),
    ],
)
def test_who_a_relative_clause_describes_does_not_decide_how_it_went(
    engine: Engine, text: str, stance: str
) -> None:
    assert stances(engine, text) == {stance}


def test_a_clause_opened_by_although_is_no_main_point(engine: Engine) -> None:
    # "fast"/"although" concede: what comes before them is the point, unlike "men".
    text = "Hembesöken fungerade bra fast vi inte hade någon bil."
    assert stances(engine, text) == {"success"}
    assert stances(engine, "The home visits helped, although they took time.") == {"success"}


@pytest.mark.parametrize(
    ("text", "point"),
    [
        # After "men", where that part judges.
        ("Tungt i början men bra flyt i ärendena nu.", "bra flyt i ärendena nu."),
        # After a concession that opens the sentence and ends at a comma or "så".
        (
            "Although the model was well received, the cost remained a problem.",
            "the cost remained a problem.",
        ),
        # Before a concession that follows it.
        (
            "Vårdnadshavarna upplevde stödet som värdefullt, även om några ville ha fler möten.",
            "Vårdnadshavarna upplevde stödet som värdefullt",
        ),
        # Nothing to choose between: the whole sentence.
        ("Teamet träffade familjerna varje vecka.", "Teamet träffade familjerna varje vecka."),
    ],
)
def test_a_sentence_read_whole_is_read_where_it_makes_its_point(
    engine: Engine, text: str, point: str
) -> None:
    from analysis.arrays import token_arrays
    from analysis.rules import CUES_KEY
    from analysis.stance import sentence_point

    [(doc, _)] = list(engine.parse([Answer("a", text)]))
    start, end = sentence_point(token_arrays(doc)["lower"], (0, len(doc)), doc.user_data[CUES_KEY])
    assert doc[start:end].text == point


@pytest.mark.parametrize(
    "text",
    [
        "Frånvaron har minskat kraftigt sedan i höstas.",
        "Närvaron har ökat för nästan alla elever.",
        "Absence decreased a lot this term.",
        "Attendance has improved since the spring.",
    ],
)
def test_attendance_rising_or_absence_falling_is_an_attendance_result(
    engine: Engine, text: str
) -> None:
    # Said subject first, outside any question: before, only "minskad frånvaro" was.
    assert engine.code([Answer("a", text)])[0].themes().get("narvaro") == "success"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("jag går halva dagar nu", None),
        ("Han slutade gå efter jullovet.", "challenge"),
        ("I've missed too much this term.", "challenge"),
        ("now I do half days at school", None),
    ],
)
def test_what_pupils_say_of_going_to_school_is_about_attendance(
    engine: Engine, text: str, stance: str | None
) -> None:
    # Without a question, half days is news whose stance the words do not tell.
    themes = engine.code([Answer("a", text)])[0].themes()
    assert "narvaro" in themes and (stance is None or themes["narvaro"] == stance)
