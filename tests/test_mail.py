"""Invitations and reminders over SMTP, against a real SMTP server on loopback
(aiosmtpd): one message each, nothing twice after a broken run, reminders only to those
who have not completed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import Auth

from .conftest import SurveyRunner, post_form

PEOPLE = "namn;e-post;stadsdel\nÅsa;asa@example.org;Järva\nBo;bo@example.org;Järva\nCilla;cilla@example.org;Kungsholmen\n"


class Inbox:
    """Collects what the server accepts; can hang up after a number of messages."""

    def __init__(self) -> None:
        self.messages: list = []
        self.hang_up_after: int | None = None
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, N802
        if address in self.refuse:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
        if self.hang_up_after is not None and len(self.messages) >= self.hang_up_after:
            return "421 Service closing transmission channel"
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def recipients(self) -> list[str]:
        return [m["To"] for m in self.messages]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    box = Inbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SURVEY_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SURVEY_SMTP_PORT", str(port))
    monkeypatch.setenv("SURVEY_SMTP_STARTTLS", "0")
    monkeypatch.setenv("SURVEY_MAIL_FROM", "utvardering@example.org")
    yield box
    controller.stop()


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "personer.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def _survey(runner: SurveyRunner) -> None:
    made = runner(
        "survey",
        "create",
        "--questionnaire",
        "chefsenkat",
        "--slug",
        "chefer",
        "--title",
        "Chefer",
        "--invitations",
        "--closes",
        "2099-06-30T23:59:00+02:00",
    )
    assert made.exit_code == 0, made.output


def _link(message) -> str:  # noqa: ANN001
    body = message.get_content()
    return next(line.strip() for line in body.splitlines() if "/i/" in line)


def test_each_invitee_gets_one_message_with_a_working_link(
    runner: SurveyRunner, inbox: Inbox, people: Path, client: FlaskClient
) -> None:
    _survey(runner)
    result = runner(
        "invite", "chefer", "--csv", str(people), "--send", "--base-url", "http://localhost"
    )
    assert result.exit_code == 0, result.output
    assert sorted(inbox.recipients()) == ["asa@example.org", "bo@example.org", "cilla@example.org"]
    first = next(m for m in inbox.messages if m["To"] == "asa@example.org")
    body = first.get_content()
    assert first["Subject"] == "Enkät: Enkät till chefer och styrgrupp: SST plus"
    assert "Hej Åsa!" in body and "till och med 30 juni 2099" in body
    page = client.get(_link(first).removeprefix("http://localhost"), follow_redirects=True)
    assert "Vilken är din arbetsplats" in page.get_data(as_text=True)


def test_a_run_broken_half_way_resumes_without_duplicates(
    runner: SurveyRunner, inbox: Inbox, people: Path
) -> None:
    _survey(runner)
    inbox.hang_up_after = 2
    broken = runner("invite", "chefer", "--csv", str(people), "--send")
    assert broken.exit_code == 1
    assert "run the same command again to send the 1 left" in broken.output
    assert len(inbox.messages) == 2
    inbox.hang_up_after = None
    resumed = runner("invite", "chefer", "--send")
    assert resumed.exit_code == 0, resumed.output
    assert "invite: sent to 1" in resumed.output
    assert sorted(inbox.recipients()) == ["asa@example.org", "bo@example.org", "cilla@example.org"]
    again = runner("invite", "chefer", "--send")
    assert "invite: sent to 0" in again.output and len(inbox.messages) == 3


def test_reminders_skip_those_who_completed_and_each_round_reaches_each_person_once(
    runner: SurveyRunner, inbox: Inbox, people: Path, client: FlaskClient, db: Store
) -> None:
    _survey(runner)
    runner("invite", "chefer", "--csv", str(people), "--send", "--base-url", "http://localhost")
    link = _link(next(m for m in inbox.messages if m["To"] == "bo@example.org")).removeprefix(
        "http://localhost"
    )
    post_form(client, f"{link}/1", {"q1_roll": "Rektor"})
    for n in (2, 3):
        post_form(client, f"{link}/{n}", {})
    post_form(client, f"{link}/review", {})
    inbox.messages.clear()
    first = runner("remind", "chefer")
    assert first.exit_code == 0 and "remind-1: sent to 2" in first.output
    assert sorted(inbox.recipients()) == ["asa@example.org", "cilla@example.org"]
    assert all(m["Subject"].startswith("Påminnelse:") for m in inbox.messages)
    assert "remind-1: sent to 0" in runner("remind", "chefer").output
    assert "remind-2: sent to 2" in runner("remind", "chefer", "--again").output


def test_missing_smtp_settings_say_what_to_set(
    runner: SurveyRunner, people: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SURVEY_SMTP_HOST", "SURVEY_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    _survey(runner)
    runner("invite", "chefer", "--csv", str(people), "--out", str(people.with_name("l.csv")))
    result = runner("invite", "chefer", "--send")
    assert result.exit_code == 1 and "set SURVEY_SMTP_HOST and SURVEY_MAIL_FROM" in result.output


def test_administrators_send_and_remind_from_the_survey_page(
    runner: SurveyRunner, inbox: Inbox, people: Path, client: FlaskClient, db: Store, auth: Auth
) -> None:
    from .conftest import form_tokens

    _survey(runner)
    runner("invite", "chefer", "--csv", str(people), "--out", str(people.with_name("l.csv")))
    auth.sign_in("admin")
    survey = db.survey("chefer")
    tokens = form_tokens(client, f"/admin/surveys/{survey['id']}")
    sent = client.post(
        f"/admin/surveys/{survey['id']}/mail/invite", data=tokens, follow_redirects=True
    )
    assert "Skickat till 3." in sent.get_data(as_text=True)
    again = client.post(
        f"/admin/surveys/{survey['id']}/mail/invite", data=tokens, follow_redirects=True
    )
    assert "Skickat till 0." in again.get_data(as_text=True) and len(inbox.messages) == 3
    reminded = client.post(
        f"/admin/surveys/{survey['id']}/mail/remind", data=tokens, follow_redirects=True
    )
    assert "Skickat till 3." in reminded.get_data(as_text=True) and len(inbox.messages) == 6


def test_a_refused_address_is_reported_and_the_rest_are_sent(
    runner: SurveyRunner, inbox: Inbox, people: Path
) -> None:
    _survey(runner)
    inbox.refuse = {"bo@example.org"}
    result = runner("invite", "chefer", "--csv", str(people), "--send")
    assert result.exit_code == 1
    assert "not sent to bo@example.org: refused" in result.output
    assert sorted(inbox.recipients()) == ["asa@example.org", "cilla@example.org"]
    inbox.refuse = set()
    assert "invite: sent to 1" in runner("invite", "chefer", "--send").output
