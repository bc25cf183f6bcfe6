"""What every `survey` command module shares: the `--db` and `--base-url` options, the
errors a user can cause turned into one message, the store opened for one command, and a
survey found by id or slug. Public names, so command modules never reach into each other."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from survey import config
from survey.fielding.questionnaire import QuestionnaireError
from survey.privacy import PrivacyError
from survey.store import DatabaseError, Store, connect

F = TypeVar("F", bound=Callable[..., Any])

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


def default_port() -> int:
    try:
        return int(os.environ.get("PORT", "5000"))
    except ValueError:
        return 5000


def default_base_url() -> str:
    return os.environ.get("SURVEY_BASE_URL") or f"http://127.0.0.1:{default_port()}"


def db_option(command: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="SQLite database file. Default: $SURVEY_DB, then instance/survey.db.",
    )(command)


def base_url_option(command: F) -> F:
    return click.option(
        "--base-url",
        default=None,
        help="Address the app is reached at, used in printed links. "
        "Default: $SURVEY_BASE_URL, then http://127.0.0.1:$PORT.",
    )(command)


def resolve_db(db_path: Path | None) -> Path:
    return db_path if db_path is not None else config.default_db_path()


def friendly_errors(command: F) -> F:
    """Turn the errors a user can cause into one message and exit status 1."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (DatabaseError, QuestionnaireError, config.ConfigError, PrivacyError) as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            # A file or folder that cannot be written or read (--out into a folder that
            # does not exist, no permission, a full disk): one line, never a traceback.
            raise click.ClickException(file_problem(exc)) from None

    return wrapped  # type: ignore[return-value]


def file_problem(exc: OSError) -> str:
    """An operating-system error as one line that says which file and what to do."""
    where = exc.filename or "the file"
    folder = Path(str(where)).parent
    if isinstance(exc, FileNotFoundError) and not folder.is_dir():
        return f"cannot write {where}: the folder {folder} does not exist (create it first)"
    if isinstance(exc, PermissionError):
        return f"cannot write {where}: permission denied (choose a folder you can write to)"
    if isinstance(exc, IsADirectoryError):
        return f"cannot write {where}: it is a folder (give a file name)"
    return f"cannot use {where}: {exc.strerror or exc}"


def check_writable(path: Path) -> None:
    """Fail before any work is done when `path` cannot be written (a command that creates
    something and then cannot write its output would leave half a job)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise click.ClickException(f"cannot write {path}: it is a folder (give a file name)")
    if not folder.is_dir():
        raise click.ClickException(
            f"cannot write {path}: the folder {folder} does not exist (create it first)"
        )
    if not os.access(folder, os.W_OK):
        raise click.ClickException(
            f"cannot write {path}: permission denied (choose a folder you can write to)"
        )


@contextmanager
def open_store(db_path: Path | None, *, create: bool = False) -> Iterator[Store]:
    """Open (optionally create) and upgrade the database for one command."""
    path = resolve_db(db_path)
    if create and db_path is None and path.parent == config.instance_path():
        path.parent.mkdir(parents=True, exist_ok=True)
    store = connect(path, create=create)
    try:
        store.migrate()
        yield store
    finally:
        store.close()


def survey_or_fail(store: Store, ref: str) -> dict:
    survey = store.survey(ref)
    if survey is None:
        raise click.ClickException(f"no survey with id or slug '{ref}' (see `survey survey list`)")
    return survey


existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)
