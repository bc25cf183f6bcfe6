"""Sign-in throttling that cannot be turned against the owner, and a log that cannot be
flooded: failures count per account and address with a growing wait, an address that
guesses many accounts waits, and nothing typed reaches storage unbounded."""

from __future__ import annotations

from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import PASSWORD, PASSWORD_HASH, form_tokens

OWNER = {"REMOTE_ADDR": "10.0.0.1"}
ATTACKER = {"REMOTE_ADDR": "10.6.6.6"}


def _try(client: FlaskClient, email: str, password: str, where: dict[str, str]):
    token = form_tokens(client, "/login")["csrf_token"]
    return client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base=where,
    )


def _age_failures(db: Store, seconds: int) -> None:
    """As if the failures so far had happened `seconds` earlier."""
    db.db.execute(
        "UPDATE login_failures SET at = strftime('%Y-%m-%dT%H:%M:%S+00:00', at, ?)",
        (f"-{seconds} seconds",),
    )


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(
    client: FlaskClient, db: Store
) -> None:
    db.create_user("chef@example.org", PASSWORD_HASH, "admin")
    for _ in range(12):
        _try(client, "chef@example.org", "fel lösenord igen", ATTACKER)
    owner = _try(client, "chef@example.org", PASSWORD, OWNER)
    assert owner.status_code == 302, "the owner signs in from their own address"


def test_each_failure_past_the_free_ones_doubles_the_wait(client: FlaskClient, db: Store) -> None:
    db.create_user("chef@example.org", PASSWORD_HASH, "admin")
    codes = [
        _try(client, "chef@example.org", "fel lösenord", ATTACKER).status_code for _ in range(6)
    ]
    assert codes == [401] * 5 + [429], "five free tries, then a wait"
    # Failures are stored to the second: where a second turns between a failure and the
    # next try, the wait shown is one second less than the delay.
    first_wait = int(_try(client, "chef@example.org", PASSWORD, ATTACKER).headers["Retry-After"])
    assert first_wait in (1, 2), "throttled: even the right password waits, and is not checked"
    _age_failures(db, first_wait)
    assert _try(client, "chef@example.org", "fel igen", ATTACKER).status_code == 401
    second = _try(client, "chef@example.org", "fel igen", ATTACKER)
    wait = int(second.headers["Retry-After"])
    assert second.status_code == 429 and wait in (3, 4), "the next failure doubles the delay"
    assert f"Vänta {wait} sekunder" in second.get_data(as_text=True)
    _age_failures(db, 4)
    assert _try(client, "chef@example.org", PASSWORD, ATTACKER).status_code == 302


def test_one_address_guessing_many_accounts_waits_and_others_do_not(
    client: FlaskClient, db: Store
) -> None:
    db.create_user("chef@example.org", PASSWORD_HASH, "admin")
    for i in range(20):
        _try(client, f"gissning{i}@example.org", "fel lösenord", ATTACKER)
    assert _try(client, "chef@example.org", PASSWORD, ATTACKER).status_code == 429
    assert _try(client, "chef@example.org", PASSWORD, OWNER).status_code == 302


def test_a_huge_typed_email_is_refused_before_anything_is_stored(
    client: FlaskClient, db: Store, db_path
) -> None:
    def size() -> int:
        wal = db_path.with_name(db_path.name + "-wal")
        return db_path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    before, entries = size(), len(db.audit_entries())
    huge = "a" * 1_500_000 + "@example.org"
    for _ in range(3):
        reply = _try(client, huge, "x" * 300_000, ATTACKER)
        assert reply.status_code == 200 and "högst 254 tecken" in reply.get_data(as_text=True)
    assert len(db.audit_entries()) == entries, "nothing logged for a form that is not valid"
    assert db.login_failures_since("2000-01-01") == 0
    assert size() - before < 200_000, "three posts of 1.8 MB added (almost) nothing"
    _try(client, "nobody@example.org", "fel lösenord", ATTACKER)
    assert db.last_audit("login_failed") is not None, "a normal failure is logged (control)"


def test_every_field_of_an_audit_line_is_bounded(db: Store) -> None:
    from survey import privacy

    long = "ö" * 100_000
    privacy.audit(db, long, actor=long, target=long, detail={long: [long] * 1000, "n": 1})
    entry = db.audit_entries()[0]
    assert len(entry["actor"]) <= 200 and len(entry["action"]) <= 200
    assert len(entry["target"]) <= 200 and len(entry["detail"]) < 20_000
    assert '"n": 1' in entry["detail"], "short values are kept as they are"
