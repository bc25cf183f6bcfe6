"""A `Report` written out as Markdown, HTML, Word and a ZIP of all three.

The report is first laid out once as a short list of blocks (headings, paragraphs, tables,
pictures), and each format only renders those blocks, so Markdown, HTML and Word cannot
drift apart. The layout follows a Swedish municipal evaluation report: summary, method
(response rates, coding, agreement), results per survey in questionnaire order, the
comparison between surveys, and appendices. Respondent text is treated as plain text
everywhere: the Markdown writer escapes every character that could start markup, so a
quote can neither break a table nor inject HTML. Files are written to a temporary name
and renamed, so a failure never leaves a half-written report where a reader could open
it. Figures are drawn once per render, whatever the number of formats. The web and the
CLI share these functions.
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

from survey.reports import docx_writer
from survey.reports.blocks import (
    BREAK,
    Block,
    Bullets,
    Cell,
    Gallery,
    Heading,
    PageBreak,
    Para,
    Picture,
    Run,
    Table,
    Toc,
    plain,
)
from survey.reports.figures import (
    BARS_CM,
    CLOUD_CM,
    THEME_CLOUD_CM,
    Drawn,
    draw_all,
)
from survey.reports.model import (
    Agreement,
    ClosedQuestion,
    Comparison,
    GroupTable,
    Method,
    OpenQuestion,
    Quote,
    Report,
    SurveyReport,
    ThemeRow,
)
from survey.reports.wording import decimal, number, percent, text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

FIGURES = "figures"
LONG_LIST = 6  # choices; beyond this a table leaves out the ones nobody chose

# ---------------------------------------------------------------------------------------
# Blocks: the report laid out once, independent of format


def draw_figures(report: Report, folder: Path) -> Drawn:
    """Draw every figure once into `folder`, for all the formats of one render."""
    return draw_all(report, folder)


def _cell(value: object) -> Cell:
    return (Run(str(value)),)


def _quote_runs(quote: Quote, lang: str) -> tuple[Run, ...]:
    opening, closing = text("quote_open", lang), text("quote_close", lang)
    runs = [Run(f"{opening}{plain(quote.text).strip()}{closing}", "italic")]
    if quote.group:
        runs.append(Run(f" ({quote.group})"))
    return tuple(runs)


def _quotes_cell(quotes: Sequence[Quote], lang: str) -> Cell:
    runs: list[Run] = []
    for quote in quotes:
        if runs:
            runs.append(BREAK)
        runs.extend(_quote_runs(quote, lang))
    return tuple(runs)


def _share(n: int, of: int | None, lang: str) -> str:
    return percent(100 * n / of, lang) if of else "–"


def _count_share(n: int, of: int | None, lang: str) -> str:
    return f"{number(n, lang)} ({_share(n, of, lang)})"


def _para(value: str, kind: str = "") -> Para:
    return Para((Run(value),), kind)


# --- summary -----------------------------------------------------------------------------


def _summary_blocks(report: Report) -> list[Block]:
    lang = report.lang
    blocks: list[Block] = [PageBreak(), Heading(2, text("summary", lang))]
    several = len(report.surveys) > 1
    for part in report.surveys:
        if several:
            blocks.append(Heading(3, part.title))
        blocks.append(_para(text("summary_respondents", lang, n=number(part.respondents, lang))))
        items: list[tuple[Run, ...]] = []
        for key, themes in (
            ("summary_successes", part.successes),
            ("summary_challenges", part.challenges),
        ):
            if themes:
                listed = ", ".join(f"{label} ({number(n, lang)})" for label, n in themes)
                items.append((Run(text(key, lang) + ": ", "bold"), Run(listed + ".")))
        for h in part.highlights:
            line = text(
                "summary_highlight",
                lang,
                count=number(h.count, lang),
                of=number(h.of, lang),
                question=h.text.rstrip("?.!"),
                answers=h.answers,
            )
            items.append((Run(line),))
        if items:
            blocks.append(Bullets(tuple(items)))
        else:
            blocks.append(_para(text("summary_nothing", lang)))
    if report.comparison and report.comparison.themes:
        shared = ", ".join(t.label for t in report.comparison.themes[:5])
        blocks.append(
            Bullets(((Run(text("summary_shared", lang) + ": ", "bold"), Run(shared + ".")),))
        )
    return blocks


# --- method ------------------------------------------------------------------------------


def _method_blocks(report: Report) -> list[Block]:
    lang = report.lang
    blocks: list[Block] = [PageBreak(), Heading(2, text("method", lang))]
    blocks.append(_para(text("method_intro", lang)))
    several = len(report.surveys) > 1
    for part in report.surveys:
        if several:
            blocks.append(Heading(3, part.title))
        blocks.extend(_survey_method_blocks(part.method, lang))
    blocks.append(Heading(3, text("method_coding", lang)))
    blocks.append(_para(text("method_coding_text", lang)))
    blocks.append(_para(text("method_privacy_text", lang)))
    return blocks


def _survey_method_blocks(method: Method, lang: str) -> list[Block]:
    intro = text("method_questionnaire", lang, title=method.questionnaire, version=method.version)
    if method.period:
        intro += " " + text("method_period", lang, period=method.period)
    if method.invited is None:
        counts = text(
            "method_public",
            lang,
            started=number(method.started, lang),
            completed=number(method.completed, lang),
        )
    else:
        counts = text(
            "method_invited",
            lang,
            invited=number(method.invited, lang),
            started=number(method.started, lang),
            completed=number(method.completed, lang),
            rate=_share(method.completed, method.invited, lang),
        )
    blocks: list[Block] = [_para(f"{intro} {counts}")]
    if method.rate_by_group:
        of = "invited" if method.invited is not None else "started"
        blocks.append(_para(text("method_rate_caption", lang), "caption"))
        blocks.append(
            Table(
                (text("group", lang), text("completed", lang), text(of, lang), text("rate", lang)),
                tuple(
                    (
                        _cell(group),
                        _cell(number(done, lang)),
                        _cell(number(total, lang)),
                        _cell(_share(done, total, lang)),
                    )
                    for group, done, total in method.rate_by_group
                ),
                numeric=(1, 2, 3),
            )
        )
    if method.coders:
        blocks.append(_para(text("method_coders", lang, coders=", ".join(method.coders))))
    else:
        blocks.append(_para(text("method_no_coders", lang)))
    blocks.extend(_agreement_blocks(method.agreement, lang))
    return blocks


def _agreement_blocks(agreement: Agreement | None, lang: str) -> list[Block]:
    if agreement is None or agreement.units == 0:
        return [_para(text("method_no_double", lang))]
    parts = [
        text(
            "method_double",
            lang,
            sample=agreement.sample,
            answers=number(agreement.answers, lang),
            units=number(agreement.units, lang),
            coders=number(agreement.coders, lang),
        )
    ]
    if not agreement.complete:
        parts.append(text("method_sample_open", lang))
    if agreement.percent is not None:
        parts.append(text("method_percent", lang, value=percent(100 * agreement.percent, lang)))
    if agreement.kappa is not None:
        parts.append(text("method_kappa", lang, value=decimal(agreement.kappa, lang, 2)))
    if agreement.alpha is not None:
        parts.append(text("method_alpha", lang, value=decimal(agreement.alpha, lang, 3)))
    if agreement.coders != 2:
        parts.append(text("method_no_kappa", lang))
    blocks: list[Block] = [_para(" ".join(parts))]
    if agreement.reading:
        blocks.append(_para(agreement.reading))
    return blocks


# --- results -----------------------------------------------------------------------------


def _condition_text(item: OpenQuestion | ClosedQuestion, lang: str) -> str:
    condition = item.condition
    if condition is None:
        return ""
    answers = text("or", lang).join(f"”{a}”" for a in condition.answers)
    return text("condition", lang, eligible=number(condition.eligible, lang), answers=answers)


def _n_line(item: OpenQuestion | ClosedQuestion, lang: str) -> str:
    line = text("answered", lang, n=number(item.answered, lang))
    condition = _condition_text(item, lang)
    return f"{line} {condition}" if condition else line


def _theme_table(rows: Sequence[ThemeRow], lang: str) -> Table:
    return Table(
        (text("theme", lang), text("count", lang), text("share", lang), text("quotes", lang)),
        tuple(
            (
                _cell(row.label),
                _cell(number(row.respondents, lang)),
                _cell(percent(row.percent, lang)),
                _quotes_cell(row.quotes, lang),
            )
            for row in rows
        ),
        numeric=(1, 2),
    )


def _question_heading(item: OpenQuestion | ClosedQuestion, lang: str) -> Heading:
    return Heading(3, f"{text('question', lang)} {item.number}: {item.text}")


def _open_blocks(item: OpenQuestion, lang: str) -> list[Block]:
    has_themes = bool(item.themes)
    blocks: list[Block] = [_question_heading(item, lang)]
    answered = _n_line(item, lang)
    if item.background:
        return [*blocks, _para(f"{answered} {text('background_note', lang)}")]
    if has_themes:
        answered += " " + text("percent_note", lang)
    blocks.append(_para(answered))
    if item.unreviewed:
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
        blocks.append(_para(text("no_themes", lang)))
    else:
        if item.figure:
            blocks.append(
                Picture(item.figure, f"{text('figure_bars', lang)}: {item.text}", BARS_CM)
            )
        parts = [("successes", item.successes), ("challenges", item.challenges)]
        if item.neutral:
            parts.append(("neutral", item.neutral))
        for key, rows in parts:
            blocks.append(Heading(4, text(key, lang)))
            if rows:
                blocks.append(_theme_table(rows, lang))
            else:
                blocks.append(_para(text("none_in_stance", lang)))
    if item.cloud:
        blocks.append(Heading(4, text("cloud", lang)))
        blocks.append(
            Picture(item.cloud, f"{text('figure_cloud', lang)}: {item.text}", CLOUD_CM[0])
        )
    return blocks


def _stat(value: float | None, lang: str) -> str:
    return decimal(value, lang, 1) if value is not None else "–"


def _likert_block(items: Sequence[ClosedQuestion], lang: str) -> list[Block]:
    first, last = items[0], items[-1]
    numbers = (
        f"{first.number}"
        if first is last
        else text("range", lang, first=first.number, last=last.number)
    )
    title = text("likert_heading", lang, numbers=numbers)
    heading = f"{first.scale[0]} – {first.scale[-1]}" if len(items) > 1 else first.text
    blocks: list[Block] = [Heading(3, f"{title}: {heading}")]
    if first.figure:
        blocks.append(Picture(first.figure, f"{text('figure_likert', lang)}: {title}", BARS_CM))
    header = (
        text("statement", lang),
        *(f"{i + 1} {label}" for i, label in enumerate(first.scale)),
        first.dont_know_label if any(q.dont_know for q in items) else "",
        "n",
        text("mean", lang),
    )
    rows = []
    for q in items:
        label = f"{q.number}. {q.text}"
        condition = _condition_text(q, lang)
        rows.append(
            (
                _cell(f"{label} ({condition})" if condition else label),
                *(_cell(_count_share(c.count, q.valid, lang)) for c in q.categories[:5]),
                _cell(number(q.dont_know, lang) if q.dont_know else "–"),
                _cell(number(q.valid, lang)),
                _cell(_stat(q.mean, lang)),
            )
        )
    blocks.append(Table(header, tuple(rows), numeric=tuple(range(1, len(header)))))
    blocks.append(_para(text("likert_note", lang), "caption"))
    for q in items:
        if q.split:
            blocks.extend(_split_blocks(q, lang))
    return blocks


def _choice_blocks(item: ClosedQuestion, lang: str) -> list[Block]:
    blocks: list[Block] = [_question_heading(item, lang), _para(_n_line(item, lang))]
    if item.type == "number":
        if item.valid:
            blocks.append(
                _para(
                    text(
                        "number_summary",
                        lang,
                        mean=_stat(item.mean, lang),
                        median=_stat(item.median, lang),
                        low=_stat(item.minimum, lang),
                        high=_stat(item.maximum, lang),
                    )
                )
            )
        return blocks
    if not item.answered:
        return [*blocks, _para(text("no_answers", lang))]
    # A long list of choices (school years) shows only those someone chose.
    shown = [c for c in item.categories if c.count or len(item.categories) <= LONG_LIST]
    rows = [
        (
            _cell(c.label),
            _cell(number(c.count, lang)),
            _cell(percent(c.percent, lang) if c.percent is not None else "–"),
        )
        for c in shown
    ]
    if item.dont_know:
        rows.append((_cell(item.dont_know_label), _cell(number(item.dont_know, lang)), _cell("–")))
    blocks.append(
        Table(
            (text("answer", lang), text("count", lang), text("share", lang)),
            tuple(rows),
            numeric=(1, 2),
        )
    )
    note = text("shares_of", lang, n=number(item.valid, lang))
    if item.dont_know:
        note += " " + text("dont_know_note", lang, label=item.dont_know_label)
    if item.type == "multi":
        note += " " + text("multi_note", lang)
    blocks.append(_para(note, "caption"))
    if item.split:
        blocks.extend(_split_blocks(item, lang))
    return blocks


def _split_blocks(item: ClosedQuestion, lang: str) -> list[Block]:
    split = item.split
    assert split is not None
    labels = [c.label for c in item.categories]
    header = (
        text("split_by", lang, by=split.by),
        "n",
        *labels,
    )
    rows = tuple(
        (
            _cell(group),
            _cell(number(size, lang)),
            *(_cell(percent(s, lang) if s is not None else "–") for s in shares),
        )
        for group, size, shares in zip(split.groups, split.sizes, split.shares, strict=True)
    )
    blocks: list[Block] = [
        _para(text("split_caption", lang, number=item.number, by=split.by), "caption"),
        Table(header, rows, numeric=tuple(range(1, len(header)))),
    ]
    if split.merged:
        blocks.append(_para(text("merged_note", lang, groups=", ".join(split.merged)), "caption"))
    return blocks


def _items_blocks(part: SurveyReport, lang: str) -> list[Block]:
    blocks: list[Block] = []
    items = list(part.items)
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, ClosedQuestion) and item.block is not None:
            run = [item]
            while (
                index + len(run) < len(items)
                and isinstance(items[index + len(run)], ClosedQuestion)
                and items[index + len(run)].block == item.block  # type: ignore[union-attr]
            ):
                run.append(items[index + len(run)])  # type: ignore[arg-type]
            blocks.extend(_likert_block(run, lang))
            index += len(run)
            continue
        if isinstance(item, ClosedQuestion):
            blocks.extend(_choice_blocks(item, lang))
        else:
            blocks.extend(_open_blocks(item, lang))
        index += 1
    return blocks


def _group_blocks(table: GroupTable, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(4, text("by_group", lang, attribute=table.attribute))]
    if not table.rows:
        return [*blocks, _para(text("no_rows", lang))]
    blocks.append(_para(text("by_group_note", lang)))
    sizes = table.group_sizes
    header = (
        text("theme", lang),
        *(
            f"{group} (n = {number(size, lang)})"
            for group, size in zip(table.groups, sizes, strict=True)
        ),
    )
    rows = tuple(
        (
            _cell(label),
            *(_cell(_count_share(n, size, lang)) for n, size in zip(counts, sizes, strict=True)),
        )
        for label, counts in table.rows
    )
    blocks.append(Table(header, rows, numeric=tuple(range(1, len(header)))))
    if table.merged:
        blocks.append(_para(text("merged_note", lang, groups=", ".join(table.merged))))
    return blocks


def _across_blocks(part: SurveyReport, clouds: Sequence[tuple[str, str]], lang: str) -> list[Block]:
    if not any(q.themes for q in part.open_questions):
        return []
    blocks: list[Block] = [Heading(3, text("across", lang))]
    if part.groups is not None and len(part.groups.groups) >= 1:
        blocks.extend(_group_blocks(part.groups, lang))
    blocks.append(Heading(4, text("cooccurrence", lang)))
    if part.cooccurrence:
        blocks.append(_para(text("cooccurrence_note", lang)))
        blocks.append(
            Table(
                (text("theme", lang), text("theme", lang), text("respondents", lang)),
                tuple(
                    (_cell(a), _cell(b), _cell(number(n, lang))) for a, b, n in part.cooccurrence
                ),
                numeric=(2,),
            )
        )
    else:
        blocks.append(_para(text("no_cooccurrence", lang)))
    if clouds:
        blocks.append(Heading(4, text("theme_clouds", lang)))
        blocks.append(_para(text("cloud_caption", lang), "caption"))
        blocks.append(Gallery(tuple(clouds), text("figure_cloud", lang), THEME_CLOUD_CM[0]))
    if part.discovered:
        blocks.append(Heading(4, text("discovered", lang)))
        blocks.append(
            Para(
                (
                    Run(text("unreviewed", lang) + ":", "bold"),
                    Run(" " + text("discovered_note", lang)),
                ),
                "callout",
            )
        )
        opening, closing = text("quote_open", lang), text("quote_close", lang)
        items = []
        for found in part.discovered:
            item = text(
                "discovered_item",
                lang,
                terms=", ".join(found.terms),
                answers=number(found.answers, lang),
            )
            runs: list[Run] = [Run(item, "bold")]
            for example in found.examples:
                runs += [BREAK, Run(f"{opening}{plain(example).strip()}{closing}", "italic")]
            items.append(tuple(runs))
        blocks.append(Bullets(tuple(items)))
    return blocks


def _results_blocks(drawn: Drawn) -> list[Block]:
    report = drawn.report
    lang = report.lang
    blocks: list[Block] = []
    several = len(report.surveys) > 1
    for index, part in enumerate(report.surveys):
        heading = text("results_of", lang, title=part.title) if several else text("results", lang)
        blocks += [PageBreak(), Heading(2, heading)]
        blocks.append(_para(text("results_intro", lang, n=number(part.respondents, lang))))
        blocks.extend(_items_blocks(part, lang))
        clouds = drawn.theme_clouds[index] if index < len(drawn.theme_clouds) else ()
        blocks.extend(_across_blocks(part, clouds, lang))
    return blocks


# --- comparison and appendix -------------------------------------------------------------


def _comparison_blocks(comparison: Comparison, lang: str) -> list[Block]:
    blocks: list[Block] = [PageBreak(), Heading(2, text("comparison", lang))]
    blocks.append(_para(text("comparison_intro", lang)))
    if comparison.themes:
        blocks.append(Heading(3, text("comparison_themes", lang)))
        blocks.append(
            Table(
                (text("theme", lang), *comparison.surveys),
                tuple(
                    (
                        _cell(t.label),
                        *(_cell(_count_share(c[0], c[1], lang) if c else "–") for c in t.counts),
                    )
                    for t in comparison.themes
                ),
                numeric=tuple(range(1, 1 + len(comparison.surveys))),
            )
        )
        blocks.append(_para(text("comparison_themes_note", lang), "caption"))
    if comparison.items:
        blocks.append(Heading(3, text("comparison_items", lang)))
        rows = []
        for item in comparison.items:
            shares = [100 * c[0] / c[1] if c and c[1] else None for c in item.counts]
            known = [s for s in shares if s is not None]
            change = known[-1] - known[0] if len(known) >= 2 else None
            rows.append(
                (
                    _cell(f"{item.text} ({item.scale})"),
                    *(
                        _cell(
                            text(
                                "of_n",
                                lang,
                                count=number(c[0], lang),
                                of=number(c[1], lang),
                                share=_share(c[0], c[1], lang),
                            )
                            if c
                            else "–"
                        )
                        for c in item.counts
                    ),
                    _cell(
                        text("points", lang, value=decimal(change, lang, 0, signed=True))
                        if change is not None
                        else "–"
                    ),
                )
            )
        blocks.append(
            Table(
                (text("statement", lang), *comparison.surveys, text("change", lang)),
                tuple(rows),
                numeric=tuple(range(1, 2 + len(comparison.surveys))),
            )
        )
        blocks.append(_para(text("comparison_items_note", lang), "caption"))
    if not comparison.themes and not comparison.items:
        blocks.append(_para(text("comparison_nothing", lang)))
    return blocks


def _appendix_blocks(report: Report) -> list[Block]:
    lang = report.lang
    several = len(report.surveys) > 1
    blocks: list[Block] = [PageBreak(), Heading(2, text("appendix", lang))]
    blocks.append(Heading(3, text("appendix_questions", lang)))
    for part in report.surveys:
        if several:
            blocks.append(Heading(4, part.title))
        blocks.append(
            Table(
                (text("number", lang), text("question", lang), text("answer_format", lang)),
                tuple(
                    (
                        _cell(q.number),
                        _cell(q.text),
                        _cell(f"{q.kind}. {q.condition}" if q.condition else q.kind),
                    )
                    for q in part.appendix
                ),
                numeric=(0,),
                small=True,
            )
        )
    blocks.append(Heading(3, text("appendix_sources", lang)))
    blocks.append(_para(text("appendix_intro", lang)))
    for part in report.surveys:
        if not part.sources:
            continue
        if several:
            blocks.append(Heading(4, part.title))
        blocks.append(
            Table(
                tuple(
                    text(key, lang)
                    for key in ("question", "human", "accepted", "unreviewed", "total")
                ),
                tuple(
                    (
                        _cell(source.question),
                        _cell(number(source.counted.human, lang)),
                        _cell(number(source.counted.accepted, lang)),
                        _cell(number(source.counted.unreviewed, lang)),
                        _cell(number(source.counted.total, lang)),
                    )
                    for source in part.sources
                ),
                numeric=(1, 2, 3, 4),
                small=True,
            )
        )
    if report.notes:
        blocks.append(Heading(3, text("notes", lang)))
        blocks.append(Bullets(tuple((Run(note),) for note in report.notes)))
    return blocks


def layout(drawn: Drawn) -> list[Block]:
    """The whole report as blocks, in reading order."""
    report = drawn.report
    lang = report.lang
    sources = ", ".join(
        f"{p.title} ({text('respondents_n', lang, n=number(p.respondents, lang))})"
        for p in report.surveys
    )
    blocks: list[Block] = [
        Heading(1, report.title),
        _para(text("generated", lang, date=report.generated)),
        _para(text("sources", lang, sources=sources)),
        Toc(text("contents", lang)),
    ]
    blocks.extend(_summary_blocks(report))
    blocks.extend(_method_blocks(report))
    blocks.extend(_results_blocks(drawn))
    if report.comparison is not None:
        blocks.extend(_comparison_blocks(report.comparison, lang))
    blocks.extend(_appendix_blocks(report))
    return blocks


# ---------------------------------------------------------------------------------------
# Markdown

_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"([\\`*_{}\[\]#|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def escape_markdown(value: str) -> str:
    """Text that Markdown shows exactly as written, wherever it lands: markup characters get
    a backslash, `<` and `>` become entities (so no HTML tag can form), `&` only where it
    would otherwise start an entity, and a leading list marker its own backslash."""
    value = _ENTITY.sub("&amp;", plain(value))
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


def _md_table(header: Sequence[str], rows: Sequence[Sequence[Cell]], numeric: Sequence[int]) -> str:
    width = len(header)
    rule = ["---:" if i in numeric else "---" for i in range(width)]
    lines = [
        "| " + " | ".join(escape_markdown(h).strip() or " " for h in header) + " |",
        "| " + " | ".join(rule) + " |",
    ]
    for row in rows:
        cells = [_md_inline(cell).strip() or " " for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _md_block(block: Block) -> str:
    if isinstance(block, PageBreak | Toc):
        return ""
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape_markdown(block.text).strip()}"
    if isinstance(block, Picture):
        return f"![{escape_markdown(block.alt).strip()}]({FIGURES}/{block.file})"
    if isinstance(block, Gallery):
        return "\n\n".join(
            f"**{escape_markdown(label).strip()}**\n\n"
            f"![{escape_markdown(f'{block.alt}: {label}').strip()}]({FIGURES}/{file})"
            for label, file in block.items
        )
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md_line_start(_md_inline(item).strip())}" for item in block.items)
    if isinstance(block, Table):
        return _md_table(block.header, block.rows, block.numeric)
    line = _md_line_start(_md_inline(block.runs).strip())
    if block.kind == "caption":
        return f"*{line}*" if line else line
    if block.kind == "callout":
        return f"> {line}"
    return line


def markdown_text(drawn: Drawn) -> str:
    """The report as Markdown, figures referenced as figures/<file>."""
    parts = (_md_block(block) for block in layout(drawn))
    return "\n\n".join(p for p in parts if p) + "\n"


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
h2 { font-size: 1.5rem; margin-top: 2.75rem; padding-bottom: 0.2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.2rem; margin-top: 2rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.25rem; font-size: 0.92rem; }
th, td { border: 1px solid #bbb; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
.align-right { text-align: right; } .align-center { text-align: center; }
th { background: #f0f0f0; }
img { display: block; max-width: 100%; height: auto; margin: 0.75rem 0 0.25rem; }
blockquote { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid #444; background: #f4f4f4; }
blockquote p { margin: 0; }
@page { size: A4; margin: 2.5cm 2.5cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  nav, header nav, .no-print { display: none !important; }
  h2 { break-before: page; page-break-before: always; border-bottom: 0; }
  h2:first-of-type { break-before: auto; page-break-before: auto; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  img, blockquote { break-inside: avoid; page-break-inside: avoid; }
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
    body = html_fragment(markdown_source)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(plain(title))}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


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


def docx_document(drawn: Drawn, folder: Path) -> DocxDocument:
    """The report as a Word document, pictures read from `folder`."""
    return docx_writer.document(layout(drawn), folder, drawn.report.title, drawn.report.lang)


@dataclass(frozen=True)
class Written:
    """The files one render wrote, by format."""

    paths: dict[str, Path]


def write_formats(report: Report, out_dir: Path, formats: Sequence[str], zip_name: str) -> Written:
    """Every asked format from one drawing of the figures: report.md and report.html with
    figures/ beside them, report.docx, and a ZIP holding all three (`zip_name`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix=".report-", dir=out_dir) as work:
        folder = Path(work) / FIGURES
        drawn = draw_all(report, folder)
        source = markdown_text(drawn)
        page = html_page(source, report.title, report.lang)
        if "md" in formats or "html" in formats:
            target = out_dir / FIGURES
            target.mkdir(exist_ok=True)
            for figure in folder.glob("*.png"):
                shutil.copyfile(figure, target / figure.name)
        if "md" in formats:
            paths["md"] = _write_text(out_dir / "report.md", source)
        if "html" in formats:
            paths["html"] = _write_text(out_dir / "report.html", page)
        document = None
        if "docx" in formats or "zip" in formats:
            document = docx_document(drawn, folder)
        if "docx" in formats and document is not None:
            doc = document
            paths["docx"] = _replace_into(out_dir / "report.docx", lambda p: doc.save(str(p)))
        if "zip" in formats and document is not None:
            paths["zip"] = _bundle(out_dir / zip_name, source, page, document, folder)
    return Written(paths)


def _bundle(zip_path: Path, source: str, page: str, document: DocxDocument, folder: Path) -> Path:
    def write(partial: Path) -> None:
        docx_bytes = Path(partial.with_suffix(".docx"))
        try:
            document.save(str(docx_bytes))
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("report.md", source)
                archive.writestr("report.html", page)
                archive.write(docx_bytes, "report.docx")
                for figure in sorted(folder.glob("*.png")):
                    archive.write(figure, f"{FIGURES}/{figure.name}")
        finally:
            docx_bytes.unlink(missing_ok=True)

    return _replace_into(zip_path, write)


def write_markdown(report: Report, out_dir: Path) -> Path:
    """`out_dir/report.md` with its figures in `out_dir/figures/`; returns the .md path."""
    return write_formats(report, out_dir, ["md"], "").paths["md"]


def write_html(report: Report, out_dir: Path) -> Path:
    """`out_dir/report.html` with its figures in `out_dir/figures/`; returns the .html path."""
    return write_formats(report, out_dir, ["html"], "").paths["html"]


def write_docx(report: Report, path: Path) -> Path:
    """The report as a .docx at `path`, figures embedded (drawn in a temporary folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-figures-") as folder:
        drawn = draw_all(report, Path(folder))
        doc = docx_document(drawn, Path(folder))
        return _replace_into(path, lambda partial: doc.save(str(partial)))


def write_bundle(report: Report, zip_path: Path) -> Path:
    """A ZIP with report.md, report.html, report.docx and figures/, all from one drawing of
    the figures, renamed into place when whole."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-figures-") as folder:
        drawn = draw_all(report, Path(folder) / FIGURES)
        source = markdown_text(drawn)
        page = html_page(source, report.title, report.lang)
        document = docx_document(drawn, Path(folder) / FIGURES)
        return _bundle(zip_path, source, page, document, Path(folder) / FIGURES)
