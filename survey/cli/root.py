"""The `survey` group and the set-up commands: init, demo, serve, questionnaire.

Every command takes `--db PATH` (default: `SURVEY_DB`, then `instance/survey.db`).
Known problems end in one clear message on stderr and a non-zero exit; they never
leave a half-changed database.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import click

from survey import config
from survey.cli.common import (
    base_url_option,
    db_option,
    default_base_url,
    default_port,
    friendly_errors,
    open_store,
    resolve_db,
)
from survey.fielding import bootstrap
from survey.fielding.demo import seed_demo, seed_demo_coding
from survey.fielding.questionnaire import QuestionnaireError, load_file
from survey.store import DatabaseError, connect


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
                link = bootstrap.new_setup_link(store, default_base_url())
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
    # The key the server signs sessions and derives invitation links with, created now
    # (atomically: workers starting at once all read the same one) unless the
    # environment gives it.
    config.secret_key(config.instance_path())
    with open_store(db_path, create=True) as store:
        click.echo(f"Database: {store.path}")
        for row, created in bootstrap.import_directory(store, folder):
            state = "imported" if created else "unchanged"
            click.echo(
                f"  questionnaire {row['questionnaire_id']} version {row['version']}: {state}"
            )
        link = bootstrap.new_setup_link(store, base_url or default_base_url())
        if link:
            click.echo(f"Create the first administrator (link works once, for 7 days):\n  {link}")
        else:
            click.echo(f"Administration: {(base_url or default_base_url()).rstrip('/')}/admin/")


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
            f"Respondent link:\n  {(base_url or default_base_url()).rstrip('/')}/s/{survey['slug']}"
        )


def default_workers() -> int:
    """`SURVEY_WORKERS`, else `WEB_CONCURRENCY` (what hosting platforms set), else 2."""
    for name in ("SURVEY_WORKERS", "WEB_CONCURRENCY"):
        try:
            return max(1, min(64, int(os.environ.get(name, ""))))
        except ValueError:
            continue
    return 2


MAX_REQUESTS = 5000  # per worker, before it is replaced


def gunicorn_argv(host: str, port: int, workers: int, access_log: bool) -> list[str]:
    """The server's command line: gunicorn under this very interpreter, serving the app
    factory. The container and the systemd unit run `survey serve`, so they start the app
    exactly this way."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        # The app is built once, before the workers are forked: a worker replaced
        # (below) is ready in milliseconds. Built in each worker, a new one took two or
        # three seconds under load, and workers sharing the load evenly were replaced
        # within the same seconds: no worker answered, respondents waited up to 2.5 s.
        # (The app opens no database connection and starts no thread while it is built.)
        "--preload",
        # A worker replaced after a while frees what a long report build held; the
        # replacements are spread (a random extra of up to half again per worker).
        "--max-requests",
        str(MAX_REQUESTS),
        "--max-requests-jitter",
        str(MAX_REQUESTS // 2),
        *(["--access-logfile", "-"] if access_log else []),
        "survey:create_app()",
    ]


@main.command()
@db_option
@click.option(
    "--host",
    default=lambda: os.environ.get("SURVEY_HOST", "127.0.0.1"),
    show_default="$SURVEY_HOST or 127.0.0.1",
    help="Address to listen on (0.0.0.0 in a container).",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=default_port,
    show_default="$PORT or 5000",
    help="Port to listen on.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=default_workers,
    show_default="$SURVEY_WORKERS, $WEB_CONCURRENCY or 2",
    help="Gunicorn worker processes sharing the database.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Log every request line. Off by default: personal links carry their token in the URL.",
)
@click.option(
    "--print-command",
    is_flag=True,
    help="Print the server's command line and environment instead of starting it.",
)
@friendly_errors
def serve(
    db_path: Path | None,
    host: str,
    port: int,
    workers: int,
    access_log: bool,
    print_command: bool,
) -> None:
    """Serve the app with gunicorn (the database must exist: run `survey init` first)."""
    path = resolve_db(db_path).resolve()
    if print_command:
        click.echo(f"SURVEY_DB={path}")
        click.echo(" ".join(gunicorn_argv(host, port, workers, access_log)))
        return
    with open_store(path):
        pass
    if importlib.util.find_spec("gunicorn") is None:
        raise click.ClickException(
            "gunicorn is not installed; run `make run` or pip install gunicorn"
        )
    click.echo(f"Serving on http://{host}:{port}/ (database {path}); stop with Ctrl+C")
    env = {**os.environ, "SURVEY_DB": str(path)}
    argv = gunicorn_argv(host, port, workers, access_log)
    sys.stdout.flush()
    os.execve(sys.executable, argv, env)


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
    path = resolve_db(db_path)
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
