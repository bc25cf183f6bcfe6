"""Rate limits per address: guessing passwords or links, or flooding submissions, is
stopped with a 429 page in the user's language, while normal use is never limited."""

from __future__ import annotations

from pathlib import Path

from survey import create_app
from tests.conftest import form_tokens


def _app(db_path: Path, **limits: str):
    return create_app({"DATABASE": str(db_path), "TESTING": True, **limits})


def test_repeated_sign_in_attempts_from_one_address_get_a_429_page(app, db_path: Path) -> None:
    limited = _app(db_path, RATE_LIMIT_LOGIN="5 per minute")
    client = limited.test_client()
    token = form_tokens(client, "/login")["csrf_token"]
    codes = [
        client.post(
            "/login", data={"csrf_token": token, "email": "a@example.org", "password": "x" * 12}
        ).status_code
        for _ in range(7)
    ]
    assert 429 not in codes[:5] and codes[-1] == 429
    page = client.post("/login", data={"csrf_token": token}).get_data(as_text=True)
    assert "För många försök" in page
    other = limited.test_client()
    reply = other.post(
        "/login", data={"csrf_token": token}, environ_base={"REMOTE_ADDR": "10.0.0.2"}
    )
    assert reply.status_code != 429, "another address is not affected"


def test_guessing_invitation_links_is_limited_per_address(app, db_path: Path) -> None:
    limited = _app(db_path, RATE_LIMIT_RESPOND="20 per minute")
    client = limited.test_client()
    codes = [client.get(f"/i/gissning{n:04d}").status_code for n in range(25)]
    assert set(codes[:20]) == {404} and codes[-1] == 429


def test_ordinary_use_is_not_limited(client) -> None:
    for _ in range(40):
        assert client.get("/s/demo/1").status_code == 200
