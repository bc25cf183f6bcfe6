"""Colleagues' accounts in the browser: invitation links on which people choose their own
password, roles shown in Swedish, surveys, new-password links, disabling, and where each
role lands after signing in."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import Auth

from .conftest import PASSWORD, form_tokens, post_form

LINK_RE = re.compile(r'id="account-link" readonly value="(http[^"]+)"')


def _invite(client: FlaskClient, email: str, role: str, surveys: list[int]) -> str:
    """Invite through the page as the signed-in admin; the one-time link it shows."""
    reply = post_form(
        client,
        "/admin/users/invite",
        {"email": email, "name": "Sara Lind", "role": role, "surveys": [str(s) for s in surveys]},
    )
    assert reply.status_code == 302, reply.get_data(as_text=True)
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    match = LINK_RE.search(page)
    assert match, page
    return match.group(1)


def _path(link: str) -> str:
    return urlsplit(link).path


def _choose_password(client: FlaskClient, link: str, password: str = PASSWORD):
    return post_form(client, _path(link), {"password": password, "confirm": password})


def test_invited_evaluator_chooses_a_password_and_lands_on_coding(
    app, client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    demo = db.survey("demo")
    link = _invite(client, "sara.lind@stad.example", "evaluator", [demo["id"]])
    assert db.user_by_email("sara.lind@stad.example")["password_hash"] == ""
    newcomer = app.test_client()
    page = newcomer.get(_path(link)).get_data(as_text=True)
    assert "Välj ditt lösenord" in page and "sara.lind@stad.example" in page
    reply = _choose_password(newcomer, link)
    assert reply.status_code == 302
    assert reply.headers["Location"] == f"/coding/surveys/{demo['id']}"
    # The link works once.
    again = newcomer.get(_path(link))
    assert again.status_code == 410 and "Länken fungerar inte längre" in again.get_data(
        as_text=True
    )
    # And the password chosen is the one that signs in.
    other = app.test_client()
    signed = post_form(other, "/login", {"email": "sara.lind@stad.example", "password": PASSWORD})
    assert signed.status_code == 302


def test_an_invited_account_cannot_sign_in_before_choosing_a_password(
    app, client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    _invite(client, "ny@stad.example", "viewer", [])
    stranger = app.test_client()
    for guess in ("", " ", "!"):
        reply = post_form(stranger, "/login", {"email": "ny@stad.example", "password": guess})
        assert reply.status_code != 302


def test_user_list_shows_roles_in_swedish(client: FlaskClient, db: Store, auth: Auth) -> None:
    auth.user("evaluator")
    auth.user("viewer")
    auth.sign_in("admin")
    page = client.get("/admin/users/").get_data(as_text=True)
    for word in ("administratör", "utvärderare", "läsare"):
        assert f"<td>{word}</td>" in page
    assert "<td>evaluator</td>" not in page


def test_a_new_link_replaces_the_old_and_sets_a_new_password(
    app, client: FlaskClient, db: Store, auth: Auth
) -> None:
    evaluator = auth.user("evaluator")
    auth.sign_in("admin")
    first = client.post(
        f"/admin/users/{evaluator['id']}/link", data=form_tokens(client, "/admin/users/invite")
    )
    first_link = LINK_RE.search(client.get(first.headers["Location"]).get_data(as_text=True))
    second = client.post(
        f"/admin/users/{evaluator['id']}/link", data=form_tokens(client, "/admin/users/invite")
    )
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    second_link = LINK_RE.search(page)
    assert first_link and second_link and first_link.group(1) != second_link.group(1)
    assert "Välj ett nytt lösenord" not in page  # the admin's page, not the link's
    forgetful = app.test_client()
    assert forgetful.get(_path(first_link.group(1))).status_code == 410
    assert "Välj ett nytt lösenord" in forgetful.get(_path(second_link.group(1))).get_data(
        as_text=True
    )
    new_password = "ett helt nytt lösenord i dag"
    assert _choose_password(forgetful, second_link.group(1), new_password).status_code == 302
    fresh = app.test_client()
    old = post_form(fresh, "/login", {"email": evaluator["email"], "password": PASSWORD})
    assert old.status_code == 401
    new = post_form(fresh, "/login", {"email": evaluator["email"], "password": new_password})
    assert new.status_code == 302


def test_disabling_ends_access_at_once_and_enabling_restores_it(
    app, client: FlaskClient, db: Store, auth: Auth
) -> None:
    evaluator_client = app.test_client()
    evaluator = Auth(evaluator_client, db).sign_in("evaluator")
    assert evaluator_client.get("/coding/").status_code == 200  # positive control
    auth.sign_in("admin")
    tokens = form_tokens(client, "/admin/users/invite")
    reply = client.post(f"/admin/users/{evaluator['id']}/disable", data=tokens)
    assert reply.status_code == 302
    assert "Kontot för evaluator@example.org är avstängt." in client.get(
        reply.headers["Location"]
    ).get_data(as_text=True)
    locked_out = evaluator_client.get("/coding/")
    assert locked_out.status_code == 302 and "/login" in locked_out.headers["Location"]
    client.post(f"/admin/users/{evaluator['id']}/enable", data=tokens)
    again = post_form(
        evaluator_client, "/login", {"email": evaluator["email"], "password": PASSWORD}
    )
    assert again.status_code == 302


def test_the_last_admin_can_neither_disable_nor_demote_themselves(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    admin = auth.sign_in("admin")
    tokens = form_tokens(client, "/admin/users/invite")
    client.post(f"/admin/users/{admin['id']}/disable", data=tokens)
    client.post(f"/admin/users/{admin['id']}/role", data={**tokens, "role": "viewer"})
    row = db.user(admin["id"])
    assert row is not None and row["role"] == "admin"


def test_role_and_surveys_change_what_a_colleague_sees(
    app, client: FlaskClient, db: Store, auth: Auth
) -> None:
    viewer = auth.user("viewer")
    demo = db.survey("demo")
    auth.sign_in("admin")
    tokens = form_tokens(client, "/admin/users/invite")
    client.post(f"/admin/users/{viewer['id']}/surveys", data={**tokens, "surveys": [demo["id"]]})
    assert db.assigned_survey_ids(viewer["id"]) == {demo["id"]}
    reply = client.post(f"/admin/users/{viewer['id']}/role", data={**tokens, "role": "evaluator"})
    assert "Rollen är nu utvärderare." in client.get(reply.headers["Location"]).get_data(
        as_text=True
    )
    assert db.user(viewer["id"])["role"] == "evaluator"
    client.post(f"/admin/users/{viewer['id']}/surveys", data=tokens)
    assert db.assigned_survey_ids(viewer["id"]) == set()


def test_inviting_an_existing_address_is_refused_in_swedish(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.user("viewer")
    auth.sign_in("admin")
    reply = post_form(
        client, "/admin/users/invite", {"email": "Viewer@example.org", "role": "viewer"}
    )
    assert reply.status_code == 200
    assert "Det finns redan ett konto för viewer@example.org." in reply.get_data(as_text=True)


def test_without_mail_the_link_is_shown_and_the_page_says_why(
    client: FlaskClient, db: Store, auth: Auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SURVEY_SMTP_HOST", raising=False)
    auth.sign_in("admin")
    form = client.get("/admin/users/invite").get_data(as_text=True)
    assert "E-post är inte inställd här" in form
    _invite(client, "kurator@stad.example", "viewer", [])


@pytest.mark.parametrize(
    ("role", "home"),
    [("admin", "/admin/"), ("evaluator", "/coding/"), ("viewer", "/reports/")],
)
def test_each_role_lands_on_its_own_work(
    client: FlaskClient, auth: Auth, role: str, home: str
) -> None:
    user = auth.user(role)
    reply = post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    assert reply.headers["Location"] == home
    assert client.get(home).status_code == 200


def test_a_next_page_the_role_cannot_open_is_replaced_by_its_home(
    client: FlaskClient, auth: Auth
) -> None:
    user = auth.user("evaluator")
    reply = post_form(client, "/login?next=/admin/", {"email": user["email"], "password": PASSWORD})
    assert reply.headers["Location"] == "/coding/"
    client.post("/logout", data=form_tokens(client, "/account/password"))
    allowed = post_form(
        client, "/login?next=/reports/", {"email": user["email"], "password": PASSWORD}
    )
    assert allowed.headers["Location"] == "/reports/"


def test_disabling_an_invited_account_kills_its_link(
    app, client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    link = _invite(client, "vikarie@stad.example", "viewer", [])
    assert app.test_client().get(_path(link)).status_code == 200  # positive control
    user = db.any_user_by_email("vikarie@stad.example")
    client.post(
        f"/admin/users/{user['id']}/disable", data=form_tokens(client, "/admin/users/invite")
    )
    assert app.test_client().get(_path(link)).status_code == 410
