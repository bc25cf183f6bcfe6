"""Names nobody listed, told by the words around them as parents and pupils write: thanks,
titles, where someone works, "X och jag", a relative clause only a person heads, the
subject after its verb, names in a row typed in lower case, a whole answer in capitals,
and a name written again in lower case. Words that only look like names in those places
stay: pronouns, months written as genitives, nationalities, districts before a list of
names, food from school, and words in no list before a room."""

from __future__ import annotations

import pytest

from survey.privacy.pseudonymise import Pseudonymiser


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # thanks name a person, in lower case and in capitals
        ("tack malin o jonas för allt", "tack [NAMN] o [NAMN] för allt"),
        ("JAG VILL TACKA HELENA FÖR ALLT", "JAG VILL TACKA [NAMN] FÖR ALLT"),
        ("thank you sofia, you helped us", "thank you [NAMN], you helped us"),
        # titles
        ("We met Mr Berglund from the team", "We met Mr [NAMN] from the team"),
        ("Vi fick ett intyg av Dr Karimi", "Vi fick ett intyg av Dr [NAMN]"),
        # where someone works, for a short name that is also a word
        ("Liv från teamet kom hem till oss", "[NAMN] från teamet kom hem till oss"),
        ("Gunnel i matsalen är snäll", "[NAMN] i matsalen är snäll"),
        ("Hope in the team was kind to us", "[NAMN] in the team was kind to us"),
        # beside the writer, and heading a clause only a person heads
        ("Tuva och jag pratar varje dag", "[NAMN] och jag pratar varje dag"),
        ("Warsame som pratar somaliska var med", "[NAMN] som pratar somaliska var med"),
        # who the person is, after the name
        ("Tuva hennes syster vill också tacka", "[NAMN] hennes syster vill också tacka"),
        # ... also typed in lower case
        ("aino mormor hämtade honom varje dag", "[NAMN] mormor hämtade honom varje dag"),
        ("tarek min son vill inte gå", "[NAMN] min son vill inte gå"),
        # the subject after its verb
        ("efter lovet har elias inte varit borta", "efter lovet har [NAMN] inte varit borta"),
        # a lower-case name that is also a word, first in the sentence before a person's verb
        ("nils spelar mindre nu", "[NAMN] spelar mindre nu"),
        # names in a row, one of them also a word
        ("elsa o tuva har börjat gå", "[NAMN] o [NAMN] har börjat gå"),
        # someone one goes to see
        ("vi va hos selamawit på soc igår", "vi va hos [NAMN] på soc igår"),
        # a name found once, written again in lower case
        ("Farid var med. sen sa farid att", "[NAMN] var med. sen sa [NAMN] att"),
        # ... but not a name that is also a word
        ("Lova säger att hon vill lova att gå", "[NAMN] säger att hon vill lova att gå"),
    ],
)
def test_unlisted_names_are_told_by_the_words_around_them(text: str, shown: str) -> None:
    assert Pseudonymiser().apply(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "Dom lyssnade på oss till slut",
        "Han har varit sjuk hela Mars",
        "Min man är Turk och hemma pratar vi svenska",
        "Maten i skolan är bättre nu",
        "tre är tillbaka i skolan på heltid",
        "vi behöver mer psykologtid i elevhälsan",
        "This was the team's idea",
        "så vi fick lägga in det för hand",
    ],
)
def test_words_in_those_places_that_are_no_names_stay(text: str) -> None:
    assert Pseudonymiser().apply(text) == text


def test_a_district_before_a_list_of_names_stays_and_the_names_go() -> None:
    text = "Alla tre spelar i Djurgården, Otto, Vilgot och Majken."
    assert Pseudonymiser().apply(text) == "Alla tre spelar i Djurgården, [NAMN], [NAMN] och [NAMN]."


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # how a person is doing
        ("Kim har det bättre nu.", "[NAMN] har det bättre nu."),
        ("Jack is doing fine.", "[NAMN] is doing fine."),
        # a name that is also a word, referred to by "hon"/"she" in the next sentence
        (
            "Rut har blivit modigare. Hon pratar i klassen.",
            "[NAMN] har blivit modigare. Hon pratar i klassen.",
        ),
        # a person's verb
        ("Hamse trivs bättre på nya skolan.", "[NAMN] trivs bättre på nya skolan."),
    ],
)
def test_a_name_first_in_the_answer_is_told_by_how_the_person_is(text: str, shown: str) -> None:
    assert Pseudonymiser().apply(text) == shown


def test_a_pronoun_in_the_same_sentence_does_not_make_a_word_a_name() -> None:
    text = "Corona gjorde allt värre, han vande sig vid att vara hemma."
    assert Pseudonymiser().apply(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # a known first name, then a surname that is a short everyday word
        ("Jag pratade med Maja Sand om schemat.", "Jag pratade med [NAMN] om schemat."),
        ("Vi träffade rektor, Ebba Grön, i går.", "Vi träffade rektor, [NAMN], i går."),
        ("Maja Sand ringde i morse.", "[NAMN] ringde i morse."),
        ("Lisa Strand och Amir Sten kom.", "[NAMN] och [NAMN] kom."),
        ("Our contact was Julia Frost.", "Our contact was [NAMN]."),
    ],
)
def test_a_surname_that_is_an_everyday_word_goes_with_the_first_name(text: str, shown: str) -> None:
    assert Pseudonymiser().apply(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "Vi stod i kö till Maria Ungdom länge.",
        "Vi möttes vid Maria Torg efter skolan.",
        "Han spelar Mario Kart hela kvällarna.",
    ],
)
def test_a_first_name_that_opens_a_place_or_a_game_stays(text: str) -> None:
    assert Pseudonymiser().apply(text) == text
