"""Blind double coding stays blind in exports: a sample coder's download of codings and
memos shows what the grid shows them, never the other coder's codes on sample answers."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient

from survey.store import Store
from survey.workbench import actions
from survey.workbench.double_coding import draw_sample
from tests.conftest import PASSWORD, PASSWORD_HASH, post_form


def _rows(client: FlaskClient, url: str) -> list[dict[str, str]]:
    """The export in the tools' format (commas, ids as headings)."""
    reply = client.get(url, query_string={"style": "tools"})
    assert reply.status_code == 200, reply.status_code
    return list(csv.DictReader(io.StringIO(reply.data.decode("utf-8-sig"))))


def test_a_sample_coders_export_leaves_out_the_other_coders_blind_codes(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    sample = draw_sample(db, sid, team["admin"], 1.0, [team["anna"], team["bo"]], seed=3)
    assert answer["id"] in db.blind_answer_ids(sid, team["anna"]), sample
    mine = db.code_by_key(sid, "kartlaggning")
    theirs = db.code_by_key(sid, "tid_bemanning")
    actions.add_coding(db, sid, team["anna"], answer["id"], mine["id"])
    bo_coding = actions.add_coding(db, sid, team["bo"], answer["id"], theirs["id"])
    db.add_memo(sid, "coding", bo_coding["codings"][0]["id"], team["bo"], "Bos skäl", "2026-01-01")
    db.set_password(team["anna"], PASSWORD_HASH)
    post_form(client, "/login", {"email": "anna@example.org", "password": PASSWORD})

    grid = actions.cell(db, sid, answer["id"], team["anna"])
    assert grid["blind"] and {c["code_id"] for c in grid["codings"]} == {mine["id"]}
    codings = _rows(client, f"/coding/surveys/{sid}/export/codings.csv")
    assert {r["code"] for r in codings if r["answer_id"] == str(answer["id"])} == {"kartlaggning"}
    assert all(r["coder"] != "bo@example.org" for r in codings)
    memos = _rows(client, f"/coding/surveys/{sid}/export/memos.csv")
    assert all("Bos skäl" not in r["memo"] for r in memos)


def test_a_coder_outside_the_sample_exports_both_coders_codes(
    client: FlaskClient, db: Store, team: dict, auth
) -> None:
    """Positive control: the other coder's codes are in the export for anyone who does
    not code the sample blind."""
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    draw_sample(db, sid, team["admin"], 1.0, [team["anna"], team["bo"]], seed=3)
    actions.add_coding(
        db, sid, team["anna"], answer["id"], db.code_by_key(sid, "kartlaggning")["id"]
    )
    actions.add_coding(
        db, sid, team["bo"], answer["id"], db.code_by_key(sid, "tid_bemanning")["id"]
    )
    user = auth.sign_in("evaluator")
    db.assign(user["id"], sid)
    codings = _rows(client, f"/coding/surveys/{sid}/export/codings.csv")
    coded = {r["code"] for r in codings if r["answer_id"] == str(answer["id"])}
    assert coded == {"kartlaggning", "tid_bemanning"}


def _blind_pair(db: Store, team: dict) -> tuple[int, dict, int]:
    """A sample coded blind by Anna and Bo, Bo's coding on its first answer with his memo
    on the coding and one on the answer; (survey id, answer, Bo's coding id)."""
    sid = team["survey"]["id"]
    answer = team["answers"][0]
    draw_sample(db, sid, team["admin"], 1.0, [team["anna"], team["bo"]], seed=3)
    assert answer["id"] in db.blind_answer_ids(sid, team["anna"])
    theirs = db.code_by_key(sid, "tid_bemanning")
    bo_coding = actions.add_coding(db, sid, team["bo"], answer["id"], theirs["id"])
    coding_id = bo_coding["codings"][0]["id"]
    db.add_memo(sid, "coding", coding_id, team["bo"], "Bos skäl till koden", "2026-01-01")
    db.add_memo(sid, "answer", answer["id"], team["bo"], "Bos tanke om svaret", "2026-01-01")
    db.add_memo(sid, "answer", answer["id"], team["anna"], "Annas egen tanke", "2026-01-02")
    return sid, answer, coding_id


def test_a_sample_coders_memo_page_leaves_out_the_other_coders_blind_memos(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, answer, coding_id = _blind_pair(db, team)
    db.set_password(team["anna"], PASSWORD_HASH)
    post_form(client, "/login", {"email": "anna@example.org", "password": PASSWORD})

    pages = {
        "all": client.get(f"/coding/surveys/{sid}/memos", query_string={"all": 1}),
        "answer": client.get(
            f"/coding/surveys/{sid}/memos",
            query_string={"target": "answer", "target_id": answer["id"]},
        ),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        html = page.get_data(as_text=True)
        assert "Annas egen tanke" in html, name  # her own memo stays
        assert "Bos skäl till koden" not in html, name
        assert "Bos tanke om svaret" not in html, name
    # Bo's coding is no target Anna may open or write on while she codes blind.
    coding_page = client.get(
        f"/coding/surveys/{sid}/memos", query_string={"target": "coding", "target_id": coding_id}
    )
    assert coding_page.status_code == 302  # refused, back to the grid with a message
    refused = client.get(coding_page.location).get_data(as_text=True)
    assert "Bos skäl" not in refused
    # The grid counts only the memos she may read, and so does the export.
    assert actions.cell(db, sid, answer["id"], team["anna"])["memos"] == 1
    memos = _rows(client, f"/coding/surveys/{sid}/export/memos.csv")
    assert [r["memo"] for r in memos] == ["Annas egen tanke"]


def test_outside_the_sample_the_memo_page_shows_every_coders_memos(
    client: FlaskClient, db: Store, team: dict, auth
) -> None:
    """Positive control: an evaluator who does not code the sample reads both coders'
    memos, on the page and in the export."""
    sid, answer, coding_id = _blind_pair(db, team)
    user = auth.sign_in("evaluator")
    db.assign(user["id"], sid)
    html = client.get(f"/coding/surveys/{sid}/memos", query_string={"all": 1}).get_data(
        as_text=True
    )
    for body in ("Annas egen tanke", "Bos skäl till koden", "Bos tanke om svaret"):
        assert body in html
    coding_page = client.get(
        f"/coding/surveys/{sid}/memos", query_string={"target": "coding", "target_id": coding_id}
    )
    assert coding_page.status_code == 200
    assert "Bos skäl till koden" in coding_page.get_data(as_text=True)
    assert actions.cell(db, sid, answer["id"], user["id"])["memos"] == 2
    assert len(_rows(client, f"/coding/surveys/{sid}/export/memos.csv")) == 3
