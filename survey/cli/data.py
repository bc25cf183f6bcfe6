"""Data-care commands: backup, restore, doctor, retention and purge, erasure and
access requests, names to pseudonymise, the audit log. Registered on the `survey` group by
survey/cli.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from survey import config, privacy
from survey.cli.common import (
    F,
    check_writable,
    db_option,
    friendly_errors,
    open_store,
    survey_or_fail,
)
from survey.cli.root import main
from survey.exchange import exports
from survey.store import maintenance

AUDIT_COLUMNS = ["id", "at", "actor", "action", "target", "detail"]


def _db(db_path: Path | None) -> Path:
    return db_path if db_path is not None else config.default_db_path()


@main.command()
@db_option
@click.argument("destination", type=click.Path(path_type=Path))
@click.option(
    "--keep",
    type=click.IntRange(1, 10_000),
    default=None,
    help="With a folder: keep only this many of the newest dated backups in it.",
)
@friendly_errors
def backup(db_path: Path | None, destination: Path, keep: int | None) -> None:
    """Copy the database to DESTINATION (a file, or a folder for a dated file) while the
    app keeps serving; the copy is checked before it is kept."""
    written = maintenance.backup(_db(db_path), destination)
    health = maintenance.check(written)
    click.echo(
        f"Backup written to {written}: integrity {health.integrity}, "
        f"{health.counts.get('responses', 0)} responses, "
        f"{health.counts.get('answers', 0)} answers, {health.counts.get('codings', 0)} codings."
    )
    if keep is not None and destination.is_dir():
        removed = maintenance.prune_backups(destination, keep)
        if removed:
            click.echo(f"Removed {len(removed)} older backup(s), keeping the {keep} newest.")


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
    counts = health.counts
    click.echo(
        f"Restored {source} to {target}: integrity {health.integrity}, "
        f"{counts.get('surveys', 0)} surveys, {counts.get('responses', 0)} responses, "
        f"{counts.get('answers', 0)} answers, {counts.get('codings', 0)} codings, "
        f"{counts.get('users', 0)} accounts."
    )


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


# --- data protection -------------------------------------------------------------------


def respondent_options(command: F) -> F:
    for option in (
        click.option("--email", help="The respondent's invitation e-mail address."),
        click.option("--token", help="The respondent's personal link token (the part after /i/)."),
        click.option("--resume-code", help="The resume code of an anonymous response."),
    ):
        command = option(command)
    return command


@main.command()
@db_option
@click.option("--today", help="Pretend it is this date (YYYY-MM-DD), e.g. to see what would go.")
@click.option(
    "--instance",
    "instance_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder where trained models are kept. Default: $SURVEY_INSTANCE, then instance/.",
)
@friendly_errors
def purge(db_path: Path | None, today: str | None, instance_dir: Path | None) -> None:
    """Delete the responses and invitations of every survey past its delete-after date
    (the app also does this when it starts); the trained models of those surveys, which
    learnt their words, are retired."""
    with open_store(db_path) as store:
        done = privacy.purge(
            store,
            today=privacy.parse_date(today) if today else None,
            actor=privacy.actor_of(None)[1],
        )
        retired = []
        if done:
            from survey.workbench import training  # the engine loads only when needed

            for entry in done:
                survey = store.survey_by_id(entry["survey_id"])
                if survey is not None:
                    folder = instance_dir or config.instance_path()
                    retired += training.retire_models(survey, folder)
    if not done:
        click.echo("nothing to delete")
    for entry in done:
        click.echo(
            f"{entry['survey']}: {entry['responses']} responses and {entry['invitations']} "
            f"invitations deleted (delete after {entry['delete_after']})"
        )
    if retired:
        click.echo(f"retired {len(retired)} trained models; retrain with `survey train`")


@main.command()
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@click.option("--delete-after", help="Date (YYYY-MM-DD) after which responses are deleted.")
@click.option("--keep", is_flag=True, help="Remove the date: keep responses until deleted by hand.")
@friendly_errors
def retention(db_path: Path | None, survey_ref: str, delete_after: str | None, keep: bool) -> None:
    """Show or set when a survey's responses are deleted."""
    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        if delete_after or keep:
            value = None if keep else privacy.parse_date(delete_after or "")
            with store.transaction():
                store.set_retention(survey["id"], value)
            privacy.audit(
                store, "retention", target=f"survey:{survey['id']}", detail={"delete_after": value}
            )
            survey = survey_or_fail(store, survey_ref)
        click.echo(f"{survey['slug']}: delete after {survey['delete_after'] or '(not set)'}")


@main.command()
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@respondent_options
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--instance",
    "instance_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder where trained models are kept. Default: $SURVEY_INSTANCE, then instance/.",
)
@friendly_errors
def erase(
    db_path: Path | None,
    survey_ref: str,
    email: str | None,
    token: str | None,
    resume_code: str | None,
    yes: bool,
    instance_dir: Path | None,
) -> None:
    """Delete one respondent's data: answers, codings, memos on them, search index
    entries (rewritten, so no trace stays in the file or later backups), and their
    invitation; the survey's trained models, which learnt their words, are retired."""
    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        which = {"email": email, "token": token, "resume_code": resume_code}
        # Find the respondent before asking: a typo is told at once, not after a "yes".
        responses, invitations = privacy.find_responses(store, survey, **which)
        if not yes:
            click.confirm(
                f"Delete {len(responses)} response(s) and {len(invitations)} invitation(s) "
                "for good?",
                abort=True,
            )
        try:
            deleted = privacy.erase(
                store, survey, email=email, token=token, resume_code=resume_code
            )
        except privacy.PrivacyError as exc:
            raise click.ClickException(str(exc)) from None
        from survey.workbench import training  # the engine loads only when it is needed

        retired = training.retire_models(survey, instance_dir or config.instance_path())
    click.echo(f"deleted {deleted['responses']} responses and {deleted['invitations']} invitations")
    if retired:
        click.echo(f"retired {len(retired)} trained models; retrain with `survey train`")


@main.command()
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@respondent_options
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path))
@friendly_errors
def access(
    db_path: Path | None,
    survey_ref: str,
    email: str | None,
    token: str | None,
    resume_code: str | None,
    out_path: Path | None,
) -> None:
    """Everything stored about one respondent, as JSON (for an access request)."""
    if out_path:
        check_writable(out_path)
    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        try:
            data = privacy.access(store, survey, email=email, token=token, resume_code=resume_code)
        except privacy.PrivacyError as exc:
            raise click.ClickException(str(exc)) from None
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out_path:
        out_path.write_text(text, encoding="utf-8")
        click.echo(f"→ {out_path}", err=True)
    else:
        click.echo(text)


@main.command()
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@click.option("--add", "added", multiple=True, help="A name to replace by [NAMN] (repeatable).")
@click.option("--remove", "removed", multiple=True, help="A name to stop replacing.")
@friendly_errors
def names(
    db_path: Path | None, survey_ref: str, added: tuple[str, ...], removed: tuple[str, ...]
) -> None:
    """The names pseudonymised in a survey's answers beyond the invitation list (pupils',
    schools' names…)."""
    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        current = json.loads(survey["pseudonym_names"] or "[]")
        if added or removed:
            current = [
                n
                for n in dict.fromkeys([*current, *(a.strip() for a in added if a.strip())])
                if n not in removed
            ]
            with store.transaction():
                store.set_pseudonym_names(survey["id"], current)
            privacy.audit(
                store, "names", target=f"survey:{survey['id']}", detail={"count": len(current)}
            )
        for name in store.pseudonym_names(survey["id"]):
            click.echo(name)


@main.command("audit")
@db_option
@click.option("--action", help="Only this kind of entry (login, export, erasure…).")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--csv", "as_csv", is_flag=True, help="As CSV, every entry.")
@friendly_errors
def audit_log(db_path: Path | None, action: str | None, limit: int, as_csv: bool) -> None:
    """The audit log: who did what to which data, and when (newest first)."""
    with open_store(db_path) as store:
        rows = store.audit_entries(action, limit=10**9 if as_csv else limit)
    if as_csv:
        exports.write_csv(sys.stdout, AUDIT_COLUMNS, ([r[c] for c in AUDIT_COLUMNS] for r in rows))
        return
    for r in rows:
        click.echo(f"{r['at']}  {r['actor']:<28} {r['action']:<16} {r['target']:<14} {r['detail']}")
