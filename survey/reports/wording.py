"""The report's fixed wording in Swedish and English, and its number formats.

Kept apart from the renderers so Markdown, HTML and Word say exactly the same thing, and so
a test can check that both languages hold the same keys. Respondent text never passes
through here: it arrives in the report's language already.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = ("sv", "en")

TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "generated": "Rapporten skapades {date}.",
        "method": "Metod",
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
        "method_double": "{n} svar dubbelkodades, det vill säga kodades av två personer var för sig.",
        "method_no_double": (
            "Ingen dubbelkodning gjordes, så det finns inget mått på hur samstämmigt svaren "
            "kodades."
        ),
        "method_percent": "Andel där kodarna var överens: {value}.",
        "method_kappa": "Cohens kappa (κ): {value}.",
        "method_alpha": "Krippendorffs alfa (α): {value}.",
        "percent_note": "Andelarna är räknade på de svarande som besvarade frågan.",
        "group": "Grupp",
        "completed": "Slutförda",
        "invited": "Inbjudna",
        "started": "Påbörjade",
        "rate": "Svarsfrekvens",
        "answered": "n = {n}.",
        "unreviewed_marker": (
            "Siffrorna för den här frågan bygger på den automatiska kodningens förslag, som "
            "ingen har granskat ännu. Läs dem som preliminära."
        ),
        "no_themes": "Inga teman har kodats för den här frågan.",
        "none_in_stance": "Inga teman av det här slaget kodades.",
        "no_rows": "Inga kodade teman att visa ännu.",
        "bar_caption": "Teman i svaren, efter antal respondenter",
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
        "quotes": "Typiska citat",
        "axis_respondents": "Antal respondenter",
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
        "examples": "Exempel",
        "appendix": "Bilaga: Vad siffrorna räknar",
        "appendix_intro": (
            "Varje siffra i rapporten räknar respondenter. Tabellen visar varifrån kodningarna "
            "bakom dem kommer: kodade av en person, förslag som en person har godkänt, eller "
            "förslag som ingen har granskat."
        ),
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
        "figure_cloud": "Ordmoln",
    },
    "en": {
        "generated": "Report generated {date}.",
        "method": "Method",
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
        "method_double": "{n} answers were double-coded, that is coded by two people separately.",
        "method_no_double": (
            "No double coding was done, so there is no measure of how consistently the answers "
            "were coded."
        ),
        "method_percent": "Share where the coders agreed: {value}.",
        "method_kappa": "Cohen's kappa (κ): {value}.",
        "method_alpha": "Krippendorff's alpha (α): {value}.",
        "percent_note": "Percentages are of the respondents who answered the question.",
        "group": "Group",
        "completed": "Completed",
        "invited": "Invited",
        "started": "Started",
        "rate": "Response rate",
        "answered": "n = {n}.",
        "unreviewed_marker": (
            "The figures for this question rest on the automatic coding's suggestions, which "
            "nobody has reviewed yet. Read them as preliminary."
        ),
        "no_themes": "No themes have been coded for this question.",
        "none_in_stance": "No themes of this kind were coded.",
        "no_rows": "No coded themes to show yet.",
        "bar_caption": "Themes in the answers, by number of respondents",
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
        "quotes": "Typical quotes",
        "axis_respondents": "Number of respondents",
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
        "examples": "Examples",
        "appendix": "Appendix: What the figures count",
        "appendix_intro": (
            "Every figure in the report counts respondents. The table shows where the codings "
            "behind them come from: coded by a person, suggestions a person accepted, or "
            "suggestions nobody has reviewed."
        ),
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
        "figure_cloud": "Word cloud",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    """The wording for `key` in `lang` (Swedish when the language is unknown), filled in.

    An unknown key raises: a report with a missing heading should fail in the tests, not
    print a key to a steering group.
    """
    wording = TEXT.get(lang, TEXT["sv"])[key]
    return wording.format(**values) if values else wording


def _rounded(value: float, decimals: int) -> str:
    """Half up, as people round by hand (12.5 → 13), not Python's round-half-even."""
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    return f"{rounded + 0:.{decimals}f}".replace("-", "−")  # + 0 turns −0 into 0


def decimal(value: float, lang: str, decimals: int = 2) -> str:
    """A decimal number with a decimal comma in Swedish and a point in English."""
    shown = _rounded(value, decimals)
    return shown.replace(".", ",") if lang == "sv" else shown


def percent(value: float, lang: str, decimals: int = 0) -> str:
    """A percentage (0–100): "42 %" in Swedish, "42%" in English."""
    return (
        f"{decimal(value, lang, decimals)} %"
        if lang == "sv"
        else f"{decimal(value, lang, decimals)}%"
    )
