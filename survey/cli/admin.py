"""Administration commands: accounts, surveys, invitations and mail.

Registered on the `survey` group by survey/cli.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from werkzeug.security import generate_password_hash

from survey import config, privacy
from survey.cli.common import (
    SLUG_RE,
    base_url_option,
    check_writable,
    db_option,
    default_base_url,
    friendly_errors,
    open_store,
    survey_or_fail,
)
from survey.cli.root import main
from survey.fielding import invitations
from survey.fielding.forms import is_plausible_email
from survey.kinds import ROLES
from survey.store import Store

MIN_PASSWORD = 12


def _secret() -> str:
    """The same secret key the server uses (SURVEY_SECRET_KEY or instance/secret_key):
    invitation links are derived from it, so reminders can carry them again."""
    return config.secret_key(config.instance_path())


# --- users ---------------------------------------------------------------------------


@main.group()
def user() -> None:
    """Staff accounts: administrators, evaluators and viewers."""


@user.command("add")
@db_option
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the account may do.")
@click.option("--name", default="", help="Name shown in the app.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@friendly_errors
def user_add(db_path: Path | None, email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create an account. The password is asked for (never a default one)."""
    if not is_plausible_email(email):
        raise click.ClickException(f"'{email}' is not an e-mail address")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD} characters")
    with open_store(db_path) as store:
        if store.any_user_by_email(email):
            raise click.ClickException(f"an account for {email.lower()} already exists")
        user_id = store.create_user(email, generate_password_hash(password), role, name)
        privacy.audit(
            store, "user_change", target=f"user:{user_id}", detail={"added": email, "role": role}
        )
    click.echo(f"{email.lower()}: {role} account created")


@user.command("list")
@db_option
@friendly_errors
def user_list(db_path: Path | None) -> None:
    """List accounts with their roles."""
    with open_store(db_path) as store:
        rows = store.users()
    if not rows:
        click.echo(
            "No accounts yet; `survey init` prints a link to create the first administrator."
        )
    for row in rows:
        state = "disabled" if row["disabled"] else "active"
        click.echo(f"{row['email']}\t{row['role']}\t{state}")


@user.command("disable")
@db_option
@click.argument("email")
@friendly_errors
def user_disable(db_path: Path | None, email: str) -> None:
    """Stop an account from signing in (its history is kept)."""
    with open_store(db_path) as store:
        privacy.audit(store, "user_change", target=f"user:{email}", detail={"disabled": email})
        if not store.disable_user(email):
            raise click.ClickException(f"no active account for {email.lower()}")
    click.echo(f"{email.lower()}: disabled")


@user.command("assign")
@db_option
@click.argument("email")
@click.argument("survey_ref", metavar="SURVEY")
@friendly_errors
def user_assign(db_path: Path | None, email: str, survey_ref: str) -> None:
    """Give an evaluator or viewer access to a survey."""
    with open_store(db_path) as store:
        account = store.user_by_email(email)
        if account is None:
            raise click.ClickException(f"no active account for {email.lower()}")
        survey = survey_or_fail(store, survey_ref)
        store.assign(account["id"], survey["id"])
        privacy.audit(
            store, "user_change", target=f"user:{account['id']}", detail={"survey": survey["id"]}
        )
    click.echo(f"{email.lower()} can now open '{survey['slug']}'")


# --- surveys -------------------------------------------------------------------------


@main.group("survey")
def survey_group() -> None:
    """Surveys: a questionnaire version fielded to an audience."""


@survey_group.command("create")
@db_option
@base_url_option
@click.option(
    "--questionnaire",
    "questionnaire_id",
    required=True,
    help="Questionnaire id (latest version is used).",
)
@click.option("--slug", required=True, help="Short name used in links and commands.")
@click.option("--title", required=True, help="Title shown to administrators and evaluators.")
@click.option("--audience", default=None, help="Free word, e.g. managers, parents, pupils.")
@click.option(
    "--anonymous/--invitations",
    default=True,
    show_default=True,
    help="Public link, or personal invitation links.",
)
@click.option(
    "--opens", default=None, help="Opening time, ISO 8601 (e.g. 2026-12-01T08:00:00+01:00)."
)
@click.option("--closes", default=None, help="Closing time, ISO 8601.")
@friendly_errors
def survey_create(
    db_path: Path | None,
    base_url: str | None,
    questionnaire_id: str,
    slug: str,
    title: str,
    audience: str | None,
    anonymous: bool,
    opens: str | None,
    closes: str | None,
) -> None:
    """Field the latest version of a questionnaire."""
    from datetime import datetime

    if not SLUG_RE.match(slug):
        raise click.ClickException(
            "the slug takes lower-case letters, digits and '-' (2–63 characters)"
        )
    stamps = {}
    for name, value in (("opens", opens), ("closes", closes)):
        if value:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise click.ClickException(
                    f"--{name}: '{value}' is not a date and time like 2026-12-01T08:00:00+01:00"
                ) from None
            if moment.tzinfo is None:
                raise click.ClickException(f"--{name}: give a time zone, e.g. +01:00")
            stamps[name] = moment.isoformat()
    with open_store(db_path) as store:
        version = store.latest_version(questionnaire_id)
        if version is None:
            raise click.ClickException(
                f"no questionnaire '{questionnaire_id}' (see `survey questionnaire list`)"
            )
        if store.survey_by_slug(slug):
            raise click.ClickException(f"a survey with the slug '{slug}' already exists")
        survey = store.create_survey(
            slug=slug,
            version_id=version["id"],
            title=title,
            audience=audience,
            anonymous=anonymous,
            opens_at=stamps.get("opens"),
            closes_at=stamps.get("closes"),
        )
    click.echo(
        f"Survey '{slug}' (id {survey['id']}): {questionnaire_id} version {version['version']}"
    )
    if anonymous:
        click.echo(f"Respondent link:\n  {(base_url or default_base_url()).rstrip('/')}/s/{slug}")
    else:
        click.echo(f"Invite respondents with `survey invite {slug} --csv FILE --out LINKS.csv`")


@survey_group.command("list")
@db_option
@friendly_errors
def survey_list(db_path: Path | None) -> None:
    """List surveys with invited, started and completed counts."""
    with open_store(db_path) as store:
        rows = store.survey_overview()
    if not rows:
        click.echo("No surveys yet; create one with `survey survey create`.")
    for row in rows:
        click.echo(
            f"{row['id']}\t{row['slug']}\t{row['status']}\t{row['questionnaire_id']} v{row['version']}\t"
            f"invited {row['invited']}, started {row['started']}, completed {row['completed']}"
        )


@survey_group.command("close")
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@friendly_errors
def survey_close(db_path: Path | None, survey_ref: str) -> None:
    """Close a survey: links show that it is closed; partial answers are kept."""
    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        store.set_survey_status(survey["id"], "closed")
    click.echo(f"Survey '{survey['slug']}': closed")


# --- invitations ---------------------------------------------------------------------


@main.command()
@db_option
@base_url_option
@click.argument("survey_ref", metavar="SURVEY")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="People to invite: name, email and any attribute columns.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the input columns plus `link` here (for a mail merge).",
)
@click.option("--send", is_flag=True, help="E-mail the invitations (SMTP settings needed).")
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default="sv",
    show_default=True,
    help="Language of the e-mail.",
)
@click.option("--dry-run", is_flag=True, help="Only check the file and say what would be created.")
@click.option(
    "--reissue",
    "reissue_email",
    metavar="EMAIL",
    default=None,
    help="Print a new link for this invitee, who lost theirs; the old link stops working.",
)
@friendly_errors
def invite(
    db_path: Path | None,
    base_url: str | None,
    survey_ref: str,
    csv_path: Path | None,
    out_path: Path | None,
    send: bool,
    lang: str,
    dry_run: bool,
    reissue_email: str | None,
) -> None:
    """Create one personal link per person in a CSV, and optionally e-mail them.

    The whole file is checked first (bad e-mail, duplicate, already invited, missing
    column); with any problem nothing is created. With --send each invitation is
    e-mailed once: if the mail server stops half-way, run `survey invite SURVEY --send`
    again and only the rest are sent.
    """
    if csv_path is None and not send and reissue_email is None:
        raise click.ClickException(
            "give --csv FILE to invite people, --send to e-mail pending invitations, "
            "or --reissue EMAIL for a lost link"
        )
    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        if survey["anonymous"]:
            raise click.ClickException(
                f"survey '{survey['slug']}' is anonymous: it has one public link, no invitations"
            )
        if reissue_email is not None:
            _reissue(store, survey, reissue_email, base_url)
        if csv_path is not None:
            _create_from_csv(store, survey, csv_path, out_path, send, dry_run, base_url)
            if dry_run:
                return
        if send:
            _mail(store, survey, "invite", lang, base_url)


def _reissue(store: Store, survey: dict, email: str, base_url: str | None) -> None:
    found = next(iter(store.invitations_by_email(survey["id"], email)), None)
    if found is None or found["revoked_at"]:
        raise click.ClickException(
            f"no invitation for {email.strip().lower()} in '{survey['slug']}'"
        )
    link = invitations.reissue(store, found["id"], base_url or default_base_url(), _secret())
    privacy.audit(
        store,
        "invitation_reissued",
        target=f"invitation:{found['id']}",
        detail={"survey": survey["id"]},
    )
    click.echo(f"New link for {found['email']} (the old one no longer works):\n  {link}")


def _create_from_csv(
    store: Store,
    survey: dict,
    csv_path: Path,
    out_path: Path | None,
    send: bool,
    dry_run: bool,
    base_url: str | None,
) -> None:  # noqa: E501
    try:
        preview = invitations.read(csv_path.read_bytes(), store.invitation_emails(survey["id"]))
    except ValueError as exc:
        raise click.ClickException(f"{csv_path}, {exc}") from None
    if preview.problems:
        lines = "\n".join(f"  {p}" for p in preview.problems)
        raise click.ClickException(
            f"{csv_path}: nothing was created; fix these rows first:\n{lines}"
        )
    if dry_run:
        click.echo(
            f"{len(preview.people)} invitations would be created (columns: {', '.join(preview.columns)})"
        )
        return
    if out_path is None and not send:
        raise click.ClickException(
            "give --out LINKS.csv (for a mail merge) or --send (to e-mail the links)"
        )
    if out_path is not None:
        # The links exist only in this file: never create invitations it cannot hold.
        check_writable(out_path)
    links = invitations.create(
        store, survey["id"], preview.people, base_url or default_base_url(), _secret()
    )
    if out_path is not None:
        invitations.write_links(out_path, preview.columns, links)
        click.echo(f"{len(links)} invitations created for '{survey['slug']}'; links in {out_path}")
    else:
        click.echo(f"{len(links)} invitations created for '{survey['slug']}'")


def _mail(store: Store, survey: dict, kind: str, lang: str, base_url: str | None) -> None:
    from survey.fielding.mailer import MailError, SmtpSettings, send

    try:
        settings = SmtpSettings.load(config.read_config_file(config.instance_path()))
    except MailError as exc:
        raise click.ClickException(str(exc)) from None
    run = send(
        store,
        survey,
        settings,
        secret=_secret(),
        base_url=base_url or default_base_url(),
        kind=kind,
        lang=lang,
    )
    click.echo(f"{kind}: sent to {len(run.sent)}")
    for email, why in run.failed:
        click.echo(f"  not sent to {email}: {why}", err=True)
    if run.error or run.failed:
        raise click.ClickException(
            (run.error or "some messages were not sent")
            + f"; run the same command again to send the {len(run.failed)} left"
        )


@main.command()
@db_option
@base_url_option
@click.argument("survey_ref", metavar="SURVEY")
@click.option(
    "--again", is_flag=True, help="Start a new round of reminders instead of finishing the last."
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default="sv",
    show_default=True,
    help="Language of the e-mail.",
)
@friendly_errors
def remind(
    db_path: Path | None, base_url: str | None, survey_ref: str, again: bool, lang: str
) -> None:
    """E-mail a reminder to invitees who have not completed.

    Each round reaches each person once: running it again finishes the round (after a
    broken connection, say); --again starts the next round.
    """
    from survey.fielding.mailer import next_reminder

    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        if survey["anonymous"]:
            raise click.ClickException(
                f"survey '{survey['slug']}' is anonymous: there is nobody to remind"
            )
        _mail(store, survey, next_reminder(store, survey["id"], again), lang, base_url)
