"""Imports never store what identifies a respondent: LimeSurvey's and Google Forms' own
columns (in Swedish and English, code and full-text headings) and any column whose content
is e-mail or IP addresses, URLs, access codes or timestamps; the mapping page says they
will not be stored; LimeSurvey rows that were never submitted come in as partial
responses. Fixture files: tests/data/imports/README.md."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from survey.store import Store

from .conftest import Auth, SurveyRunner, form_tokens

DATA = Path(__file__).parent / "data" / "imports"
# What each file holds that must never reach the database.
IDENTIFYING = {
    "limesurvey_full_headings_en.csv": ["192.0.2.41", "2001:db8::5", "intranat.example.se",
                                        "k7Fq2LmZ9xWp", "2025-05-12 09:14", "1804426512"],
    "limesurvey_full_headings_sv.csv": ["192.0.2.200", "Bn5Qx8Rt2WeY", "intranat.example.se",
                                        "2025-05-22 10:02", "310445812"],
    "limesurvey_codes_sv.csv": ["203.0.113.18", "Hq72ksLm0PaB", "stockholm.example.se",
                                "2025-05-20 08:03", "402117730"],
    "google_forms_en.csv": ["rektor.ost@skola.example.se", "10:01:33 AM"],
    "google_forms_sv.csv": ["specialpedagog@skola.example.se", "2025-05-03 08:45"],
    "unlabelled_identifiers.csv": ["10.0.0.12", "anna.berg@example.se", "forms.example.com",
                                   "x9Kd2LqP0wZe", "2025-05-04T10:01"],
}  # fmt: skip
ANSWER_COLUMNS = {
    "limesurvey_full_headings_en.csv": [
        "Which district do you work in?",
        "What has worked best in the team's work?",
        "What has been the hardest part?",
    ],
    "limesurvey_full_headings_sv.csv": [
        "I vilken stadsdel arbetar du?",
        "Vad har fungerat bäst i teamets arbete?",
        "Vad har varit svårast?",
    ],
    "limesurvey_codes_sv.csv": ["G01Q01", "G01Q02", "G01Q03"],
    "google_forms_en.csv": [
        "Which school do you work at?",
        "What was the largest success factor?",
        "What was the largest challenge?",
    ],
    "google_forms_sv.csv": [
        "Vilken skola arbetar du på?",
        "Vad var den största framgångsfaktorn?",
        "Vad var den största utmaningen?",
    ],
    "unlabelled_identifiers.csv": ["Stadsdel", "Vad vill du tipsa andra om?"],
}
# (complete, partial) per file: LimeSurvey rows with no submit date were not sent.
STATUSES = {
    "limesurvey_full_headings_en.csv": (2, 1),
    "limesurvey_full_headings_sv.csv": (1, 1),
    "limesurvey_codes_sv.csv": (2, 1),
    "google_forms_en.csv": (2, 0),
    "google_forms_sv.csv": (2, 0),
    "unlabelled_identifiers.csv": (3, 0),
}


def stored_text(db: Store) -> str:
    """Every text the database holds about responses and questionnaires."""
    parts = []
    for table in ("answers", "responses", "questions", "questionnaire_versions"):
        for row in db.db.query(f"SELECT * FROM {table}"):
            parts.extend(str(v) for v in row.values())
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(IDENTIFYING))
def test_a_new_survey_from_an_export_asks_only_the_answer_columns_and_stores_no_identifier(
    name: str, runner: SurveyRunner, db: Store
) -> None:
    result = runner("import", "answers", str(DATA / name), "--new", "import-x", "--title", "X")
    assert result.exit_code == 0, result.output
    survey = db.survey("import-x")
    questions = [q.text["sv"] for q in db.load_version(survey["version_id"]).questions()]
    assert questions == ANSWER_COLUMNS[name]
    everything = stored_text(db)
    leaked = [value for value in IDENTIFYING[name] if value in everything]
    assert leaked == [], f"{name}: stored {leaked}"
    # Positive control: the answers themselves are stored.
    assert db.count_responses(survey["id"]) == sum(STATUSES[name])
    assert "will not be stored" in result.output


@pytest.mark.parametrize("name", sorted(STATUSES))
def test_rows_that_were_never_submitted_import_as_partial_responses(
    name: str, runner: SurveyRunner, db: Store
) -> None:
    result = runner("import", "answers", str(DATA / name), "--new", "import-y", "--title", "Y")
    assert result.exit_code == 0, result.output
    sid = db.survey("import-y")["id"]
    counts = (db.count_responses(sid, "complete"), db.count_responses(sid, "partial"))
    assert counts == STATUSES[name]
    if STATUSES[name][1]:
        assert f"({STATUSES[name][1]} of them partial: not submitted)" in result.output


def test_an_identifying_column_is_refused_even_when_mapped_by_hand(
    runner: SurveyRunner, db: Store
) -> None:
    runner("survey", "create", "--questionnaire", "chefsenkat", "--slug", "ch", "--title", "Ch")
    path = DATA / "limesurvey_full_headings_en.csv"
    mapped = runner(
        "import", "answers", str(path), "--survey", "ch",
        "--map", "IP address=q1_roll", "--attribute", "Access code",
    )  # fmt: skip
    assert mapped.exit_code == 1
    assert "column 'IP address' is never stored: it identifies the respondent" in mapped.output
    assert "column 'Access code' is never stored" in mapped.output
    assert db.count_responses(db.survey("ch")["id"]) == 0
    # Positive control: an ordinary column maps by hand.
    fine = runner(
        "import", "answers", str(path), "--survey", "ch",
        "--map", "What has worked best in the team's work?=q2_framgang",
    )  # fmt: skip
    assert fine.exit_code == 0, fine.output
    assert db.count_responses(db.survey("ch")["id"]) == 3


def test_the_mapping_page_says_which_columns_will_not_be_stored_and_a_forged_choice_is_ignored(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    raw = (DATA / "google_forms_sv.csv").read_bytes()
    tokens = form_tokens(client, "/admin/import")
    fields = {"survey": "new", "new_slug": "gf-sv", "new_title": "Google Forms"}
    page = client.post(
        "/admin/import",
        data={**tokens, **fields, "file": (io.BytesIO(raw), "svar.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    hidden = [r for r in rows if "Sparas inte:" in r]
    assert len(hidden) == 2
    assert "Tidstämpel" in hidden[0] and "tidpunkter" in hidden[0]
    assert "E-postadress" in hidden[1] and "e-postadresser" in hidden[1]
    assert "specialpedagog@skola.example.se" not in page, "no identifier shown as an example"
    assert 'name="col_0"' not in page and 'name="col_1"' not in page
    assert 'name="col_3"' in page, "an answer column can be chosen"
    content = re.search(r'name="content" value="([^"]+)"', page).group(1)
    # A forged form asks for the e-mail column as a question: it is not stored.
    done = client.post(
        "/admin/import",
        data={
            **tokens, **fields, "content": content, "filename": "svar.csv",
            "col_0": "new", "col_1": "new", "col_2": "attribute", "col_3": "new", "col_4": "new",
        },
    )  # fmt: skip
    assert done.status_code == 302
    survey = db.survey("gf-sv")
    questions = [q.text["sv"] for q in db.load_version(survey["version_id"]).questions()]
    assert questions == ANSWER_COLUMNS["google_forms_sv.csv"][1:]
    assert "@skola.example.se" not in stored_text(db)
    assert db.count_responses(survey["id"], "complete") == 2
