"""Named, ordered schema migrations.

Each migration runs once, inside the same transaction that records its name in the
`_migrations` table, so a database of any earlier version upgrades in place and a
failed upgrade leaves the database as it was. Never edit a migration that has been
released: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

Migration = tuple[str, Callable[[Database], None]]


def _questionnaires(db: Database) -> None:
    """Questionnaires, their immutable versions and the questions of each version."""
    db.table("questionnaires").create(
        {"id": str, "created_at": str},
        pk="id",
    )
    db.table("questionnaire_versions").create(
        {
            "id": int,
            "questionnaire_id": str,
            "version": int,
            "title_sv": str,
            "title_en": str,
            "content_hash": str,
            "source": str,
            "imported_at": str,
        },
        pk="id",
        not_null={"questionnaire_id", "version", "content_hash", "source", "imported_at"},
        foreign_keys=[("questionnaire_id", "questionnaires", "id")],
    )
    db.table("questionnaire_versions").create_index(["questionnaire_id", "version"], unique=True)
    db.table("questionnaire_versions").create_index(
        ["questionnaire_id", "content_hash"], unique=True
    )
    db.table("questions").create(
        {
            "id": int,
            "version_id": int,
            "qid": str,
            "position": int,
            "page": str,
            "type": str,
            "required": int,
            "stance_hint": str,
            "text_sv": str,
            "text_en": str,
        },
        pk="id",
        not_null={"version_id", "qid", "position", "page", "type"},
        foreign_keys=[("version_id", "questionnaire_versions", "id")],
    )
    db.table("questions").create_index(["version_id", "qid"], unique=True)


def _fielding(db: Database) -> None:
    """Surveys (fielded runs of one questionnaire version), invitations, responses, answers."""
    db.table("surveys").create(
        {
            "id": int,
            "slug": str,
            "version_id": int,
            "title": str,
            "audience": str,
            "anonymous": int,
            "opens_at": str,
            "closes_at": str,
            "status": str,
            "created_at": str,
        },
        pk="id",
        not_null={"slug", "version_id", "title", "anonymous", "status", "created_at"},
        defaults={"anonymous": 1, "status": "open"},
        foreign_keys=[("version_id", "questionnaire_versions", "id")],
    )
    db.table("surveys").create_index(["slug"], unique=True)
    db.table("invitations").create(
        {
            "id": int,
            "survey_id": int,
            "token_hash": str,
            "name": str,
            "email": str,
            "attributes": str,
            "max_uses": int,
            "uses": int,
            "expires_at": str,
            "revoked_at": str,
            "created_at": str,
        },
        pk="id",
        not_null={"survey_id", "token_hash", "max_uses", "uses", "created_at"},
        defaults={"max_uses": 1, "uses": 0, "attributes": "{}"},
        foreign_keys=[("survey_id", "surveys", "id")],
    )
    db.table("invitations").create_index(["token_hash"], unique=True)
    db.table("invitations").create_index(["survey_id"])
    db.table("responses").create(
        {
            "id": int,
            "survey_id": int,
            "invitation_id": int,
            "lang": str,
            "status": str,
            "attributes": str,
            "started_at": str,
            "updated_at": str,
            "completed_at": str,
        },
        pk="id",
        not_null={"survey_id", "lang", "status", "started_at", "updated_at"},
        defaults={"status": "partial", "attributes": "{}"},
        foreign_keys=[("survey_id", "surveys", "id"), ("invitation_id", "invitations", "id")],
    )
    db.table("responses").create_index(["survey_id", "status"])
    db.table("responses").create_index(["invitation_id"])
    db.table("answers").create(
        {"id": int, "response_id": int, "question_id": int, "value": str, "updated_at": str},
        pk="id",
        not_null={"response_id", "question_id", "value", "updated_at"},
        foreign_keys=[("response_id", "responses", "id"), ("question_id", "questions", "id")],
    )
    db.table("answers").create_index(["response_id", "question_id"], unique=True)
    db.table("answers").create_index(["question_id"])


def _accounts(db: Database) -> None:
    """Staff accounts and the one-time link that creates the first administrator."""
    db.table("users").create(
        {
            "id": int,
            "email": str,
            "name": str,
            "password_hash": str,
            "role": str,
            "disabled": int,
            "created_at": str,
        },
        pk="id",
        not_null={"email", "password_hash", "role", "disabled", "created_at"},
        defaults={"disabled": 0},
    )
    db.table("users").create_index(["email"], unique=True)
    db.table("setup_tokens").create(
        {"token_hash": str, "created_at": str, "expires_at": str, "used_at": str},
        pk="token_hash",
        not_null={"created_at", "expires_at"},
    )


def _responding(db: Database) -> None:
    """What answering needs beyond answers: consent records, resume codes, the page
    reached, and idempotency keys so that a repeated submit is stored once."""
    responses = db.table("responses")
    responses.add_column("consent_version", str)
    responses.add_column("consent_at", str)
    responses.add_column("resume_hash", str)
    responses.add_column("last_page", int, not_null_default=0)
    responses.create_index(["resume_hash"], unique=True)
    db.table("submissions").create(
        {"key": str, "response_id": int, "target": str, "created_at": str},
        pk="key",
        not_null={"response_id", "target", "created_at"},
        foreign_keys=[("response_id", "responses", "id")],
    )
    db.table("submissions").create_index(["response_id"])


def _suggestions(db: Database) -> None:
    """Codebook versions and the coding engine's suggestions for stored answers."""
    db.table("codebooks").create(
        {
            "id": int,
            "name": str,
            "language": str,
            "content_hash": str,
            "source": str,
            "imported_at": str,
        },
        pk="id",
        not_null={"name", "language", "content_hash", "source", "imported_at"},
    )
    db.table("codebooks").create_index(["content_hash"], unique=True)
    db.table("suggestions").create(
        {
            "id": int,
            "answer_id": int,
            "codebook_id": int,
            "theme": str,
            "start": int,
            "end": int,
            "stance": str,
            "score": float,
            "source": str,
            "evidence": str,
            "created_at": str,
        },
        pk="id",
        not_null={"answer_id", "codebook_id", "theme", "start", "end", "stance", "score", "source"},
        foreign_keys=[("answer_id", "answers", "id"), ("codebook_id", "codebooks", "id")],
    )
    db.table("suggestions").create_index(["answer_id"])
    db.table("suggestions").create_index(["codebook_id", "theme"])


def _administration(db: Database) -> None:
    """Failed sign-ins (for throttling), evaluators' survey assignments, and which
    respondent attributes a survey records."""
    db.table("login_failures").create(
        {"id": int, "email": str, "ip": str, "at": str},
        pk="id",
        not_null={"email", "ip", "at"},
    )
    db.table("login_failures").create_index(["email", "at"])
    db.table("login_failures").create_index(["ip", "at"])
    db.table("survey_assignments").create(
        {"user_id": int, "survey_id": int, "created_at": str},
        pk=("user_id", "survey_id"),
        not_null={"created_at"},
        foreign_keys=[("user_id", "users", "id"), ("survey_id", "surveys", "id")],
    )
    db.table("surveys").add_column("attributes", str, not_null_default="[]")


def _search(db: Database) -> None:
    """Full-text search over answers, kept in sync by triggers. unicode61 folds case for
    every letter (Å/å) but keeps diacritics: in Swedish å, ä and ö are letters of their
    own, not accented a and o."""
    db.table("answers").enable_fts(
        ["value"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 0",
    )


def _mail(db: Database) -> None:
    """Invitation links that can be sent again (the token is derived from a per-invitation
    nonce and the secret key, still stored only as a hash), and a record of every
    message sent, so a broken run resumes without sending anything twice."""
    db.table("invitations").add_column("nonce", str)
    db.table("messages").create(
        {"invitation_id": int, "kind": str, "sent_at": str},
        pk=("invitation_id", "kind"),
        not_null={"sent_at"},
        foreign_keys=[("invitation_id", "invitations", "id")],
    )


def _workbench(db: Database) -> None:
    """The evaluators' workbench. A survey's own codebook (`codes`, hierarchical, each
    change logged in `codebook_log` and counted in `surveys.codebook_rev`); codings by
    coder, whole answer (no offsets) or a span with the quoted text kept, so offsets can
    be checked against the stored answer; an action log for undo and for detecting
    concurrent edits; reviews of the engine's suggestions; memos; double-coding samples;
    and retraining runs with their progress."""
    db.table("surveys").add_column("codebook_rev", int, not_null_default=0)
    db.table("surveys").add_column("suggestion_codebook_id", int)
    db.table("codes").create(
        {
            "id": int,
            "survey_id": int,
            "key": str,
            "guid": str,
            "label": str,
            "description": str,
            "color": str,
            "parent_id": int,
            "keywords": str,
            "position": int,
            "active": int,
            "merged_into": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"survey_id", "key", "guid", "label", "keywords", "position", "active"},
        defaults={"description": "", "keywords": "{}", "position": 0, "active": 1},
        foreign_keys=[("survey_id", "surveys", "id"), ("parent_id", "codes", "id")],
    )
    db.table("codes").create_index(["survey_id", "key"], unique=True)
    db.table("codings").create(
        {
            "id": int,
            "answer_id": int,
            "code_id": int,
            "coder_id": int,
            "start": int,
            "end": int,
            "quote": str,
            "stance": str,
            "source": str,
            "suggestion_id": int,
            "consensus": int,
            "created_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"answer_id", "code_id", "coder_id", "quote", "stance", "source", "consensus"},
        defaults={"stance": "", "source": "human", "consensus": 0},
        foreign_keys=[
            ("answer_id", "answers", "id"),
            ("code_id", "codes", "id"),
            ("coder_id", "users", "id"),
        ],
    )
    db.table("codings").create_index(["answer_id"])
    db.table("codings").create_index(["code_id"])
    db.table("coding_log").create(
        {
            "id": int,
            "survey_id": int,
            "answer_id": int,
            "user_id": int,
            "action": str,
            "coding_id": int,
            "suggestion_id": int,
            "detail": str,
            "undone": int,
            "at": str,
        },
        pk="id",
        not_null={"survey_id", "answer_id", "user_id", "action", "undone", "at"},
        defaults={"undone": 0},
        foreign_keys=[("survey_id", "surveys", "id"), ("user_id", "users", "id")],
    )
    db.table("coding_log").create_index(["answer_id"])
    db.table("coding_log").create_index(["user_id", "survey_id"])
    db.table("suggestion_reviews").create(
        {
            "suggestion_id": int,
            "user_id": int,
            "decision": str,
            "coding_id": int,
            "at": str,
        },
        pk="suggestion_id",
        not_null={"user_id", "decision", "at"},
        foreign_keys=[("suggestion_id", "suggestions", "id"), ("user_id", "users", "id")],
    )
    db.table("memos").create(
        {
            "id": int,
            "survey_id": int,
            "target": str,
            "target_id": int,
            "user_id": int,
            "body": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"survey_id", "target", "target_id", "user_id", "body", "created_at"},
        foreign_keys=[("survey_id", "surveys", "id"), ("user_id", "users", "id")],
    )
    db.table("memos").create_index(["survey_id", "target", "target_id"])
    db.table("codebook_log").create(
        {
            "id": int,
            "survey_id": int,
            "user_id": int,
            "action": str,
            "detail": str,
            "status": str,
            "at": str,
        },
        pk="id",
        not_null={"survey_id", "action", "detail", "status", "at"},
        defaults={"detail": "{}", "status": "done"},
        foreign_keys=[("survey_id", "surveys", "id")],
    )
    db.table("codebook_log").create_index(["survey_id"])
    db.table("samples").create(
        {
            "id": int,
            "survey_id": int,
            "name": str,
            "fraction": float,
            "created_by": int,
            "created_at": str,
        },
        pk="id",
        not_null={"survey_id", "name", "fraction", "created_at"},
        foreign_keys=[("survey_id", "surveys", "id")],
    )
    db.table("sample_answers").create(
        {"sample_id": int, "answer_id": int},
        pk=("sample_id", "answer_id"),
        foreign_keys=[("sample_id", "samples", "id"), ("answer_id", "answers", "id")],
    )
    db.table("sample_answers").create_index(["answer_id"])
    db.table("sample_coders").create(
        {"sample_id": int, "user_id": int},
        pk=("sample_id", "user_id"),
        foreign_keys=[("sample_id", "samples", "id"), ("user_id", "users", "id")],
    )
    db.table("sample_done").create(
        {"answer_id": int, "user_id": int, "at": str},
        pk=("answer_id", "user_id"),
        not_null={"at"},
        foreign_keys=[("answer_id", "answers", "id"), ("user_id", "users", "id")],
    )
    db.table("training_runs").create(
        {
            "id": int,
            "survey_id": int,
            "user_id": int,
            "status": str,
            "progress": float,
            "message": str,
            "examples": int,
            "started_at": str,
            "finished_at": str,
        },
        pk="id",
        not_null={"survey_id", "status", "progress", "started_at"},
        defaults={"progress": 0.0, "message": ""},
        foreign_keys=[("survey_id", "surveys", "id")],
    )
    db.table("training_runs").create_index(["survey_id"])


def _privacy(db: Database) -> None:
    """Data protection: when a survey's responses are deleted (`delete_after`), the
    names to pseudonymise beyond the invitation list (`pseudonym_names`), and an
    append-only audit log of who did what to which data."""
    db.table("surveys").add_column("delete_after", str)
    db.table("surveys").add_column("pseudonym_names", str, not_null_default="[]")
    db.table("audit_log").create(
        {
            "id": int,
            "at": str,
            "user_id": int,
            "actor": str,
            "action": str,
            "target": str,
            "detail": str,
        },
        pk="id",
        not_null={"at", "actor", "action", "target", "detail"},
        defaults={"target": "", "detail": "{}"},
    )
    db.table("audit_log").create_index(["action", "at"])
    # Append-only: the database itself refuses to change or remove an entry.
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


def _admin_account_links(db: Database) -> None:
    """One-time links on which an invited colleague chooses a password, or anyone
    given a new link chooses a new one; only their hashes are stored."""
    db.table("account_links").create(
        {
            "token_hash": str,
            "user_id": int,
            "purpose": str,
            "created_at": str,
            "expires_at": str,
            "used_at": str,
        },
        pk="token_hash",
        not_null={"user_id", "purpose", "created_at", "expires_at"},
        foreign_keys=[("user_id", "users", "id")],
    )
    db.table("account_links").create_index(["user_id"])


def _reports_code_label_en(db: Database) -> None:
    """A code's label in English (the codebook's `label_en`), so an English report
    names its themes in English; empty means the label is used as it is."""
    db.table("codes").add_column("label_en", str, not_null_default="")


def _privacy_hidden_names(db: Database) -> None:
    """Names to hide that outlive their invitation: when a respondent is erased, the
    spellings of their name are kept as salted hashes (`name_salt` per survey), so their
    name stays hidden in others' answers without being kept readable."""
    db.table("surveys").add_column("name_salt", str)
    db.table("hidden_names").create(
        {"survey_id": int, "digest": str, "ambiguous": int, "full": int, "bases": str},
        pk=("survey_id", "digest"),
        not_null={"ambiguous", "full", "bases"},
        defaults={"bases": ""},
        foreign_keys=[("survey_id", "surveys", "id")],
    )


def _privacy_masked_search(db: Database) -> None:
    """A second full-text index over the answers as non-administrators see them
    (pseudonymised), so that a search cannot probe hidden text: prefixes of a hidden
    number or name find nothing. Filled by the app (the pseudonymiser is Python), per
    survey, whenever its answers or its names to hide change (`masked_search_state`); an
    answer deleted or edited leaves it at once, by trigger."""
    db.execute(
        "CREATE VIRTUAL TABLE answers_masked_fts USING fts5(value, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    db.table("masked_search_state").create(
        {"survey_id": int, "signature": str},
        pk="survey_id",
        not_null={"signature"},
        foreign_keys=[("survey_id", "surveys", "id")],
    )
    db.execute(
        "CREATE TRIGGER answers_masked_ad AFTER DELETE ON answers "
        "BEGIN DELETE FROM answers_masked_fts WHERE rowid = old.id; END"
    )
    db.execute(
        "CREATE TRIGGER answers_masked_au AFTER UPDATE OF value ON answers "
        "BEGIN DELETE FROM answers_masked_fts WHERE rowid = old.id; END"
    )


def _privacy_session_generation(db: Database) -> None:
    """A per-account session generation, carried in the signed cookie: signing out,
    changing the password and disabling the account move it on, which ends every
    session of that account, on every device, including copied cookies."""
    db.table("users").add_column("session_generation", int, not_null_default=0)


def _workbench_codebook_borrowed(db: Database) -> None:
    """Per codebook version, which starter-codebook themes each of its codes took
    keywords from when the engine last suggested with it (JSON, code key → theme ids):
    the code page names them, since a suggestion's evidence may be one of their words."""
    db.table("codebooks").add_column("borrowed", str, not_null_default="")


MIGRATIONS: list[Migration] = [
    ("0001_questionnaires", _questionnaires),
    ("0002_fielding", _fielding),
    ("0003_accounts", _accounts),
    ("0004_responding", _responding),
    ("0005_suggestions", _suggestions),
    ("0006_administration", _administration),
    ("0007_search", _search),
    ("0008_mail", _mail),
    ("0009_workbench", _workbench),
    ("0010_privacy", _privacy),
    ("0011_admin_account_links", _admin_account_links),
    ("0012_reports_code_label_en", _reports_code_label_en),
    ("0013_privacy_hidden_names", _privacy_hidden_names),
    ("0014_privacy_masked_search", _privacy_masked_search),
    ("0015_privacy_session_generation", _privacy_session_generation),
    ("0016_workbench_codebook_borrowed", _workbench_codebook_borrowed),
]
