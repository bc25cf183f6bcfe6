"""A SurveyMonkey export: two header rows (the question, then each column's option or
"Response"), a question spread over one column per option, and its bookkeeping columns
(ids, link data, start and end dates) that say who answered and must not be stored."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import pytest

from survey.exchange import identifying
from survey.exchange.importing import read_table
from survey.store import Store

from .conftest import SurveyRunner

HEADER = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
    "Vad har fungerat bäst i samarbetet?",
    "Vilka yrkesgrupper har du samarbetat med?",
    "",
    "",
]
SECOND = ["", "", "", "", "", "", "", "", "", "Open-Ended Response"]
SECOND += ["Familjeterapeut", "Skolpsykolog", "Annan (vänligen specificera)"]
ROWS = [
    ["11400000001", "4000001", "12/01/2026 09:12:03 AM", "12/01/2026 09:20:11 AM"]
    + ["192.168.1.10", "", "", "", "skola=Hjulsta", "Att vi träffades varje vecka."]
    + ["Familjeterapeut", "Skolpsykolog", ""],
    ["11400000002", "4000001", "12/02/2026 10:02:00 AM", "12/02/2026 10:15:40 AM"]
    + ["192.168.1.11", "", "", "", "skola=Rinkeby", "Tydliga roller i teamet."]
    + ["", "", "Kurator på skolan"],
]


def export(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def test_the_second_header_row_is_no_response_and_options_make_one_answer(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    path = tmp_path / "monkey.csv"
    path.write_bytes(export([HEADER, SECOND, *ROWS]))
    result = runner("import", "answers", str(path), "--new", "monkey", "--title", "Enkät")
    assert result.exit_code == 0, result.output
    assert "2 responses imported into 'monkey'" in result.output
    survey = db.survey("monkey")
    questions = db.load_version(survey["version_id"]).questions()
    assert [q.text["sv"] for q in questions] == [
        "Vad har fungerat bäst i samarbetet?",
        "Vilka yrkesgrupper har du samarbetat med?",
    ]
    ids = [
        r["id"]
        for r in db.db.query(
            "SELECT id FROM responses WHERE survey_id = ? ORDER BY id", (survey["id"],)
        )
    ]
    assert [db.answers(i) for i in ids] == [
        {"q1": "Att vi träffades varje vecka.", "q2": "Familjeterapeut; Skolpsykolog"},
        {"q1": "Tydliga roller i teamet.", "q2": "Kurator på skolan"},
    ]
    stored = " ".join(str(v) for r in db.db.query("SELECT * FROM answers") for v in r.values())
    for kept_out in ("11400000001", "4000001", "skola=Hjulsta", "192.168.1.10", "Response"):
        assert kept_out not in stored


def test_the_bookkeeping_columns_are_named_as_not_stored(
    runner: SurveyRunner, tmp_path: Path
) -> None:
    path = tmp_path / "monkey.csv"
    path.write_bytes(export([HEADER, SECOND, *ROWS]))
    result = runner("import", "answers", str(path), "--new", "monkey", "--title", "M", "--dry-run")
    assert result.exit_code == 0, result.output
    for column in ("Respondent ID", "Collector ID", "End Date", "Custom Data 1"):
        assert f"{column} → will not be stored" in result.output
    assert "2 rows would be imported" in result.output


def test_a_file_with_one_header_row_and_a_blank_heading_is_read_as_it_is() -> None:
    # A hand-made sheet: the first data row starts with an id, so it is no second header.
    raw = export([["ID", "", "Svar"], ["1", "x", "Bra stöd"], ["2", "", "Mer tid"]])
    table = read_table(raw, "svar.csv")
    assert table.header == ["ID", "", "Svar"]
    assert table.rows == [["1", "x", "Bra stöd"], ["2", "", "Mer tid"]]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_kind_of_column_kept_out_is_explained_in_both_languages(lang: str) -> None:
    path = Path(__file__).resolve().parents[1] / "survey" / "translations" / f"{lang}.toml"
    messages = tomllib.loads(path.read_text(encoding="utf-8"))
    for kind in identifying.KINDS:
        key = "admin.import_identifies." + kind.lower().replace(" ", "_").replace("-", "_")
        assert key in messages, kind


def test_the_import_page_shows_the_export_as_one_header_and_says_why_columns_go(
    client,
    db: Store,
    auth,  # noqa: ANN001
) -> None:
    from .conftest import post_form

    auth.sign_in("admin")
    page = post_form(
        client,
        "/admin/import",
        {
            "survey": "new",
            "new_slug": "apa-2026",
            "new_title": "Enkät",
            "file": (io.BytesIO(export([HEADER, SECOND, *ROWS])), "monkey.csv"),
        },
        content_type="multipart/form-data",
    )
    html = page.get_data(as_text=True)
    assert "Filen har 2 rader." in html
    assert "Open-Ended Response" not in html
    assert "kolumnen innehåller uppgifter som skickades med länken." in html
    assert "kolumnen identifierar den som svarade." in html
