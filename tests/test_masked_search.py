"""Searching cannot reveal what the pages hide: for evaluators, the response browser's and
the workbench's `q=` search runs over the pseudonymised text, so extending a prefix of a
hidden number one digit at a time (the oracle an outside review used) recovers nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import Auth

PLANTED = (
    "Mamman nåddes på 070-123 45 67 och pojkens personnummer 19850612-1006 "
    "stod i kartläggningen, och sedan följde kjelvar upp."
)  # a name the unlisted detector has no evidence for: only the names list hides it


@pytest.fixture
def planted(db: Store, team: dict) -> dict:
    answer = team["answers"][0]
    db.db.execute("UPDATE answers SET value = ? WHERE id = ?", (PLANTED, answer["id"]))
    return {"survey_id": team["survey"]["id"], **answer}


def _finders(client: FlaskClient, planted: dict) -> dict[str, Callable[[str], bool]]:
    """Whether a search for `q` finds the planted answer, in each place one can search."""
    sid = planted["survey_id"]

    def workbench(q: str) -> bool:
        query = {"q": q, "question": planted["question"]}
        page = client.get(f"/coding/surveys/{sid}", query_string=query)
        return f'id="answer-{planted["id"]}"' in page.get_data(as_text=True)

    def browser(q: str) -> bool:
        query = {"q": q, "question": planted["question"]}
        page = client.get(f"/responses/surveys/{sid}", query_string=query)
        return f'/responses/{planted["response_id"]}"' in page.get_data(as_text=True)

    return {"workbench": workbench, "response browser": browser}


def _oracle(found: Callable[[str], bool], prefix: str = "", digits: int = 12) -> str:
    """The review's attack: extend a digit prefix while the answer is still found."""
    for _ in range(digits):
        for digit in "0123456789":
            if found(prefix + digit):
                prefix += digit
                break
        else:
            break
    return prefix


def test_a_digit_prefix_oracle_recovers_nothing_for_an_evaluator(
    client: FlaskClient, db: Store, auth: Auth, planted: dict
) -> None:
    user = auth.sign_in("evaluator")
    db.assign(user["id"], planted["survey_id"])
    for place, found in _finders(client, planted).items():
        assert found("kartläggningen"), f"the {place} still searches what it shows"
        assert found("personnummer"), f"the {place} finds the placeholder's word"
        assert _oracle(found) == "", place
        assert _oracle(found, "1") == "1" and _oracle(found, "0701") == "0701", place
        assert not found("19850612") and not found("070"), place


def test_the_pseudonymised_index_follows_the_names_list(
    client: FlaskClient, db: Store, auth: Auth, planted: dict
) -> None:
    user = auth.sign_in("evaluator")
    db.assign(user["id"], planted["survey_id"])
    finders = _finders(client, planted)
    assert all(found("kjelvar") for found in finders.values()), "not listed: shown, found"
    db.set_pseudonym_names(planted["survey_id"], ["Kjelvar Drumsö"])
    assert not any(found("kjelvar") for found in finders.values()), "listed: hidden, not found"
    assert all(found("följde") for found in finders.values())


def test_an_administrator_searches_the_original_text(
    client: FlaskClient, auth: Auth, planted: dict
) -> None:
    """Positive control: the oracle does work on the original index, which only an
    administrator (who may see the original text) searches."""
    auth.sign_in("admin", "chef@example.org")
    found = _finders(client, planted)["workbench"]
    assert _oracle(found) == "070" and _oracle(found, "19") == "19850612"
