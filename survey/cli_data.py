"""Data-care commands: backup, restore and doctor. Registered on the `survey` group by
survey/cli.py."""

from __future__ import annotations

from pathlib import Path

import click

from . import config, maintenance
from .cli import db_option, friendly_errors, main


def _db(db_path: Path | None) -> Path:
    return db_path if db_path is not None else config.default_db_path()


@main.command()
@db_option
@click.argument("destination", type=click.Path(path_type=Path))
@friendly_errors
def backup(db_path: Path | None, destination: Path) -> None:
    """Copy the database to DESTINATION (a file, or a folder for a dated file) while the
    app keeps serving; the copy is checked before it is kept."""
    written = maintenance.backup(_db(db_path), destination)
    health = maintenance.check(written)
    click.echo(f"backup → {written} (integrity {health.integrity}, {health.counts})")


@main.command()
@db_option
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@friendly_errors
def restore(db_path: Path | None, source: Path, yes: bool) -> None:
    """Replace the database with the backup SOURCE (stop the app first). The current
    database is kept beside it as *.before-restore-<time>."""
    target = _db(db_path)
    if not yes:
        click.confirm(f"Replace {target} with {source}?", abort=True)
    kept = maintenance.restore(source, target)
    if kept:
        click.echo(f"the replaced database is kept as {kept}")
    health = maintenance.check(target)
    click.echo(f"restored {source} → {target} (integrity {health.integrity}, {health.counts})")


@main.command()
@db_option
@friendly_errors
def doctor(db_path: Path | None) -> None:
    """Check the database: integrity, foreign keys, migrations, journal mode."""
    health = maintenance.check(_db(db_path))
    click.echo(f"database      {health.path}")
    click.echo(f"integrity     {health.integrity}")
    click.echo(
        f"foreign keys  {'ok' if not health.foreign_key_problems else health.foreign_key_problems}"
    )
    click.echo(f"journal mode  {health.journal_mode}")
    click.echo(f"migrations    {len(health.applied)} applied, {len(health.pending)} pending")
    for name in health.pending:
        click.echo(f"  pending: {name} (run `survey init` to apply)")
    for name in health.unknown:
        click.echo(f"  unknown: {name} (from a newer version of this tool)")
    click.echo("rows          " + ", ".join(f"{k} {v}" for k, v in health.counts.items()))
    if not health.ok:
        raise click.exceptions.Exit(1)
