"""Data protection: retention deletes a survey's responses with everything hanging off
them, one respondent is erased or exported on request, names and identifiers are hidden
wherever answers are shown or exported, and everything is in an append-only audit log."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from flask.testing import FlaskClient

from survey import privacy
from survey.store import Store
from survey.workbench import actions
from tests.conftest import Auth, form_tokens, invite, new_survey, post_form


def _count(db: Store, table: str) -> int:
    return db.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def _answers_fts(db: Store, word: str) -> int:
    return db.db.execute(
        "SELECT COUNT(*) FROM answers_fts WHERE answers_fts MATCH ?", (word,)
    ).fetchone()[0]


def test_a_survey_past_its_date_loses_responses_codings_and_invitations(
    runner, db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    coding = actions.add_coding(
        db, sid, team["anna"], answer["id"], db.code_by_key(sid, "kartlaggning")["id"]
    )
    db.add_memo(sid, "coding", coding["codings"][0]["id"], team["anna"], "memo", "2026-01-01")
    other = new_survey(db, "chefsenkat", "behalls")
    kept = db.create_response(other["id"], "sv")
    assert runner("retention", "demo", "--delete-after", "2026-01-31").exit_code == 0
    assert "nothing to delete" in runner("purge", "--today", "2026-01-31").output
    result = runner("purge", "--today", "2026-02-01")
    assert result.exit_code == 0 and "responses" in result.output
    assert db.response_ids(sid) == [] and db.response(kept) is not None
    assert _count(db, "codings") == 0 and db.memos(sid, "coding") == []
    assert db.survey("demo") is not None and db.codes(sid), "the survey and codebook stay"
    assert _count(db, "answers_fts") == _count(db, "answers"), "the search index follows"
    assert db.last_audit("purge") is not None


def test_the_app_purges_expired_surveys_when_it_starts(db: Store, db_path) -> None:
    from survey import create_app

    survey = db.survey("demo")
    db.set_retention(survey["id"], "2000-01-01")
    assert db.response_ids(survey["id"])
    create_app({"DATABASE": str(db_path), "TESTING": True})
    assert db.response_ids(survey["id"]) == []


def test_one_invited_respondent_is_exported_then_erased_with_everything(
    client: FlaskClient, db: Store, runner, app
) -> None:
    survey = new_survey(db, "chefsenkat", "personlig", anonymous=False)
    token = invite(db, survey, name="Karin Lindahl", email="karin@example.org")
    other = invite(db, survey, name="Per Holm", email="per@example.org")
    respondent = app.test_client()
    post_form(respondent, f"/i/{token}/1", {"q1_roll": "Rektor på Zebraskolan"})
    post_form(app.test_client(), f"/i/{other}/1", {"q1_roll": "Enhetschef"})
    exported = runner("access", "personlig", "--email", "KARIN@example.org")
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.output)
    assert data["responses"][0]["answers"][0]["answer"] == "Rektor på Zebraskolan"
    erased = runner("erase", "personlig", "--email", "karin@example.org", "--yes")
    assert erased.exit_code == 0 and "deleted 1 responses and 1 invitations" in erased.output
    assert len(db.response_ids(survey["id"])) == 1, "the other respondent stays"
    assert _answers_fts(db, '"Zebraskolan"') == 0, "gone from the search index too"
    assert db.invitations_by_email(survey["id"], "karin@example.org") == []
    again = runner("erase", "personlig", "--email", "karin@example.org", "--yes")
    assert again.exit_code == 1 and "no invitation" in again.output
    assert {e["action"] for e in db.audit_entries()} >= {"access_export", "erasure"}


def test_an_anonymous_respondent_is_found_by_resume_code_from_the_web(
    client: FlaskClient, db: Store, app, auth: Auth
) -> None:
    respondent = app.test_client()
    post_form(respondent, "/s/demo/1", {"q1_roll": "Biträdande rektor"})
    page2 = respondent.get("/s/demo/2").get_data(as_text=True)
    typed = re.search(r'<strong class="code">([A-Z0-9-]+)</strong>', page2)
    assert typed, "the page shows a resume code"
    code = db.db.execute(
        "SELECT id FROM responses WHERE survey_id = ? ORDER BY id DESC LIMIT 1",
        (db.survey("demo")["id"],),
    ).fetchone()[0]
    auth.sign_in("admin")
    sid = db.survey("demo")["id"]
    tokens = form_tokens(client, f"/admin/surveys/{sid}")
    reply = client.post(
        f"/admin/surveys/{sid}/respondent",
        data={**tokens, "kind": "resume_code", "value": typed.group(1).lower(), "access": "1"},
    )
    assert reply.status_code == 200 and "Biträdande rektor" in reply.get_data(as_text=True)
    refused = client.post(
        f"/admin/surveys/{sid}/respondent",
        data={**tokens, "kind": "resume_code", "value": typed.group(1), "erase": "1"},
        follow_redirects=True,
    )
    assert "Kryssa i rutan" in refused.get_data(as_text=True) and db.response(code) is not None
    client.post(
        f"/admin/surveys/{sid}/respondent",
        data={
            **tokens,
            "kind": "resume_code",
            "value": typed.group(1),
            "erase": "1",
            "confirm": "yes",
        },
    )
    assert db.response(code) is None


def test_names_an_admin_adds_are_hidden_in_the_browser_and_exports(
    client: FlaskClient, db: Store, runner, auth: Auth
) -> None:
    survey = db.survey("demo")
    answer = db.open_answers(survey["id"])[0]
    db.db.execute(
        "UPDATE answers SET value = ? WHERE id = ?",
        ("Eleven Ali Hassans mamma ringde från 070-123 45 67.", answer["id"]),
    )
    assert runner("names", "demo", "--add", "Ali Hassan").exit_code == 0
    csv_text = runner("export", "responses", "demo").output
    assert "Ali" not in csv_text and "[NAMN]" in csv_text and "[TELEFON]" in csv_text
    original = runner("export", "responses", "demo", "--original-text").output
    assert "Ali Hassans" in original
    user = auth.sign_in("evaluator")
    db.assign(user["id"], survey["id"])
    page = client.get(f"/responses/{answer['response_id']}").get_data(as_text=True)
    assert "Hassan" not in page and "[NAMN]" in page
    browse = client.get(f"/responses/surveys/{survey['id']}").get_data(as_text=True)
    assert "Hassan" not in browse
    assert db.last_audit("view_response")["actor"] == "evaluator@example.org"
    assert db.last_audit("export")["detail"].find('"original_text": true') >= 0


def test_the_audit_log_records_sign_ins_and_cannot_be_changed(
    client: FlaskClient, db: Store, db_path, auth: Auth
) -> None:
    auth.sign_in("admin")
    post_form(
        client.application.test_client(),
        "/login",
        {"email": "admin@example.org", "password": "fel lösenord"},
    )
    actions = [e["action"] for e in db.audit_entries()]
    assert "login" in actions and "login_failed" in actions
    conn = sqlite3.connect(db_path, isolation_level=None)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'någon annan'")
    conn.close()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Misslyckad inloggning" in page and "login_failed" not in page.split("<table")[1]
    csv_text = client.get("/admin/audit.csv").data.decode("utf-8-sig")
    assert csv_text.startswith("Nr;När;Vem;Händelse;Vad;Detaljer"), "as Swedish Excel opens it"
    assert "Misslyckad inloggning" in csv_text
    tools = client.get("/admin/audit.csv?style=tools").data.decode("utf-8-sig")
    assert tools.startswith("id,at,actor,action,target,detail")
    assert "login_failed" in tools, "scripts get the stored event ids"
    client.get("/admin/audit?lang=en")
    english = client.get("/admin/audit.csv").data.decode("utf-8-sig")
    assert english.startswith("No.,When,Who,Event,What,Details")
    assert "Failed sign-in" in english


def test_every_audited_event_has_a_name_in_both_languages() -> None:
    """The audit page shows events by name: every action the code logs has one."""
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    logged: set[str] = set()
    for path in (root / "survey").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        logged |= set(re.findall(r"\baudit\(\s*[\w.()]+,\s*\"([a-z_]+)\"", source))
    assert {"login", "export", "erasure"} <= logged, "the scan finds the logged events"
    for lang in ("sv", "en"):
        with (root / "survey" / "translations" / f"{lang}.toml").open("rb") as handle:
            catalogue = tomllib.load(handle)
        missing = sorted(a for a in logged if f"audit.event.{a}" not in catalogue)
        assert not missing, f"{lang}: no name for {missing}"


def test_retention_dates_must_be_dates(runner) -> None:
    result = runner("retention", "demo", "--delete-after", "31/1 2026")
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output
    assert privacy.parse_date("2026-01-31") == "2026-01-31"
