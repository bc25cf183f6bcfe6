"""The report's figures as PNG files: a bar chart per question and word clouds.

Reports are printed in black and white and photocopied, so stance is told apart by
hatching and lightness, never by colour alone, and word clouds use dark grays only.
matplotlib and wordcloud are imported inside the functions so importing this module (and
the web app) stays cheap; figures are drawn on a bare Agg canvas, never through pyplot,
so nothing can open a window and no figure lingers in pyplot's registry.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path
from random import Random

from survey.reports.model import QuestionSection, Report, ThemeRow
from survey.reports.wording import text

CM = 1 / 2.54  # matplotlib measures figures in inches
DPI = 150
LABEL_WIDTH = 30  # characters per line before a theme label wraps

# Per stance: fill, hatch. Dark solid, light hatched, white dotted: three clearly different
# luminances that also differ in pattern, so a grayscale print keeps them apart.
BAR_STYLE: dict[str, tuple[str, str]] = {
    "success": ("#3a3a3a", ""),
    "challenge": ("#c8c8c8", "///"),
    "neutral": ("#ffffff", ".."),
}

# Dark grays and blue-grays (max − min of r, g, b at most 24): readable on white and when
# printed in grayscale. The larger the word, the darker it is drawn.
CLOUD_GRAYS = ("#1c2329", "#2b343c", "#38424c", "#46515c", "#56616b")


def _ranked(section: QuestionSection) -> list[tuple[str, ThemeRow]]:
    """All of a question's themes with their stance, most respondents first (the order is
    stable, so ties keep successes before challenges before neutral)."""
    rows = [
        *(("success", row) for row in section.successes),
        *(("challenge", row) for row in section.challenges),
        *(("neutral", row) for row in section.neutral),
    ]
    return sorted(rows, key=lambda item: -item[1].respondents)


def bar_chart(section: QuestionSection, path: Path, lang: str) -> Path | None:
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
    height = 2 + 0.5 * len(rows) + 0.35 * extra_lines
    figure = Figure(figsize=(16 * CM, height * CM), dpi=DPI)
    # Margins from the longest label line instead of a layout engine (which measures
    # every text twice and costs more than drawing the chart).
    longest = max(len(line) for label in labels for line in label.split("\n"))
    left = min(0.6, (longest * 7 * 0.6 / 72 + 0.3) / (16 / 2.54))
    figure.subplots_adjust(
        left=left, right=0.96, top=1 - 1.1 / height, bottom=min(0.45, 1.1 / height)
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
        linewidth=0.6,
    )
    for bar, (stance, _) in zip(bars, rows, strict=True):
        bar.set_hatch(BAR_STYLE[stance][1])
    axes.bar_label(bars, padding=2, fontsize=7)
    axes.set_yticks(list(positions), labels, fontsize=7)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max(max(values), 1) * 1.12 + 0.5)
    axes.set_xlabel(text("axis_respondents", lang), fontsize=8)
    axes.tick_params(axis="x", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    stances = list(dict.fromkeys(stance for stance, _ in rows))
    figure.legend(
        handles=[
            Patch(
                facecolor=BAR_STYLE[s][0],
                hatch=BAR_STYLE[s][1],
                edgecolor="#000000",
                linewidth=0.6,
                label=text(f"stance_{s}", lang),
            )
            for s in stances
        ],
        fontsize=7,
        loc="upper right",
        ncols=len(stances),
        frameon=False,
    )
    figure.savefig(path, dpi=DPI, format="png", facecolor="white")
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
    weights: dict[str, float], path: Path, *, width: int = 640, height: int = 320
) -> Path | None:
    """A word cloud from lemma weights (filtered upstream); None when nothing weighs."""
    frequencies = {word: float(w) for word, w in weights.items() if word.strip() and w > 0}
    if not frequencies:
        return None
    import matplotlib
    from wordcloud import WordCloud

    # matplotlib's DejaVu Sans: proportional (packs better than wordcloud's monospace
    # default), with å, ä and ö, and always installed alongside the bar charts.
    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    cloud = WordCloud(
        font_path=str(font) if font.is_file() else None,
        width=width,
        height=height,
        background_color="white",
        color_func=gray_color,
        random_state=0,
        collocations=False,
        max_words=60,
        max_font_size=height // 2,  # also spares wordcloud a first pass to find the size
        prefer_horizontal=0.9,
        min_font_size=8,
        margin=4,
    )
    cloud.generate_from_frequencies(frequencies)
    # Not cloud.to_file: it asks Pillow to optimise, which is most of the time spent.
    cloud.to_image().save(path, format="PNG")
    return path


def draw_questions(report: Report, folder: Path) -> Report:
    """Each question's bar chart and word cloud drawn into `folder`, and the report with
    the file names set on its sections. Files are named by position, never by any text,
    so a question id can never reach a file name."""
    folder.mkdir(parents=True, exist_ok=True)
    sections = []
    for number, section in enumerate(report.questions, 1):
        chart = bar_chart(section, folder / f"q{number:02d}-bars.png", report.lang)
        cloud = word_cloud(section.word_weights, folder / f"q{number:02d}-cloud.png")
        sections.append(
            replace(
                section,
                figure=chart.name if chart else None,
                cloud=cloud.name if cloud else None,
            )
        )
    return replace(report, questions=tuple(sections))


def theme_cloud_file(number: int) -> str:
    """The file name of the `number`th (from 1) theme's cloud in `Report.theme_cloud`."""
    return f"theme{number:02d}-cloud.png"


def draw_theme_clouds(report: Report, folder: Path) -> tuple[tuple[str, str], ...]:
    """A smaller word cloud per theme, as (theme label, file name) in the report's order;
    themes without weights get none."""
    folder.mkdir(parents=True, exist_ok=True)
    drawn = []
    for number, (label, weights) in enumerate(report.theme_cloud.items(), 1):
        cloud = word_cloud(weights, folder / theme_cloud_file(number), width=500, height=250)
        if cloud:
            drawn.append((label, cloud.name))
    return tuple(drawn)


def draw_all(report: Report, folder: Path) -> Report:
    """Every figure of the report drawn into `folder` (for the web page); the returned
    report names its questions' figures, the theme clouds follow `theme_cloud_file`."""
    drawn = draw_questions(report, folder)
    draw_theme_clouds(report, folder)
    return drawn
