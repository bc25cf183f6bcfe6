"""Invitations and reminders by e-mail over SMTP.

Every message sent is recorded (invitation, kind) right after the server accepts it, so a
run that breaks half-way — a refused login, a dropped connection — reports who got the
message and who did not, and running it again sends only to the rest. Reminders go only
to those who have not completed.

Settings come from instance/config.toml ([smtp] host, port, starttls, user, from) and the
environment (SURVEY_SMTP_HOST, SURVEY_SMTP_PORT, SURVEY_SMTP_USER, SURVEY_SMTP_PASSWORD,
SURVEY_SMTP_STARTTLS, SURVEY_MAIL_FROM); the password only from the environment.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from survey.i18n import format_date, translate
from survey.store import Store
from survey.tokens import derived_token


class MailError(RuntimeError):
    """Mail cannot be sent with these settings; the message says what to set."""


class MailNotConfigured(MailError):
    """No mail server is set up at all: pages say so in plain words and offer the links
    to copy or download instead."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    sender: str = ""

    @classmethod
    def load(cls, config: Mapping[str, Any] | None = None) -> SmtpSettings:
        table = dict((config or {}).get("SMTP") or {})
        env = os.environ
        host = env.get("SURVEY_SMTP_HOST") or table.get("host")
        sender = env.get("SURVEY_MAIL_FROM") or table.get("from")
        if not host or not sender:
            raise MailNotConfigured(
                "SMTP is not configured: set SURVEY_SMTP_HOST and SURVEY_MAIL_FROM "
                "(or [smtp] host and from in instance/config.toml)"
            )
        try:
            port = int(env.get("SURVEY_SMTP_PORT") or table.get("port") or 587)
        except ValueError:
            raise MailError("SURVEY_SMTP_PORT must be a number") from None
        starttls_raw = env.get("SURVEY_SMTP_STARTTLS", table.get("starttls", True))
        starttls = str(starttls_raw).lower() not in ("0", "false", "no", "")
        return cls(
            host=host,
            port=port,
            starttls=starttls,
            user=env.get("SURVEY_SMTP_USER") or table.get("user"),
            password=env.get("SURVEY_SMTP_PASSWORD"),
            sender=sender,
        )


@dataclass
class MailRun:
    kind: str
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (email, why)
    error: str | None = None  # the connection-level problem that stopped the run


def compose(
    survey: Mapping[str, Any],
    title: str,
    name: str,
    email: str,
    link: str,
    kind: str,
    lang: str,
    sender: str,
) -> EmailMessage:
    base = "mail.remind" if kind.startswith("remind") else "mail.invite"
    closes = format_date(survey["closes_at"], lang) if survey.get("closes_at") else ""
    values = {"name": name or email, "title": title, "link": link}
    message = EmailMessage()
    message["Subject"] = translate(f"{base}.subject", lang, title=title)
    message["From"] = sender
    message["To"] = email
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    body = translate(f"{base}.body", lang, **values)
    if closes:
        body += "\n\n" + translate("mail.closes", lang, date=closes)
    body += "\n\n" + translate("mail.footer", lang)
    message.set_content(body)
    return message


def send(
    store: Store,
    survey: Mapping[str, Any],
    settings: SmtpSettings,
    *,
    secret: str,
    base_url: str,
    kind: str,
    lang: str = "sv",
) -> MailRun:
    """Send message `kind` ("invite" or "remind-N") to every invitation still due one."""
    reminder = kind.startswith("remind")
    run = MailRun(kind)
    due = store.mail_recipients(survey["id"], kind, reminder=reminder)
    if not due:
        return run
    questionnaire = store.load_version(survey["version_id"])
    title = questionnaire.title[lang]
    try:
        client = smtplib.SMTP(settings.host, settings.port, timeout=30)
    except OSError as exc:
        run.error = f"cannot connect to {settings.host}:{settings.port}: {exc}"
        run.failed = [(row["email"], "not sent") for row in due]
        return run
    try:
        if settings.starttls:
            client.starttls()
        if settings.user:
            client.login(settings.user, settings.password or "")
        for row in due:
            link = f"{base_url.rstrip('/')}/i/{derived_token(secret, row['nonce'])}"
            message = compose(
                survey, title, row["name"], row["email"], link, kind, lang, settings.sender
            )
            try:
                client.send_message(message)
            except smtplib.SMTPRecipientsRefused as exc:
                run.failed.append((row["email"], f"refused: {exc.recipients}"))
                continue
            store.record_message(row["id"], kind)
            run.sent.append(row["email"])
    except (smtplib.SMTPException, OSError) as exc:
        run.error = f"the mail server stopped the run: {exc}"
        done = set(run.sent) | {e for e, _ in run.failed}
        run.failed += [(row["email"], "not sent") for row in due if row["email"] not in done]
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.quit()
    return run


def send_account_link(
    settings: SmtpSettings, email: str, link: str, purpose: str, lang: str, expires: str
) -> None:
    """E-mail a colleague the one-time link to choose a password (`purpose` "invite" for
    a new account, "reset" for a new password). Raises MailError if it cannot be sent."""
    message = EmailMessage()
    message["Subject"] = translate(f"mail.account_{purpose}.subject", lang)
    message["From"] = settings.sender
    message["To"] = email
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message.set_content(translate(f"mail.account_{purpose}.body", lang, link=link, expires=expires))
    try:
        client = smtplib.SMTP(settings.host, settings.port, timeout=30)
    except OSError as exc:
        raise MailError(f"cannot connect to {settings.host}:{settings.port}: {exc}") from None
    try:
        if settings.starttls:
            client.starttls()
        if settings.user:
            client.login(settings.user, settings.password or "")
        client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"the mail server refused the message: {exc}") from None
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.quit()


def next_reminder(store: Store, survey_id: int, again: bool) -> str:
    """The reminder round to send: resume the latest, or start a new one with `again`."""
    rounds = store.reminder_rounds(survey_id)
    numbers = [int(r.split("-")[1]) for r in rounds if r.split("-")[1].isdigit()]
    latest = max(numbers, default=0)
    if latest == 0 or again:
        return f"remind-{latest + 1}"
    return f"remind-{latest}"
