"""The report: its counts equal the database's, it falls back on unreviewed suggestions
only where nobody has coded, it protects small groups and pseudonymises quotes, and it
comes out as Markdown, HTML and Word from the CLI and the web."""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from pathlib import Path

import docx
from flask.testing import FlaskClient

from survey.fielding.demo import seed_demo_coding
from survey.reports.build import build_report
from survey.store import Store
from survey.workbench import actions, double_coding
from tests.conftest import Auth, Suggest, new_survey


def _db_counts(db: Store, survey_id: int) -> dict[tuple[str, str, str], int]:
    """Respondents per (question, theme, stance) straight from SQL, consensus first."""
    rows = db.db.execute(
        "SELECT a.response_id, q.qid, k.key, c.stance, c.consensus, c.answer_id FROM codings c "
        "JOIN codes k ON k.id = c.code_id JOIN answers a ON a.id = c.answer_id "
        "JOIN questions q ON q.id = a.question_id WHERE k.survey_id = ? AND c.deleted_at IS NULL "
        "AND trim(a.value) != ''",
        (survey_id,),
    ).fetchall()
    settled = {r[5] for r in rows if r[4]}
    who: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for response, qid, key, stance, consensus, answer in rows:
        if consensus or answer not in settled:
            bucket = stance if stance in ("success", "challenge") else "neutral"
            who[(qid, key, bucket)].add(response)
    return {k: len(v) for k, v in who.items()}


def _report_counts(report) -> dict[tuple[str, str, str], int]:
    found = {}
    for section in report.questions:
        if section.unreviewed:
            continue
        for row in (*section.successes, *section.challenges, *section.neutral):
            found[(section.qid, row.key, row.stance)] = row.respondents
    return found


def test_the_reports_counts_equal_the_databases(db: Store, team: dict) -> None:
    survey = team["survey"]
    seed_demo_coding(db, survey) or None  # the team fixture already has the codebook
    sid = survey["id"]
    for i, answer in enumerate(team["answers"][:30]):
        key = ("kartlaggning", "tid_bemanning", "samverkan_skola_soc")[i % 3]
        stance = ("success", "challenge", "")[i % 3]
        coder = team["anna"] if i % 2 else team["bo"]
        actions.add_coding(
            db, sid, coder, answer["id"], db.code_by_key(sid, key)["id"], stance=stance
        )
    double_coding.settle(
        db,
        sid,
        team["admin"],
        team["answers"][0]["id"],
        [db.code_by_key(sid, "foraldrastod")["id"]],
    )
    report = build_report(db, sid, "sv")
    assert _report_counts(report) == _db_counts(db, sid)
    for section in report.questions:
        answered = db.db.execute(
            "SELECT COUNT(DISTINCT a.response_id) FROM answers a JOIN questions q ON q.id = a.question_id "
            "JOIN responses r ON r.id = a.response_id WHERE r.survey_id = ? AND q.qid = ? "
            "AND trim(a.value) != ''",
            (sid, section.qid),
        ).fetchone()[0]
        assert section.answered == answered
        for row in (*section.successes, *section.challenges):
            assert row.percent == round(100 * row.respondents / answered, 1)
            assert 1 <= len(row.quotes) <= 3


def test_a_question_nobody_coded_is_reported_from_suggestions_and_marked(
    db: Store, team: dict, suggest: Suggest
) -> None:

    suggest()
    sid = team["survey"]["id"]
    first = team["answers"][0]
    actions.add_coding(
        db, sid, team["anna"], first["id"], db.code_by_key(sid, "kartlaggning")["id"]
    )
    report = build_report(db, sid, "sv")
    by_qid = {s.qid: s for s in report.questions}
    assert not by_qid[first["question"]].unreviewed
    others = [
        s for q, s in by_qid.items() if q != first["question"] and (s.successes or s.challenges)
    ]
    assert others and all(s.unreviewed for s in others)
    unreviewed = [x for x in report.sources if x.counted.unreviewed]
    assert unreviewed and all(x.counted.human == 0 for x in unreviewed)


def test_small_groups_are_merged_and_never_named_beside_a_quote(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    responses = sorted({a["response_id"] for a in team["answers"]})
    for i, response in enumerate(responses):
        district = "Liten ort" if i < 2 else "Järva"
        db.db.execute(
            "UPDATE responses SET attributes = ? WHERE id = ?",
            (json.dumps({"district": district}), response),
        )
    for answer in team["answers"]:
        actions.add_coding(
            db,
            sid,
            team["anna"],
            answer["id"],
            db.code_by_key(sid, "kartlaggning")["id"],
            stance="success",
        )
    report = build_report(db, sid, "sv", group_by="district")
    assert report.groups is not None and "Liten ort" not in report.groups.groups
    assert "Liten ort" in report.groups.merged
    quotes = [q for s in report.questions for r in s.successes for q in r.quotes]
    assert quotes and {q.group for q in quotes} <= {"Järva", "grupp ej angiven (få svar)"}


def test_quotes_and_word_clouds_are_pseudonymised(db: Store, team: dict) -> None:
    survey = new_survey(db, "chefsenkat", "namn", anonymous=False)
    from tests.conftest import invite

    invite(db, survey, name="Ingrid Svanström", email="ingrid@example.org")
    version = db.latest_version("chefsenkat")
    qid = db.question_ids(version["id"])["q2_framgang"]
    for n in range(6):
        response = db.create_response(survey["id"], "sv")
        db.save_answers(
            response, {qid: f"Ingrid Svanström ringde på 070-123 45 67 om samverkan {n}."}, page=2
        )
    from survey.workbench.codebook_editor import add_code

    code = add_code(db, survey["id"], None, "Samverkan")
    admin = db.create_user("rapport@example.org", "x", "admin")
    for answer in db.open_answers(survey["id"]):
        actions.add_coding(db, survey["id"], admin, answer["id"], code, stance="success")
    report = build_report(db, survey["id"], "sv")
    section = next(s for s in report.questions if s.qid == "q2_framgang")
    text = " ".join(q.text for r in section.successes for q in r.quotes)
    assert "[NAMN]" in text and "[TELEFON]" in text
    assert "Ingrid" not in text and "070-123" not in text
    assert not {"ingrid", "svanström"} & set(section.word_weights)


def test_a_survey_without_responses_gives_an_empty_report_in_every_format(
    runner, db: Store, tmp_path: Path
) -> None:
    new_survey(db, "chefsenkat", "tom")
    result = runner(
        "report",
        "tom",
        "--lang",
        "en",
        "--format",
        "md,html,docx,zip",
        "--out",
        str(tmp_path / "r"),
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "r").iterdir()}
    assert {"report.md", "report.html", "report.docx"} <= names
    assert "Method" in (tmp_path / "r" / "report.md").read_text(encoding="utf-8")


def test_the_cli_report_opens_in_word_with_headings_tables_and_images(
    runner, db: Store, tmp_path: Path
) -> None:
    survey = db.survey("demo")
    seed_demo_coding(db, survey)
    result = runner("report", "demo", "--format", "docx,md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Metod" in headings and "Bilaga: Vad siffrorna räknar" in headings
    assert len(document.tables) >= 5 and len(document.inline_shapes) >= 8
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Framgångsfaktorer" in markdown and "Utmaningar" in markdown
    assert all(
        (tmp_path / p).exists()
        for p in __import__("re").findall(r"\((figures/[^)]+\.png)\)", markdown)
    )
    bad = runner("report", "demo", "--format", "pdf", "--out", str(tmp_path / "x"))
    assert bad.exit_code == 2 and "unknown format pdf" in bad.output


def test_the_report_page_shows_figures_and_offers_downloads(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    seed_demo_coding(db, db.survey("demo"))
    auth.sign_in("viewer")
    sid = db.survey("demo")["id"]
    db.assign(db.user_by_email("viewer@example.org")["id"], sid)
    page = client.get(f"/reports/surveys/{sid}", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h2>Metod</h2>" in html and "Framgångsfaktorer" in html
    figure = __import__("re").search(r'src="(figures/[^"]+\.png)"', html).group(1)
    image = client.get(f"/reports/surveys/{sid}/sv/{figure}")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    word = client.get(f"/reports/surveys/{sid}/sv/report.docx")
    assert docx.Document(io.BytesIO(word.data)).paragraphs
    bundle = zipfile.ZipFile(io.BytesIO(client.get(f"/reports/surveys/{sid}/en/report.zip").data))
    assert {"report.md", "report.html", "report.docx"} <= set(bundle.namelist())
    assert client.get(f"/reports/surveys/{sid}/sv/figures/..%2Fsecret.png").status_code == 404


def test_a_merged_group_still_too_small_is_left_out_of_the_group_tables(
    db: Store, team: dict
) -> None:
    sid = team["survey"]["id"]
    responses = sorted({a["response_id"] for a in team["answers"]})
    for i, response in enumerate(responses):
        district = "Liten ort" if i < 2 else "Järva"
        db.db.execute(
            "UPDATE responses SET attributes = ? WHERE id = ?",
            (json.dumps({"district": district}), response),
        )
    code = db.code_by_key(sid, "kartlaggning")["id"]
    for answer in team["answers"]:
        actions.add_coding(db, sid, team["anna"], answer["id"], code, stance="success")
    report = build_report(db, sid, "sv", group_by="district")
    assert report.groups.groups == ("Järva",), "two respondents are never a column"
    assert all(g != "Övriga" for g, *_ in report.method.rate_by_group)
