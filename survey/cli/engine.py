"""`survey code` and `survey evaluate`: the coding engine on CSV files, outside any
survey. Their arguments, CSV columns and `--json` keys are a contract other tools use."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from survey import config
from survey.cli.common import F, existing_file
from survey.cli.root import main
from survey.fielding.questionnaire import QuestionnaireError, load_file

if TYPE_CHECKING:
    from analysis.codebook import Codebook
    from analysis.evaluate import GoldRow


def grouping_codings(codebook: Codebook, rows: Sequence[GoldRow]) -> dict[str, int]:
    """How often each code that groups others was used in hand-coded rows: another tool
    lets a coder code with one, but the engine suggests the codes under it, so such
    codings are neither scored nor learnt from. Said, not hidden."""
    codable = {t.id for t in codebook.codable()}
    counts: dict[str, int] = {}
    for row in rows:
        for theme in row.themes:
            if theme not in codable:
                counts[theme] = counts.get(theme, 0) + 1
    return counts


def grouping_note(counts: dict[str, int]) -> str:
    listed = ", ".join(f"{theme} ({count})" for theme, count in sorted(counts.items()))
    return (
        "codings with codes that group others, which the engine does not suggest "
        f"(it suggests the codes under them): {listed}"
    )


def stance_hints(extra: tuple[Path, ...]) -> dict[str, str]:
    """Question id → stance hint, from the bundled questionnaires and any given ones."""
    from survey.fielding.questionnaire import bundled_files

    hints: dict[str, str] = {}
    for path in [*bundled_files(config.QUESTIONNAIRE_DIR), *extra]:
        for question in load_file(path).questions():
            if question.stance_hint:
                hints[question.id] = question.stance_hint
    return hints


def analysis_errors(command: F) -> F:
    """The coding engine's input problems become one message and exit status 1."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        from analysis.codebook import CodebookError
        from analysis.files import InputError
        from survey.exchange.limits import FileRefused

        try:
            return command(*args, **kwargs)
        except (CodebookError, InputError, QuestionnaireError) as exc:
            raise click.ClickException(str(exc)) from None
        except FileRefused as exc:  # a codebook file from another tool
            path = kwargs.get("codebook_path")
            raise click.ClickException(f"{path}: {exc}") from None

    return wrapped  # type: ignore[return-value]


@main.command("code")
@click.option(
    "--codebook",
    "codebook_path",
    type=existing_file,
    required=True,
    help=(
        "Codebook TOML, or a codebook from another tool (REFI-QDA .qdc or .qdpx, Taguette "
        "CSV) or kept in a spreadsheet (CSV or .xlsx with Kod/Code and Beskrivning/Description)."
    ),
)
@click.option(
    "--answers",
    "answers_path",
    type=existing_file,
    required=True,
    help="CSV (or Excel .xlsx) with id,text[,question].",
)
@click.option(
    "--train",
    "train_path",
    type=existing_file,
    help="CSV (or .xlsx) with id,text,themes[,stance]: coded answers to learn from.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Output CSV, one row per coded segment.",
)
@click.option(
    "--questionnaire",
    "questionnaires",
    type=existing_file,
    multiple=True,
    help="Questionnaire whose stance hints apply (the bundled ones always do).",
)
@click.option(
    "--order",
    type=click.Choice(["uncertain", "confident"]),
    default=None,
    help="Order the rows across answers: most uncertain first (the decisions that teach "
    "the model most) or most confident first. Default: answer by answer, as given.",
)
@analysis_errors
def code(
    codebook_path: Path,
    answers_path: Path,
    train_path: Path | None,
    out_path: Path,
    questionnaires: tuple[Path, ...],
    order: str | None,
) -> None:
    """Suggest themes for open answers, with evidence.

    Writes one row per coded segment: id,start,end,theme,stance,score,source,evidence
    (source is rule or model; evidence is JSON with the matched words and their offsets).
    """
    from analysis.engine import Engine
    from analysis.files import read_answers, read_coded, write_suggestions
    from survey.exchange.foreign_codebook import load

    codebook = load(codebook_path)
    hints = stance_hints(questionnaires)
    answers = read_answers(answers_path, hints)
    training = read_coded(train_path, codebook.names(), hints) if train_path else []
    engine = Engine(codebook)
    if training:
        engine.train([(row.answer, row.themes) for row in training])
        unlearnt = grouping_codings(codebook, training)
        if unlearnt:
            click.echo(f"not learnt from: {grouping_note(unlearnt)}", err=True)
    coded = engine.code(answers)
    count = write_suggestions(out_path, coded, order)
    by_source: dict[str, int] = {}
    for item in coded:
        for suggestion in item.suggestions:
            by_source[suggestion.source] = by_source.get(suggestion.source, 0) + 1
    sources = ", ".join(f"{k}: {v}" for k, v in sorted(by_source.items())) or "none"
    click.echo(f"{len(answers)} answers, {count} coded segments ({sources}) → {out_path}")


@main.command("evaluate")
@click.option(
    "--codebook",
    "codebook_path",
    type=existing_file,
    required=True,
    help=(
        "Codebook TOML, or a codebook from another tool (REFI-QDA .qdc or .qdpx, Taguette "
        "CSV) or kept in a spreadsheet (CSV or .xlsx with Kod/Code and Beskrivning/Description)."
    ),
)
@click.option(
    "--gold",
    "gold_path",
    type=existing_file,
    required=True,
    help="CSV (or Excel .xlsx) with id,text,themes[,stance]: hand-coded answers.",
)
@click.option(
    "--train-fraction",
    type=click.FloatRange(0.05, 0.95),
    default=None,
    help="Also train a model on this share and test on the rest.",
)
@click.option(
    "--seeds",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Random splits to average over.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option(
    "--questionnaire",
    "questionnaires",
    type=existing_file,
    multiple=True,
    help="Questionnaire whose stance hints apply (the bundled ones always do).",
)
@analysis_errors
def evaluate(
    codebook_path: Path,
    gold_path: Path,
    train_fraction: float | None,
    seeds: int,
    as_json: bool,
    questionnaires: tuple[Path, ...],
) -> None:
    """Measure the engine against hand-coded answers.

    Prints precision, recall, F1 (micro and macro), Cohen's kappa at answer level and
    stance accuracy, per theme and overall: for the rules alone and, with
    --train-fraction, for rules plus a model trained on that share (mean over seeds);
    and, for another codebook than the starter codebook, the starter themes whose
    keywords its codes borrow.
    """
    import json

    from analysis import evaluate as ev
    from analysis.engine import Engine
    from analysis.files import read_coded
    from survey.exchange.foreign_codebook import load

    codebook = load(codebook_path)
    gold = read_coded(gold_path, codebook.names(), stance_hints(questionnaires))
    engine = Engine(codebook)
    result: dict[str, Any] = {"n": len(gold), "rules": ev.rules_only(engine, gold)}
    if train_fraction is not None:
        result["model"] = ev.with_model(engine, gold, train_fraction, seeds)
    unscored = grouping_codings(codebook, gold)
    if unscored:
        result["unscored"] = unscored
    if engine.lenders:  # theme → the starter themes whose keywords it also uses
        result["borrowed"] = {theme: list(ids) for theme, ids in engine.lenders.items()}
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{len(gold)} answers, codebook {codebook.name}")
    if unscored:
        click.echo(f"not scored: {grouping_note(unscored)}")
    if "borrowed" in result:
        click.echo("keywords also used, from the starter codebook's themes these codes meet:")
        for theme, ids in result["borrowed"].items():
            click.echo(f"  {theme} ← {', '.join(ids)}")
    for name in ("rules", "model"):
        if name not in result:
            continue
        r = result[name]
        title = (
            "rules alone"
            if name == "rules"
            else (
                f"rules + model (trained on {r['train_fraction']:.0%}, tested on the rest, mean of {r['seeds']} seeds)"
            )
        )
        click.echo(f"\n{title}")
        click.echo(f"{'theme':28} {'P':>6} {'R':>6} {'F1':>6} {'kappa':>6} {'n':>5}")
        for theme, m in r["per_theme"].items():
            click.echo(
                f"{theme:28} {m['precision']:6.2f} {m['recall']:6.2f} {m['f1']:6.2f} {m['kappa']:6.2f} {m['support']:5.0f}"
            )
        click.echo(
            f"{'overall (micro)':28} {r['precision']:6.2f} {r['recall']:6.2f} {r['micro_f1']:6.2f} {r['kappa']:6.2f}"
        )
        stance = (
            f"{r['stance_accuracy']:.2f}"
            if r["stance_clauses"]
            else "— (the hand coding gives no stance for the themes found)"
        )
        click.echo(f"macro F1 {r['macro_f1']:.2f}   stance accuracy {stance}")
