"""The report's figures as PNG files: a bar chart of themes per open question, a stacked
bar chart per block of likert questions, and word clouds.

Reports are printed in black and white and photocopied, so stance and scale points are
told apart by hatching and lightness, never by colour alone, and word clouds use dark
grays only. Every figure is drawn at print resolution (at least `PRINT_DPI` at the width
it is placed in the Word file). matplotlib and wordcloud are imported inside the
functions so importing this module (and the web app) stays cheap; figures are drawn on a
bare Agg canvas, never through pyplot, so nothing can open a window and no figure
lingers in pyplot's registry.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from pathlib import Path
from random import Random

from survey.reports.model import ClosedQuestion, OpenQuestion, Report, SurveyReport, ThemeRow
from survey.reports.wording import number, text

CM = 1 / 2.54  # matplotlib measures figures in inches
PRINT_DPI = 200  # the least resolution at the printed width
DPI = 210  # a little above PRINT_DPI, so rounding to whole pixels stays above it
LABEL_WIDTH = 34  # characters per line before a theme label wraps
BARS_CM = 16.0  # printed widths, shared with the renderer
CLOUD_CM = (13.0, 4.6)
THEME_CLOUD_CM = (7.6, 3.6)

# Per stance: fill, hatch. Dark solid, light hatched, white dotted: three clearly different
# luminances that also differ in pattern, so a grayscale print keeps them apart.
BAR_STYLE: dict[str, tuple[str, str]] = {
    "success": ("#3a3a3a", ""),
    "challenge": ("#c8c8c8", "///"),
    "neutral": ("#ffffff", ".."),
}
# A likert scale from its lowest point to its highest: light to dark, so the share that
# agrees reads as the dark end of each bar on any printer.
SCALE_GRAYS = ("#f2f2f2", "#cfcfcf", "#a6a6a6", "#6e6e6e", "#303030")

# Dark grays and blue-grays (max − min of r, g, b at most 24): readable on white and when
# printed in grayscale. The larger the word, the darker it is drawn.
CLOUD_GRAYS = ("#1c2329", "#2b343c", "#38424c", "#46515c", "#56616b")


@dataclass(frozen=True)
class Drawn:
    """A report whose figures are drawn: items carry their file names, and each survey's
    theme clouds are listed as (theme label, file name) in the report's order."""

    report: Report
    theme_clouds: tuple[tuple[tuple[str, str], ...], ...] = ()  # per survey


def _ranked(section: OpenQuestion) -> list[tuple[str, ThemeRow]]:
    """All of a question's themes with their stance, most respondents first (the order is
    stable, so ties keep successes before challenges before neutral)."""
    rows = [
        *(("success", row) for row in section.successes),
        *(("challenge", row) for row in section.challenges),
        *(("neutral", row) for row in section.neutral),
    ]
    return sorted(rows, key=lambda item: -item[1].respondents)


def _margin(labels: list[str], width_cm: float, points: float = 7) -> float:
    """The left margin that fits the longest label line, from its length instead of a
    layout engine (which measures every text twice and costs more than the chart)."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=10)
    return min(0.55, (longest * points * 0.55 / 72 + 0.25) / (width_cm / 2.54))


def bar_chart(section: OpenQuestion, path: Path, lang: str) -> Path | None:
    """Horizontal bars of respondents per theme; None, writing nothing, without themes."""
    rows = _ranked(section)
    if not rows:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    labels = [textwrap.fill(row.label, LABEL_WIDTH) for _, row in rows]
    extra_lines = sum(label.count("\n") for label in labels)
    height = 1.6 + 0.42 * len(rows) + 0.28 * extra_lines
    figure = Figure(figsize=(BARS_CM * CM, height * CM), dpi=DPI)
    figure.subplots_adjust(
        left=_margin(labels, BARS_CM), right=0.96, top=1 - 0.8 / height, bottom=0.8 / height
    )
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(rows))
    values = [row.respondents for _, row in rows]
    bars = axes.barh(
        positions,
        values,
        height=0.7,
        color=[BAR_STYLE[stance][0] for stance, _ in rows],
        edgecolor="#000000",
        linewidth=0.5,
    )
    for bar, (stance, _) in zip(bars, rows, strict=True):
        bar.set_hatch(BAR_STYLE[stance][1])
    axes.bar_label(bars, padding=2, fontsize=6.5)
    axes.set_yticks(list(positions), labels, fontsize=6.5)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max(max(values), 1) * 1.12 + 0.5)
    axes.set_xlabel(text("axis_respondents", lang), fontsize=7)
    axes.tick_params(axis="x", labelsize=6.5)
    axes.spines[["top", "right"]].set_visible(False)
    stances = list(dict.fromkeys(stance for stance, _ in rows))
    figure.legend(
        handles=[
            Patch(
                facecolor=BAR_STYLE[s][0],
                hatch=BAR_STYLE[s][1],
                edgecolor="#000000",
                linewidth=0.5,
                label=text(f"stance_{s}", lang),
            )
            for s in stances
        ],
        fontsize=6.5,
        loc="upper right",
        ncols=len(stances),
        frameon=False,
    )
    # Light compression: encoding the PNG is a good part of drawing it, and size is cheap.
    figure.savefig(path, dpi=DPI, format="png", facecolor="white", pil_kwargs={"compress_level": 1})
    figure.clear()
    return path


def likert_chart(items: list[ClosedQuestion], path: Path, lang: str) -> Path | None:
    """One 100 % stacked horizontal bar per likert item (its answers from the lowest
    point to the highest, "don't know" left out), labelled with the item and its n."""
    items = [q for q in items if q.valid]
    if not items:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    labels = [
        textwrap.fill(f"{q.text} (n = {number(q.valid, lang)})", LABEL_WIDTH + 6) for q in items
    ]
    extra_lines = sum(label.count("\n") for label in labels)
    height = 2.0 + 0.55 * len(items) + 0.28 * extra_lines
    figure = Figure(figsize=(BARS_CM * CM, height * CM), dpi=DPI)
    figure.subplots_adjust(
        left=_margin(labels, BARS_CM), right=0.97, top=1 - 1.2 / height, bottom=0.7 / height
    )
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(items)))
    left = [0.0] * len(items)
    for point in range(5):
        shares = [
            (q.categories[point].percent or 0.0) if len(q.categories) > point else 0.0
            for q in items
        ]
        bars = axes.barh(
            positions,
            shares,
            left=left,
            height=0.65,
            color=SCALE_GRAYS[point],
            edgecolor="#000000",
            linewidth=0.4,
        )
        for bar, share in zip(bars, shares, strict=True):
            if share >= 9:
                x = bar.get_x() + bar.get_width() / 2
                y = bar.get_y() + bar.get_height() / 2
                colour = "#ffffff" if point >= 3 else "#000000"
                label = f"{share:.0f}"
                axes.text(x, y, label, ha="center", va="center", fontsize=6, color=colour)
        left = [a + b for a, b in zip(left, shares, strict=True)]
    axes.set_yticks(positions, labels, fontsize=6.5)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(text("axis_percent", lang), fontsize=7)
    axes.tick_params(axis="x", labelsize=6.5)
    axes.spines[["top", "right"]].set_visible(False)
    scale = items[0].scale or tuple(str(i) for i in range(1, 6))
    figure.legend(
        handles=[
            Patch(facecolor=SCALE_GRAYS[i], edgecolor="#000000", linewidth=0.4, label=scale[i])
            for i in range(5)
        ],
        fontsize=6,
        loc="upper center",
        ncols=5,
        frameon=False,
    )
    # Light compression: encoding the PNG is a good part of drawing it, and size is cheap.
    figure.savefig(path, dpi=DPI, format="png", facecolor="white", pil_kwargs={"compress_level": 1})
    figure.clear()
    return path


def gray_color(
    word: str,
    font_size: int,
    position: tuple[int, int],
    orientation: int | None,
    random_state: Random | None = None,
    **kwargs: object,
) -> str:
    """wordcloud's colour function: a dark gray, darker for larger words, never a hue."""
    step = min(len(CLOUD_GRAYS) - 1, max(0, (60 - int(font_size)) // 12))
    return CLOUD_GRAYS[step]


def word_cloud(
    weights: dict[str, float], path: Path, *, size_cm: tuple[float, float] = CLOUD_CM
) -> Path | None:
    """A word cloud from lemma weights (filtered upstream) at print resolution for
    `size_cm`; None when nothing weighs. The words are laid out at half the size and
    drawn at full size (wordcloud's `scale`): the layout is what takes the time."""
    frequencies = {word: float(w) for word, w in weights.items() if word.strip() and w > 0}
    if not frequencies:
        return None
    import matplotlib
    from wordcloud import WordCloud

    scale = 2
    width = round(size_cm[0] * CM * PRINT_DPI / scale) + 1
    height = round(size_cm[1] * CM * PRINT_DPI / scale) + 1
    # matplotlib's DejaVu Sans: proportional (packs better than wordcloud's monospace
    # default), with å, ä and ö, and always installed alongside the bar charts.
    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    cloud = WordCloud(
        font_path=str(font) if font.is_file() else None,
        width=width,
        height=height,
        scale=scale,
        background_color="white",
        color_func=gray_color,
        random_state=0,
        collocations=False,
        max_words=60,
        max_font_size=height // 2,  # also spares wordcloud a first pass to find the size
        prefer_horizontal=0.9,
        min_font_size=6,
        margin=3,
    )
    cloud.generate_from_frequencies(frequencies)
    # Not cloud.to_file: it asks Pillow to optimise, which is most of the time spent.
    cloud.to_image().save(path, format="PNG", dpi=(PRINT_DPI, PRINT_DPI))
    return path


def _likert_blocks(part: SurveyReport) -> dict[int, list[ClosedQuestion]]:
    blocks: dict[int, list[ClosedQuestion]] = {}
    for item in part.closed_questions:
        if item.block is not None:
            blocks.setdefault(item.block, []).append(item)
    return blocks


def draw_survey(part: SurveyReport, index: int, folder: Path, lang: str) -> SurveyReport:
    """A survey's question figures drawn into `folder`, and the survey with the file
    names set on its items. Files are named by position, never by any text, so no
    answer or question id can reach a file name."""
    prefix = f"s{index}"
    blocks = _likert_blocks(part)
    items: list[OpenQuestion | ClosedQuestion] = []
    for item in part.items:
        if isinstance(item, ClosedQuestion):
            drawn = None
            if item.block is not None and blocks[item.block][0].qid == item.qid:
                drawn = likert_chart(
                    blocks[item.block], folder / f"{prefix}-likert{item.block:02d}.png", lang
                )
            items.append(replace(item, figure=drawn.name if drawn else None))
            continue
        if item.background:
            items.append(item)
            continue
        chart = bar_chart(item, folder / f"{prefix}-q{item.number:02d}-bars.png", lang)
        cloud = word_cloud(item.word_weights, folder / f"{prefix}-q{item.number:02d}-cloud.png")
        items.append(
            replace(item, figure=chart.name if chart else None, cloud=cloud.name if cloud else None)
        )
    return replace(part, items=tuple(items))


def theme_cloud_file(index: int, position: int) -> str:
    """The file name of survey `index`'s `position`th (from 1) theme cloud."""
    return f"s{index}-theme{position:02d}-cloud.png"


def draw_theme_clouds(part: SurveyReport, index: int, folder: Path) -> tuple[tuple[str, str], ...]:
    """A smaller word cloud per theme, as (theme label, file name) in the report's order;
    themes without weights get none."""
    drawn = []
    for position, (label, weights) in enumerate(part.theme_cloud.items(), 1):
        path = folder / theme_cloud_file(index, position)
        cloud = word_cloud(weights, path, size_cm=THEME_CLOUD_CM)
        if cloud:
            drawn.append((label, cloud.name))
    return tuple(drawn)


def draw_all(report: Report, folder: Path) -> Drawn:
    """Every figure of the report drawn once into `folder`, for all formats of a render."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    clouds = []
    for index, part in enumerate(report.surveys, 1):
        parts.append(draw_survey(part, index, folder, report.lang))
        clouds.append(draw_theme_clouds(part, index, folder))
    return Drawn(replace(report, surveys=tuple(parts)), tuple(clouds))
