"""The report's blocks as a Word document fit to send: A4 with Swedish margins, page
numbers, a table of contents, tables whose column widths follow their content (a quote
column wide, counts narrow), rows that may break across pages under a header row that
repeats, and pictures at their printed width.

python-docx covers paragraphs, tables and pictures; fields (page numbers, the table of
contents), fixed table layout and repeating header rows are written as the WordprocessingML
elements Word and LibreOffice both read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from survey.reports.blocks import (
    Block,
    Bullets,
    Gallery,
    Heading,
    PageBreak,
    Picture,
    Run,
    Table,
    Toc,
    plain,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

PAGE_CM = (21.0, 29.7)  # A4
MARGIN_CM = 2.5  # Swedish default margins
TEXT_CM = PAGE_CM[0] - 2 * MARGIN_CM
BODY_PT = 10
FONT = "Arial"
TABLE_PT = 8.5
SMALL_PT = 8
CELL_PADDING_CM = 0.1  # left and right, each
CHAR_EM = 0.5  # an average character's width, in em, for sizing columns
WORD_EM = 0.64  # a bold header word's, so no word is ever broken inside a column


def _field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, TOC …) with `shown` as its result until it is updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._r.append(code)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _font(style: object) -> None:
    """Arial for every script (the template's theme fonts are Calibri, which a reader
    without Office gets replaced by a wider serif; Arial has a metric twin everywhere)."""
    from docx.oxml.ns import qn

    style.font.name = FONT  # type: ignore[attr-defined]
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _page_setup(doc: DocxDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.header_distance = section.footer_distance = Cm(1.25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    for run in footer.runs:
        run.font.size = Pt(9)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        _font(doc.styles[name])
    normal.paragraph_format.space_after = Pt(4)
    caption = doc.styles["Caption"]
    caption.font.size = Pt(8.5)
    for level, size in ((1, 15), (2, 12.5), (3, 10.5)):
        style = doc.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(12 if level < 3 else 8)
        style.paragraph_format.space_after = Pt(3)


def _language(doc: DocxDocument, lang: str) -> None:
    """Spelling and hyphenation in the report's language, not the reader's default; and
    fields (the table of contents, page numbers) updated when Word opens the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    code = "sv-SE" if lang == "sv" else "en-GB"
    properties = doc.styles["Normal"].element.get_or_add_rPr()
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), code)
    properties.append(element)
    doc.core_properties.language = code
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)


def _runs(paragraph: Paragraph, runs: Iterable[Run], size: float | None = None) -> None:
    from docx.shared import Pt

    last = None
    for run in runs:
        if run.style == "break":
            if last is not None:
                last.add_break()
            continue
        last = paragraph.add_run(plain(run.text))
        last.bold = run.style == "bold" or None
        last.italic = run.style == "italic" or None
        if size is not None:
            last.font.size = Pt(size)


def _text_of(cell: Sequence[Run]) -> str:
    return " ".join(r.text for r in cell if r.style != "break")


def column_widths(block: Table, total_cm: float, points: float) -> list[float]:
    """Widths (cm) that follow the content: each column at least as wide as its longest
    word, and the space beyond that shared in proportion to how much text it holds, so a
    quote column is wide and a count column narrow."""
    char_cm = points * CHAR_EM / 72 * 2.54
    word_cm = points * WORD_EM / 72 * 2.54
    columns = len(block.header)
    lowest, wanted = [], []
    for column in range(columns):
        texts = [block.header[column], *(_text_of(row[column]) for row in block.rows)]
        word = max((len(w) for t in texts for w in t.split()), default=1)
        lowest.append(min(word, 22) * word_cm + 2 * CELL_PADDING_CM + 0.1)
        # Long texts count by their square root beyond a line: one long quote should
        # not starve every other column.
        longest = max((len(t) for t in texts), default=1)
        natural = longest if longest <= 40 else 40 + (longest - 40) ** 0.5 * 6
        wanted.append(max(natural * char_cm + 2 * CELL_PADDING_CM + 0.1, lowest[-1]))
    if sum(lowest) >= total_cm:
        return [w * total_cm / sum(lowest) for w in lowest]
    if sum(wanted) <= total_cm:
        spare = total_cm - sum(wanted)
        text_columns = [c for c in range(columns) if c not in block.numeric] or list(range(columns))
        weight = sum(wanted[c] for c in text_columns)
        return [
            w + (spare * w / weight if c in text_columns else 0.0) for c, w in enumerate(wanted)
        ]
    extra = [w - m for w, m in zip(wanted, lowest, strict=True)]
    room = total_cm - sum(lowest)
    return [m + room * e / sum(extra) for m, e in zip(lowest, extra, strict=True)]


def _table_properties(table: object, widths: Sequence[float], borders: bool = True) -> None:
    """Fixed layout at the given widths, small cell padding, no borders for a layout table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = table._tbl  # type: ignore[attr-defined]
    properties = element.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(sum(widths) * 567)))
    width.set(qn("w:type"), "dxa")
    for old in properties.findall(qn("w:tblW")):
        properties.remove(old)
    properties.append(width)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_PADDING_CM * 567)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)
    grid = element.tblGrid
    for column, w in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(round(w * 567)))
    if not borders:
        edges = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "nil")
            edges.append(edge)
        properties.append(edges)


def _header_row(row: object) -> None:
    """The row repeats at the top of every page the table continues on."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # type: ignore[attr-defined]


def _cell(cell: _Cell, runs: Iterable[Run], right: bool, size: float, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    _runs(paragraph, (Run(r.text, "bold") if bold and r.style == "" else r for r in runs), size)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(doc: DocxDocument, block: Table) -> None:
    from docx.shared import Cm, Pt

    size = SMALL_PT if block.small else TABLE_PT
    widths = column_widths(block, TEXT_CM, size)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.autofit = False
    _table_properties(table, widths)
    for column, heading in enumerate(block.header):
        cell = table.rows[0].cells[column]
        _cell(cell, (Run(heading),), column in block.numeric, size, bold=True)
    _header_row(table.rows[0])
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for column, value in enumerate(values):
            _cell(row.cells[column], value, column in block.numeric, size)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(2)
    spacer.paragraph_format.line_spacing = Pt(6)


def _gallery(doc: DocxDocument, block: Gallery, folder: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    per_row = max(1, int(TEXT_CM // (block.width_cm + 0.3)))
    rows = [block.items[i : i + per_row] for i in range(0, len(block.items), per_row)]
    table = doc.add_table(rows=len(rows), cols=per_row)
    table.autofit = False
    widths = [TEXT_CM / per_row] * per_row
    _table_properties(table, widths, borders=False)
    for row, items in zip(table.rows, rows, strict=True):
        for cell, (label, file) in zip(row.cells, items, strict=False):
            cell.width = Cm(widths[0])
            title = cell.paragraphs[0]
            title.paragraph_format.space_after = Pt(0)
            _runs(title, (Run(label, "bold"),), TABLE_PT)
            picture = cell.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.add_run().add_picture(str(folder / file), width=Cm(block.width_cm))
    doc.add_paragraph()


def _contents(doc: DocxDocument, blocks: Sequence[Block], title: str) -> None:
    """A table of contents field, pre-filled with the chapter and section headings so it
    reads even before Word fills in the page numbers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    heading = doc.add_paragraph()
    _runs(heading, (Run(title, "bold"),), 12)
    entries = [b for b in blocks if isinstance(b, Heading) and b.level in (2, 3)]
    if not entries:
        return
    paragraphs = []
    for entry in entries:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.left_indent = Cm(0.6 * (entry.level - 2))
        paragraphs.append((paragraph, entry))
    first, _ = paragraphs[0]

    def char(paragraph: Paragraph, kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char(first, "begin")
    code = first.add_run()._r
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    code.append(instruction)
    char(first, "separate")
    for paragraph, entry in paragraphs:
        _runs(paragraph, (Run(plain(entry.text)),), 9.5 if entry.level == 3 else 10)
    char(paragraphs[-1][0], "end")


def document(blocks: Sequence[Block], folder: Path, title: str, lang: str) -> DocxDocument:
    """The blocks as a Word document, pictures read from `folder`."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.title = plain(title)
    _page_setup(doc)
    _language(doc, lang)
    new_page = False
    after_heading = False

    def started(paragraph: Paragraph) -> Paragraph:
        """The paragraph, on a new page after a page break; kept with what follows when
        it is the line under a heading (so a heading never ends a page alone)."""
        nonlocal new_page
        if new_page:
            paragraph.paragraph_format.page_break_before = True
            new_page = False
        if after_heading:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    for block in blocks:
        previous_heading = isinstance(block, Heading)
        if isinstance(block, PageBreak):
            new_page = True
        elif isinstance(block, Toc):
            _contents(doc, blocks, block.title)
        elif isinstance(block, Heading):
            started(doc.add_heading(plain(block.text).strip(), level=block.level - 1))
        elif isinstance(block, Picture):
            paragraph = started(doc.add_paragraph())
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run().add_picture(str(folder / block.file), width=Cm(block.width_cm))
        elif isinstance(block, Gallery):
            _gallery(doc, block, folder)
        elif isinstance(block, Bullets):
            for item in block.items:
                _runs(started(doc.add_paragraph(style="List Bullet")), item)
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            style = {"caption": "Caption", "callout": "Intense Quote"}.get(block.kind)
            _runs(started(doc.add_paragraph(style=style)), block.runs)
        after_heading = previous_heading
    return doc
