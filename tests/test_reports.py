"""The report on open answers: its counts equal the database's, it falls back on
unreviewed suggestions only where nobody has coded, its agreement is the agreement
page's, it never quotes a background answer or a small group, quotes each answer once,
keeps listed names and other languages out of its word clouds, and comes out as
Markdown, HTML and Word from the CLI and the web."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.shared import Cm
from flask.testing import FlaskClient

from survey.fielding.demo import seed_demo_coding
from survey.reports.build import build_report
from survey.reports.model import Report
from survey.reports.render import write_formats
from survey.store import Store
from survey.workbench import actions, double_coding
from survey.workbench.codebook_editor import add_code
from tests.conftest import Auth, Suggest, invite, new_survey


def _db_counts(db: Store, survey_id: int) -> dict[tuple[str, str, str], int]:
    """Respondents per (question, theme, stance) straight from SQL, consensus first;
    background questions left out."""
    rows = db.db.execute(
        "SELECT a.response_id, q.qid, k.key, c.stance, c.consensus, c.answer_id FROM codings c "
        "JOIN codes k ON k.id = c.code_id JOIN answers a ON a.id = c.answer_id "
        "JOIN questions q ON q.id = a.question_id WHERE k.survey_id = ? AND c.deleted_at IS NULL "
        "AND trim(a.value) != '' AND coalesce(q.stance_hint, '') != 'background'",
        (survey_id,),
    ).fetchall()
    settled = {r[5] for r in rows if r[4]}
    who: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for response, qid, key, stance, consensus, answer in rows:
        if consensus or answer not in settled:
            bucket = stance if stance in ("success", "challenge") else "neutral"
            who[(qid, key, bucket)].add(response)
    return {k: len(v) for k, v in who.items()}


def _report_counts(report: Report) -> dict[tuple[str, str, str], int]:
    found = {}
    for section in report.surveys[0].open_questions:
        if section.unreviewed:
            continue
        for row in section.themes:
            found[(section.qid, row.key, row.stance)] = row.respondents
    return found


def _quotes(report: Report) -> list[str]:
    return [
        q.text
        for part in report.surveys
        for section in part.open_questions
        for row in section.themes
        for q in row.quotes
    ]


def test_the_reports_counts_equal_the_databases(db: Store, team: dict) -> None:
    survey = team["survey"]
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
    for section in report.surveys[0].open_questions:
        answered = db.db.execute(
            "SELECT COUNT(DISTINCT a.response_id) FROM answers a JOIN questions q ON q.id = a.question_id "
            "JOIN responses r ON r.id = a.response_id WHERE r.survey_id = ? AND q.qid = ? "
            "AND trim(a.value) != ''",
            (sid, section.qid),
        ).fetchone()[0]
        assert section.answered == answered
        for row in section.themes:
            assert row.percent == 100 * row.respondents / answered
            assert len(row.quotes) <= 2


def test_a_question_nobody_coded_is_reported_from_suggestions_and_marked(
    db: Store, team: dict, suggest: Suggest
) -> None:
    suggest()
    sid = team["survey"]["id"]
    first = next(a for a in team["answers"] if a["question"] != "q1_roll")
    actions.add_coding(
        db, sid, team["anna"], first["id"], db.code_by_key(sid, "kartlaggning")["id"]
    )
    report = build_report(db, sid, "sv")
    by_qid = {s.qid: s for s in report.surveys[0].open_questions}
    assert not by_qid[first["question"]].unreviewed
    others = [s for q, s in by_qid.items() if q != first["question"] and s.themes]
    assert others and all(s.unreviewed for s in others)
    unreviewed = [x for x in report.surveys[0].sources if x.counted.unreviewed]
    assert unreviewed and all(x.counted.human == 0 for x in unreviewed)


def _districts(db: Store, team: dict, small: int) -> None:
    responses = sorted({a["response_id"] for a in team["answers"]})
    for i, response in enumerate(responses):
        district = "Liten ort" if i < small else "Järva"
        db.db.execute(
            "UPDATE responses SET attributes = ? WHERE id = ?",
            (json.dumps({"district": district}), response),
        )


def test_small_groups_are_merged_and_never_quoted(db: Store, team: dict) -> None:
    sid = team["survey"]["id"]
    _districts(db, team, 2)
    small = {
        a["id"]
        for a in team["answers"]
        if a["response_id"] in sorted({x["response_id"] for x in team["answers"]})[:2]
    }
    for answer in team["answers"]:
        actions.add_coding(
            db, sid, team["anna"], answer["id"], db.code_by_key(sid, "kartlaggning")["id"],
            stance="success",
        )  # fmt: skip
    report = build_report(db, sid, "sv", group_by="district")
    part = report.surveys[0]
    assert part.groups is not None and "Liten ort" not in part.groups.groups
    assert "Liten ort" in part.groups.merged
    assert part.groups.groups == ("Järva",), "two respondents are never a column"
    quotes = [q for s in part.open_questions for r in s.themes for q in r.quotes]
    assert quotes and {q.group for q in quotes} == {"Järva"}
    texts = {
        db.db.execute("SELECT value FROM answers WHERE id = ?", (a,)).fetchone()[0] for a in small
    }
    for quote in quotes:
        assert not any(quote.text.rstrip(" …") in t for t in texts), "a small group is quoted"
    assert all(g != "Övriga" for g, *_ in part.method.rate_by_group)


def test_a_whole_survey_under_five_respondents_is_never_quoted(db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "fa")
    qid = db.question_ids(survey["version_id"])["q2_framgang"]
    for n in range(4):
        response = db.create_response(survey["id"], "sv")
        db.save_answers(response, {qid: f"Samverkan med skolan fungerade bra, vecka {n}."}, page=2)
    code = add_code(db, survey["id"], None, "Samverkan")
    admin = db.create_user("fa@example.org", "x", "admin")
    for answer in db.open_answers(survey["id"]):
        actions.add_coding(db, survey["id"], admin, answer["id"], code, stance="success")
    report = build_report(db, survey["id"], "sv")
    rows = [r for s in report.surveys[0].open_questions for r in s.themes]
    assert rows and rows[0].respondents == 4 and not _quotes(report)
    response = db.create_response(survey["id"], "sv")
    db.save_answers(response, {qid: "Samverkan med skolan, vecka 9."}, page=2)
    answer = [a for a in db.open_answers(survey["id"]) if a["response_id"] == response][0]
    actions.add_coding(db, survey["id"], admin, answer["id"], code, stance="success")
    assert _quotes(build_report(db, survey["id"], "sv")), "five respondents may be quoted"


def _one_question(db: Store, slug: str) -> tuple[dict, Callable[[str, bool], None]]:
    """A managers' survey and a way to add one respondent's answer to its success
    question, coded by hand or left uncoded."""
    survey = new_survey(db, "chefsenkat", slug)
    qid = db.question_ids(survey["version_id"])["q2_framgang"]
    code = add_code(db, survey["id"], None, "Samverkan")
    admin = db.create_user(f"{slug}@example.org", "x", "admin")

    def answer(text: str, coded: bool) -> None:
        response = db.create_response(survey["id"], "sv")
        db.save_answers(response, {qid: text}, page=2)
        new = [a for a in db.open_answers(survey["id"]) if a["response_id"] == response][0]
        if coded:
            actions.add_coding(db, survey["id"], admin, new["id"], code, stance="success")

    return survey, answer


def test_no_word_cloud_is_drawn_from_fewer_than_five_answers(db: Store) -> None:
    survey, add = _one_question(db, "moln")

    def answer(n: int) -> None:
        add(f"Hembesöken och kartläggningen hjälpte, v. {n}.", True)

    def clouds() -> tuple[dict, dict]:
        part = build_report(db, survey["id"], "sv").surveys[0]
        section = next(s for s in part.open_questions if s.qid == "q2_framgang")
        return section.word_weights, part.theme_cloud

    for n in range(4):
        answer(n)
    # Four people's words in a cloud are their answers, as surely as a quote.
    assert clouds() == ({}, {})
    answer(4)
    words, themes = clouds()
    assert "hembesök" in words and themes


def test_examples_of_an_uncoded_theme_follow_the_quoting_rule(db: Store) -> None:
    survey, answer = _one_question(db, "upptackt")
    answer("Samverkan med skolan fungerade bra.", True)
    for n in range(3):
        answer(f"Läxhjälpen på biblioteket och läxhjälpen i skolan gav ro, vecka {n}.", False)

    def discovered() -> tuple:
        return build_report(db, survey["id"], "sv").surveys[0].discovered

    # Four respondents: the uncoded answers' theme is named, but no answer quoted.
    assert discovered() and all(not d.examples for d in discovered())
    answer("Läxhjälpen efter skolan var det bästa, sa hon.", False)
    assert any(d.examples for d in discovered()), "five respondents may be quoted"


def test_quotes_and_word_clouds_are_pseudonymised(db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "namn", anonymous=False)
    invite(db, survey, name="Ingrid Svanström", email="ingrid@example.org")
    qid = db.question_ids(survey["version_id"])["q2_framgang"]
    for n in range(6):
        response = db.create_response(survey["id"], "sv")
        db.save_answers(
            response, {qid: f"Ingrid Svanström ringde på 070-123 45 67 om samverkan {n}."}, page=2
        )
    code = add_code(db, survey["id"], None, "Samverkan")
    admin = db.create_user("rapport@example.org", "x", "admin")
    for answer in db.open_answers(survey["id"]):
        actions.add_coding(db, survey["id"], admin, answer["id"], code, stance="success")
    report = build_report(db, survey["id"], "sv")
    section = next(s for s in report.surveys[0].open_questions if s.qid == "q2_framgang")
    text = " ".join(q.text for r in section.successes for q in r.quotes)
    assert "[NAMN]" in text and "[TELEFON]" in text
    assert "Ingrid" not in text and "070-123" not in text
    assert not {"ingrid", "svanström"} & set(section.word_weights)


ZEBRA = (
    "Rektorn på Zebraskolan tog emot teamet. Zebraskolan hade en kurator som samverkade "
    "med teamet och familjen, och Zebraskolans elevhälsa var med på mötena."
)


def _zebra_survey(db: Store, slug: str, listed: bool) -> dict:
    survey = new_survey(db, "chefsenkat", slug)
    if listed:
        db.set_pseudonym_names(survey["id"], ["Zebraskolan"])
    ids = db.question_ids(survey["version_id"])
    for n in range(8):
        response = db.create_response(survey["id"], "sv", attributes={"district": "Järva"})
        db.save_answers(
            response,
            {ids["q2_framgang"]: ZEBRA, ids["q3_utmaning"]: f"Tiden räckte inte till {n}."},
            page=2,
        )
    code = add_code(db, survey["id"], None, "Samverkan")
    admin = db.create_user(f"{slug}@example.org", "x", "admin")
    for answer in db.open_answers(survey["id"])[:10]:
        actions.add_coding(db, survey["id"], admin, answer["id"], code, stance="success")
    return survey


def _words(report: Report) -> set[str]:
    part = report.surveys[0]
    words = {w for s in part.open_questions for w in s.word_weights}
    words |= {w for weights in part.theme_cloud.values() for w in weights}
    words |= {t for s in part.open_questions for r in s.themes for t in r.terms}
    words |= {t for d in part.discovered for t in d.terms}
    return {part for w in words for part in w.split()}


def test_a_listed_name_never_reaches_a_word_cloud_or_a_term_list(db: Store) -> None:
    """Issue 16 item 5: words under a placeholder are dropped by their span, so the base
    form ("zebraskola") cannot slip through where re-finding the name would miss it."""
    unlisted = build_report(db, _zebra_survey(db, "olistad", False)["id"], "sv")
    assert {"zebraskola", "zebraskolan"} & _words(unlisted), "control: the word does count"
    listed = build_report(db, _zebra_survey(db, "listad", True)["id"], "sv")
    assert not {w for w in _words(listed) if w.startswith("zebraskol")}
    assert "kurator" in _words(listed)
    quotes = " ".join(_quotes(listed))
    assert "[NAMN]" in quotes and "Zebraskol" not in quotes


def test_swedish_clouds_hold_no_english_words(db: Store) -> None:
    survey = new_survey(db, "chefsenkat", "sprak")
    qid = db.question_ids(survey["version_id"])["q2_framgang"]
    for n in range(6):
        response = db.create_response(survey["id"], "sv")
        text = (
            "The splendid team visited the families at home and the meetings were flexible."
            if n % 2
            else "Teamet träffade familjerna hemma och mötena var flexibla."
        )
        db.save_answers(response, {qid: text}, page=2)
    swedish = build_report(db, survey["id"], "sv").surveys[0].open_questions[1].word_weights
    english = build_report(db, survey["id"], "en").surveys[0].open_questions[1].word_weights
    assert "splendid" not in swedish and "splendid" in english
    assert "möte" in swedish or "mötena" in swedish


def _seed_coded_demo(db: Store) -> dict:
    survey = db.survey("demo")
    seed_demo_coding(db, survey)
    return survey


def test_the_english_report_names_themes_in_english(db: Store) -> None:
    survey = _seed_coded_demo(db)
    english = build_report(db, survey["id"], "en")
    labels = {r.label for s in english.surveys[0].open_questions for r in s.themes}
    assert "Assessment" in labels and "Kartläggning" not in labels
    swedish = build_report(db, survey["id"], "sv")
    labels = {r.label for s in swedish.surveys[0].open_questions for r in s.themes}
    assert "Kartläggning" in labels and "Assessment" not in labels


ROLE = "Bitr. rektor på Ödlebacksskolan och ensam samordnare i Sländeviken"


def test_background_answers_are_never_quoted_or_counted_in_any_format(
    db: Store, tmp_path: Path
) -> None:
    """Positive control: the same words in an ordinary question are quoted."""
    survey = _seed_coded_demo(db)
    sid = survey["id"]
    ids = db.question_ids(survey["version_id"])
    code = add_code(db, sid, None, "Ödlebacken")
    coder = db.create_user("bakgrund@example.org", "x", "evaluator")
    control = "Ödlebacksskolans samordnare i Sländeviken höll ihop arbetet."
    for n in range(6):
        response = db.create_response(sid, "sv", attributes={"district": "Järva"})
        db.save_answers(
            response, {ids["q1_roll"]: f"{ROLE} {n}", ids["q2_framgang"]: control}, page=2
        )
        for answer in db.open_answers_of_responses([response]):
            actions.add_coding(db, sid, coder, answer["id"], code, stance="success")
    report = build_report(db, sid, "sv")
    background = next(s for s in report.surveys[0].open_questions if s.qid == "q1_roll")
    assert background.background and not background.themes and not background.word_weights
    written = write_formats(report, tmp_path, ["md", "html", "docx", "zip"], "r.zip").paths
    document = docx.Document(str(written["docx"]))
    word = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    with zipfile.ZipFile(written["zip"]) as archive:
        zipped = " ".join(
            archive.read(n).decode("utf-8", "replace") for n in ("report.md", "report.html")
        )
    for name, content in (
        ("md", written["md"].read_text(encoding="utf-8")),
        ("html", written["html"].read_text(encoding="utf-8")),
        ("docx", word),
        ("zip", zipped),
    ):
        assert "Bitr. rektor" not in content and "ensam samordnare" not in content, name
        assert "Sländeviken höll ihop arbetet" in content, f"control quote missing in {name}"
    words = {w for s in report.surveys[0].open_questions for w in s.word_weights}
    assert "bitr" not in words and not any(
        w.startswith("ödlebacksskola") for w in words if "rektor" in w
    )


def test_each_answer_is_quoted_under_one_theme_only(db: Store) -> None:
    survey = _seed_coded_demo(db)
    sid = survey["id"]
    coder = db.create_user("citat@example.org", "x", "evaluator")
    ids = db.question_ids(survey["version_id"])
    answer_text = (
        "Kartläggningen var grundlig och såg hela familjen. Budgeten räckte inte och "
        "finansieringen saknades efter projektet."
    )
    response = db.create_response(sid, "sv", attributes={"district": "Järva"})
    db.save_answers(response, {ids["q6_lardomar"]: answer_text}, page=3)
    answer = db.open_answers_of_responses([response])[0]
    for key in ("kartlaggning", "budget_finansiering"):
        actions.add_coding(
            db, sid, coder, answer["id"], db.code_by_key(sid, key)["id"], stance="success"
        )
    report = build_report(db, sid, "sv")
    quotes = _quotes(report)
    assert len(quotes) == len(set(quotes)), "a quote appears once in the report"
    ours = [q for q in quotes if "Kartläggningen var grundlig" in q or "Budgeten räckte" in q]
    assert len(ours) <= 1
    for quote in ours:
        assert not ("Kartläggningen" in quote and "Budgeten" in quote), "cut to one sentence"


def _agreement_page(client: FlaskClient, sid: int, sample: int) -> dict[str, str]:
    html = client.get(f"/coding/surveys/{sid}/agreement?sample={sample}").get_data(as_text=True)
    found = {}
    for name in ("units", "alpha", "kappa", "percent"):
        match = re.search(rf'class="fig-{name}">([^<]*)<', html)
        if match:
            found[name] = match.group(1).strip()
    return found


def test_the_reports_agreement_is_the_agreement_pages(
    client: FlaskClient, db: Store, auth: Auth, tmp_path: Path
) -> None:
    survey = _seed_coded_demo(db)
    sid = survey["id"]
    auth.sign_in("admin")
    sample = db.samples(sid)[-1]
    page = _agreement_page(client, sid, sample["id"])
    report = build_report(db, sid, "sv")
    agreement = report.surveys[0].method.agreement
    assert agreement is not None and agreement.sample == sample["name"]
    assert page["units"] == f"{agreement.units} / {agreement.answers}"
    assert page["alpha"] == f"{agreement.alpha:.3f}".replace(".", ",")
    assert page["kappa"] == f"{agreement.kappa:.2f}".replace(".", ",")
    source = write_formats(report, tmp_path, ["md"], "").paths["md"].read_text(encoding="utf-8")
    assert f"Cohens kappa (κ): {page['kappa']}." in source
    assert f"Krippendorffs alfa (α): {page['alpha']}." in source
    assert f"urval ”{sample['name']}”" in source


def test_three_coders_get_alpha_and_no_kappa_in_report_and_page(
    client: FlaskClient, db: Store, auth: Auth, team: dict, tmp_path: Path
) -> None:
    sid = team["survey"]["id"]
    carl = db.create_user("carl@example.org", "x", "evaluator")
    db.assign(carl, sid)
    coders = [team["anna"], team["bo"], carl]
    sample = double_coding.draw_sample(db, sid, team["admin"], 0.3, coders, name="Tre", seed=3)
    keys = ["kartlaggning", "tid_bemanning", "samverkan_skola_soc"]
    for n, answer_id in enumerate(db.sample_answer_ids(sample)):
        for c, coder in enumerate(coders):
            key = keys[(n + (c == 2 and n % 3 == 0)) % 3]
            actions.add_coding(db, sid, coder, answer_id, db.code_by_key(sid, key)["id"])
    # Another sample, drawn later, by two coders: --sample chooses the three-coder one.
    later = double_coding.draw_sample(db, sid, team["admin"], 0.1, coders[:2], name="Två", seed=4)
    for answer_id in db.sample_answer_ids(later):
        for coder in coders[:2]:
            actions.add_coding(db, sid, coder, answer_id, db.code_by_key(sid, keys[0])["id"])
    auth.sign_in("admin", "granskare@example.org")
    page = _agreement_page(client, sid, sample)
    assert "kappa" not in page and "alpha" in page
    report = build_report(db, sid, "sv", sample="Tre")
    agreement = report.surveys[0].method.agreement
    assert agreement.coders == 3 and agreement.kappa is None
    assert page["alpha"] == f"{agreement.alpha:.3f}".replace(".", ",")
    assert page["units"] == f"{agreement.units} / {agreement.answers}"
    source = write_formats(report, tmp_path, ["md"], "").paths["md"].read_text(encoding="utf-8")
    assert "Cohens kappa (κ):" not in source and "Krippendorffs alfa (α):" in source
    assert build_report(db, sid, "sv").surveys[0].method.agreement.sample == "Två"
    with pytest.raises(LookupError):
        build_report(db, sid, "sv", sample="Finns inte")


def test_the_machine_table_after_a_retrain_counts_what_the_engine_found(
    db: Store, team: dict, suggest: Suggest, tmp_path: Path
) -> None:
    from survey.store import now
    from survey.workbench import training

    sid = team["survey"]["id"]
    suggestions = suggest()
    for s in suggestions[:40]:
        actions.accept_suggestion(db, sid, team["anna"], s["id"])
    suggested = {(s["answer_id"], s["theme"]) for s in suggestions}
    human = [a for a in team["answers"] if a["question"] != "q1_roll"][:10]
    for answer in human:
        actions.add_coding(
            db, sid, team["bo"], answer["id"], db.code_by_key(sid, "kartlaggning")["id"]
        )
    add_code(db, sid, team["admin"], "En ny kod")  # a new codebook version to retrain on
    survey = db.survey_by_id(sid)
    run = db.start_training(sid, None, now())
    training.run_training(db, survey, tmp_path, run)
    figures = {r["key"]: r for r in double_coding.machine_figures(db, sid)}
    for key, row in figures.items():
        coded = db.db.execute(
            "SELECT DISTINCT c.answer_id, c.suggestion_id FROM codings c JOIN codes k ON k.id = c.code_id "
            "WHERE k.survey_id = ? AND k.key = ? AND c.deleted_at IS NULL",
            (sid, key),
        ).fetchall()
        answers = {a for a, _ in coded}
        found = {a for a, s in coded if s is not None or (a, key) in suggested}
        assert row["coded"] == len(answers), key
        assert row["found"] == len(found), key
        assert row["missed"] == len(answers) - len(found), key
    accepted = {(s["answer_id"], s["theme"]) for s in suggestions[:40]}
    assert sum(r["found"] for r in figures.values()) >= len(accepted) > 0
    assert figures["kartlaggning"]["recall"] > 0


def test_background_questions_get_no_suggestions_by_default(db: Store, team: dict) -> None:
    from survey.workbench.codebook_editor import to_codebook
    from survey.workbench.suggestions import code_survey
    from survey.workbench.training import CODEBOOK_LANGUAGE

    sid = team["survey"]["id"]
    roles = {a["id"] for a in team["answers"] if a["question"] == "q1_roll"}
    ids = [a["id"] for a in team["answers"]]
    db.db.execute(
        "UPDATE answers SET value = value || ' men saknade mandat och tid för samordningen.' "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(roles)),),
    )
    codebook = to_codebook(db, team["survey"], CODEBOOK_LANGUAGE)
    code_survey(db, sid, codebook)
    survey = db.survey_by_id(sid)
    open_ = db.open_suggestions(sid, survey["suggestion_codebook_id"], ids)
    assert open_ and not {s["answer_id"] for s in open_} & roles
    code_survey(db, sid, codebook, background=True)
    again = db.open_suggestions(sid, survey["suggestion_codebook_id"], ids)
    assert {s["answer_id"] for s in again} & roles, "control: asked for, they are coded"


def test_a_survey_without_responses_gives_an_empty_report_in_every_format(
    runner, db: Store, tmp_path: Path
) -> None:
    new_survey(db, "chefsenkat", "tom")
    result = runner(
        "report", "tom", "--lang", "en", "--format", "md,html,docx,zip", "--out", str(tmp_path / "r"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "r").iterdir()}
    assert {"report.md", "report.html", "report.docx", "report-tom.zip"} <= names
    assert "Method" in (tmp_path / "r" / "report.md").read_text(encoding="utf-8")


def test_the_cli_report_opens_in_word_with_headings_tables_and_images(
    runner, db: Store, tmp_path: Path
) -> None:
    _seed_coded_demo(db)
    result = runner("report", "demo", "--format", "docx,md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for expected in ("Sammanfattning", "Metod", "Resultat", "Bilagor", "Bilaga 1: Enkätfrågorna"):
        assert expected in headings
    assert len(document.tables) >= 5 and len(document.inline_shapes) >= 8
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Framgångsfaktorer" in markdown and "Utmaningar" in markdown
    assert all((tmp_path / p).exists() for p in re.findall(r"\((figures/[^)]+\.png)\)", markdown))
    bad = runner("report", "demo", "--format", "pdf", "--out", str(tmp_path / "x"))
    assert bad.exit_code == 2 and "unknown format pdf" in bad.output
    missing = runner("report", "demo", "--sample", "Ingen sådan", "--out", str(tmp_path / "y"))
    assert (
        missing.exit_code == 1 and "no double-coding sample named 'Ingen sådan'" in missing.output
    )


def test_the_word_file_is_a4_with_column_widths_set_by_content(db: Store, tmp_path: Path) -> None:
    survey = _seed_coded_demo(db)
    report = build_report(db, survey["id"], "sv")
    path = write_formats(report, tmp_path, ["docx"], "").paths["docx"]
    document = docx.Document(str(path))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.05)
    assert all(abs(m - Cm(2.5)) < Cm(0.05) for m in (section.left_margin, section.right_margin))
    themes = next(t for t in document.tables if t.rows[0].cells[-1].text == "Citat")
    widths = [c.width for c in themes.rows[1].cells]
    assert widths[3] == max(widths) and widths[1] < widths[0] / 2, "quotes wide, counts narrow"
    assert sum(widths) <= Cm(16.05)
    xml = themes._tbl.xml
    assert "w:tblHeader" in xml and "w:cantSplit" not in xml, "rows break, header repeats"
    settings = document.settings.element.xml
    assert "updateFields" in settings
    body = document.element.body.xml
    assert "TOC \\o" in body
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_demos_word_report_prints_on_at_most_25_a4_pages(db: Store, tmp_path: Path) -> None:
    survey = _seed_coded_demo(db)
    report = build_report(db, survey["id"], "sv")
    path = write_formats(report, tmp_path, ["docx"], "").paths["docx"]
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = (tmp_path / "report.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 5 <= pages <= 25, pages
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox[0 0 595" in pdf


def test_the_report_page_shows_figures_and_offers_downloads(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    _seed_coded_demo(db)
    auth.sign_in("viewer")
    sid = db.survey("demo")["id"]
    db.assign(db.user_by_email("viewer@example.org")["id"], sid)
    page = client.get(f"/reports/surveys/{sid}", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h2>Metod</h2>" in html and "Framgångsfaktorer" in html
    figure = re.search(r'src="(figures/[^"]+\.png)"', html).group(1)
    image = client.get(f"/reports/surveys/{sid}/sv/{figure}")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    word = client.get(f"/reports/surveys/{sid}/sv/report.docx")
    assert docx.Document(io.BytesIO(word.data)).paragraphs
    bundle = zipfile.ZipFile(io.BytesIO(client.get(f"/reports/surveys/{sid}/en/report.zip").data))
    assert {"report.md", "report.html", "report.docx"} <= set(bundle.namelist())
    assert client.get(f"/reports/surveys/{sid}/sv/figures/..%2Fsecret.png").status_code == 404


def test_the_report_page_combines_surveys_the_viewer_may_see(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    _seed_coded_demo(db)
    parents = new_survey(db, "vardnadshavare", "foraldrar")
    hidden = new_survey(db, "elev", "elever")
    viewer = auth.sign_in("viewer")
    sid = db.survey("demo")["id"]
    db.assign(viewer["id"], sid)
    db.assign(viewer["id"], parents["id"])
    page = client.get(f"/reports/surveys/{sid}/sv/?with={parents['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Resultat: Demo: chefsenkät SST plus" in html and "Resultat: Foraldrar" in html
    assert client.get(f"/reports/surveys/{sid}/sv/?with={hidden['id']}").status_code == 404
    combined = client.get(f"/reports/combined?survey={sid}&survey={parents['id']}&lang=en")
    assert combined.status_code == 302 and f"with={parents['id']}" in combined.headers["Location"]
    assert client.get(f"/reports/combined?survey={sid}&survey={hidden['id']}").status_code == 404
    word = client.get(
        f"/reports/surveys/{sid}/sv/report.docx?with={parents['id']}&sample=Demo+25+%25"
    )
    assert word.status_code == 200
    assert client.get(f"/reports/surveys/{sid}/sv/?sample=Finns+inte").status_code == 404
