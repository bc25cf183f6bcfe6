"""A `Report` written out as Markdown, HTML, Word and a ZIP of all three.

The report is first laid out once as a short list of blocks (headings, paragraphs, tables,
pictures), and each format only renders those blocks, so Markdown, HTML and Word cannot
drift apart. Respondent text is treated as plain text everywhere: the Markdown writer
escapes every character that could start markup, so a quote can neither break a table nor
inject HTML. Files are written to a temporary name and renamed, so a failure never leaves a
half-written report where a reader could open it. The web and the CLI share these functions.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from survey.reports.figures import draw_questions, draw_theme_clouds
from survey.reports.model import GroupTable, Method, QuestionSection, Quote, Report, ThemeRow
from survey.reports.wording import decimal, percent, text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import _Cell, _Row
    from docx.text.paragraph import Paragraph

FIGURES = "figures"
PICTURE_CM = 15.0
THEME_CLOUD_CM = 10.0

# ---------------------------------------------------------------------------------------
# Blocks: the report laid out once, independent of format


@dataclass(frozen=True)
class Run:
    """A piece of text with one style: "", "bold", "italic", or "break" (a line break)."""

    text: str
    style: str = ""


BREAK = Run("", "break")
Cell = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = the title, 2 = a section, 3 = a part, 4 = a figure's label
    text: str


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    kind: str = ""  # "", "caption" or "callout" (a warning the reader must not miss)


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Run, ...], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[int, ...] = ()  # right-aligned columns


@dataclass(frozen=True)
class Picture:
    file: str  # name inside figures/
    alt: str
    width_cm: float = PICTURE_CM


Block = Heading | Para | Bullets | Table | Picture


@dataclass(frozen=True)
class Figured:
    """A report whose figures are drawn: sections carry their file names, and the theme
    clouds are listed as (theme label, file name) in the report's order."""

    report: Report
    theme_clouds: tuple[tuple[str, str], ...] = ()


def draw_figures(report: Report, folder: Path) -> Figured:
    """Draw every figure once into `folder`, for all the formats of one render."""
    return Figured(draw_questions(report, folder), draw_theme_clouds(report, folder))


def _cell(value: object) -> Cell:
    return (Run(str(value)),)


def _quote_runs(quote: Quote, lang: str) -> tuple[Run, ...]:
    opening, closing = text("quote_open", lang), text("quote_close", lang)
    return (
        Run(f"{opening}{_plain(quote.text).strip()}{closing}", "italic"),
        Run(f" ({quote.group})"),
    )


def _quotes_cell(quotes: Sequence[Quote], lang: str) -> Cell:
    runs: list[Run] = []
    for quote in quotes:
        if runs:
            runs.append(BREAK)
        runs.extend(_quote_runs(quote, lang))
    return tuple(runs)


def _share(n: int, of: int | None, lang: str) -> str:
    return percent(100 * n / of, lang) if of else "–"


def _agreement_percent(value: float) -> float:
    """The agreement share as 0–100; the analysis gives 0–1, so a value of at most 1 is
    read as a fraction (an agreement of 1 % is not a result anyone reports)."""
    return value * 100 if value <= 1 else value


def _method_blocks(method: Method, lang: str) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, text("method", lang)),
        Para(
            (
                Run(
                    text(
                        "method_questionnaire",
                        lang,
                        title=method.questionnaire,
                        version=method.version,
                    )
                    + " "
                    + text("method_period", lang, period=method.period)
                ),
            )
        ),
    ]
    if method.invited is None:
        counts = text("method_public", lang, started=method.started, completed=method.completed)
    else:
        counts = text(
            "method_invited",
            lang,
            invited=method.invited,
            started=method.started,
            completed=method.completed,
            rate=_share(method.completed, method.invited, lang),
        )
    blocks.append(Para((Run(counts),)))
    if method.rate_by_group:
        of = "invited" if method.invited is not None else "started"
        blocks.append(Para((Run(text("method_rate_caption", lang)),), "caption"))
        blocks.append(
            Table(
                (text("group", lang), text("completed", lang), text(of, lang), text("rate", lang)),
                tuple(
                    (_cell(group), _cell(done), _cell(total), _cell(_share(done, total, lang)))
                    for group, done, total in method.rate_by_group
                ),
                numeric=(1, 2, 3),
            )
        )
    if method.coders:
        blocks.append(Para((Run(text("method_coders", lang, coders=", ".join(method.coders))),)))
    else:
        blocks.append(Para((Run(text("method_no_coders", lang)),)))
    blocks.extend(_agreement_blocks(method, lang))
    return blocks


def _agreement_blocks(method: Method, lang: str) -> list[Block]:
    figures = {k: v for k, v in method.agreement.items() if v is not None and v == v}  # no NaN
    if not figures or figures.get("n") == 0:
        return [Para((Run(text("method_no_double", lang)),))]
    parts = []
    if "n" in figures:
        parts.append(text("method_double", lang, n=int(figures["n"])))
    if "percent" in figures:
        shown = percent(_agreement_percent(float(figures["percent"])), lang)
        parts.append(text("method_percent", lang, value=shown))
    if "kappa" in figures:
        parts.append(text("method_kappa", lang, value=decimal(float(figures["kappa"]), lang, 2)))
    if "alpha" in figures:
        parts.append(text("method_alpha", lang, value=decimal(float(figures["alpha"]), lang, 3)))
    blocks: list[Block] = [Para((Run(" ".join(parts)),))]
    if method.agreement_reading:
        blocks.append(Para((Run(method.agreement_reading),)))
    return blocks


def _theme_table(rows: Sequence[ThemeRow], lang: str) -> Table:
    return Table(
        (text("theme", lang), text("count", lang), text("share", lang), text("quotes", lang)),
        tuple(
            (
                _cell(row.label),
                _cell(row.respondents),
                _cell(percent(row.percent, lang)),
                _quotes_cell(row.quotes, lang),
            )
            for row in rows
        ),
        numeric=(1, 2),
    )


def _question_blocks(number: int, section: QuestionSection, lang: str) -> list[Block]:
    has_themes = bool(section.successes or section.challenges or section.neutral)
    answered = text("answered", lang, n=section.answered)
    if has_themes:
        answered += " " + text("percent_note", lang)
    blocks: list[Block] = [
        Heading(2, f"{text('question', lang)} {number}: {section.text}"),
        Para((Run(answered),)),
    ]
    if section.unreviewed:
        blocks.append(
            Para(
                (
                    Run(text("unreviewed", lang) + ":", "bold"),
                    Run(" " + text("unreviewed_marker", lang)),
                ),
                "callout",
            )
        )
    if not has_themes:
        blocks.append(Para((Run(text("no_themes", lang)),)))
    else:
        if section.figure:
            alt = f"{text('figure_bars', lang)}: {section.text}"
            blocks.append(Picture(section.figure, alt))
            blocks.append(Para((Run(text("bar_caption", lang)),), "caption"))
        parts = [("successes", section.successes), ("challenges", section.challenges)]
        if section.neutral:
            parts.append(("neutral", section.neutral))
        for key, rows in parts:
            blocks.append(Heading(3, text(key, lang)))
            if rows:
                blocks.append(_theme_table(rows, lang))
            else:
                blocks.append(Para((Run(text("none_in_stance", lang)),)))
    if section.cloud:
        blocks.append(Heading(3, text("cloud", lang)))
        blocks.append(Picture(section.cloud, f"{text('figure_cloud', lang)}: {section.text}"))
        blocks.append(Para((Run(text("cloud_caption", lang)),), "caption"))
    return blocks


def _group_blocks(table: GroupTable, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(3, text("by_group", lang, attribute=table.attribute))]
    if not table.rows:
        return [*blocks, Para((Run(text("no_rows", lang)),))]
    blocks.append(Para((Run(text("by_group_note", lang)),)))
    sizes = table.group_sizes
    header = (
        text("theme", lang),
        *(f"{group} (n = {size})" for group, size in zip(table.groups, sizes, strict=True)),
    )
    rows = tuple(
        (
            _cell(label),
            *(
                _cell(f"{n} ({_share(n, size, lang)})")
                for n, size in zip(counts, sizes, strict=True)
            ),
        )
        for label, counts in table.rows
    )
    blocks.append(Table(header, rows, numeric=tuple(range(1, len(header)))))
    if table.merged:
        note = text("merged_note", lang, groups=", ".join(table.merged))
        blocks.append(Para((Run(note),)))
    return blocks


def _across_blocks(figured: Figured, lang: str) -> list[Block]:
    report = figured.report
    blocks: list[Block] = [Heading(2, text("across", lang))]
    if report.groups is not None:
        blocks.extend(_group_blocks(report.groups, lang))
    blocks.append(Heading(3, text("cooccurrence", lang)))
    if report.cooccurrence:
        blocks.append(Para((Run(text("cooccurrence_note", lang)),)))
        blocks.append(
            Table(
                (text("theme", lang), text("theme", lang), text("respondents", lang)),
                tuple((_cell(a), _cell(b), _cell(n)) for a, b, n in report.cooccurrence),
                numeric=(2,),
            )
        )
    else:
        blocks.append(Para((Run(text("no_cooccurrence", lang)),)))
    if figured.theme_clouds:
        blocks.append(Heading(3, text("theme_clouds", lang)))
        blocks.append(Para((Run(text("cloud_caption", lang)),), "caption"))
        for label, file in figured.theme_clouds:
            blocks.append(Heading(4, label))
            alt = f"{text('figure_cloud', lang)}: {label}"
            blocks.append(Picture(file, alt, THEME_CLOUD_CM))
    if report.discovered:
        blocks.append(Heading(3, text("discovered", lang)))
        blocks.append(
            Para(
                (
                    Run(text("unreviewed", lang) + ":", "bold"),
                    Run(" " + text("discovered_note", lang)),
                ),
                "callout",
            )
        )
        for found in report.discovered:
            item = text(
                "discovered_item", lang, terms=", ".join(found.terms), answers=found.answers
            )
            blocks.append(Para((Run(item, "bold"),)))
            if found.examples:
                opening, closing = text("quote_open", lang), text("quote_close", lang)
                blocks.append(
                    Bullets(
                        tuple(
                            (Run(f"{opening}{_plain(example).strip()}{closing}", "italic"),)
                            for example in found.examples
                        )
                    )
                )
    return blocks


def _appendix_blocks(report: Report, lang: str) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, text("appendix", lang)),
        Para((Run(text("appendix_intro", lang)),)),
    ]
    if report.sources:
        blocks.append(
            Table(
                tuple(
                    text(key, lang)
                    for key in ("question", "theme", "human", "accepted", "unreviewed", "total")
                ),
                tuple(
                    (
                        _cell(source.question),
                        _cell(source.theme),
                        _cell(source.counted.human),
                        _cell(source.counted.accepted),
                        _cell(source.counted.unreviewed),
                        _cell(source.counted.total),
                    )
                    for source in report.sources
                ),
                numeric=(2, 3, 4, 5),
            )
        )
    if report.notes:
        blocks.append(Heading(3, text("notes", lang)))
        blocks.append(Bullets(tuple((Run(note),) for note in report.notes)))
    return blocks


def layout(figured: Figured) -> list[Block]:
    """The whole report as blocks, in reading order."""
    report = figured.report
    lang = report.lang
    blocks: list[Block] = [
        Heading(1, report.title),
        Para((Run(text("generated", lang, date=report.generated)),)),
    ]
    blocks.extend(_method_blocks(report.method, lang))
    for number, section in enumerate(report.questions, 1):
        blocks.extend(_question_blocks(number, section, lang))
    blocks.extend(_across_blocks(figured, lang))
    blocks.extend(_appendix_blocks(report, lang))
    return blocks


# ---------------------------------------------------------------------------------------
# Markdown

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"([\\`*_{}\[\]#|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def _plain(value: str) -> str:
    """One line of printable text: control characters (which Word refuses and which no
    reader needs) are dropped and line breaks become spaces, so text cannot end a table
    row or start a new block."""
    return _CONTROL.sub("", _SPACE.sub(" ", value))


def escape_markdown(value: str) -> str:
    """Text that Markdown shows exactly as written, wherever it lands: markup characters get
    a backslash, `<` and `>` become entities (so no HTML tag can form), `&` only where it
    would otherwise start an entity, and a leading list marker its own backslash."""
    value = _ENTITY.sub("&amp;", _plain(value))
    value = _MARKUP.sub(r"\\\1", value)
    # Entities, not backslashes: Python-Markdown has no `\~`, and GitHub would strike through.
    value = value.replace("<", "&lt;").replace(">", "&gt;").replace("~", "&#126;")
    body = value.lstrip()
    return value[: len(value) - len(body)] + _md_line_start(body)


def _md_inline(runs: Iterable[Run]) -> str:
    out = []
    for run in runs:
        if run.style == "break":
            out.append("<br>")
            continue
        escaped = escape_markdown(run.text)
        core = escaped.strip()
        if run.style in ("bold", "italic") and core:
            mark = "**" if run.style == "bold" else "*"
            lead = escaped[: len(escaped) - len(escaped.lstrip())]
            trail = escaped[len(escaped.rstrip()) :]
            escaped = f"{lead}{mark}{core}{mark}{trail}"
        out.append(escaped)
    return "".join(out)


def _md_line_start(line: str) -> str:
    """A backslash before what would make a paragraph a list item or a heading underline."""
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line, count=1)


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape_markdown(block.text).strip()}"
    if isinstance(block, Picture):
        return f"![{escape_markdown(block.alt).strip()}]({FIGURES}/{block.file})"
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md_line_start(_md_inline(item).strip())}" for item in block.items)
    if isinstance(block, Table):
        width = len(block.header)
        rule = ["---:" if i in block.numeric else "---" for i in range(width)]
        lines = [
            "| " + " | ".join(escape_markdown(h).strip() for h in block.header) + " |",
            "| " + " | ".join(rule) + " |",
        ]
        for row in block.rows:
            cells = [_md_inline(cell).strip() or " " for cell in row]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
    line = _md_line_start(_md_inline(block.runs).strip())
    if block.kind == "caption":
        return f"*{line}*" if line else line
    if block.kind == "callout":
        return f"> {line}"
    return line


def markdown_text(figured: Figured) -> str:
    """The report as Markdown, figures referenced as figures/<file>."""
    return "\n\n".join(_md_block(block) for block in layout(figured)) + "\n"


# ---------------------------------------------------------------------------------------
# HTML

STYLE = """
:root { color-scheme: light; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; color: #1b1b1b; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem;
}
h1 { font-size: 1.9rem; line-height: 1.2; margin-bottom: 0.25rem; }
h2 { font-size: 1.4rem; margin-top: 2.75rem; padding-bottom: 0.2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; margin-top: 1.75rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.25rem; font-size: 0.92rem; }
th, td { border: 1px solid #bbb; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
.align-right { text-align: right; } .align-center { text-align: center; }
th { background: #f0f0f0; }
img { display: block; max-width: 100%; height: auto; margin: 0.75rem 0 0.25rem; }
blockquote { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid #444; background: #f4f4f4; }
blockquote p { margin: 0; }
@page { size: A4; margin: 2cm 1.8cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  nav, header nav, .no-print { display: none !important; }
  h2 { break-before: page; page-break-before: always; border-bottom: 0; }
  h2:first-of-type { break-before: auto; page-break-before: auto; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, img, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
  img { max-width: 100%; }
  a { color: inherit; text-decoration: none; }
}
"""


def html_fragment(markdown_source: str) -> str:
    """The report's body as HTML for the app's own report page (the Markdown escapes
    every piece of respondent text, so the result holds no markup from answers)."""
    import markdown

    return _aligned(markdown.markdown(markdown_source, extensions=["tables"], output_format="html"))


_ALIGN_RE = re.compile(r' style="text-align: (left|right|center);"')


def _aligned(body: str) -> str:
    """Table alignment as classes: the app's content policy allows no inline styles."""
    return _ALIGN_RE.sub(r' class="align-\1"', body)


def html_page(markdown_source: str, title: str, lang: str) -> str:
    """A standalone HTML5 page from the report's Markdown: no script, figures relative."""
    import markdown

    body = _aligned(markdown.markdown(markdown_source, extensions=["tables"], output_format="html"))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(_plain(title))}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


# ---------------------------------------------------------------------------------------
# Word


def _docx_runs(paragraph: Paragraph, runs: Iterable[Run]) -> None:
    last = None
    for run in runs:
        if run.style == "break":
            if last is not None:
                last.add_break()
            continue
        last = paragraph.add_run(_plain(run.text))
        last.bold = run.style == "bold" or None
        last.italic = run.style == "italic" or None


def _docx_keep_rows(row: _Row, header: bool) -> None:
    """Rows never split across pages, and the header row repeats on every page."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _docx_cell(cell: _Cell, runs: Iterable[Run], right: bool, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    _docx_runs(paragraph, (Run(r.text, "bold") if bold and r.style == "" else r for r in runs))
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _docx_table(doc: DocxDocument, block: Table) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    for column, heading in enumerate(block.header):
        _docx_cell(table.rows[0].cells[column], (Run(heading),), column in block.numeric, bold=True)
    _docx_keep_rows(table.rows[0], header=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for column, cell in enumerate(values):
            _docx_cell(row.cells[column], cell, column in block.numeric)
        _docx_keep_rows(row, header=False)
    doc.add_paragraph()


def _docx_language(doc: DocxDocument, lang: str) -> None:
    """Spelling and hyphenation in the report's language, not the reader's default."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    code = "sv-SE" if lang == "sv" else "en-GB"
    properties = doc.styles["Normal"].element.get_or_add_rPr()
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), code)
    properties.append(element)
    doc.core_properties.language = code


def docx_document(figured: Figured, folder: Path) -> DocxDocument:
    """The report as a Word document, pictures read from `folder`."""
    from docx import Document
    from docx.shared import Cm

    report = figured.report
    doc = Document()
    doc.core_properties.title = _plain(report.title)
    _docx_language(doc, report.lang)
    sections_seen = 0
    for block in layout(figured):
        if isinstance(block, Heading):
            heading = doc.add_heading(_plain(block.text).strip(), level=block.level - 1)
            if block.level == 2:
                sections_seen += 1
                heading.paragraph_format.page_break_before = sections_seen > 1
        elif isinstance(block, Picture):
            doc.add_picture(str(folder / block.file), width=Cm(block.width_cm))
        elif isinstance(block, Bullets):
            for item in block.items:
                _docx_runs(doc.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Table):
            _docx_table(doc, block)
        else:
            style = {"caption": "Caption", "callout": "Intense Quote"}.get(block.kind)
            _docx_runs(doc.add_paragraph(style=style), block.runs)
    return doc


# ---------------------------------------------------------------------------------------
# Files


def _replace_into(path: Path, write: Callable[[Path], object]) -> Path:
    """Let `write` fill a temporary file next to `path`, then rename it into place: the
    rename is atomic on one file system, so readers see the old file or the whole new one."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _write_text(path: Path, content: str) -> Path:
    return _replace_into(path, lambda partial: partial.write_text(content, encoding="utf-8"))


def write_markdown(report: Report, out_dir: Path) -> Path:
    """`out_dir/report.md` with its figures in `out_dir/figures/`; returns the .md path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    figured = draw_figures(report, out_dir / FIGURES)
    return _write_text(out_dir / "report.md", markdown_text(figured))


def write_html(report: Report, out_dir: Path) -> Path:
    """`out_dir/report.html` with its figures in `out_dir/figures/`; returns the .html path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    figured = draw_figures(report, out_dir / FIGURES)
    page = html_page(markdown_text(figured), report.title, report.lang)
    return _write_text(out_dir / "report.html", page)


def write_docx(report: Report, path: Path) -> Path:
    """The report as a .docx at `path`, figures embedded (drawn in a temporary folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-figures-") as folder:
        figured = draw_figures(report, Path(folder))
        doc = docx_document(figured, Path(folder))
        return _replace_into(path, lambda partial: doc.save(str(partial)))


def write_bundle(report: Report, zip_path: Path) -> Path:
    """A ZIP with report.md, report.html, report.docx and figures/, all from one drawing of
    the figures; built in a temporary folder beside `zip_path` and renamed into place."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{zip_path.name}.", dir=zip_path.parent))
    try:
        figured = draw_figures(report, work / FIGURES)
        source = markdown_text(figured)
        (work / "report.md").write_text(source, encoding="utf-8")
        page = html_page(source, report.title, report.lang)
        (work / "report.html").write_text(page, encoding="utf-8")
        docx_document(figured, work / FIGURES).save(str(work / "report.docx"))
        partial = work / "bundle.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in ("report.md", "report.html", "report.docx"):
                archive.write(work / name, name)
            for figure in sorted((work / FIGURES).glob("*.png")):
                archive.write(figure, f"{FIGURES}/{figure.name}")
        os.replace(partial, zip_path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return zip_path
