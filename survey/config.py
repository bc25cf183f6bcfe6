"""Where configuration comes from: defaults, instance/config.toml, environment, caller.

Later sources win. Secrets never live in the repository: the secret key comes from
`SURVEY_SECRET_KEY` or is generated once into the instance folder.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
# The bundled questionnaires travel inside the package (in a checkout, a link to the
# top-level questionnaires/ folder), so an installed wheel has them too.
QUESTIONNAIRE_DIR = PACKAGE_DIR / "questionnaires"
SECRET_KEY_FILE = "secret_key"
CONFIG_FILE = "config.toml"
KEY_READ_TRIES = 40  # × 50 ms: how long to wait for a key file another process is writing


class ConfigError(RuntimeError):
    """instance/config.toml cannot be used; the message names the file."""


def instance_path() -> Path:
    """The instance folder: `SURVEY_INSTANCE`, else `instance/` in the current directory.

    Never inside the installed package: site-packages is no place for a database."""
    return Path(os.environ.get("SURVEY_INSTANCE") or Path.cwd() / "instance")


def default_db_path() -> Path:
    """`SURVEY_DB`, else `instance/survey.db`: the default for `--db` and the app."""
    env = os.environ.get("SURVEY_DB")
    return Path(env) if env else instance_path() / "survey.db"


def read_config_file(folder: Path) -> dict[str, Any]:
    """Top-level keys of instance/config.toml, upper-cased as Flask config keys."""
    path = folder / CONFIG_FILE
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return {key.upper(): value for key, value in data.items()}


def secret_key(folder: Path) -> str:
    """`SURVEY_SECRET_KEY`, else a key generated once into the instance folder (mode 0600).

    Several workers (or `survey init`) may start at once: the key is written whole to a
    temporary file and then linked into place, which fails for every process but the
    first; each reads back the one key that won, never a half-written file."""
    env = os.environ.get("SURVEY_SECRET_KEY")
    if env:
        return env
    path = folder / SECRET_KEY_FILE
    for _ in range(KEY_READ_TRIES):
        try:
            key = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            key = _create_key(folder, path)
        if key:
            return key
        time.sleep(0.05)  # an empty file: a writer of an older version is still at it
    raise ConfigError(f"{path} is empty; delete it and start again to generate a new key")


def _create_key(folder: Path, path: Path) -> str:
    """Write a new key beside `path` and link it into place; whoever links first wins,
    and what is read back is the key that won."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".secret_key.", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: its key is the key
        except OSError:
            # A file system without hard links: a rename never leaves a partial file,
            # but only if nobody was first (checked again just before).
            if not path.exists():
                os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def build(folder: Path, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The app's configuration, in order of precedence (last wins)."""
    config: dict[str, Any] = {
        "DATABASE": str(folder / "survey.db"),
        "QUESTIONNAIRE_DIR": str(QUESTIONNAIRE_DIR),
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_I18N_ENABLED": False,
        "LANGUAGES": ("sv", "en"),
    }
    config.update(read_config_file(folder))
    if os.environ.get("SURVEY_DB"):
        config["DATABASE"] = os.environ["SURVEY_DB"]
    if _flag("SURVEY_BEHIND_PROXY"):
        config["BEHIND_PROXY"] = True
    if _flag("SURVEY_HTTPS"):
        # Served over HTTPS (directly or behind a proxy): cookies only travel encrypted.
        config["SESSION_COOKIE_SECURE"] = True
        config["PREFERRED_URL_SCHEME"] = "https"
    config.update(overrides or {})
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secret_key(folder)
    return config
