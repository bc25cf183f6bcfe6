"""A .qdpx keeps who coded what: exported from one database and imported into another where
the coders have no accounts, each coder's codings come back as theirs (identical codings by
two coders stay two), the agreement between them is the same as before, and codings that
were accepted suggestions keep their source."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from survey.exchange.qdpx import import_project, project_bytes
from survey.store import Store, connect
from survey.workbench import actions
from survey.workbench.double_coding import survey_agreement

from .conftest import Suggest


@pytest.fixture
def elsewhere(seeded_template: Path, tmp_path: Path) -> Iterator[Store]:
    """Another installation: the same demo survey and answers, no staff, no codes."""
    path = tmp_path / "elsewhere.db"
    source, target = sqlite3.connect(seeded_template), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    store = connect(path)
    yield store
    store.close()


def double_coded(db: Store, team: dict, suggest: Suggest) -> int:
    """anna and bo code six answers: the same codes on three, different codes on two, and
    only bo the sixth; anna accepts one suggestion elsewhere."""
    sid = team["survey"]["id"]
    code = {k: db.code_by_key(sid, k)["id"] for k in ("kartlaggning", "samverkan_skola_soc")}
    answers = [a["id"] for a in team["answers"][:6]]
    plan = [
        ({"kartlaggning"}, {"kartlaggning"}),
        ({"samverkan_skola_soc"}, {"samverkan_skola_soc"}),
        ({"kartlaggning", "samverkan_skola_soc"}, {"kartlaggning", "samverkan_skola_soc"}),
        ({"kartlaggning"}, {"samverkan_skola_soc"}),
        ({"kartlaggning", "samverkan_skola_soc"}, {"kartlaggning"}),
        (set(), {"samverkan_skola_soc"}),
    ]
    for answer, (by_anna, by_bo) in zip(answers, plan, strict=True):
        for coder, keys in ((team["anna"], by_anna), (team["bo"], by_bo)):
            for key in sorted(keys):
                actions.add_coding(db, sid, coder, answer, code[key])
    accepted = next(s for s in suggest() if s["answer_id"] not in answers)
    actions.accept_suggestion(db, sid, team["anna"], accepted["id"])
    return sid


def codings_by_coder(db: Store, survey_id: int) -> Counter[tuple[str, int, str, str]]:
    """(coder, answer's respondent and question, code label, source), counted."""
    rows = db.db.query(
        "SELECT u.email, a.response_id, q.qid, k.label, c.source FROM codings c "
        "JOIN users u ON u.id = c.coder_id JOIN codes k ON k.id = c.code_id "
        "JOIN answers a ON a.id = c.answer_id JOIN questions q ON q.id = a.question_id "
        "WHERE k.survey_id = ? AND c.deleted_at IS NULL",
        (survey_id,),
    )
    return Counter(
        (r["email"], f"{r['response_id']}/{r['qid']}", r["label"], r["source"]) for r in rows
    )


def test_a_project_with_two_coders_keeps_both_coders_codings_and_their_agreement(
    db: Store, team: dict, suggest: Suggest, elsewhere: Store
) -> None:
    sid = double_coded(db, team, suggest)
    before = codings_by_coder(db, sid)
    agreement = survey_agreement(db, sid).report
    # Five answers coded by both (anna left the sixth uncoded).
    assert agreement.overall.units == 5 and agreement.overall.kappa is not None
    data = project_bytes(db, sid)  # original text, for a round trip

    target = elsewhere.survey("demo")["id"]
    result = import_project(elsewhere, target, data, user_id=None)
    assert sorted(result.coders_added) == ["anna@example.org", "bo@example.org"]
    assert result.problems == []
    after = codings_by_coder(elsewhere, target)
    assert after == before, "every coder's codings, each as many times as before"
    identical = [k for k, n in after.items() if k[0] == "bo@example.org" and
                 ("anna@example.org", *k[1:]) in after]  # fmt: skip
    assert len(identical) >= 5, "the same code on the same answer by two coders stays two"
    again = survey_agreement(elsewhere, target).report
    assert (again.overall.units, again.overall.coders) == (5, 2)
    assert again.overall.percent == agreement.overall.percent
    assert again.overall.kappa == pytest.approx(agreement.overall.kappa)
    assert again.overall.alpha == pytest.approx(agreement.overall.alpha)
    assert again.exact == agreement.exact
    # The accepted suggestion is still the engine's, not a person's.
    assert Counter(k[3] for k in after.elements()) == Counter(k[3] for k in before.elements())
    assert any(k[3] in ("rule", "model") for k in after)
    # The coders exist only as disabled accounts: they cannot sign in.
    assert elsewhere.user_by_email("anna@example.org") is None


def test_a_coder_who_has_an_account_there_gets_the_codings_by_e_mail(
    db: Store, team: dict, suggest: Suggest, elsewhere: Store
) -> None:
    """Positive control for the mapping: an existing account is used, not a new one."""
    sid = double_coded(db, team, suggest)
    data = project_bytes(db, sid)
    bo = elsewhere.create_user("bo@example.org", "x", "evaluator", name="Bo Berg")
    target = elsewhere.survey("demo")["id"]
    result = import_project(elsewhere, target, data, user_id=None)
    assert result.coders_added == ["anna@example.org"]
    mine = [k for k in codings_by_coder(elsewhere, target) if k[0] == "bo@example.org"]
    assert mine and elsewhere.user(bo) is not None
