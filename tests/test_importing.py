"""Answers collected elsewhere: a Forms-style CSV with Swedish letters and semicolons, an
Excel file, mapping to an existing questionnaire, and refusal of what does not fit."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result

from survey.store import Store
from tests.conftest import Auth

from .conftest import SurveyRunner

FORMS_CSV = (
    "\ufeffID;Starttid;Slutförandetid;E-post;Namn;Stadsdel;Vad fungerade bäst?;Vad var svårast?\n"
    "1;2025-05-02 10:01;2025-05-02 10:09;anonym;;Järva;Hembesöken och att teamet var flexibelt;Lokalfrågan, vi hade ingen gemensam lokal\n"
    "2;2025-05-03 14:11;2025-05-03 14:20;anonym;;Kungsholmen;Kartläggningen – grundlig!;Samordningen mellan förvaltningarna\n"
)


def import_new(
    runner: SurveyRunner, tmp_path: Path, text: str, name: str, title: str, *extra: str
) -> Result:
    """`survey import answers` of a CSV text into a new survey; fails the test if refused."""
    path = tmp_path / "forms.csv"
    path.write_bytes(text.encode("utf-8"))
    result = runner("import", "answers", str(path), "--new", name, "--title", title, *extra)
    assert result.exit_code == 0, result.output
    return result


def test_a_forms_style_csv_becomes_a_new_survey_without_any_personal_metadata(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    result = import_new(
        runner, tmp_path, FORMS_CSV, "chefer-2025", "Chefsenkät 2025", "--attribute", "Stadsdel"
    )
    assert "2 responses imported into 'chefer-2025'" in result.output
    survey = db.survey("chefer-2025")
    questionnaire = db.load_version(survey["version_id"])
    assert [q.text["sv"] for q in questionnaire.questions()] == [
        "Vad fungerade bäst?",
        "Vad var svårast?",
    ]
    rows = list(
        db.db.query(
            "SELECT id, attributes, status FROM responses WHERE survey_id = ? ORDER BY id",
            (survey["id"],),
        )
    )
    assert [r["status"] for r in rows] == ["complete", "complete"]
    assert rows[0]["attributes"] == '{"stadsdel": "Järva"}'
    assert db.answers(rows[1]["id"]) == {
        "q1": "Kartläggningen – grundlig!",
        "q2": "Samordningen mellan förvaltningarna",
    }
    everything = " ".join(str(v) for r in db.db.query("SELECT * FROM answers") for v in r.values())
    assert "anonym" not in everything and "2025-05-02 10:01" not in everything


def test_columns_map_to_an_existing_questionnaire_by_text_and_by_map(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    runner(
        "survey",
        "create",
        "--questionnaire",
        "chefsenkat",
        "--slug",
        "efterhand",
        "--title",
        "Efterhand",
    )
    path = tmp_path / "svar.csv"
    path.write_text(
        "Roll,Vad anser du är den största framgångsfaktorn med arbetssättet SST plus?,Övrigt\n"
        "Rektor,Det tvärprofessionella teamet,-\n",
        encoding="utf-8",
    )
    dry = runner(
        "import",
        "answers",
        str(path),
        "--survey",
        "efterhand",
        "--map",
        "Roll=q1_roll",
        "--dry-run",
    )
    assert (
        "Roll → q1_roll" in dry.output
        and "not imported: Övrigt" in dry.output
        and "1 rows would be imported" in dry.output
    )
    assert db.count_responses(db.survey("efterhand")["id"]) == 0
    done = runner("import", "answers", str(path), "--survey", "efterhand", "--map", "Roll=q1_roll")
    assert done.exit_code == 0, done.output
    response = next(
        db.db.query("SELECT id FROM responses WHERE survey_id = ?", (db.survey("efterhand")["id"],))
    )
    assert db.answers(response["id"]) == {
        "q1_roll": "Rektor",
        "q2_framgang": "Det tvärprofessionella teamet",
    }


def test_an_excel_file_imports_too(runner: SurveyRunner, db: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Tidsstämpel", "Roll", "Tips till andra"])
    sheet.append(["2025-05-01", "Enhetschef", "Börja med förankringen."])
    path = tmp_path / "svar.xlsx"
    book.save(path)
    result = runner("import", "answers", str(path), "--new", "tips", "--title", "Tips")
    assert result.exit_code == 0, result.output
    survey = db.survey("tips")
    response = next(db.db.query("SELECT id FROM responses WHERE survey_id = ?", (survey["id"],)))
    assert db.answers(response["id"]) == {"q1": "Enhetschef", "q2": "Börja med förankringen."}


def test_what_does_not_fit_is_named_and_nothing_is_imported(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    runner("survey", "create", "--questionnaire", "vardnadshavare", "--slug", "ff", "--title", "F")
    path = tmp_path / "f.csv"
    path.write_text("Vilken årskurs går ditt barn i?\nÅrskurs 4\nÅrskurs 12\n", encoding="utf-8")
    bad = runner("import", "answers", str(path), "--survey", "ff")
    assert bad.exit_code == 1
    assert (
        "row 3, column 'Vilken årskurs går ditt barn i?': 'Årskurs 12' is not one of the choices"
        in bad.output
    )
    assert db.count_responses(db.survey("ff")["id"]) == 0
    ragged = tmp_path / "r.csv"
    ragged.write_text("a,b\n1,2,3\n", encoding="utf-8")
    assert (
        "row 2: more cells than the header has columns"
        in runner("import", "answers", str(ragged), "--new", "rr", "--title", "R").output
    )
    nothing = tmp_path / "n.csv"
    nothing.write_text("Okänd kolumn\nx\n", encoding="utf-8")
    assert (
        "no column matches a question"
        in runner("import", "answers", str(nothing), "--survey", "ff").output
    )
    assert "either --survey" in runner("import", "answers", str(nothing)).output


def test_import_in_the_web_app_maps_columns_then_imports(client, db: Store, auth: Auth) -> None:  # noqa: ANN001
    import base64
    import io
    import re

    from .conftest import form_tokens

    auth.sign_in("admin")
    tokens = form_tokens(client, "/admin/import")
    mapping = client.post(
        "/admin/import",
        data={
            **tokens,
            "survey": "new",
            "new_slug": "forms-2025",
            "new_title": "Forms 2025",
            "file": (io.BytesIO(FORMS_CSV.encode("utf-8")), "forms.csv"),
        },
        content_type="multipart/form-data",
    )
    html = mapping.get_data(as_text=True)
    assert "Filen har 2 rader." in html and "Hembesöken och att teamet var flexibelt" in html
    content = re.search(r'name="content" value="([^"]+)"', html).group(1)
    header = FORMS_CSV.lstrip("\ufeff").splitlines()[0].split(";")
    choices = {f"col_{i}": "" for i in range(len(header))}
    choices[f"col_{header.index('Stadsdel')}"] = "attribute"
    choices[f"col_{header.index('Vad fungerade bäst?')}"] = "new"
    choices[f"col_{header.index('Vad var svårast?')}"] = "new"
    done = client.post(
        "/admin/import",
        data={
            **tokens,
            **choices,
            "content": content,
            "filename": "forms.csv",
            "survey": "new",
            "new_slug": "forms-2025",
            "new_title": "Forms 2025",
        },
    )
    assert done.status_code == 302
    survey = db.survey("forms-2025")
    assert db.count_responses(survey["id"], "complete") == 2
    first = next(
        db.db.query(
            "SELECT id, attributes FROM responses WHERE survey_id = ? ORDER BY id", (survey["id"],)
        )
    )
    assert first["attributes"] == '{"stadsdel": "Järva"}'
    assert db.answers(first["id"])["q1"] == "Hembesöken och att teamet var flexibelt"
    assert "2 svar importerade." in client.get(done.headers["Location"]).get_data(as_text=True)
    assert base64.b64decode(content).decode("utf-8-sig").startswith("ID;")


def test_a_broken_workbook_gets_a_clear_message(runner: SurveyRunner, tmp_path: Path) -> None:
    path = tmp_path / "trasig.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = runner("import", "answers", str(path), "--new", "trasig", "--title", "T")
    assert result.exit_code == 1 and "not a readable Excel workbook" in result.output


LEANING_CSV = (
    "ID;Vad fungerade bäst med stödet?;Vad var svårast?\n"
    "1;Min son pratade aldrig om skolan under hembesöken.;"
    "Min son pratade aldrig om skolan under hembesöken.\n"
)


def test_an_imported_questions_own_words_tell_the_engine_which_way_it_leans(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    # No questionnaire gives these questions a stance hint; their texts ask for the
    # best and the hardest, and the same words are read as each question asks: a son
    # who never talked about school is relief to one and a concern to the other.
    from analysis.codebook import bundled, load
    from survey.workbench.suggestions import code_survey

    import_new(runner, tmp_path, LEANING_CSV, "leaning", "Leaning")
    survey = db.survey("leaning")
    code_survey(db, survey["id"], load(bundled()))
    answers = {a["question"]: a["id"] for a in db.open_answers(survey["id"])}
    found = list(db.db.query("SELECT answer_id, stance FROM suggestions"))
    by_question = {
        q: {s["stance"] for s in found if s["answer_id"] == i} for q, i in answers.items()
    }
    assert by_question == {"q1": {"success"}, "q2": {"challenge"}}


def test_a_code_added_by_hand_to_an_imported_answer_starts_with_the_stance_its_question_asks_for(
    runner: SurveyRunner, db: Store, tmp_path: Path
) -> None:
    # The evaluator selects a code for an answer to "Vad fungerade bäst med stödet?": the
    # code starts as a success (and one to "Vad var svårast?" as a challenge), though the
    # imported questions carry no stance hint; the evaluator may still change it.
    from analysis.codebook import bundled
    from survey.workbench import actions
    from survey.workbench.codebook_editor import import_toml

    import_new(runner, tmp_path, LEANING_CSV, "leaning-hand", "Leaning")
    survey = db.survey("leaning-hand")
    admin = db.create_user("admin@example.org", "x", "admin")
    coder = db.create_user("anna@example.org", "x", "evaluator")
    db.assign(coder, survey["id"])
    import_toml(db, survey["id"], admin, bundled().read_bytes(), "codebook_sst.toml")
    code = db.code_by_key(survey["id"], "flexibilitet")["id"]
    stances = {}
    for answer in db.open_answers(survey["id"]):
        cell = actions.add_coding(db, survey["id"], coder, answer["id"], code)
        stances[answer["question"]] = cell["codings"][0]["stance"]
    assert stances == {"q1": "success", "q2": "challenge"}
