"""A report leaves the tool as Markdown, HTML, Word and a ZIP: every heading, count and
quote is there in the report's language, respondent text can neither break a table nor
inject markup, the figures print in grayscale, and a failed write leaves nothing behind."""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import markdown
import numpy
import pytest
from docx import Document
from lxml import html as lxml_html
from PIL import Image

from survey.reports import figures as report_figures
from survey.reports.figures import BAR_STYLE, bar_chart, draw_all, gray_color, word_cloud
from survey.reports.model import (
    Agreement,
    Counted,
    Discovered,
    GroupTable,
    Method,
    OpenQuestion,
    Quote,
    Report,
    Source,
    SurveyReport,
    ThemeRow,
)
from survey.reports.render import (
    escape_markdown,
    markdown_text,
    write_bundle,
    write_docx,
    write_html,
    write_markdown,
)
from survey.reports.wording import TEXT, decimal, number, percent, text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NASTY_LABEL = "Samordning | mandat *över* förvaltnings_gränserna"
NASTY_QUOTE = (
    "Ingen hade mandat | alla väntade *på* någon annan _ # `kod` "
    "<script>alert(1)</script> <img src=x onerror=alert(1)>"
)


def theme(
    key: str,
    label: str,
    respondents: int,
    answered: int,
    stance: str,
    quotes: tuple[Quote, ...],
) -> ThemeRow:
    return ThemeRow(
        key=key,
        label=label,
        color="#336699",
        respondents=respondents,
        percent=100 * respondents / answered,
        stance=stance,
        by_stance={stance: respondents},
        quotes=quotes,
        terms=("samverkan",),
        counted=Counted(human=respondents),
    )


SAMVERKAN = theme(
    "samverkan",
    "Samverkan skola–socialtjänst",
    4,
    6,
    "success",
    (
        Quote("Skolan och socialtjänsten satt äntligen vid samma bord.", "Järva"),
        Quote("Vi kunde ta beslut direkt på mötet i stället för att vänta.", "Kungsholmen"),
    ),
)
TEAMET = theme(
    "team",
    "Det tvärprofessionella teamet och dess gemensamma förhållningssätt",
    3,
    6,
    "success",
    (Quote("Familjebehandlare och skolpsykolog kompletterade varandra.", "Kungsholmen"),),
)
TID = theme(
    "tid",
    "Tid och bemanning",
    1,
    6,
    "challenge",
    (Quote("Ärendemängden växte snabbare än teamet.", "Järva"),),
)
MANDAT = theme("mandat", NASTY_LABEL, 3, 5, "challenge", (Quote(NASTY_QUOTE, "Järva"),))
TID_2 = theme(
    "tid",
    "Tid och bemanning",
    2,
    5,
    "challenge",
    (Quote("Det saknades en gemensam arbetsplats och digitala verktyg.", "Kungsholmen"),),
)
FORALDRASTOD = theme(
    "foraldrar",
    "Föräldrastöd",
    1,
    5,
    "neutral",
    (Quote("Vårdnadshavarna behövde stöd i små steg.", "Järva"),),
)

FRAMGANG = OpenQuestion(
    qid="framgang",
    number=1,
    text="Vilken har varit den största framgångsfaktorn i SST plus?",
    answered=6,
    successes=(SAMVERKAN, TEAMET),
    challenges=(TID,),
    neutral=(),
    word_weights={"samverkan": 5.0, "team": 4.0, "kartläggning": 3.0, "närvaro": 2.5, "hem": 1.0},
)
UTMANING = OpenQuestion(
    qid="utmaning",
    number=2,
    text="Vilken har varit den största utmaningen?",
    answered=5,
    successes=(),
    challenges=(MANDAT, TID_2),
    neutral=(FORALDRASTOD,),
    word_weights={"mandat": 4.0, "samordning": 3.0, "förvaltning": 2.0, "lokal": 1.0},
    unreviewed=True,
)
OVRIGT = OpenQuestion(
    qid="ovrigt",
    number=3,
    text="Har du något mer att tillägga?",
    answered=0,
    successes=(),
    challenges=(),
    neutral=(),
    word_weights={},
)

PART = SurveyReport(
    slug="chefer",
    title="Chefsenkät om SST plus",
    audience="managers",
    method=Method(
        questionnaire="Chefsenkät SST plus",
        version=2,
        period="1 april 2025 – 30 april 2025",
        invited=8,
        started=7,
        completed=6,
        rate_by_group=(("Järva", 3, 4), ("Kungsholmen", 3, 4)),
        coders=("anna.berg@example.se", "Bo Lind"),
        agreement=Agreement(
            sample="Vårens urval",
            answers=7,
            units=6,
            coders=2,
            percent=0.833,
            kappa=0.71,
            alpha=0.702,
            complete=True,
            reading="α = 0,702: godtagbar för preliminära slutsatser",
        ),
    ),
    items=(FRAMGANG, UTMANING, OVRIGT),
    groups=GroupTable(
        attribute="stadsdel",
        groups=("Järva", "Kungsholmen", "Övriga"),
        group_sizes=(3, 2, 1),
        rows=(("Samverkan skola–socialtjänst", (2, 2, 0)), (NASTY_LABEL, (2, 0, 1))),
        merged=("Norrmalm",),
    ),
    cooccurrence=(("Samverkan skola–socialtjänst", "Tid och bemanning", 2),),
    discovered=(
        Discovered(
            terms=("lokal", "neutral", "mötesplats"),
            examples=("Vi saknade en neutral lokal att träffa familjerna i.",),
            answers=2,
        ),
    ),
    sources=(
        Source("1. Vilken har varit den största framgångsfaktorn?", Counted(human=4)),
        Source("2. Vilken har varit den största utmaningen?", Counted(unreviewed=3)),
    ),
    respondents=7,
    open_respondents=6,
    successes=(("Samverkan skola–socialtjänst", 4),),
    challenges=(("Tid och bemanning", 3),),
    theme_cloud={
        "Samverkan skola–socialtjänst": {"samverkan": 3.0, "möte": 2.0, "beslut": 1.0},
        "Tid och bemanning": {"ärendemängd": 2.0, "tid": 1.5},
    },
)

REPORT = Report(
    lang="sv",
    title="Chefsenkät om SST plus",
    generated="12 maj 2025",
    surveys=(PART,),
    notes=("Norrmalm slogs ihop med Övriga eftersom gruppen hade färre än fem svarande.",),
)


def _with(**fields: object) -> Report:
    """REPORT with its survey's fields replaced."""
    return replace(REPORT, surveys=(replace(PART, **fields),))


def _cells(line: str) -> list[str]:
    """A Markdown table row's cells, splitting only on pipes that are not escaped."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _row(source: str, label: str) -> list[str]:
    first = escape_markdown(label)
    return next(
        _cells(line)
        for line in source.splitlines()
        if line.startswith("|") and _cells(line)[0] == first
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One Swedish bundle, unpacked, shared by the tests that only read it."""
    folder = tmp_path_factory.mktemp("report")
    bundle = write_bundle(REPORT, folder / "rapport.zip")
    unpacked = folder / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)
    return {
        "zip": bundle,
        "md": unpacked / "report.md",
        "html": unpacked / "report.html",
        "docx": unpacked / "report.docx",
        "figures": unpacked / "figures",
    }


def test_both_languages_have_the_same_wording_keys() -> None:
    assert TEXT["sv"].keys() == TEXT["en"].keys()
    assert text("answered", "sv", n=6) == "n = 6."


def test_numbers_follow_the_language() -> None:
    assert percent(41.6, "sv") == "42\u00a0%"  # a no-break space: "42 %" stays together
    assert percent(41.6, "en") == "42%"
    assert percent(12.5, "sv") == "13\u00a0%"  # half up, as people round
    assert percent(87.25, "sv", 1) == "87,3\u00a0%"
    assert number(1234, "sv") == "1\u00a0234" and number(1234, "en") == "1,234"
    assert decimal(-0.5, "sv", 1) == "−0,5" and decimal(0.73, "en") == "0.73"


def test_markdown_has_every_heading(rendered: dict[str, Path]) -> None:
    source = rendered["md"].read_text(encoding="utf-8")
    headings = [line for line in source.splitlines() if line.startswith("#")]
    for expected in (
        "# Chefsenkät om SST plus",
        "## Sammanfattning",
        "## Metod",
        "### Så kodades de öppna svaren",
        "## Resultat",
        "### Fråga 1: Vilken har varit den största framgångsfaktorn i SST plus?",
        "### Fråga 2: Vilken har varit den största utmaningen?",
        "### Fråga 3: Har du något mer att tillägga?",
        "#### Framgångsfaktorer",
        "#### Utmaningar",
        "#### Övriga iakttagelser",
        "#### Ordmoln",
        "### Genom alla frågor",
        "#### Teman per grupp (stadsdel)",
        "#### Teman som nämns tillsammans",
        "#### Ordmoln per tema",
        "#### Möjliga nya teman (ej granskade)",
        "## Bilagor",
        "### Bilaga 1: Enkätfrågorna",
        "### Bilaga 2: Vad siffrorna räknar",
        "### Anteckningar",
    ):
        assert expected in headings, expected
    assert "Rapporten skapades 12 maj 2025." in source
    order = [
        source.index(h) for h in ("## Sammanfattning", "## Metod", "## Resultat", "## Bilagor")
    ]
    assert order == sorted(order)


def test_markdown_shows_each_themes_count_and_share(rendered: dict[str, Path]) -> None:
    source = rendered["md"].read_text(encoding="utf-8")
    assert _row(source, "Samverkan skola–socialtjänst")[1:3] == ["4", "67\u00a0%"]
    assert _row(source, TEAMET.label)[1:3] == ["3", "50\u00a0%"]
    assert _row(source, NASTY_LABEL)[1:3] == ["3", "60\u00a0%"]
    assert _row(source, "Föräldrastöd")[1:3] == ["1", "20\u00a0%"]
    tid = [
        _cells(line)[1:3]
        for line in source.splitlines()
        if line.startswith("| Tid och bemanning |")
    ]
    assert tid == [["1", "17\u00a0%"], ["2", "40\u00a0%"]]


def test_markdown_quotes_carry_the_respondents_group(rendered: dict[str, Path]) -> None:
    source = rendered["md"].read_text(encoding="utf-8")
    assert "*”Skolan och socialtjänsten satt äntligen vid samma bord.”* (Järva)" in source
    assert "*”Vi kunde ta beslut direkt på mötet i stället för att vänta.”* (Kungsholmen)" in source


def test_method_reports_response_rate_coders_and_agreement(rendered: dict[str, Path]) -> None:
    source = rendered["md"].read_text(encoding="utf-8")
    assert "8 personer bjöds in, 7 påbörjade enkäten och 6 slutförde den." in source
    assert "Svarsfrekvensen blev 75\u00a0%." in source
    assert _row(source, "Järva")[1:] == ["3", "4", "75\u00a0%"]
    assert "anna.berg@example.se, Bo Lind" in source
    assert "urval ”Vårens urval”): 6 av urvalets 7 svar kodades av 2 kodare" in source
    assert "Andel där kodarna var överens: 83\u00a0%." in source
    assert "Cohens kappa (κ): 0,71." in source
    assert "Krippendorffs alfa (α): 0,702." in source
    three = _with(
        method=replace(PART.method, agreement=replace(PART.method.agreement, coders=3, kappa=None))
    )
    source = markdown_text(draw_all(three, rendered["figures"].parent / "tre"))
    assert "Cohens kappa (κ):" not in source and "bara när exakt två kodare" in source


def test_an_uncoded_survey_says_so_instead_of_showing_empty_tables(tmp_path: Path) -> None:
    method = replace(PART.method, agreement=None, invited=None)
    report = _with(
        method=method,
        items=(OVRIGT,),
        groups=replace(PART.groups, rows=()),
        cooccurrence=(),
        sources=(),
        theme_cloud={},
    )
    source = write_markdown(report, tmp_path).read_text(encoding="utf-8")
    assert "Ingen dubbelkodning gjordes" in source
    assert "öppen länk" in source
    assert "| Grupp | Slutförda | Påbörjade | Svarsfrekvens |" in source
    assert "Inga teman har kodats för den här frågan." in source
    assert "Genom alla frågor" not in source, "no empty cross-question section"
    assert "| Tema |" not in source


def test_unreviewed_sections_are_marked(rendered: dict[str, Path]) -> None:
    source = rendered["md"].read_text(encoding="utf-8")
    question_two = source.split("### Fråga 2")[1].split("### Fråga 3")[0]
    question_one = source.split("### Fråga 1")[1].split("### Fråga 2")[0]
    assert "> **Ej granskade förslag:**" in question_two
    assert "Ej granskade förslag" not in question_one


def test_table_rows_keep_their_columns_despite_pipes_in_text(rendered: dict[str, Path]) -> None:
    source = rendered["md"].read_text(encoding="utf-8")
    for table in re.findall(r"(?:^\|.*\n)+", source, flags=re.MULTILINE):
        widths = {len(_cells(line)) for line in table.splitlines()}
        assert len(widths) == 1, table
    page = lxml_html.fromstring(rendered["html"].read_text(encoding="utf-8"))
    for table in page.iter("table"):
        widths = {len(row.findall("th")) + len(row.findall("td")) for row in table.iter("tr")}
        assert len(widths) == 1
    first_cells = [td.text_content() for td in page.xpath("//td[1]")]
    assert NASTY_LABEL in first_cells


def test_escaped_text_renders_exactly_as_written() -> None:
    for raw in (
        NASTY_QUOTE,
        "1. inte en lista",
        "- inte heller",
        "[länk](javascript:alert(1)) ![bild](x.png)",
        "&lt; redan en entitet &amp; &#60; och R&D",
        "**fet** __fet__ ~~struken~~ {: onclick=alert(1)} \\ snedstreck",
        "# ingen rubrik",
    ):
        rendered = markdown.markdown(escape_markdown(raw), extensions=["tables"])
        assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
        assert html.unescape(rendered[3:-4]) == raw


def test_html_shows_respondent_markup_as_text_not_tags(rendered: dict[str, Path]) -> None:
    source = rendered["html"].read_text(encoding="utf-8")
    assert "<script" not in source.lower()
    page = lxml_html.fromstring(source)
    assert not page.xpath("//script | //iframe | //object")
    for element in page.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    images = page.xpath("//img/@src")
    assert images and all(src.startswith("figures/") for src in images)
    assert all((rendered["figures"] / src.removeprefix("figures/")).is_file() for src in images)
    assert "<script>alert(1)</script> <img src=x onerror=alert(1)>" in page.text_content()


def test_html_is_a_standalone_printable_page(rendered: dict[str, Path]) -> None:
    source = rendered["html"].read_text(encoding="utf-8")
    assert source.startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in source
    assert '<meta charset="utf-8">' in source
    assert "@media print" in source and "size: A4" in source
    assert "break-inside: avoid" in source and "break-before: page" in source
    assert "<title>Chefsenkät om SST plus</title>" in source


def test_english_report_uses_english_labels_and_numbers(tmp_path: Path) -> None:
    page_path = write_html(replace(REPORT, lang="en"), tmp_path)
    source = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page_path == tmp_path / "report.html"
    assert '<html lang="en">' in source
    for label in (
        "Method",
        "Success factors",
        "Challenges",
        "Across the questions",
        "Appendix 2: What the figures count",
        "Unreviewed suggestions",
        "Percentages are of the respondents who answered the question.",
    ):
        assert label in source
    assert "67%" in source and "67 %" not in source
    assert "Cohen's kappa (κ): 0.71." in html.unescape(source)
    assert "Metod" not in source and "Framgångsfaktorer" not in source


def test_docx_has_real_headings_tables_and_pictures(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["docx"]))
    headings = {
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
    }
    assert ("Heading 1", "Metod") in headings
    assert ("Heading 2", "Fråga 1: Vilken har varit den största framgångsfaktorn i SST plus?") in (
        headings
    )
    assert ("Heading 3", "Framgångsfaktorer") in headings
    assert ("Heading 1", "Bilagor") in headings
    assert ("Heading 2", "Bilaga 2: Vad siffrorna räknar") in headings
    # rate by group; 2 + 2 theme tables (question 2 has no success factors); groups,
    # co-occurrence, the theme clouds side by side, the questions, the sources
    data = [t for t in doc.tables if t.style.name == "Table Grid"]
    assert len(data) == 9 and len(doc.tables) == 10
    # two bar charts, two question clouds, two theme clouds
    assert len(doc.inline_shapes) == 6
    clouds = next(t for t in doc.tables if t.style.name != "Table Grid")
    assert [c.text.strip() for c in clouds.rows[0].cells] == [
        "Samverkan skola–socialtjänst",
        "Tid och bemanning",
    ]
    cells = [cell for table in doc.tables for row in table.rows for cell in row.cells]
    nasty = next(cell for cell in cells if "onerror" in cell.text)
    assert nasty.paragraphs[0].runs[0].italic
    assert NASTY_QUOTE in nasty.text


def test_bar_chart_and_word_cloud_are_png(rendered: dict[str, Path]) -> None:
    names = sorted(path.name for path in rendered["figures"].iterdir())
    assert names == [
        "s1-q01-bars.png",
        "s1-q01-cloud.png",
        "s1-q02-bars.png",
        "s1-q02-cloud.png",
        "s1-theme01-cloud.png",
        "s1-theme02-cloud.png",
    ]
    for name in names:
        path = rendered["figures"] / name
        assert path.read_bytes()[:8] == PNG_SIGNATURE
        with Image.open(path) as image:
            image.verify()
    with Image.open(rendered["figures"] / "s1-q01-bars.png") as chart:
        assert chart.width / (16 / 2.54) >= 200  # at least 200 dpi at its printed 16 cm
    with Image.open(rendered["figures"] / "s1-q01-cloud.png") as cloud:
        assert cloud.width / (13 / 2.54) >= 200
    with Image.open(rendered["figures"] / "s1-theme01-cloud.png") as cloud:
        assert cloud.width / (7.6 / 2.54) >= 200


def test_word_cloud_prints_in_grays(tmp_path: Path) -> None:
    path = word_cloud(FRAMGANG.word_weights, tmp_path / "moln.png")
    assert path is not None
    with Image.open(path) as image:
        pixels = numpy.asarray(image.convert("RGB"), dtype=int).reshape(-1, 3)
    assert (pixels.max(axis=1) - pixels.min(axis=1)).max() <= 30
    assert (pixels.max(axis=1) < 128).sum() > 100  # words were drawn, and darkly
    for size in (8, 30, 120):
        colour = gray_color("ord", size, (0, 0), None)
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert max(r, g, b) - min(r, g, b) <= 24 and max(r, g, b) < 128


def test_stances_differ_without_colour() -> None:
    def lightness(colour: str) -> int:
        return sum(int(colour[i : i + 2], 16) for i in (1, 3, 5)) // 3

    success, challenge = BAR_STYLE["success"], BAR_STYLE["challenge"]
    assert abs(lightness(success[0]) - lightness(challenge[0])) > 100
    assert success[1] != challenge[1]


def test_empty_section_draws_no_chart(tmp_path: Path, rendered: dict[str, Path]) -> None:
    assert bar_chart(OVRIGT, tmp_path / "bars.png", "sv") is None
    assert word_cloud({}, tmp_path / "moln.png") is None
    assert word_cloud({"tom": 0.0}, tmp_path / "moln.png") is None
    assert list(tmp_path.iterdir()) == []
    source = rendered["md"].read_text(encoding="utf-8")
    question_three = source.split("### Fråga 3")[1].split("### Genom alla frågor")[0]
    assert "Inga teman har kodats för den här frågan." in question_three
    assert "![" not in question_three


def test_bundle_holds_every_part(rendered: dict[str, Path]) -> None:
    with zipfile.ZipFile(rendered["zip"]) as archive:
        names = set(archive.namelist())
    assert {"report.md", "report.html", "report.docx"} <= names
    assert "figures/s1-q01-bars.png" in names and "figures/s1-theme02-cloud.png" in names
    assert [p.name for p in rendered["zip"].parent.iterdir() if p.name.startswith(".")] == []


def test_markdown_refers_to_figures_relatively(rendered: dict[str, Path]) -> None:
    source = rendered["md"].read_text(encoding="utf-8")
    targets = re.findall(r"!\[[^\n]*?\]\(([^)]+)\)", source)
    assert "figures/s1-q01-bars.png" in targets
    assert all((rendered["md"].parent / target).is_file() for target in targets)


def test_writing_into_a_file_instead_of_a_folder_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "utdata"
    blocker.write_text("inte en mapp", encoding="utf-8")
    with pytest.raises(OSError):
        write_markdown(REPORT, blocker)
    with pytest.raises(OSError):
        write_docx(REPORT, blocker / "rapport.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["utdata"]


def test_a_failed_save_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx.document import Document as DocxDocument

    def half_written(self: DocxDocument, target: str) -> None:
        Path(target).write_bytes(b"PK\x03\x04 halvfardig")
        raise OSError("disken blev full")

    monkeypatch.setattr(DocxDocument, "save", half_written)
    with pytest.raises(OSError, match="disken blev full"):
        write_docx(REPORT, tmp_path / "rapport.docx")
    with pytest.raises(OSError, match="disken blev full"):
        write_bundle(REPORT, tmp_path / "rapport.zip")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_figure_keeps_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "rapport.docx"
    target.write_bytes(b"forra versionen")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("ordmolnet gick sönder")

    monkeypatch.setattr(report_figures, "word_cloud", broken)
    with pytest.raises(RuntimeError):
        write_docx(REPORT, target)
    assert target.read_bytes() == b"forra versionen"
    assert list(tmp_path.iterdir()) == [target]


def test_control_characters_in_answers_do_not_break_word(tmp_path: Path) -> None:
    pasted = Quote("Kopierat ur ett formulär:\x0bmed\x00 tecken Word inte tål.", "Järva")
    section = replace(FRAMGANG, successes=(replace(SAMVERKAN, quotes=(pasted,)),), challenges=())
    report = _with(items=(section,), theme_cloud={})
    doc = Document(str(write_docx(report, tmp_path / "rapport.docx")))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "”Kopierat ur ett formulär: med tecken Word inte tål.” (Järva)" in cells


def test_the_web_page_gets_figure_names_safe_for_a_url(tmp_path: Path) -> None:
    drawn = draw_all(REPORT, tmp_path)
    assert [(q.figure, q.cloud) for q in drawn.report.surveys[0].open_questions] == [
        ("s1-q01-bars.png", "s1-q01-cloud.png"),
        ("s1-q02-bars.png", "s1-q02-cloud.png"),
        (None, None),
    ]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "s1-theme01-cloud.png" in names and "s1-theme02-cloud.png" in names
    assert all(re.fullmatch(r"[a-z0-9_-]{1,80}\.png", name) for name in names)
