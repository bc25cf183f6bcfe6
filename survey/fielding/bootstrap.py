"""First-run steps shared by the CLI and the tests: importing questionnaire files and
issuing the one-time link that creates the first administrator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from survey.fielding.questionnaire import bundled_files, load_file
from survey.store import Store
from survey.tokens import hash_token, new_token

SETUP_LINK_VALID = timedelta(days=7)


def import_file(store: Store, path: Path) -> tuple[dict[str, Any], bool]:
    """Check and store one questionnaire file; a changed file becomes a new version."""
    questionnaire = load_file(path)
    return store.import_questionnaire(questionnaire, path.read_text(encoding="utf-8"))


def import_directory(store: Store, folder: Path) -> list[tuple[dict[str, Any], bool]]:
    """Import every questionnaire in a folder; all files are checked before any is stored."""
    files = bundled_files(folder)
    for path in files:
        load_file(path)
    return [import_file(store, path) for path in files]


def new_setup_link(store: Store, base_url: str) -> str | None:
    """A fresh one-time link to create the first administrator, or None if one exists."""
    if store.count_users("admin"):
        return None
    token = new_token()
    expires = (datetime.now(UTC) + SETUP_LINK_VALID).replace(microsecond=0).isoformat()
    store.add_setup_token(hash_token(token), expires)
    return f"{base_url.rstrip('/')}/setup/{token}"
