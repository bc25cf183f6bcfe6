"""The `survey` command line: set-up, the demo, serving, questionnaires.

Every command takes `--db PATH` (default: `SURVEY_DB`, then `instance/survey.db`).
Known problems end in one clear message on stderr and a non-zero exit; they never
leave a half-changed database.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from . import bootstrap, config
from .db import DatabaseError, Store, connect
from .demo import seed_demo, seed_demo_coding
from .privacy import PrivacyError
from .questionnaire import QuestionnaireError, load_file

F = TypeVar("F", bound=Callable[..., Any])

_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


def _default_port() -> int:
    try:
        return int(os.environ.get("PORT", "5000"))
    except ValueError:
        return 5000


def _default_base_url() -> str:
    return os.environ.get("SURVEY_BASE_URL") or f"http://127.0.0.1:{_default_port()}"


def db_option(command: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="SQLite database file. Default: $SURVEY_DB, then instance/survey.db.",
    )(command)


def base_url_option(command: F) -> F:
    return click.option(
        "--base-url",
        default=None,
        help="Address the app is reached at, used in printed links. "
        "Default: $SURVEY_BASE_URL, then http://127.0.0.1:$PORT.",
    )(command)


def _resolve_db(db_path: Path | None) -> Path:
    return db_path if db_path is not None else config.default_db_path()


def friendly_errors(command: F) -> F:
    """Turn the errors a user can cause into one message and exit status 1."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (DatabaseError, QuestionnaireError, config.ConfigError, PrivacyError) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapped  # type: ignore[return-value]


@contextmanager
def open_store(db_path: Path | None, *, create: bool = False) -> Iterator[Store]:
    """Open (optionally create) and upgrade the database for one command."""
    path = _resolve_db(db_path)
    if create and db_path is None and path.parent == config.instance_path():
        path.parent.mkdir(parents=True, exist_ok=True)
    store = connect(path, create=create)
    try:
        store.migrate()
        yield store
    finally:
        store.close()


def _survey_or_fail(store: Store, ref: str) -> dict:
    survey = store.survey(ref)
    if survey is None:
        raise click.ClickException(f"no survey with id or slug '{ref}' (see `survey survey list`)")
    return survey


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(package_name="survey")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Questionnaires through links, answers in SQLite, and thematic coding of open answers.

    Start with `survey init`, then `survey serve`.
    """
    if ctx.invoked_subcommand is not None:
        return
    path = config.default_db_path()
    if path.exists():
        try:
            with open_store(path) as store:
                link = bootstrap.new_setup_link(store, _default_base_url())
        except DatabaseError as exc:
            link = None
            click.echo(str(exc), err=True)
        if link:
            click.echo(
                f"No administrator yet. Create one with this link (works once, for 7 days):\n  {link}\n"
            )
    else:
        click.echo(f"No database at {path} yet: run `survey init`.\n")
    click.echo(ctx.get_help())


@main.command()
@db_option
@base_url_option
@click.option(
    "--questionnaires",
    "folder",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=config.QUESTIONNAIRE_DIR,
    show_default="the bundled questionnaires/ folder",
    help="Folder of questionnaire files to import.",
)
@friendly_errors
def init(db_path: Path | None, base_url: str | None, folder: Path) -> None:
    """Create or upgrade the database and import the questionnaires.

    Safe to run again: existing data is kept, unchanged questionnaires are not
    imported twice, and an older database is upgraded in place. While no
    administrator exists, prints a one-time link to create one.
    """
    with open_store(db_path, create=True) as store:
        click.echo(f"Database: {store.path}")
        for row, created in bootstrap.import_directory(store, folder):
            state = "imported" if created else "unchanged"
            click.echo(
                f"  questionnaire {row['questionnaire_id']} version {row['version']}: {state}"
            )
        link = bootstrap.new_setup_link(store, base_url or _default_base_url())
        if link:
            click.echo(f"Create the first administrator (link works once, for 7 days):\n  {link}")
        else:
            click.echo(f"Administration: {(base_url or _default_base_url()).rstrip('/')}/admin/")


@main.command()
@db_option
@base_url_option
@friendly_errors
def demo(db_path: Path | None, base_url: str | None) -> None:
    """Create the demo survey (slug `demo`) of the managers' questionnaire with sample answers.

    Running it again keeps the existing demo survey and its answers.
    """
    with open_store(db_path) as store:
        survey, created = seed_demo(store)
        state = "created" if created else "already there"
        click.echo(f"Demo survey '{survey['slug']}' (id {survey['id']}): {state}")
        if seed_demo_coding(store, survey):
            click.echo("Demo codebook added and answers coded with suggestions to review")
        click.echo(
            f"Respondent link:\n  {(base_url or _default_base_url()).rstrip('/')}/s/{survey['slug']}"
        )


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=_default_port,
    show_default="$PORT or 5000",
    help="Port to listen on.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Gunicorn worker processes sharing the database.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Log every request line. Off by default: personal links carry their token in the URL.",
)
@friendly_errors
def serve(db_path: Path | None, host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the app with gunicorn (the database must exist: run `survey init` first)."""
    path = _resolve_db(db_path).resolve()
    with open_store(path):
        pass
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which(
        "gunicorn"
    )
    if gunicorn is None:
        raise click.ClickException(
            "gunicorn is not installed; run `make run` or pip install gunicorn"
        )
    click.echo(f"Serving on http://{host}:{port}/ (database {path}); stop with Ctrl+C")
    env = {**os.environ, "SURVEY_DB": str(path)}
    args = [
        gunicorn,
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        *(["--access-logfile", "-"] if access_log else []),
        "survey:create_app()",
    ]
    sys.stdout.flush()
    os.execve(gunicorn, args, env)


@main.group()
def questionnaire() -> None:
    """Check, import and list questionnaire definitions (TOML files)."""


@questionnaire.command("validate")
@db_option
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(db_path: Path | None, files: tuple[Path, ...]) -> None:
    """Check questionnaire files without storing them.

    Every problem is listed with the file and the question id. With an existing
    database, also says whether importing would create a new version.
    """
    failed = False
    store = None
    path = _resolve_db(db_path)
    if path.exists():
        try:
            store = connect(path)
        except DatabaseError:
            store = None
    try:
        for file in files:
            try:
                q = load_file(file)
            except QuestionnaireError as exc:
                click.echo(exc.message(), err=True)
                failed = True
                continue
            note = ""
            if store is not None and not store.pending_migrations():
                latest = store.latest_version(q.id)
                if latest is None:
                    note = " (new questionnaire)"
                elif latest["content_hash"] == q.content_hash():
                    note = f" (same as stored version {latest['version']})"
                else:
                    note = f" (importing would create version {latest['version'] + 1})"
            count = sum(1 for _ in q.questions())
            click.echo(f"{file}: ok, {q.id}, {len(q.pages)} pages, {count} questions{note}")
    finally:
        if store is not None:
            store.close()
    if failed:
        sys.exit(1)


@questionnaire.command("import")
@db_option
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@friendly_errors
def import_(db_path: Path | None, files: tuple[Path, ...]) -> None:
    """Store questionnaire files; a changed file becomes a new version.

    Answers already given stay tied to the version they were given on. All files
    are checked before any is stored.
    """
    for file in files:
        load_file(file)
    with open_store(db_path) as store:
        for file in files:
            row, created = bootstrap.import_file(store, file)
            state = "imported as" if created else "unchanged,"
            click.echo(f"{row['questionnaire_id']}: {state} version {row['version']}")


@questionnaire.command("list")
@db_option
@friendly_errors
def list_(db_path: Path | None) -> None:
    """List stored questionnaires with their latest version."""
    with open_store(db_path) as store:
        rows = store.questionnaire_summaries()
        if not rows:
            click.echo("No questionnaires stored; run `survey init`.")
        for row in rows:
            click.echo(
                f"{row['questionnaire_id']}\tversion {row['latest_version']} "
                f"({row['versions']} in all)\t{row['title_sv']}"
            )


def _stance_hints(extra: tuple[Path, ...]) -> dict[str, str]:
    """Question id → stance hint, from the bundled questionnaires and any given ones."""
    from .questionnaire import bundled_files

    hints: dict[str, str] = {}
    for path in [*bundled_files(config.QUESTIONNAIRE_DIR), *extra]:
        for question in load_file(path).questions():
            if question.stance_hint:
                hints[question.id] = question.stance_hint
    return hints


def _analysis_errors(command: F) -> F:
    """The coding engine's input problems become one message and exit status 1."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        from analysis.codebook import CodebookError
        from analysis.files import InputError

        try:
            return command(*args, **kwargs)
        except (CodebookError, InputError, QuestionnaireError) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapped  # type: ignore[return-value]


_existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)


@main.command("code")
@click.option(
    "--codebook", "codebook_path", type=_existing_file, required=True, help="Codebook TOML."
)
@click.option(
    "--answers",
    "answers_path",
    type=_existing_file,
    required=True,
    help="CSV with id,text[,question].",
)
@click.option(
    "--train",
    "train_path",
    type=_existing_file,
    help="CSV with id,text,themes[,stance]: coded answers to learn from.",
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
    type=_existing_file,
    multiple=True,
    help="Questionnaire whose stance hints apply (the bundled ones always do).",
)
@_analysis_errors
def code(
    codebook_path: Path,
    answers_path: Path,
    train_path: Path | None,
    out_path: Path,
    questionnaires: tuple[Path, ...],
) -> None:
    """Suggest themes for open answers, with evidence.

    Writes one row per coded segment: id,start,end,theme,stance,score,source,evidence
    (source is rule or model; evidence is JSON with the matched words and their offsets).
    """
    from analysis.codebook import load
    from analysis.engine import Engine
    from analysis.files import read_answers, read_coded, write_suggestions

    codebook = load(codebook_path)
    hints = _stance_hints(questionnaires)
    answers = read_answers(answers_path, hints)
    training = read_coded(train_path, codebook.ids, hints) if train_path else []
    engine = Engine(codebook)
    if training:
        engine.train([(row.answer, row.themes) for row in training])
    coded = engine.code(answers)
    count = write_suggestions(out_path, coded)
    by_source: dict[str, int] = {}
    for item in coded:
        for suggestion in item.suggestions:
            by_source[suggestion.source] = by_source.get(suggestion.source, 0) + 1
    sources = ", ".join(f"{k}: {v}" for k, v in sorted(by_source.items())) or "none"
    click.echo(f"{len(answers)} answers, {count} coded segments ({sources}) → {out_path}")


@main.command("evaluate")
@click.option(
    "--codebook", "codebook_path", type=_existing_file, required=True, help="Codebook TOML."
)
@click.option(
    "--gold",
    "gold_path",
    type=_existing_file,
    required=True,
    help="CSV with id,text,themes[,stance]: hand-coded answers.",
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
    type=_existing_file,
    multiple=True,
    help="Questionnaire whose stance hints apply (the bundled ones always do).",
)
@_analysis_errors
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
    --train-fraction, for rules plus a model trained on that share (mean over seeds).
    """
    import json

    from analysis import evaluate as ev
    from analysis.codebook import load
    from analysis.engine import Engine
    from analysis.files import read_coded

    codebook = load(codebook_path)
    gold = read_coded(gold_path, codebook.ids, _stance_hints(questionnaires))
    engine = Engine(codebook)
    result: dict[str, Any] = {"n": len(gold), "rules": ev.rules_only(engine, gold)}
    if train_fraction is not None:
        result["model"] = ev.with_model(engine, gold, train_fraction, seeds)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{len(gold)} answers, codebook {codebook.name}")
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
        click.echo(f"macro F1 {r['macro_f1']:.2f}   stance accuracy {r['stance_accuracy']:.2f}")


# The administration, data and exchange commands live in their own modules and attach to
# `main` on import.
from . import cli_admin, cli_data, cli_exchange  # noqa: E402, F401
