"""Closed questions in the report: every likert, single and multi question of the bundled
parent and pupil forms appears in every format with the counts a direct SQL count gives,
"vet inte" is shown apart and left out of the shares, a follow-up is reported out of
those its condition selects, several surveys make one report with a comparison, and
answers imported from a Swedish Excel CSV are counted."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
from lxml import html as lxml_html

from survey.reports.build import build_report
from survey.reports.model import ClosedQuestion, OpenQuestion, Report
from survey.reports.render import write_formats
from survey.reports.wording import number, percent
from survey.store import Store
from tests.conftest import new_survey

# Parents: one row per respondent. (year, time, four likert answers, attendance,
# wellbeing); "0" is "vet inte" on the likert items.
LIKERT = ("1", "2", "3", "4", "5", "0")


def _fill(db: Store, survey: dict, rows: list[dict[str, str]]) -> None:
    ids = db.question_ids(survey["version_id"])
    for row in rows:
        response = db.create_response(survey["id"], "sv")
        db.save_answers(response, {ids[q]: v for q, v in row.items()}, page=4)
        db.complete_response(response)


def parent_rows(seed: int, n: int = 14, helped: tuple[str, ...] = LIKERT) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        attendance = ("okat_mycket", "okat_nagot", "oforandrat", "minskat", "vet_inte")[i % 5]
        row = {
            "v_samtycke": "yes",
            "v_arskurs": rng.choice(["F", "3", "5", "7", "8", "9"]),
            "v_stodtid": rng.choice(["under_3_man", "3_6_man", "6_12_man", "vet_inte"]),
            "v_hjalpt": rng.choice(helped),
            "v_lyssnad": rng.choice(LIKERT),
            "v_kontakt": rng.choice(LIKERT),
            "v_motesplats": rng.choice(LIKERT[:5]),
            "v_narvaro": attendance,
            "v_maende": rng.choice(["okat_mycket", "okat_nagot", "minskat", "vet_inte"]),
            "v_bast": "Att teamet kom hem till oss och tog det i små steg.",
        }
        if attendance == "minskat":
            row["v_narvaro_samre"] = "Det blev svårare efter jullovet när läraren byttes."
        rows.append(row)
    return rows


def pupil_rows(seed: int, n: int = 12) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [
        {
            "e_samtycke": "yes",
            "e_arskurs": rng.choice(["4", "5", "6", "7"]),
            "e_skolan": rng.choice(["oftare", "lika", "mer_sallan", "vet_inte"]),
            "e_mar": rng.choice(["battre", "samma", "samre", "vet_inte"]),
            "e_lyssnade": rng.choice(LIKERT),
            "e_bestamma": rng.choice(["ja", "lite", "nej", "vet_inte"]),
            "e_hjalpte": "Att någon lyssnade och att jag fick börja med korta dagar.",
        }
        for _ in range(n)
    ]


def sql_counts(db: Store, survey_id: int, qid: str) -> Counter[str]:
    """Answers per stored value, straight from the tables."""
    rows = db.db.execute(
        "SELECT a.value, COUNT(*) FROM answers a JOIN questions q ON q.id = a.question_id "
        "JOIN responses r ON r.id = a.response_id WHERE r.survey_id = ? AND q.qid = ? "
        "AND trim(a.value) != '' GROUP BY a.value",
        (survey_id, qid),
    ).fetchall()
    return Counter({value: n for value, n in rows})


def closed_items(report: Report) -> dict[str, ClosedQuestion]:
    return {q.qid: q for part in report.surveys for q in part.closed_questions}


def _surveys(db: Store) -> tuple[dict, dict]:
    parents = new_survey(db, "vardnadshavare", "foraldrar")
    pupils = new_survey(db, "elev", "elever")
    _fill(db, parents, parent_rows(3))
    _fill(db, pupils, pupil_rows(4))
    return parents, pupils


def test_every_closed_question_counts_as_a_direct_sql_count(db: Store) -> None:
    parents, pupils = _surveys(db)
    for survey, questionnaire in ((parents, "vardnadshavare"), (pupils, "elev")):
        report = build_report(db, survey["id"], "sv")
        found = closed_items(report)
        definition = db.load_version(survey["version_id"])
        closed = [q for q in definition.questions() if q.type in ("likert", "single", "multi")]
        assert closed and {q.id for q in closed} == set(found), questionnaire
        for q in closed:
            item = found[q.id]
            counts = sql_counts(db, survey["id"], q.id)
            shown = {c.value: c.count for c in item.categories if c.count}
            dont_know = {v: n for v, n in counts.items() if v in ("0", "vet_inte")}
            assert shown == {v: n for v, n in counts.items() if v not in dont_know}, q.id
            assert item.dont_know == sum(dont_know.values()), q.id
            assert item.answered == sum(counts.values())
            assert item.valid == item.answered - item.dont_know


def test_dont_know_is_shown_apart_and_left_out_of_the_shares(db: Store) -> None:
    parents, _ = _surveys(db)
    item = closed_items(build_report(db, parents["id"], "sv"))["v_hjalpt"]
    counts = sql_counts(db, parents["id"], "v_hjalpt")
    assert counts["0"] > 0, "the data must hold a 'vet inte' for this test to mean anything"
    valid = sum(n for v, n in counts.items() if v != "0")
    assert item.valid == valid and item.dont_know == counts["0"]
    for category in item.categories:
        assert category.percent == 100 * counts[category.value] / valid
    assert "0" not in {c.value for c in item.categories}
    assert abs(sum(c.percent or 0 for c in item.categories) - 100) < 0.5
    assert item.mean == sum(int(v) * n for v, n in counts.items() if v != "0") / valid


def test_a_follow_up_is_reported_out_of_those_its_condition_selects(
    db: Store, tmp_path: Path
) -> None:
    parents, _ = _surveys(db)
    report = build_report(db, parents["id"], "sv")
    follow_up = next(q for q in report.surveys[0].open_questions if q.qid == "v_narvaro_samre")
    less_often = sql_counts(db, parents["id"], "v_narvaro")["minskat"]
    assert less_often > 0
    assert follow_up.condition is not None
    assert follow_up.condition.eligible == less_often
    assert follow_up.condition.answers == ("Mer sällan",)
    assert follow_up.answered == sum(sql_counts(db, parents["id"], "v_narvaro_samre").values())
    source = write_formats(report, tmp_path, ["md"], "").paths["md"].read_text(encoding="utf-8")
    assert f"Frågan ställdes till de {less_often} som svarade ”Mer sällan”." in source
    assert "Fråga 1: Vilken årskurs går ditt barn i?" in source, "numbered as in the form"


def _md_rows(source: str) -> list[list[str]]:
    return [
        [re.sub(r"\\(.)", r"\1", c.strip()) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        for line in source.splitlines()
        if line.startswith("|") and not line.startswith("| ---")
    ]


def _expected_rows(db: Store, survey: dict, item: ClosedQuestion) -> list[list[str]]:
    """The table rows a closed question must show, from SQL and the wording's formats."""
    counts = sql_counts(db, survey["id"], item.qid)
    dont_know = {"0", "vet_inte"}
    valid = sum(n for v, n in counts.items() if v not in dont_know)
    if item.type == "likert":
        cells = [
            f"{number(counts[str(p)], 'sv')} ({percent(100 * counts[str(p)] / valid, 'sv')})"
            for p in range(1, 6)
        ]
        return [[*cells, number(counts["0"], "sv") if counts["0"] else "–", number(valid, "sv")]]
    rows = [
        [c.label, number(counts[c.value], "sv"), percent(100 * counts[c.value] / valid, "sv")]
        for c in item.categories
        if counts[c.value] or len(item.categories) <= 6  # a long list shows only the chosen
    ]
    if any(counts[v] for v in dont_know):
        rows.append([item.dont_know_label, number(sum(counts[v] for v in dont_know), "sv"), "–"])
    return rows


def test_closed_questions_appear_in_every_format_with_those_counts(
    db: Store, tmp_path: Path
) -> None:
    parents, pupils = _surveys(db)
    for survey in (parents, pupils):
        report = build_report(db, survey["id"], "sv")
        out = tmp_path / survey["slug"]
        written = write_formats(report, out, ["md", "html", "docx", "zip"], "r.zip").paths
        md_rows = _md_rows(written["md"].read_text(encoding="utf-8"))
        page = lxml_html.fromstring(written["html"].read_text(encoding="utf-8"))
        html_rows = [
            [cell.text_content().strip() for cell in tr.xpath("td")] for tr in page.iter("tr")
        ]
        word = docx.Document(str(written["docx"]))
        word_rows = [[c.text.strip() for c in row.cells] for t in word.tables for row in t.rows]
        with zipfile.ZipFile(written["zip"]) as archive:
            zipped = archive.read("report.md").decode("utf-8")
            zipped_word = docx.Document(io.BytesIO(archive.read("report.docx")))
        assert zipped == written["md"].read_text(encoding="utf-8")
        zipped_rows = [
            [c.text.strip() for c in row.cells] for t in zipped_word.tables for row in t.rows
        ]
        for item in closed_items(report).values():
            for expected in _expected_rows(db, survey, item):
                for rows, name in (
                    (md_rows, "md"),
                    (html_rows, "html"),
                    (word_rows, "docx"),
                    (zipped_rows, "zip"),
                ):
                    if item.type == "likert":
                        assert any(
                            r and r[0].startswith(f"{item.number}.") and r[1:-1] == expected
                            for r in rows
                        ), (name, item.qid, expected)
                    else:
                        assert expected in [r[:3] for r in rows], (name, item.qid, expected)


def test_likert_blocks_get_one_stacked_bar_chart_at_print_resolution(
    db: Store, tmp_path: Path
) -> None:
    from PIL import Image

    parents, _ = _surveys(db)
    report = build_report(db, parents["id"], "sv")
    blocks = {q.block for q in report.surveys[0].closed_questions if q.type == "likert"}
    assert blocks == {1}, "the four statements share one scale and stand together"
    written = write_formats(report, tmp_path, ["md"], "").paths
    source = written["md"].read_text(encoding="utf-8")
    charts = re.findall(r"\(figures/(s1-likert\d+\.png)\)", source)
    assert charts == ["s1-likert01.png"]
    with Image.open(tmp_path / "figures" / charts[0]) as image:
        assert image.width / (16 / 2.54) >= 200  # printed 16 cm wide


def test_several_surveys_make_one_report_with_a_comparison(
    runner, db: Store, tmp_path: Path
) -> None:
    baseline = new_survey(db, "vardnadshavare", "foraldrar-start")
    follow_up = new_survey(db, "vardnadshavare", "foraldrar-uppfoljning")
    _fill(db, baseline, parent_rows(1, 10, helped=("2", "3", "4")))
    _fill(db, follow_up, parent_rows(2, 10, helped=("4", "5")))
    report = build_report(db, [baseline["id"], follow_up["id"]], "sv")
    assert [p.slug for p in report.surveys] == ["foraldrar-start", "foraldrar-uppfoljning"]
    assert report.comparison is not None
    helped = next(i for i in report.comparison.items if i.text.startswith("Stödet från teamet"))
    expected = []
    for survey in (baseline, follow_up):
        counts = sql_counts(db, survey["id"], "v_hjalpt")
        expected.append((counts["4"] + counts["5"], sum(n for v, n in counts.items() if v != "0")))
    assert list(helped.counts) == expected
    result = runner(
        "report", "foraldrar-start", "foraldrar-uppfoljning", "--format", "md",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    source = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert (
        "## Resultat: Foraldrar-Start" in source and "## Resultat: Foraldrar-Uppfoljning" in source
    )
    assert "## Jämförelse mellan enkäterna" in source
    change = 100 * expected[1][0] / expected[1][1] - 100 * expected[0][0] / expected[0][1]
    assert f"{round(change):+d}".replace("-", "−") + " procentenheter" in source
    assert (
        source.index("## Sammanfattning") < source.index("## Metod") < source.index("## Resultat")
    )


def test_a_theme_raised_by_managers_and_parents_is_compared(db: Store) -> None:
    from survey.fielding.demo import seed_demo_coding
    from survey.workbench import actions

    demo = db.survey("demo")
    seed_demo_coding(db, demo)
    parents = new_survey(db, "vardnadshavare", "foraldrar")
    _fill(db, parents, parent_rows(5, 8))
    from analysis.codebook import bundled
    from survey.workbench.codebook_editor import import_toml

    import_toml(db, parents["id"], None, bundled().read_bytes(), "codebook_sst.toml")
    coder = db.create_user("jamforare@example.org", "x", "evaluator")
    flexibility = db.code_by_key(parents["id"], "flexibilitet")["id"]
    answers = [a for a in db.open_answers(parents["id"]) if a["question"] == "v_bast"]
    for answer in answers:
        actions.add_coding(db, parents["id"], coder, answer["id"], flexibility, stance="success")
    report = build_report(db, [demo["id"], parents["id"]], "sv")
    shared = {t.label: t.counts for t in report.comparison.themes}
    label = "Flexibilitet i tid, plats och innehåll"
    assert label in shared
    assert shared[label][1] == (len(answers), len(answers))
    managers = report.surveys[0].theme_respondents[label]
    assert shared[label][0] == (managers, report.surveys[0].open_respondents)


def test_answers_imported_from_a_swedish_excel_csv_are_counted(
    runner, db: Store, tmp_path: Path
) -> None:
    """Headers are the question texts, cells separated by semicolons, likert answers as
    numbers or as their labels, choices as values or as labels."""
    survey = new_survey(db, "vardnadshavare", "import")
    header = [
        "Vilken årskurs går ditt barn i?",
        "Stödet från teamet har hjälpt mitt barn.",
        "Jag kände att teamet lyssnade på mig.",
        "Är ditt barn i skolan oftare eller mer sällan nu, jämfört med innan stödet började?",
        "Vad i stödet hjälpte dig och ditt barn mest?",
    ]
    rows = [
        ["Årskurs 7", "5", "Stämmer helt", "okat_nagot", "Att de kom hem till oss."],
        ["8", "Stämmer ganska bra", "4", "Lite oftare", "Tålamodet; de gav inte upp."],
        ["Årskurs 7", "Vet inte", "2", "Mer sällan", ""],
        ["9", "4", "Stämmer delvis", "Vet inte", "Samtalen med mentorn."],
    ]
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows([header, *rows])  # as Excel quotes "a; b"
    path = tmp_path / "svar.csv"
    path.write_bytes(("\ufeff" + text.getvalue()).encode("utf-8"))
    result = runner("import", "answers", str(path), "--survey", "import")
    assert result.exit_code == 0, result.output
    assert "4 responses imported" in result.output
    report = build_report(db, survey["id"], "sv")
    found = closed_items(report)
    for qid in ("v_arskurs", "v_hjalpt", "v_lyssnad", "v_narvaro"):
        counts = sql_counts(db, survey["id"], qid)
        shown = {c.value: c.count for c in found[qid].categories if c.count}
        shown_dk = found[qid].dont_know
        assert sum(shown.values()) + shown_dk == 4, qid
        assert shown == {v: n for v, n in counts.items() if v not in ("0", "vet_inte")}, qid
    assert {c.value: c.count for c in found["v_hjalpt"].categories if c.count} == {"4": 2, "5": 1}
    assert found["v_hjalpt"].dont_know == 1
    assert {c.value: c.count for c in found["v_arskurs"].categories if c.count} == {
        "7": 2,
        "8": 1,
        "9": 1,
    }
    assert isinstance(next(i for i in report.surveys[0].items if i.qid == "v_bast"), OpenQuestion)
    stored = sql_counts(db, survey["id"], "v_lyssnad")
    assert stored == Counter({"5": 1, "4": 1, "2": 1, "3": 1}), json.dumps(stored)


def test_closed_questions_split_by_another_question_merge_small_groups(db: Store) -> None:
    survey = new_survey(db, "vardnadshavare", "delad")
    rows = parent_rows(8, 14)
    for i, row in enumerate(rows):
        row["v_arskurs"] = "7" if i < 6 else "9" if i < 12 else "3"  # 6, 6 and 2
    _fill(db, survey, rows)
    report = build_report(db, survey["id"], "sv", group_by="v_arskurs")
    helped = closed_items(report)["v_hjalpt"]
    split = helped.split
    assert split is not None and split.groups == ("Årskurs 7", "Årskurs 9")
    assert split.merged == ("Årskurs 3",), "two respondents are merged, and too few to show"
    for group, year, size, shares in zip(
        split.groups, ("7", "9"), split.sizes, split.shares, strict=True
    ):
        answers = [r["v_hjalpt"] for r in rows if r["v_arskurs"] == year and r["v_hjalpt"] != "0"]
        assert size == len(answers), group
        for point, share in zip("12345", shares, strict=True):
            assert share == 100 * answers.count(point) / len(answers), (group, point)
    assert closed_items(report)["v_arskurs"].split is None, "not split by itself"
