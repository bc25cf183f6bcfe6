"""Survey and qualitative-feedback tool for evaluators of social programmes.

`create_app` is the only way to get an application: nothing (app, database
connection, NLP pipeline) is created at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

__all__ = ["create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app; `config` overrides instance/config.toml and the environment."""
    from survey import config as settings
    from survey import web
    from survey.blueprints import (
        admin,
        agreement,
        auth,
        codebook,
        coding,
        health,
        privacy,
        reports,
        respond,
        responses,
        users,
    )
    from survey.extensions import csrf, rate_limits

    overrides = dict(config or {})
    instance = Path(overrides.pop("INSTANCE_PATH", None) or settings.instance_path())
    # Templates and static files are package data (survey/templates, survey/static).
    app = Flask(__name__, instance_path=str(instance.resolve()))
    app.config.update(settings.build(instance, overrides))
    csrf.init_app(app)
    if app.config.get("BEHIND_PROXY"):
        # One trusted reverse proxy sets X-Forwarded-For/-Proto/-Host (client address for
        # sign-in throttling, https for links and secure cookies).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    web.init_app(app)
    # Ids in URLs fit SQLite's integers; a longer number is simply not found.
    app.url_map.converters["int"] = web.SqliteInt
    for blueprint in (
        respond.bp,
        auth.bp,
        admin.bp,
        users.bp,
        coding.bp,
        codebook.bp,
        agreement.bp,
        privacy.bp,
        reports.bp,
        responses.bp,
        health.bp,
    ):
        app.register_blueprint(blueprint)
    rate_limits(app)
    return app
