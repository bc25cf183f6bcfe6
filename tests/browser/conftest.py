"""Browser fixtures: Debian's Chromium driven by Playwright against the app served from
a thread on a free loopback port. One browser per session, a fresh context per test.

Without a Chromium the tests are skipped with a clear reason, except on CI (CI=true),
where a missing browser is a failure: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = _chromium()
    on_ci = os.environ.get("CI", "").lower() == "true"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if on_ci:
            pytest.fail("Playwright is not installed, and CI must run the browser tests")
        pytest.skip("browser tests skipped: Playwright is not installed (pip install -e '.[dev]')")
    if path is None:
        if on_ci:
            pytest.fail(
                "no Chromium found, and CI must run the browser tests (apt-get install chromium)"
            )
        pytest.skip("browser tests skipped: no Chromium found (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Opens pages in fresh contexts (like separate devices); all closed afterwards."""
    contexts: list[Any] = []

    def open_page(locale: str = "sv-SE", **options: Any) -> Any:
        context = browser.new_context(locale=locale, **options)
        context.set_default_timeout(30_000)  # a loaded CI machine is slow, not broken
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def staff(db: Any) -> Any:
    """Creates a staff account with the shared test password: staff(email, role, survey_id)."""

    from tests.conftest import PASSWORD_HASH

    def create(email: str, role: str, survey_id: int | None = None) -> int:
        user_id = db.create_user(email, PASSWORD_HASH, role)
        if survey_id is not None:
            db.assign(user_id, survey_id)
        return user_id

    return create


@pytest.fixture
def sign_in_page(live_server: str) -> Any:
    """Signs a page in through the login form, as a person would, and waits until it left."""
    from tests.conftest import PASSWORD

    def sign_in(page: Any, email: str) -> None:
        page.goto(f"{live_server}/login")
        page.get_by_label("E-postadress").fill(email)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(lambda url: "/login" not in url)

    return sign_in
