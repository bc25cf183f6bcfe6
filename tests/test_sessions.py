"""Sessions can be ended: a cookie copied before signing out, a password change or the
account being disabled no longer signs anyone in (a per-account session generation)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import Auth, form_tokens, post_form

PAGE = "/coding/"


def _copy(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another device holding a copy of the client's session cookie."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    return other


def _signed_in(client: FlaskClient) -> bool:
    return client.get(PAGE).status_code == 200


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.sign_in("evaluator")
    stolen = _copy(app, client)
    assert _signed_in(stolen), "the copy works while the session lasts (control)"
    client.post(
        "/logout", data={"csrf_token": form_tokens(client, "/account/password")["csrf_token"]}
    )
    assert not _signed_in(client)
    assert not _signed_in(stolen)


def test_a_password_change_ends_every_other_session(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.sign_in("evaluator")
    elsewhere = app.test_client()
    Auth(elsewhere, auth.db).sign_in("evaluator")
    stolen = _copy(app, client)
    assert _signed_in(elsewhere) and _signed_in(stolen)
    new = "ett helt nytt och långt lösenord"
    reply = post_form(
        client,
        "/account/password",
        {"current": auth.password, "password": new, "confirm": new},
    )
    assert reply.status_code == 200
    assert _signed_in(client), "the session that changed it goes on"
    assert not _signed_in(elsewhere) and not _signed_in(stolen)


def test_disabling_an_account_ends_its_sessions_even_if_enabled_again(
    app: Flask, client: FlaskClient, auth: Auth, db: Store
) -> None:
    auth.sign_in("evaluator")
    assert _signed_in(client)
    assert db.disable_user("evaluator@example.org")
    assert not _signed_in(client)
    db.db.execute("UPDATE users SET disabled = 0 WHERE email = 'evaluator@example.org'")
    assert not _signed_in(client), "the old cookie does not come back to life"
    auth.sign_in("evaluator")
    assert _signed_in(client), "signing in again works (control)"
