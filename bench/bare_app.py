"""The baseline: a bare Flask endpoint that stores the same rows as one complete
response (a response row and its answers) in the same database with the same pragmas,
but with no forms, sessions, CSRF, templates or idempotency."""

from __future__ import annotations

import os
import sqlite3
import threading

from flask import Flask, request


def create_app() -> Flask:
    app = Flask(__name__)
    path = os.environ["BENCH_BARE_DB"]
    survey_id = int(os.environ["BENCH_SURVEY_ID"])
    question_ids = [int(x) for x in os.environ["BENCH_QUESTION_IDS"].split(",")]

    local = threading.local()

    def db() -> sqlite3.Connection:
        # One connection per worker thread, kept across requests, as the survey app does.
        if not hasattr(local, "conn"):
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            local.conn = conn
        return local.conn

    @app.post("/bare")
    def bare() -> tuple[str, int]:
        conn = db()
        conn.execute("BEGIN IMMEDIATE")
        cursor = conn.execute(
            "INSERT INTO responses (survey_id, lang, status, attributes, started_at, updated_at, "
            "completed_at) VALUES (?, 'sv', 'complete', '{}', datetime(), datetime(), datetime())",
            (survey_id,),
        )
        for index, question_id in enumerate(question_ids, start=1):
            conn.execute(
                "INSERT INTO answers (response_id, question_id, value, updated_at) "
                "VALUES (?, ?, ?, datetime())",
                (cursor.lastrowid, question_id, request.form.get(f"q{index}", "")),
            )
        conn.execute("COMMIT")
        return "ok", 201

    return app
