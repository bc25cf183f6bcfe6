"""The workbench over HTTP: the grid and its filters, coding answered as JSON for the
page's script or as a redirect without JavaScript, conflicts and stale pages explained
in the user's language, memos, the codebook pages, retraining and the agreement page."""

from __future__ import annotations

import re
import time

from flask.testing import FlaskClient
from lxml import etree

from survey.exchange import refi_qda
from survey.store import Store
from tests.conftest import Auth, form_tokens

JSON = {"Accept": "application/json"}


def _csrf(client: FlaskClient, url: str) -> str:
    return form_tokens(client, url)["csrf_token"]


def _setup(client: FlaskClient, db: Store, team: dict) -> tuple[int, str]:
    user = Auth(client, db).sign_in("evaluator")
    sid = team["survey"]["id"]
    db.assign(user["id"], sid)
    url = f"/coding/surveys/{sid}"
    return sid, url


def test_the_grid_shows_every_respondents_open_answers_escaped(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    answer = team["answers"][0]
    db.db.execute(
        "UPDATE answers SET value = ? WHERE id = ?",
        ('<script>alert("x")</script> & <b>fet</b>', answer["id"]),
    )
    html = client.get(url).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert 'id="answer-' in html and "Kartläggning" in html
    assert html.count('class="cell') >= 8


def test_filters_narrow_the_grid_and_the_one_question_view(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    code = db.code_by_key(sid, "kartlaggning")["id"]
    target = team["answers"][2]
    token = _csrf(client, url)
    client.post(
        f"{url}/answers/{target['id']}/codings", data={"csrf_token": token, "code_id": code}
    )
    coded = client.get(f"{url}?code={code}").get_data(as_text=True)
    assert re.search(r"\b1 respondent\b", coded)
    question = client.get(f"{url}?question={target['question']}&code={code}").get_data(as_text=True)
    assert "1 svar" in question and f'id="answer-{target["id"]}"' in question
    uncoded = client.get(f"{url}?question={target['question']}&uncoded=1").get_data(as_text=True)
    assert f'id="answer-{target["id"]}"' not in uncoded
    word = re.findall(r"\w{6,}", target["text"])[0]
    found = client.get(f"{url}?question={target['question']}&q={word}").get_data(as_text=True)
    assert f'id="answer-{target["id"]}"' in found


def test_coding_answers_json_with_the_new_cell_and_without_javascript_redirects(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    answer = team["answers"][0]
    code = db.code_by_key(sid, "tid_bemanning")
    token = _csrf(client, url)
    reply = client.post(
        f"{url}/answers/{answer['id']}/codings",
        data={"csrf_token": token, "code_id": code["id"], "rev": 0},
        headers=JSON,
    )
    body = reply.get_json()
    assert reply.status_code == 200 and body["ok"] and body["rev"] > 0
    assert code["label"] in body["html"] and f'data-rev="{body["rev"]}"' in body["html"]
    other = team["answers"][1]
    plain = client.post(
        f"{url}/answers/{other['id']}/codings",
        data={"csrf_token": token, "code_id": code["id"], "next": f"{url}#answer-{other['id']}"},
    )
    assert plain.status_code == 302 and plain.location.endswith(f"{url}#answer-{other['id']}")
    assert len(db.visible_codings([other["id"]], 0)) == 1


def test_a_conflict_comes_back_as_409_with_a_swedish_message_and_the_current_cell(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    answer = team["answers"][0]
    code = db.code_by_key(sid, "tid_bemanning")["id"]
    token = _csrf(client, url)
    first = client.post(
        f"{url}/answers/{answer['id']}/codings",
        data={"csrf_token": token, "code_id": code, "rev": 0}, headers=JSON,
    )  # fmt: skip
    stale = client.post(
        f"{url}/answers/{answer['id']}/codings",
        data={"csrf_token": token, "code_id": code + 1, "rev": 0}, headers=JSON,
    )  # fmt: skip
    assert stale.status_code == 409
    body = stale.get_json()
    assert "ändrat kodningen" in body["message"] and body["rev"] == first.get_json()["rev"]
    english = client.post(
        f"{url}/answers/{answer['id']}/codings?lang=en",
        data={"csrf_token": token, "code_id": code + 1, "rev": 0}, headers=JSON,
    )  # fmt: skip
    assert "changed the coding" in english.get_json()["message"]


def test_a_page_from_before_a_merge_is_told_that_the_code_is_gone(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    source = db.code_by_key(sid, "lokaler_it")
    target = db.code_by_key(sid, "tid_bemanning")
    token = _csrf(client, url)
    cbrev = db.codebook_rev(sid)
    client.post(
        f"{url}/codebook/merge",
        data={"csrf_token": token, "source": source["id"], "target": target["id"]},
    )
    reply = client.post(
        f"{url}/answers/{team['answers'][0]['id']}/codings",
        data={"csrf_token": token, "code_id": source["id"], "cbrev": cbrev}, headers=JSON,
    )  # fmt: skip
    assert reply.status_code == 409
    assert target["label"] in reply.get_json()["message"]
    other = client.post(
        f"{url}/answers/{team['answers'][0]['id']}/codings",
        data={"csrf_token": token, "code_id": target["id"], "cbrev": cbrev}, headers=JSON,
    )  # fmt: skip
    assert other.get_json()["notice"].startswith("Kodboken har ändrats")


def test_memos_on_answer_coding_code_and_survey_carry_author_and_time(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    answer = team["answers"][0]
    code = db.code_by_key(sid, "kartlaggning")["id"]
    token = _csrf(client, url)
    cell = client.post(
        f"{url}/answers/{answer['id']}/codings",
        data={"csrf_token": token, "code_id": code}, headers=JSON,
    ).get_json()  # fmt: skip
    coding = re.search(r"target=coding&amp;target_id=(\d+)", cell["html"]).group(1)
    for target, target_id in (
        ("answer", answer["id"]),
        ("coding", coding),
        ("code", code),
        ("survey", sid),
    ):
        page = f"{url}/memos?target={target}&target_id={target_id}"
        reply = client.post(
            f"{url}/memos",
            data={"csrf_token": _csrf(client, page), "target": target, "target_id": target_id,
                  "body": f"Analytisk anteckning om {target}", "next": page},
        )  # fmt: skip
        assert reply.status_code == 302
        html = client.get(page).get_data(as_text=True)
        assert f"Analytisk anteckning om {target}" in html and "evaluator@example.org" in html
    everything = client.get(f"{url}/memos?target=survey&target_id={sid}&all=1").get_data(
        as_text=True
    )
    assert everything.count("Analytisk anteckning") == 4
    empty = client.post(f"{url}/memos", data={"csrf_token": token, "target": "survey", "body": " "})
    assert empty.status_code == 302 and len(db.memos(sid)) == 4
    foreign = client.post(
        f"{url}/memos",
        data={"csrf_token": token, "target": "answer", "target_id": 999_999, "body": "x"},
    )
    assert foreign.status_code == 302 and len(db.memos(sid)) == 4


def test_another_users_memo_cannot_be_deleted(client: FlaskClient, db: Store, team: dict) -> None:
    sid, url = _setup(client, db, team)
    memo = db.add_memo(sid, "survey", sid, team["anna"], "Annas memo", "2026-11-01T10:00:00+00:00")
    token = _csrf(client, url)
    client.post(f"{url}/memos/{memo}/delete", data={"csrf_token": token})
    assert db.memo(memo) is not None


def test_an_unassigned_evaluator_cannot_open_or_code_the_survey(
    client: FlaskClient, db: Store, team: dict, auth: Auth
) -> None:
    auth.sign_in("evaluator")
    sid = team["survey"]["id"]
    db.unassign(db.user_by_email("evaluator@example.org")["id"], sid)
    assert client.get(f"/coding/surveys/{sid}").status_code == 404
    token = _csrf(client, "/account/password")
    reply = client.post(
        f"/coding/surveys/{sid}/answers/{team['answers'][0]['id']}/codings",
        data={"csrf_token": token, "code_id": 1}, headers=JSON,
    )  # fmt: skip
    assert reply.status_code == 404 and db.visible_codings([team["answers"][0]["id"]], 0) == []


def test_retraining_runs_in_the_background_and_fills_the_queue(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    assert "Det finns inga förslag" in client.get(f"{url}/queue").get_data(as_text=True)
    client.post(f"{url}/train", data={"csrf_token": _csrf(client, url)})
    deadline = time.monotonic() + 120  # generous: a loaded machine trains slowly
    while True:
        status = client.get(f"{url}/train").get_json()
        if status["status"] != "running" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status["status"] == "done" and status["progress"] == 1
    queue = client.get(f"{url}/queue").get_data(as_text=True)
    assert queue.count('class="queue-item') > 0 and "Träffar" in queue


def test_codebook_pages_refuse_bad_input_in_words_and_export_a_valid_qdc(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    page = f"{url}/codebook"
    token = _csrf(client, page)
    reply = client.post(
        f"{page}/codes",
        data={"csrf_token": token, "label": "Ny", "color": "red"},
        follow_redirects=True,
    )
    assert "#rrggbb" in reply.get_data(as_text=True)
    broken = client.post(
        f"{page}/import",
        data={"csrf_token": token, "file": (__import__("io").BytesIO(b"inte toml = ["), "kod.toml")},
        content_type="multipart/form-data", follow_redirects=True,
    )  # fmt: skip
    assert "Filen kunde inte läsas" in broken.get_data(as_text=True)
    qdc = client.get(f"{page}/export.qdc")
    assert qdc.status_code == 200
    refi_qda.schema("Codebook").assertValid(etree.fromstring(qdc.data))
    preview = client.get(f"{page}/preview?keywords_sv=kartläggning").get_json()
    assert preview["total"] == len(team["answers"]) and preview["text"].startswith(
        "Nyckelorden träffar"
    )
    # The words the keyword found, as written, so a base form read as another word shows.
    assert "kartläggningen" in preview["words"]
    assert preview["words_text"].startswith("Orden som hittas:")


def test_the_agreement_page_reports_kappa_and_alpha_for_the_latest_sample(
    client: FlaskClient, db: Store, team: dict
) -> None:
    from survey.workbench import actions, double_coding

    sid, url = _setup(client, db, team)
    sample = double_coding.draw_sample(db, sid, team["admin"], 1.0, [team["anna"], team["bo"]])
    k = db.code_by_key(sid, "kartlaggning")["id"]
    for i, answer in enumerate(db.sample_answer_ids(sample)):
        actions.add_coding(db, sid, team["anna"], answer, k)
        if i % 3:
            actions.add_coding(db, sid, team["bo"], answer, k)
        else:
            actions.mark_done(db, sid, team["bo"], answer)
    html = client.get(f"{url}/agreement").get_data(as_text=True)
    assert "Krippendorffs α" in html and "Cohens κ" in html
    assert re.search(r'class="fig-percent">\d+,\d %', html)
    assert "Visa de" in html and "svar där kodarna skiljer sig åt" in html


def test_the_one_question_view_sorts_by_code_with_uncoded_answers_last(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    question = team["answers"][0]["question"]
    answers = [a for a in team["answers"] if a["question"] == question]
    assert len(answers) >= 3
    token = _csrf(client, url)
    for answer, key in ((answers[-1], "kartlaggning"), (answers[-2], "budget_finansiering")):
        code = db.code_by_key(sid, key)["id"]
        client.post(
            f"{url}/answers/{answer['id']}/codings", data={"csrf_token": token, "code_id": code}
        )
    html = client.get(f"{url}?question={question}&sort=code").get_data(as_text=True)
    order = [int(i) for i in re.findall(r'<div class="cell[^"]*" id="answer-(\d+)"', html)]
    assert order[:2] == [answers[-2]["id"], answers[-1]["id"]], "Budget… before Kartläggning"
    assert set(order[2:]) == {a["id"] for a in answers[:-2]}


def test_the_code_page_edits_weak_keywords_and_shows_question_keywords(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    code = db.code_by_key(sid, "samverkan_skola_soc")
    page = f"{url}/codebook/codes/{code['id']}"
    html = client.get(page).get_data(as_text=True)
    assert "Svaga nyckelord på svenska" in html and "q5_samverkan" in html
    # The description's hint says what it does for suggestions, read with the field.
    assert re.search(r'<p class="hint" id="description-hint">Beskrivningen väger in', html)
    assert re.search(r'<textarea id="description"[^>]*aria-describedby="description-hint"', html)
    token = _csrf(client, page)
    client.post(
        page,
        data={"csrf_token": token, "label": code["label"], "keywords_sv": "samverkan",
              "weak_sv": "socialtjänst\nskolkurator", "weak_en": ""},
    )  # fmt: skip
    html = client.get(page).get_data(as_text=True)
    assert re.search(r'<textarea id="weak_sv"[^>]*>socialtjänst\nskolkurator</textarea>', html)
    assert re.search(r'<textarea id="weak_en"[^>]*></textarea>', html)
    assert "q5_samverkan" in html, "per-question keywords are kept"


def test_a_refused_code_edit_says_why_and_keeps_what_was_typed(
    client: FlaskClient, db: Store, team: dict
) -> None:
    sid, url = _setup(client, db, team)
    code = db.code_by_key(sid, "kartlaggning")
    page = f"{url}/codebook/codes/{code['id']}"
    token = _csrf(client, page)
    reply = client.post(
        page,
        data={"csrf_token": token, "label": "Kartläggning och analys",
              "keywords_sv": "kartläggning\nsa*", "keywords_en": "assessment"},
    )  # fmt: skip
    html = reply.get_data(as_text=True)
    assert reply.status_code == 400
    assert "Nyckelordet ”sa*” går inte att använda" in html
    assert 'value="Kartläggning och analys"' in html
    assert re.search(r'<textarea id="keywords_sv"[^>]*>kartläggning\nsa\*</textarea>', html)
    assert db.code(code["id"])["label"] == code["label"], "nothing was stored"
    # The new code's form keeps its name too when it is refused.
    editor = f"{url}/codebook"
    reply = client.post(
        f"{editor}/codes",
        data={"csrf_token": _csrf(client, editor), "label": "Skolskjuts", "color": "red",
              "description": "Resor till och från skolan"},
    )  # fmt: skip
    html = reply.get_data(as_text=True)
    assert reply.status_code == 400 and "#rrggbb" in html
    assert 'value="Skolskjuts"' in html and ">Resor till och från skolan</textarea>" in html


def test_a_suggestion_from_a_codes_description_says_so_and_shows_its_words(
    client: FlaskClient, db: Store, team: dict
) -> None:
    from survey.workbench.codebook_editor import to_codebook
    from survey.workbench.suggestions import code_survey
    from survey.workbench.training import CODEBOOK_LANGUAGE

    sid, url = _setup(client, db, team)
    code_survey(db, sid, to_codebook(db, team["survey"], CODEBOOK_LANGUAGE))
    survey = db.survey_by_id(sid)
    ids = [a["id"] for a in team["answers"]]
    suggestions = db.open_suggestions(sid, survey["suggestion_codebook_id"], ids)
    described = [s for s in suggestions if '"description"' in (s["evidence"] or "")]
    assert described, "the demo has answers only a description reaches"
    answer = next(a for a in team["answers"] if a["id"] == described[0]["answer_id"])
    page = client.get(f"{url}?question={answer['question']}").get_data(as_text=True)
    item = re.search(
        rf'<li class="suggestion[^"]*" data-suggestion="{described[0]["id"]}">.*?</li>',
        page,
        re.S,
    )
    assert item is not None
    assert "kodens beskrivning" in item.group(0) and "Träffar" in item.group(0)
    assert "nyckelord" not in item.group(0)
