"""Staff pages: the one-time setup link, signing in, and the survey list with counts."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from survey.fielding.bootstrap import new_setup_link
from survey.store import Store
from tests.conftest import PASSWORD, PASSWORD_HASH, Auth

from .conftest import post_form


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def test_setup_link_creates_the_first_admin_once(client: FlaskClient, db: Store) -> None:
    link = new_setup_link(db, "http://localhost")
    assert link is not None
    url = f"/setup/{_token(link)}"
    reply = post_form(
        client, url, {"email": "Admin@Example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/admin/")
    assert db.user_by_email("admin@example.org")["role"] == "admin"
    assert client.get(url).status_code == 404, "the link works once"
    assert new_setup_link(db, "http://localhost") is None, "no new link once an admin exists"


def test_setup_refuses_a_short_password_with_a_message(client: FlaskClient, db: Store) -> None:
    url = f"/setup/{_token(new_setup_link(db, 'http://localhost'))}"
    reply = post_form(
        client, url, {"email": "a@example.org", "password": "kort", "confirm": "kort"}
    )
    assert "Lösenordet behöver vara minst 12 tecken." in reply.get_data(as_text=True)
    assert db.count_users() == 0


def test_an_invented_setup_token_is_not_found(client: FlaskClient) -> None:
    assert client.get("/setup/gissat-token").status_code == 404


def test_admin_page_requires_signing_in(client: FlaskClient) -> None:
    reply = client.get("/admin/")
    assert reply.status_code == 302 and "/login" in reply.headers["Location"]


def test_admin_sees_surveys_with_response_counts(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    html = client.get("/admin/").get_data(as_text=True)
    survey = db.survey("demo")
    started = db.count_responses(survey["id"])
    completed = db.count_responses(survey["id"], "complete")
    row = re.search(
        r"<tr>\s*<th scope=\"row\"><a [^>]*>Demo: chefsenkät SST plus</a></th>(.*?)</tr>",
        html,
        re.S,
    )
    assert row, html
    numbers = re.findall(r'<td class="num">(\d+)</td>', row.group(1))
    assert numbers == ["0", str(started), str(completed)]
    assert "/s/demo" in row.group(1)


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: FlaskClient, db: Store
) -> None:
    db.create_user("admin@example.org", PASSWORD_HASH, "admin")
    for email in ("admin@example.org", "ingen@example.org"):
        reply = post_form(client, "/login", {"email": email, "password": "fel lösenord här"})
        assert reply.status_code == 401
        assert "E-postadressen eller lösenordet stämmer inte." in reply.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_evaluator_cannot_open_administration_but_can_open_coding(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("evaluator")
    assert client.get("/admin/").status_code == 403
    assert client.get("/coding/").status_code == 200
    assert client.get("/reports/").status_code == 200


def test_viewer_reaches_reports_only(client: FlaskClient, db: Store, auth: Auth) -> None:
    auth.sign_in("viewer")
    assert client.get("/coding/").status_code == 403
    assert client.get("/reports/").status_code == 200


def test_login_does_not_redirect_to_other_sites(client: FlaskClient, db: Store) -> None:
    db.create_user("admin@example.org", PASSWORD_HASH, "admin")
    url = "/login?next=//evil.example/phish"
    reply = post_form(client, url, {"email": "admin@example.org", "password": PASSWORD})
    assert reply.headers["Location"].endswith("/admin/")


def test_sign_out_ends_the_session(client: FlaskClient, db: Store, auth: Auth) -> None:
    auth.sign_in("admin")
    assert client.get("/admin/").status_code == 200
    token_page = client.get("/admin/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', token_page).group(1)
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/admin/").status_code == 302


def test_repeated_failures_lock_the_account_for_a_while(client: FlaskClient, db: Store) -> None:
    db.create_user("admin@example.org", PASSWORD_HASH, "admin")
    for _ in range(5):
        post_form(client, "/login", {"email": "admin@example.org", "password": "fel lösenord här"})
    blocked = post_form(client, "/login", {"email": "admin@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "För många misslyckade inloggningar" in blocked.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_many_failures_from_one_address_are_throttled_across_accounts(
    client: FlaskClient, db: Store
) -> None:
    db.create_user("admin@example.org", PASSWORD_HASH, "admin")
    for i in range(20):
        post_form(
            client, "/login", {"email": f"gissning{i}@example.org", "password": "fel lösenord här"}
        )
    assert (
        post_form(
            client, "/login", {"email": "admin@example.org", "password": PASSWORD}
        ).status_code
        == 429
    )


def test_a_successful_sign_in_clears_earlier_failures(client: FlaskClient, db: Store) -> None:
    db.create_user("admin@example.org", PASSWORD_HASH, "admin")
    for _ in range(4):
        post_form(client, "/login", {"email": "admin@example.org", "password": "fel lösenord här"})
    assert (
        post_form(
            client, "/login", {"email": "admin@example.org", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert db.login_failures_since("2000-01-01", email="admin@example.org") == 0


def test_changing_the_password(client: FlaskClient, db: Store, auth: Auth) -> None:
    auth.sign_in("viewer")
    wrong = post_form(
        client,
        "/account/password",
        {
            "current": "fel",
            "password": "ett nytt långt lösenord",
            "confirm": "ett nytt långt lösenord",
        },
    )
    assert "Det nuvarande lösenordet stämmer inte." in wrong.get_data(as_text=True)
    done = post_form(
        client,
        "/account/password",
        {
            "current": PASSWORD,
            "password": "ett nytt långt lösenord",
            "confirm": "ett nytt långt lösenord",
        },
    )
    assert "Lösenordet är bytt." in done.get_data(as_text=True)
    other = client.application.test_client()
    assert (
        post_form(
            other, "/login", {"email": "viewer@example.org", "password": "ett nytt långt lösenord"}
        ).status_code
        == 302
    )
