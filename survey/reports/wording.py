"""The report's fixed wording in Swedish and English, and its number formats.

Kept apart from the renderers so Markdown, HTML and Word say exactly the same thing, and so
a test can check that both languages hold the same keys. Respondent text never passes
through here: it arrives in the report's language already. Numbers go through
`survey.formatting` (Babel), rounded half up first, as people round by hand.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from survey import formatting

LANGUAGES = ("sv", "en")

TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "generated": "Rapporten skapades {date}.",
        "sources": "Underlag: {sources}.",
        "respondents_n": "{n} svarande",
        "contents": "Innehåll",
        "evaluation_title": "Utvärdering: {surveys}",
        "and": " och ",
        "or": " eller ",
        "summary": "Sammanfattning",
        "summary_respondents": "{n} personer svarade.",
        "summary_successes": "Framgångsfaktorer som flest tog upp",
        "summary_challenges": "Utmaningar som flest tog upp",
        "summary_highlight": "{count} av {of}: {question} ({answers}).",
        "summary_nothing": "Inga svar att sammanfatta ännu.",
        "summary_shared": "Teman som återkommer i flera enkäter",
        "method": "Metod",
        "method_intro": (
            "Underlaget är enkätsvar. Slutna frågor redovisas som fördelningar; öppna svar "
            "har kodats tematiskt i framgångsfaktorer, utmaningar och övriga iakttagelser."
        ),
        "method_questionnaire": "Enkät: {title}, version {version}.",
        "method_period": "Svarsperiod: {period}.",
        "method_invited": (
            "{invited} personer bjöds in, {started} påbörjade enkäten och {completed} "
            "slutförde den. Svarsfrekvensen blev {rate}."
        ),
        "method_public": (
            "Enkäten spreds via en öppen länk, så antalet inbjudna och svarsfrekvensen är "
            "okända. {started} påbörjade enkäten och {completed} slutförde den."
        ),
        "method_rate_caption": "Svarsfrekvens per grupp",
        "method_coders": "Svaren kodades av: {coders}.",
        "method_no_coders": "Ingen kodare finns registrerad; siffrorna bygger på förslag.",
        "method_double": (
            "Dubbelkodning (urval ”{sample}”): {units} av urvalets {answers} svar kodades av "
            "{coders} kodare var för sig."
        ),
        "method_sample_open": "Alla kodare har ännu inte kodat hela urvalet.",
        "method_no_double": (
            "Ingen dubbelkodning gjordes, så det finns inget mått på hur samstämmigt svaren "
            "kodades."
        ),
        "method_percent": "Andel där kodarna var överens: {value}.",
        "method_kappa": "Cohens kappa (κ): {value}.",
        "method_alpha": "Krippendorffs alfa (α): {value}.",
        "method_no_kappa": "Cohens kappa anges bara när exakt två kodare har kodat.",
        "method_coding": "Så kodades de öppna svaren",
        "method_coding_text": (
            "Utvärderarna kodade svaren med en kodbok av teman. Den automatiska analysen "
            "föreslog teman som en person godkände eller avvisade; en fråga som ingen har "
            "kodat redovisas från förslagen och är markerad. Varje siffra räknar "
            "respondenter, inte omnämnanden."
        ),
        "method_privacy_text": (
            "Citaten är korta utdrag, avidentifierade (namn, personnummer, telefonnummer "
            "med mera ersatta med [NAMN] och liknande), och varje svar citeras under högst "
            "ett tema. Grupper med färre än fem svarande slås ihop och citeras inte. Svar på "
            "bakgrundsfrågor (arbetsplats, roll) citeras aldrig och ingår inte i ordmoln. "
            "Ordmoln ritas bara där minst fem har svarat."
        ),
        "percent_note": "Andelarna är räknade på de svarande som besvarade frågan.",
        "group": "Grupp",
        "completed": "Slutförda",
        "invited": "Inbjudna",
        "started": "Påbörjade",
        "rate": "Svarsfrekvens",
        "answered": "n = {n}.",
        "condition": "Frågan ställdes till de {eligible} som svarade {answers}.",
        "background_note": (
            "Bakgrundsfråga: svaren redovisas inte, eftersom de kan peka ut vem som svarat."
        ),
        "unreviewed_marker": (
            "Siffrorna för den här frågan bygger på den automatiska kodningens förslag, som "
            "ingen har granskat ännu. Läs dem som preliminära."
        ),
        "no_themes": "Inga teman har kodats för den här frågan.",
        "none_in_stance": "Inga teman av det här slaget kodades.",
        "no_rows": "Inga kodade teman att visa ännu.",
        "no_answers": "Ingen har besvarat frågan.",
        "cloud": "Ordmoln",
        "cloud_caption": (
            "De vanligaste orden i svaren, i grundform och utan vanliga småord. Ju större ord, "
            "desto oftare förekommer det."
        ),
        "successes": "Framgångsfaktorer",
        "challenges": "Utmaningar",
        "neutral": "Övriga iakttagelser",
        "theme": "Tema",
        "count": "Antal",
        "share": "Andel",
        "quotes": "Citat",
        "answer": "Svar",
        "statement": "Påstående",
        "mean": "Medel",
        "range": "{first}–{last}",
        "likert_heading": "Fråga {numbers}",
        "likert_note": (
            "Varje cell visar antal och andel av dem som tog ställning; ”vet inte” räknas "
            "för sig och ingår inte i andelarna. Medel på skalan 1–5."
        ),
        "shares_of": "Andelarna är räknade på de {n} som tog ställning.",
        "dont_know_note": "”{label}” visas för sig och ingår inte i andelarna.",
        "multi_note": "Flera svar kunde väljas, så andelarna summerar till mer än 100 %.",
        "number_summary": "Medelvärde {mean}, median {median}, lägst {low}, högst {high}.",
        "split_by": "{by}",
        "split_caption": "Fråga {number} per grupp ({by}): andel av dem som tog ställning.",
        "axis_respondents": "Antal respondenter",
        "axis_percent": "Andel av dem som tog ställning (%)",
        "across": "Genom alla frågor",
        "by_group": "Teman per grupp ({attribute})",
        "by_group_note": "Varje cell visar antal respondenter och andel av gruppens respondenter.",
        "merged_note": "Grupper med få svarande har slagits ihop för att skydda anonymiteten: {groups}.",
        "cooccurrence": "Teman som nämns tillsammans",
        "cooccurrence_note": "Antal respondenter som tog upp båda temana.",
        "respondents": "Respondenter",
        "no_cooccurrence": "Inga teman nämndes tillsammans av samma respondent.",
        "theme_clouds": "Ordmoln per tema",
        "discovered": "Möjliga nya teman (ej granskade)",
        "discovered_note": (
            "Den automatiska analysen har hittat ord som återkommer i svar som inget tema "
            "täcker. Ingen har granskat dem ännu, och de ingår inte i siffrorna ovan."
        ),
        "discovered_item": "Ord: {terms} ({answers} svar)",
        "results": "Resultat",
        "results_of": "Resultat: {title}",
        "results_intro": "{n} personer svarade. Frågorna redovisas i enkätens ordning.",
        "comparison": "Jämförelse mellan enkäterna",
        "comparison_intro": (
            "Här jämförs de teman och påståenden som återkommer i mer än en enkät: mellan "
            "grupper av svarande, eller mellan en första mätning och en uppföljning."
        ),
        "comparison_themes": "Teman som återkommer",
        "comparison_themes_note": (
            "Antal respondenter som tog upp temat, och andel av dem som besvarade någon "
            "öppen fråga i enkäten."
        ),
        "comparison_items": "Påståenden som återkommer",
        "comparison_items_note": (
            "Andel som instämmer (de två högsta svarsalternativen) av dem som tog ställning. "
            "Förändringen är i procentenheter från den första enkäten till den sista."
        ),
        "comparison_nothing": "Enkäterna har inga teman eller påståenden gemensamt.",
        "of_n": "{count} av {of} ({share})",
        "points": "{value} procentenheter",
        "change": "Förändring",
        "appendix": "Bilagor",
        "appendix_questions": "Bilaga 1: Enkätfrågorna",
        "appendix_sources": "Bilaga 2: Vad siffrorna räknar",
        "appendix_intro": (
            "Varje siffra i rapporten räknar respondenter. Tabellen visar varifrån kodningarna "
            "bakom dem kommer: kodade av en person, förslag som en person har godkänt, eller "
            "förslag som ingen har granskat."
        ),
        "appendix_condition": "Visas om fråga {number} besvarats med {answers}.",
        "number": "Nr",
        "answer_format": "Svarsformat",
        "kind_likert": "Skala 1–5 ({first} … {last})",
        "kind_single": "Ett svar",
        "kind_multi": "Flera svar",
        "kind_number": "Tal",
        "kind_open": "Öppet svar",
        "kind_background": "bakgrundsfråga, redovisas inte",
        "question": "Fråga",
        "human": "Kodat av person",
        "accepted": "Godkända förslag",
        "unreviewed": "Ej granskade förslag",
        "total": "Totalt",
        "notes": "Anteckningar",
        "stance_success": "Framgångsfaktor",
        "stance_challenge": "Utmaning",
        "stance_neutral": "Övrigt",
        "quote_open": "”",
        "quote_close": "”",
        "figure_bars": "Stapeldiagram",
        "figure_likert": "Staplat stapeldiagram",
        "figure_cloud": "Ordmoln",
    },
    "en": {
        "generated": "Report generated {date}.",
        "sources": "Sources: {sources}.",
        "respondents_n": "{n} respondents",
        "contents": "Contents",
        "evaluation_title": "Evaluation: {surveys}",
        "and": " and ",
        "or": " or ",
        "summary": "Summary",
        "summary_respondents": "{n} people answered.",
        "summary_successes": "Success factors raised by most",
        "summary_challenges": "Challenges raised by most",
        "summary_highlight": "{count} of {of}: {question} ({answers}).",
        "summary_nothing": "No answers to summarise yet.",
        "summary_shared": "Themes that recur across questionnaires",
        "method": "Method",
        "method_intro": (
            "The material is questionnaire answers. Closed questions are reported as "
            "distributions; open answers were coded thematically into success factors, "
            "challenges and other observations."
        ),
        "method_questionnaire": "Questionnaire: {title}, version {version}.",
        "method_period": "Response period: {period}.",
        "method_invited": (
            "{invited} people were invited, {started} started the questionnaire and "
            "{completed} completed it. The response rate was {rate}."
        ),
        "method_public": (
            "The questionnaire was shared through a public link, so the number invited and the "
            "response rate are unknown. {started} started the questionnaire and {completed} "
            "completed it."
        ),
        "method_rate_caption": "Response rate by group",
        "method_coders": "The answers were coded by: {coders}.",
        "method_no_coders": "No coder is recorded; the figures rest on suggestions.",
        "method_double": (
            "Double coding (sample “{sample}”): {units} of the sample's {answers} answers were "
            "coded separately by {coders} coders."
        ),
        "method_sample_open": "Not every coder has coded the whole sample yet.",
        "method_no_double": (
            "No double coding was done, so there is no measure of how consistently the answers "
            "were coded."
        ),
        "method_percent": "Share where the coders agreed: {value}.",
        "method_kappa": "Cohen's kappa (κ): {value}.",
        "method_alpha": "Krippendorff's alpha (α): {value}.",
        "method_no_kappa": "Cohen's kappa is given only when exactly two coders coded.",
        "method_coding": "How the open answers were coded",
        "method_coding_text": (
            "The evaluators coded the answers with a codebook of themes. The automatic "
            "analysis suggested themes that a person accepted or rejected; a question nobody "
            "has coded is reported from the suggestions and marked so. Every figure counts "
            "respondents, not mentions."
        ),
        "method_privacy_text": (
            "Quotes are short extracts, de-identified (names, identity numbers, phone numbers "
            "and the like replaced by [NAMN] and similar), and each answer is quoted under one "
            "theme at most. Groups with fewer than five respondents are merged and never "
            "quoted. Answers to background questions (workplace, role) are never quoted and "
            "never enter word clouds. Word clouds are drawn only where at least five answered."
        ),
        "percent_note": "Percentages are of the respondents who answered the question.",
        "group": "Group",
        "completed": "Completed",
        "invited": "Invited",
        "started": "Started",
        "rate": "Response rate",
        "answered": "n = {n}.",
        "condition": "Asked of the {eligible} who answered {answers}.",
        "background_note": (
            "Background question: the answers are not reported, as they could identify the "
            "respondent."
        ),
        "unreviewed_marker": (
            "The figures for this question rest on the automatic coding's suggestions, which "
            "nobody has reviewed yet. Read them as preliminary."
        ),
        "no_themes": "No themes have been coded for this question.",
        "none_in_stance": "No themes of this kind were coded.",
        "no_rows": "No coded themes to show yet.",
        "no_answers": "Nobody answered the question.",
        "cloud": "Word cloud",
        "cloud_caption": (
            "The most frequent words in the answers, in their base form and without common "
            "function words. The larger the word, the more often it occurs."
        ),
        "successes": "Success factors",
        "challenges": "Challenges",
        "neutral": "Other observations",
        "theme": "Theme",
        "count": "Respondents",
        "share": "Share",
        "quotes": "Quotes",
        "answer": "Answer",
        "statement": "Statement",
        "mean": "Mean",
        "range": "{first}–{last}",
        "likert_heading": "Questions {numbers}",
        "likert_note": (
            "Each cell shows the number and share of those who took a position; “don't know” "
            "is counted apart and left out of the shares. Mean on the 1–5 scale."
        ),
        "shares_of": "Shares are of the {n} who took a position.",
        "dont_know_note": "“{label}” is shown apart and left out of the shares.",
        "multi_note": "Several answers could be chosen, so shares add up to more than 100%.",
        "number_summary": "Mean {mean}, median {median}, lowest {low}, highest {high}.",
        "split_by": "{by}",
        "split_caption": "Question {number} by group ({by}): share of those who took a position.",
        "axis_respondents": "Number of respondents",
        "axis_percent": "Share of those who took a position (%)",
        "across": "Across the questions",
        "by_group": "Themes by group ({attribute})",
        "by_group_note": "Each cell shows respondents and the share of the group's respondents.",
        "merged_note": "Groups with few respondents were merged to protect anonymity: {groups}.",
        "cooccurrence": "Themes raised together",
        "cooccurrence_note": "Number of respondents who raised both themes.",
        "respondents": "Respondents",
        "no_cooccurrence": "No two themes were raised by the same respondent.",
        "theme_clouds": "Word clouds by theme",
        "discovered": "Possible new themes (unreviewed)",
        "discovered_note": (
            "The automatic analysis found words that recur in answers no theme covers. Nobody "
            "has reviewed them yet, and they are not part of the figures above."
        ),
        "discovered_item": "Words: {terms} ({answers} answers)",
        "results": "Results",
        "results_of": "Results: {title}",
        "results_intro": "{n} people answered. The questions follow the questionnaire's order.",
        "comparison": "Comparison between the questionnaires",
        "comparison_intro": (
            "The themes and statements that recur in more than one questionnaire, compared: "
            "between groups of respondents, or between a baseline and a follow-up."
        ),
        "comparison_themes": "Recurring themes",
        "comparison_themes_note": (
            "Respondents who raised the theme, and their share of those who answered any open "
            "question in the questionnaire."
        ),
        "comparison_items": "Recurring statements",
        "comparison_items_note": (
            "Share who agree (the two highest answers) of those who took a position. The "
            "change is in percentage points from the first questionnaire to the last."
        ),
        "comparison_nothing": "The questionnaires share no themes or statements.",
        "of_n": "{count} of {of} ({share})",
        "points": "{value} percentage points",
        "change": "Change",
        "appendix": "Appendices",
        "appendix_questions": "Appendix 1: The questions",
        "appendix_sources": "Appendix 2: What the figures count",
        "appendix_intro": (
            "Every figure in the report counts respondents. The table shows where the codings "
            "behind them come from: coded by a person, suggestions a person accepted, or "
            "suggestions nobody has reviewed."
        ),
        "appendix_condition": "Shown if question {number} was answered {answers}.",
        "number": "No.",
        "answer_format": "Answer format",
        "kind_likert": "Scale 1–5 ({first} … {last})",
        "kind_single": "One answer",
        "kind_multi": "Several answers",
        "kind_number": "Number",
        "kind_open": "Open answer",
        "kind_background": "background question, not reported",
        "question": "Question",
        "human": "Coded by a person",
        "accepted": "Accepted suggestions",
        "unreviewed": "Unreviewed suggestions",
        "total": "Total",
        "notes": "Notes",
        "stance_success": "Success factor",
        "stance_challenge": "Challenge",
        "stance_neutral": "Other",
        "quote_open": "“",
        "quote_close": "”",
        "figure_bars": "Bar chart",
        "figure_likert": "Stacked bar chart",
        "figure_cloud": "Word cloud",
    },
}


# Respondent attributes as imports and invitation lists name them, in the report's words.
ATTRIBUTES: dict[str, dict[str, str]] = {
    "sv": {
        "district": "stadsdel", "stadsdel": "stadsdel", "role": "roll", "roll": "roll",
        "school": "skola", "skola": "skola", "gender": "kön", "kön": "kön",
        "grade": "årskurs", "årskurs": "årskurs", "group": "grupp", "grupp": "grupp",
    },
    "en": {
        "district": "district", "stadsdel": "district", "role": "role", "roll": "role",
        "school": "school", "skola": "school", "gender": "gender", "kön": "gender",
        "grade": "school year", "årskurs": "school year", "group": "group", "grupp": "group",
    },
}  # fmt: skip


def attribute(name: str, lang: str) -> str:
    """A respondent attribute's name in the report's language, when it is a known one."""
    return ATTRIBUTES.get(lang, ATTRIBUTES["sv"]).get(name.strip().lower(), name)


def text(key: str, lang: str, **values: object) -> str:
    """The wording for `key` in `lang` (Swedish when the language is unknown), filled in.

    An unknown key raises: a report with a missing heading should fail in the tests, not
    print a key to a steering group.
    """
    wording = TEXT.get(lang, TEXT["sv"])[key]
    return wording.format(**values) if values else wording


def _half_up(value: float, decimals: int) -> Decimal:
    """Half up, as people round by hand (12.5 → 13), not Python's round-half-even."""
    step = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP) + 0


def number(value: float | int, lang: str) -> str:
    """A whole number with the language's grouping ("1 234" / "1,234")."""
    return formatting.number(int(_half_up(value, 0)), lang)


def decimal(value: float, lang: str, decimals: int = 2, signed: bool = False) -> str:
    """A decimal number with a decimal comma in Swedish and a point in English; a minus
    sign, not a hyphen; with `signed`, a plus sign on a rise."""
    rounded = _half_up(value, decimals)
    shown = formatting.number(float(abs(rounded)), lang, decimals)
    if rounded < 0:
        return "−" + shown
    return ("+" + shown) if signed and rounded > 0 else shown


def percent(value: float, lang: str, decimals: int = 0) -> str:
    """A percentage of 0–100: "42 %" in Swedish, "42%" in English."""
    return formatting.percent(float(_half_up(value, decimals)) / 100, lang, decimals)
