"""`survey code` and `survey evaluate`: the file contracts, and bad input refused with the
file and row named, non-zero exit and no half-written output."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.codebook import bundled
from survey.cli import main
from tests.analysis.conftest import FAMILY_CODEBOOK
from tests.spreadsheets import SPREADSHEETS

CODEBOOK = str(bundled())
GOLD = bundled("gold/gold_sv.csv")


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="survey", catch_exceptions=False)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_code_writes_one_row_per_segment_with_offsets_into_the_answer(tmp_path: Path) -> None:
    answers = write(
        tmp_path / "a.csv",
        "id,text,question\n"
        '1,"Kartläggningen var grundlig. Men samordnarrollen saknade mandat.",q2_framgang\n'
        '2,"Hembesöken gjorde skillnad för familjerna.",q6_lardomar\n'
        "3,Vet ej,q8_tips\n",
    )
    out = tmp_path / "ut" / "o.csv"
    result = run("code", "--codebook", CODEBOOK, "--answers", str(answers), "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0].keys()) == [
        "id",
        "start",
        "end",
        "theme",
        "stance",
        "score",
        "source",
        "evidence",
    ]
    texts = {r["id"]: r["text"] for r in csv.DictReader(answers.open(encoding="utf-8"))}
    assert {r["id"] for r in rows} == {"1", "2"}
    for row in rows:
        span = texts[row["id"]][int(row["start"]) : int(row["end"])]
        assert span
        assert row["source"] in ("rule", "model") and 0 < float(row["score"]) <= 1
        for ev in json.loads(row["evidence"]):
            if "start" in ev:
                assert texts[row["id"]][ev["start"] : ev["end"]] == ev["text"]
    first = {r["theme"]: r for r in rows if r["id"] == "1"}
    assert first["kartlaggning"]["stance"] == "success"
    assert first["samordning_ledning"]["stance"] == "challenge"
    assert "3 answers" in result.output


def test_code_learns_from_a_training_file(tmp_path: Path) -> None:
    answers = write(tmp_path / "a.csv", "id,text\n1,Gitarrlektionerna efter skolan hjälpte.\n")
    train_rows = "".join(
        f'{i},"{t}",kompetens_engagemang,success\n'
        for i, t in enumerate(
            [
                "Gitarrlektioner efter skolan.",
                "Gitarren blev viktig.",
                "Lektioner i gitarr hjälpte.",
            ]
            * 8
        )
    )
    train = write(tmp_path / "t.csv", "id,text,themes,stance\n" + train_rows)
    out = tmp_path / "o.csv"
    result = run(
        "code",
        "--codebook",
        CODEBOOK,
        "--answers",
        str(answers),
        "--train",
        str(train),
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,kommentar\n1,hej\n", "missing column(s) text"),
        ("id,text\n1,\n", "row 2: empty text for id '1'"),
        ("id,text\n1,ok\n1,igen\n", "row 3: id '1' already on row 2"),
        ("id,text\n1," + "x" * 20_001 + "\n", "row 2: text of id '1' is 20001 characters"),
        (b"id,text\n1,ok\n2,caf\x81\n", "row 3: neither UTF-8 nor Windows-1252"),
    ],
)
def test_bad_answer_files_name_the_row_and_write_nothing(
    tmp_path: Path, content, message: str
) -> None:
    answers = write(tmp_path / "a.csv", content)
    out = tmp_path / "o.csv"
    result = run("code", "--codebook", CODEBOOK, "--answers", str(answers), "--out", str(out))
    assert result.exit_code == 1
    assert str(answers) in result.output and message in result.output
    assert not out.exists()
    assert not list(tmp_path.glob(".tmp-*"))


def test_a_broken_codebook_is_refused_with_its_file_named(tmp_path: Path) -> None:
    book = write(
        tmp_path / "k.toml",
        '[codebook]\nname = "x"\nlanguage = "fi"\n[[themes]]\nid = "a"\nlabel = "A"\n',
    )
    answers = write(tmp_path / "a.csv", "id,text\n1,hej\n")
    result = run(
        "code", "--codebook", str(book), "--answers", str(answers), "--out", str(tmp_path / "o.csv")
    )
    assert (
        result.exit_code == 1
        and str(book) in result.output
        and "unknown language 'fi'" in result.output
    )


def test_training_file_with_unknown_themes_is_refused(tmp_path: Path) -> None:
    answers = write(tmp_path / "a.csv", "id,text\n1,hej\n")
    train = write(tmp_path / "t.csv", "id,text,themes\n1,hej,finns_inte\n")
    result = run(
        "code",
        "--codebook",
        CODEBOOK,
        "--answers",
        str(answers),
        "--train",
        str(train),
        "--out",
        str(tmp_path / "o.csv"),
    )
    assert (
        result.exit_code == 1 and "row 2: theme(s) finns_inte not in the codebook" in result.output
    )


@pytest.fixture(scope="module")
def gold_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample of the bundled gold set, so CI runs `survey evaluate` quickly."""
    rows = list(csv.DictReader(GOLD.open(encoding="utf-8")))[:60]
    path = tmp_path_factory.mktemp("gold") / "sample.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_evaluate_prints_the_json_contract_on_a_gold_sample(gold_sample: Path) -> None:
    result = run(
        "evaluate",
        "--codebook",
        CODEBOOK,
        "--gold",
        str(gold_sample),
        "--train-fraction",
        "0.5",
        "--seeds",
        "1",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n"] == 60
    for part in ("rules", "model"):
        for key in ("micro_f1", "macro_f1", "kappa", "stance_accuracy", "per_theme"):
            assert key in data[part]
        assert 0 <= data[part]["micro_f1"] <= 1
    assert data["model"]["train_fraction"] == 0.5 and data["model"]["seeds"] == 1
    assert data["rules"]["micro_f1"] > 0.3, "the rules find a good share of the hand-coded themes"


def test_evaluate_prints_tables_by_default(gold_sample: Path) -> None:
    result = run("evaluate", "--codebook", CODEBOOK, "--gold", str(gold_sample))
    assert result.exit_code == 0
    assert "rules alone" in result.output and "overall (micro)" in result.output
    assert "stance accuracy" in result.output


def test_code_orders_its_rows_most_uncertain_or_most_confident_first(tmp_path: Path) -> None:
    answers = write(
        tmp_path / "a.csv",
        "id,text,question\n"
        '1,"Samverkan med socialtjänsten och samarbetet kring eleverna var grundläggande.",'
        "q2_framgang\n"
        '2,"Skolsocionomen i teamet.",q2_framgang\n'
        '3,"Kartläggningen och hembesöken, tillsammans med föräldrastödet.",q2_framgang\n',
    )
    orders: dict[str, list[float]] = {}
    for order in ("uncertain", "confident"):
        out = tmp_path / f"{order}.csv"
        result = run(
            "code", "--codebook", CODEBOOK, "--answers", str(answers), "--out", str(out),
            "--order", order,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        orders[order] = [float(r["score"]) for r in csv.DictReader(out.open(encoding="utf-8"))]
    assert len(set(orders["confident"])) > 1, "scores that differ, so the order shows"
    assert orders["confident"] == sorted(orders["confident"], reverse=True)
    margins = [abs(s - 0.5) for s in orders["uncertain"]]
    assert margins == sorted(margins) and sorted(orders["uncertain"]) == sorted(orders["confident"])
    refused = run("code", "--codebook", CODEBOOK, "--answers", str(answers), "--out",
                  str(tmp_path / "x.csv"), "--order", "random")  # fmt: skip
    assert refused.exit_code != 0 and "uncertain" in refused.output


@pytest.mark.parametrize("spreadsheet", sorted(SPREADSHEETS))
def test_evaluate_reads_a_gold_file_as_each_spreadsheet_writes_it(
    gold_sample: Path, tmp_path: Path, spreadsheet: str
) -> None:
    encoding, delimiter = SPREADSHEETS[spreadsheet]
    rows = list(csv.reader(gold_sample.open(encoding="utf-8", newline="")))
    rows[0] = [heading.capitalize() for heading in rows[0]]  # "Id", "Text", "Themes"
    with (tmp_path / "gold.csv").open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)  # quotes "a;b" as Excel does
    args = ["evaluate", "--codebook", CODEBOOK, "--json", "--gold"]
    written = run(*args, str(tmp_path / "gold.csv"))
    assert written.exit_code == 0, written.output
    assert json.loads(written.output) == json.loads(run(*args, str(gold_sample)).output)


def test_evaluate_and_code_read_an_excel_workbook_as_the_same_csv(
    gold_sample: Path, tmp_path: Path
) -> None:
    """Coded answers kept in Excel: the first sheet read as the CSV would be, ids typed as
    numbers (stored 7.0) read as Excel shows them, and empty rows left at the end skipped."""
    from openpyxl import Workbook

    rows = list(csv.reader(gold_sample.open(encoding="utf-8", newline="")))
    numbered = [rows[0], *([str(i), *row[1:]] for i, row in enumerate(rows[1:], start=1))]
    with (tmp_path / "gold.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(numbered)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([heading.capitalize() for heading in rows[0]])
    for i, row in enumerate(rows[1:], start=1):
        sheet.append([float(i), *row[1:]])
    sheet.append([None, None, None])
    sheet.append(["", "", ""])
    book.save(tmp_path / "kodat.xlsx")
    args = ["evaluate", "--codebook", CODEBOOK, "--json", "--gold"]
    read = run(*args, str(tmp_path / "kodat.xlsx"))
    assert read.exit_code == 0, read.output
    assert json.loads(read.output) == json.loads(run(*args, str(tmp_path / "gold.csv")).output)
    out = tmp_path / "förslag.csv"
    coded = run("code", "--codebook", CODEBOOK, "--answers", str(tmp_path / "kodat.xlsx"),
                "--out", str(out))  # fmt: skip
    assert coded.exit_code == 0, coded.output
    ids = {r["id"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert ids and ids <= {str(i) for i in range(1, len(rows))}


def test_a_broken_excel_file_is_refused_with_its_name_and_what_to_do(tmp_path: Path) -> None:
    broken = write(tmp_path / "svar.xlsx", b"PK\x03\x04 not really a workbook")
    result = run("evaluate", "--codebook", CODEBOOK, "--gold", str(broken))
    assert result.exit_code == 1
    assert "svar.xlsx" in result.output and "CSV UTF-8" in result.output
    assert "Traceback" not in result.output


def test_a_workbook_beyond_the_bounds_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bounded reader as the app's uploads (`analysis.sheets`), its bounds the
    engine's own: here lowered, so a small sheet is over them."""
    from dataclasses import replace

    from openpyxl import Workbook

    import analysis.files

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["id", "text"], ["1", "Bussen var full."], ["2", "Maten var god."]):
        sheet.append(row)
    book.save(tmp_path / "svar.xlsx")
    monkeypatch.setattr(
        analysis.files, "SHEET_BOUNDS", replace(analysis.files.SHEET_BOUNDS, rows=1)
    )
    out = tmp_path / "ut.csv"
    result = run("code", "--codebook", CODEBOOK, "--answers", str(tmp_path / "svar.xlsx"),
                 "--out", str(out))  # fmt: skip
    assert result.exit_code == 1 and not out.exists()
    assert "svar.xlsx: the workbook has more than 1 rows; split it" in result.output


def test_rows_a_spreadsheet_left_empty_are_skipped_not_refused(tmp_path: Path) -> None:
    """Swedish Excel saves rows cleared by hand as ";;" and may add empty columns."""
    answers = write(
        tmp_path / "svar.csv",
        "id;text;;\n1;Bussen till skolan var full.;;\n;;;\n2;Lunchen var god.;;\n;;;\n",
    )
    out = tmp_path / "ut.csv"
    result = run("code", "--codebook", CODEBOOK, "--answers", str(answers), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists()
    crowded = write(tmp_path / "fel.csv", "id;text\n1;Bussen var full.;extra\n")
    refused = run("code", "--codebook", CODEBOOK, "--answers", str(crowded), "--out", str(out))
    assert refused.exit_code == 1 and "row 2: more fields than the header has" in refused.output


def test_evaluate_reads_a_gold_file_with_swedish_headings(
    gold_sample: Path, tmp_path: Path
) -> None:
    """A spreadsheet written by hand in Swedish: "ID;Svar;Teman;Hållning"."""
    rows = list(csv.reader(gold_sample.open(encoding="utf-8", newline="")))
    swedish = {
        "id": "ID",
        "text": "Svar",
        "themes": "Teman",
        "stance": "Hållning",
        "question": "Fråga",
    }
    rows[0] = [swedish.get(heading, heading) for heading in rows[0]]
    with (tmp_path / "kodat.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    args = ["evaluate", "--codebook", CODEBOOK, "--json", "--gold"]
    written = run(*args, str(tmp_path / "kodat.csv"))
    assert written.exit_code == 0, written.output
    assert json.loads(written.output) == json.loads(run(*args, str(gold_sample)).output)


def test_evaluate_reads_themes_named_by_their_labels(gold_sample: Path, tmp_path: Path) -> None:
    """A file from another tool names codes as people see them, in any case."""
    from analysis.codebook import load

    label = {t.id: t.label for t in load(CODEBOOK).themes}
    rows = list(csv.DictReader(gold_sample.open(encoding="utf-8", newline="")))
    for row in rows:
        row["themes"] = ";".join(label[t].upper() for t in row["themes"].split(";") if t)
    named = tmp_path / "named.csv"
    with named.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    args = ["evaluate", "--codebook", CODEBOOK, "--json", "--gold"]
    assert json.loads(run(*args, str(named)).output) == json.loads(
        run(*args, str(gold_sample)).output
    )
    rows[0]["themes"] = "Ingen sådan kod"
    with named.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    refused = run(*args, str(named))
    assert (
        refused.exit_code == 1 and "theme(s) Ingen sådan kod not in the codebook" in refused.output
    )


def _tool_codebook(path: Path) -> Path:
    """A REFI-QDA codebook as another tool exports it: names, descriptions, a parent."""
    from survey.exchange.refi_qda import CodeRecord, codebook_bytes, new_guid

    parent = CodeRecord(new_guid(), "Skolvardag", "Grupperar koder om skoldagen.", codable=False)
    codes = [
        parent,
        CodeRecord(
            new_guid(),
            "Matsalen",
            "Hur lunchen, maten och matsalen fungerar för eleverna.",
            parent=parent.guid,
        ),
        CodeRecord(
            new_guid(),
            "Resor till skolan",
            "Resor till och från skolan med taxi, buss eller skolskjuts.",
            parent=parent.guid,
        ),
    ]
    if path.suffix == ".csv":  # Taguette's codebook CSV: paths of names, descriptions
        from survey.exchange.taguette import codebook_csv

        path.write_text(codebook_csv(codes), encoding="utf-8")
    else:
        path.write_bytes(codebook_bytes(codes))
    return path


@pytest.mark.parametrize("name", ["koder.qdc", "koder.csv"])
def test_evaluate_and_code_take_a_codebook_exported_from_another_tool(
    tmp_path: Path, name: str
) -> None:
    book = _tool_codebook(tmp_path / name)
    gold = write(
        tmp_path / "g.csv",
        "id,text,themes\n"
        "1,Maten i matsalen var kall och lunchen för kort.,Matsalen\n"
        "2,Taxin till skolan kom sent varje dag.,Resor till skolan\n"
        '3,"Lunchen i matsalen var bra. Bussen till skolan var full.","Matsalen;Resor till skolan"\n'
        "4,Hon trivs med sin mentor.,\n",
    )
    result = run("evaluate", "--codebook", str(book), "--gold", str(gold), "--json")
    assert result.exit_code == 0, result.output
    rules = json.loads(result.output)["rules"]
    assert rules["micro_f1"] == 1.0 and set(rules["per_theme"]) == {"matsalen", "resor_till_skolan"}
    out = tmp_path / "o.csv"
    coded = run("code", "--codebook", str(book), "--answers", str(gold), "--out", str(out))
    assert coded.exit_code == 0, coded.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {(r["id"], r["theme"]) for r in rows} == {
        ("1", "matsalen"),
        ("2", "resor_till_skolan"),
        ("3", "matsalen"),
        ("3", "resor_till_skolan"),
    }


def test_a_broken_codebook_from_another_tool_is_refused_with_its_file_named(
    tmp_path: Path,
) -> None:
    book = write(tmp_path / "trasig.qdc", b"<CodeBook><Codes>")
    gold = write(tmp_path / "g.csv", "id,text,themes\n1,hej,\n")
    result = run("evaluate", "--codebook", str(book), "--gold", str(gold))
    assert result.exit_code == 1 and str(book) in result.output
    assert "Traceback" not in result.output


def test_a_coded_file_from_another_tool_lists_codes_and_stances_its_own_way(
    tmp_path: Path,
) -> None:
    """Codes listed with commas or bars, stances as Swedish or English words: read as the
    contract's own file is, and a list with a code the codebook lacks is still refused."""
    book = _tool_codebook(tmp_path / "koder.qdc")
    text = '"Lunchen i matsalen var bra. Bussen till skolan var full."'
    ours = write(
        tmp_path / "ours.csv",
        f"id,text,themes,stance\n1,{text},matsalen;resor_till_skolan,success;challenge\n",
    )
    theirs = write(
        tmp_path / "theirs.csv",
        f'ID,Text,Themes,Stance\n1,{text},"Matsalen, Resor till skolan","Positiv, Utmaning"\n'
        f"2,{text},Matsalen | Resor till skolan,positive|negative\n",
    )
    args = ["evaluate", "--codebook", str(book), "--json", "--gold"]
    expected = json.loads(run(*args, str(ours)).output)["rules"]
    read = json.loads(run(*args, str(theirs)).output)["rules"]
    assert set(read["per_theme"]) == set(expected["per_theme"]) == {"matsalen", "resor_till_skolan"}
    for theme, mine in expected["per_theme"].items():  # the same answer twice: same scores
        got = read["per_theme"][theme]
        assert [got[k] for k in ("precision", "recall", "f1")] == [
            mine[k] for k in ("precision", "recall", "f1")
        ]
        assert got["support"] == 2 * mine["support"] == 2
    assert read["stance_accuracy"] == expected["stance_accuracy"]
    broken = write(tmp_path / "broken.csv", f'id,text,themes\n1,{text},"Matsalen, Gympasalen"\n')
    refused = run(*args, str(broken))
    assert refused.exit_code == 1 and "Matsalen, Gympasalen" in refused.output


def test_a_code_list_reads_labels_that_hold_a_comma_themselves(tmp_path: Path) -> None:
    """Another tool lists codes with commas while a label has a comma of its own ("Mat,
    raster och matsal"): the pieces join back into the codebook's labels."""
    book = write(
        tmp_path / "koder.toml",
        '[codebook]\nname = "Skoldagen"\nlanguage = "sv"\n'
        '[[themes]]\nid = "mat"\nlabel = "Mat, raster och matsal"\n'
        'description = "Lunchen, matsalen och rasterna."\n'
        '[[themes]]\nid = "resor"\nlabel = "Resor till skolan"\n'
        'description = "Bussen eller skjutsen till och från skolan."\n',
    )
    text = '"Lunchen i matsalen var bra. Bussen till skolan var full."'
    ours = write(
        tmp_path / "ours.csv", f"id,text,themes,stance\n1,{text},mat;resor,success;challenge\n"
    )
    theirs = write(
        tmp_path / "theirs.csv",
        f'id,text,themes,stance\n1,{text},"Mat, raster och matsal, Resor till skolan",'
        '"positiv, negativ"\n'
        f'2,{text},"Resor till skolan,Mat, raster och matsal","negativ, positiv"\n',
    )
    args = ["evaluate", "--codebook", str(book), "--json", "--gold"]
    expected = json.loads(run(*args, str(ours)).output)["rules"]
    read = run(*args, str(theirs))
    assert read.exit_code == 0, read.output
    got = json.loads(read.output)["rules"]
    assert {t: v["support"] for t, v in got["per_theme"].items()} == {"mat": 2, "resor": 2}
    assert got["stance_accuracy"] == expected["stance_accuracy"]
    broken = write(tmp_path / "broken.csv", f'id,text,themes\n1,{text},"Mat, raster och gympa"\n')
    refused = run(*args, str(broken))
    assert refused.exit_code == 1 and "Mat, raster och gympa" in refused.output


def test_a_label_written_with_another_dash_or_spacing_names_its_code(tmp_path: Path) -> None:
    """A spreadsheet retypes "Skola–socialtjänst" as "skola - socialtjänst", or quotes it."""
    book = write(
        tmp_path / "koder.toml",
        '[codebook]\nname = "Skoldagen"\nlanguage = "sv"\n'
        '[[themes]]\nid = "samverkan"\nlabel = "Samverkan skola–socialtjänst"\n'
        'description = "Hur skolan och socialtjänsten arbetar tillsammans."\n'
        '[[themes]]\nid = "resor"\nlabel = "Resor till skolan"\n'
        'description = "Bussen eller skjutsen till och från skolan."\n',
    )
    text = "Skolan och socialtjänsten träffades varje vecka."
    gold = write(
        tmp_path / "kodat.csv",
        f"id;text;themes\n1;{text};samverkan  skola - Socialtjänst\n"
        f'2;{text};"“Samverkan skola-socialtjänst”"\n',
    )
    args = ["evaluate", "--codebook", str(book), "--json", "--gold", str(gold)]
    read = run(*args)
    assert read.exit_code == 0, read.output
    assert json.loads(read.output)["rules"]["per_theme"]["samverkan"]["support"] == 2


def test_a_stance_on_an_answer_coded_with_nothing_is_no_error(tmp_path: Path) -> None:
    """A spreadsheet filled down with "neutral" also for answers no code fits; a stance
    that is no stance at all, or too many stances for the codes, is still refused."""
    book = _tool_codebook(tmp_path / "koder.qdc")
    gold = write(
        tmp_path / "ifylld.csv",
        "id,text,themes,stance\n1,Lunchen var bra.,matsalen,positiv\n2,Tack för allt!,,neutral\n",
    )
    args = ["evaluate", "--codebook", str(book), "--json", "--gold"]
    read = run(*args, str(gold))
    assert read.exit_code == 0, read.output
    assert json.loads(read.output)["n"] == 2
    for row, message in (
        ("2,Tack för allt!,,blandad", "stance 'blandad' is not one of"),
        ("2,Lunchen var bra.,matsalen,positiv;negativ", "2 stances for 1 themes"),
    ):
        wrong = write(tmp_path / "fel.csv", f"id,text,themes,stance\n{row}\n")
        refused = run(*args, str(wrong))
        assert refused.exit_code == 1 and message in refused.output, refused.output


def test_codings_with_a_grouping_code_are_reported_not_silently_dropped(tmp_path: Path) -> None:
    """Another tool lets a coder code with the code that groups others; the engine
    suggests the codes under it, so such codings are named as not scored."""
    book = _tool_codebook(tmp_path / "koder.qdc")
    gold = write(
        tmp_path / "grupp.csv",
        "id,text,themes\n1,Lunchen var bra.,Matsalen\n2,Skoldagen blev lättare.,Skolvardag\n",
    )
    args = ["evaluate", "--codebook", str(book), "--gold", str(gold)]
    tables = run(*args)
    assert tables.exit_code == 0, tables.output
    assert "not scored" in tables.output and "skolvardag (1)" in tables.output
    assert json.loads(run(*args, "--json").output)["unscored"] == {"skolvardag": 1}
    answers = write(tmp_path / "svar.csv", "id,text\n9,Maten i matsalen var god.\n")
    rows = "".join(f"{i},Lunchen var bra dag {i}.,Matsalen\n" for i in range(3, 12))
    train = write(tmp_path / "lär.csv", "id,text,themes\n" + rows + "2,Skoldagen.,Skolvardag\n")
    coded = run("code", "--codebook", str(book), "--answers", str(answers), "--train", str(train),
                "--out", str(tmp_path / "ut.csv"))  # fmt: skip
    assert coded.exit_code == 0 and "not learnt from" in coded.output, coded.output
    assert "skolvardag (1)" in coded.output
    plain = write(tmp_path / "blad.csv", "id,text,themes\n1,Lunchen var bra.,Matsalen\n")
    assert "unscored" not in json.loads(
        run("evaluate", "--codebook", str(book), "--gold", str(plain), "--json").output
    )


def test_a_gold_file_without_stances_reports_no_stance_accuracy_rather_than_zero(
    gold_sample: Path, tmp_path: Path
) -> None:
    rows = list(csv.DictReader(gold_sample.open(encoding="utf-8", newline="")))
    bare = tmp_path / "utan.csv"
    with bare.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "themes"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    args = ["evaluate", "--codebook", CODEBOOK, "--gold", str(bare)]
    assert "stance accuracy — (the hand coding gives no stance" in run(*args).output
    data = json.loads(run(*args, "--json").output)
    assert data["rules"]["stance_clauses"] == 0
    judged = json.loads(
        run("evaluate", "--codebook", CODEBOOK, "--gold", str(gold_sample), "--json").output
    )
    assert judged["rules"]["stance_clauses"] > 0 and judged["rules"]["stance_accuracy"] > 0.5


def test_a_file_with_one_row_per_coding_reads_as_one_row_per_answer(
    gold_sample: Path, tmp_path: Path
) -> None:
    """Other tools export a row per coding: the same answer comes again with another
    code. It reads as the answer with all its codes; another text under the same id, or
    one theme given two stances, is refused with both rows."""
    rows = list(csv.DictReader(gold_sample.open(encoding="utf-8", newline="")))
    per_coding = tmp_path / "kodningar.csv"
    with per_coding.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            themes, stances = row["themes"].split(";"), row["stance"].split(";")
            for theme, stance in zip(themes, stances, strict=False):
                writer.writerow(row | {"themes": theme, "stance": stance})
            if not row["themes"]:
                writer.writerow(row)
    args = ["evaluate", "--codebook", CODEBOOK, "--json", "--gold"]
    assert json.loads(run(*args, str(per_coding)).output) == json.loads(
        run(*args, str(gold_sample)).output
    )
    for second, message in (
        ("1,Något annat.,inflode,challenge", "id '1' already on row 2 with another text"),
        ("1,Lunchen var bra.,inflode,success", "has stance challenge on row 2 and success here"),
    ):
        wrong = write(
            tmp_path / "fel.csv",
            f"id,text,themes,stance\n1,Lunchen var bra.,inflode,challenge\n{second}\n",
        )
        refused = run(*args, str(wrong))
        assert refused.exit_code == 1 and message in refused.output, refused.output


def test_evaluate_names_the_starter_themes_a_codebook_borrows_keywords_from(
    tmp_path: Path, gold_sample: Path
) -> None:
    codebook = write(tmp_path / "familj.toml", FAMILY_CODEBOOK)
    gold = write(
        tmp_path / "kodat.csv",
        "id,text,themes\n"
        "1,Det var samma person som kom varje gång.,tillit\n"
        "2,Han började spela fotboll på fritiden.,fritid\n",
    )
    result = run("evaluate", "--codebook", str(codebook), "--gold", str(gold), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["borrowed"] == {"tillit": ["relation_fortroende"]}
    assert data["rules"]["micro_f1"] == 1.0  # "samma person" is a starter keyword
    tables = run("evaluate", "--codebook", str(codebook), "--gold", str(gold))
    assert "tillit ← relation_fortroende" in tables.output
    # The starter codebook itself borrows nothing: no key.
    starter = run("evaluate", "--codebook", CODEBOOK, "--gold", str(gold_sample), "--json")
    assert "borrowed" not in json.loads(starter.output)
