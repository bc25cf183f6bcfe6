"""The `survey` command: thin click commands over the other areas. `common` holds the
helpers every command module shares (the `--db` option, friendly errors, opening the
store, finding a survey), `root` the group and the set-up commands (init, demo, serve,
questionnaire), and `admin`, `data`, `exchange` and `engine` the rest. Command modules
import `common` and `root`, never each other."""

from survey.cli import admin, data, engine, exchange  # noqa: F401  (registers the commands)
from survey.cli.root import main

__all__ = ["main"]
