"""Exchange commands: importing answers and projects, exporting responses, codings and projects,
reports, retraining.

Registered on the `survey` group by survey/cli.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from survey import config, privacy
from survey.cli.common import SLUG_RE, F, db_option, friendly_errors, open_store, survey_or_fail
from survey.cli.root import main
from survey.exchange import coding_exports, exports
from survey.exchange.csv_files import TOOLS, read_limited, style_for
from survey.exchange.limits import FileRefused
from survey.fielding.questionnaire import loads

# --- importing ---------------------------------------------------------------------


@main.group("import")
def import_group() -> None:
    """Bring in answers collected elsewhere."""


@import_group.command("answers")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--survey", "survey_ref", help="Import into this survey (columns matched to its questions)."
)
@click.option(
    "--new", "new_slug", help="Make a new questionnaire and survey from the header, with this slug."
)
@click.option("--title", help="Title of the new questionnaire and survey (with --new).")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=QUESTION",
    help="Match a column to a question id.",
)
@click.option(
    "--attribute",
    "attributes",
    multiple=True,
    metavar="COLUMN",
    help="A column that is a respondent attribute (district, role…).",
)
@click.option("--dry-run", is_flag=True, help="Only say how the columns would be used.")
@friendly_errors
def import_answers(
    db_path: Path | None,
    file: Path,
    survey_ref: str | None,
    new_slug: str | None,
    title: str | None,
    maps: tuple[str, ...],
    attributes: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Import a CSV or XLSX of answers (Microsoft Forms, Google Forms, LimeSurvey…).

    Every row becomes a complete response, or a partial one where LimeSurvey's submit
    date is empty. SurveyMonkey's second header row is read as part of the header, and a
    question it spreads over one column per option as one answer. Columns that identify respondents (e-mail, name, IP address, access
    code, referrer URL, timestamps), by heading or by content, are never stored. The whole
    file is checked first, then imported in one transaction.
    """
    from survey.exchange import importing

    if bool(survey_ref) == bool(new_slug):
        raise click.ClickException("give either --survey SURVEY or --new SLUG --title TITLE")
    mapping = {}
    for item in maps:
        column, sep, qid = item.rpartition("=")
        if not sep or not column:
            raise click.ClickException(f"--map '{item}': write it as COLUMN=QUESTION_ID")
        mapping[column] = qid
    try:
        with file.open("rb") as handle:
            raw = read_limited(handle)
    except FileRefused as exc:
        raise click.ClickException(f"{file.name}: {exc}") from None
    try:
        table = importing.read_table(raw, file.name)
    except importing.AnswerImportError as exc:
        raise click.ClickException(str(exc)) from None
    with open_store(db_path) as store:
        if new_slug:
            if not title:
                raise click.ClickException("--new needs --title")
            if not SLUG_RE.match(new_slug):
                raise click.ClickException(
                    "the slug takes lower-case letters, digits and '-' (2–63 characters)"
                )
            if store.survey_by_slug(new_slug) or store.latest_version(new_slug):
                raise click.ClickException(f"'{new_slug}' is already in use")
            try:
                source = importing.adhoc_definition(new_slug, title, table, attributes)
            except importing.AnswerImportError as exc:
                raise click.ClickException(str(exc)) from None
            questionnaire = loads(source, str(file))
            mapping = importing.adhoc_mapping(table, attributes)
        else:
            survey = survey_or_fail(store, survey_ref or "")
            questionnaire = store.load_version(survey["version_id"])
        chosen = importing.plan(table, questionnaire, mapping=mapping, attributes=attributes)
        problems = chosen.problems + importing.check_rows(table, questionnaire, chosen)
        for column, qid in chosen.columns.items():
            click.echo(f"  {column} → {qid}")
        for column in chosen.attributes:
            click.echo(f"  {column} → attribute")
        if chosen.skipped:
            click.echo(f"  not imported: {', '.join(chosen.skipped)}")
        for column, kind in chosen.identifying.items():
            click.echo(f"  {column} → will not be stored ({kind})")
        if problems:
            lines = "\n".join(f"  {p}" for p in problems[:50])
            raise click.ClickException(f"{file}: nothing was imported; fix these first:\n{lines}")
        if dry_run:
            click.echo(f"{len(table.rows)} rows would be imported")
            return
        if new_slug:
            version, _ = store.import_questionnaire(questionnaire, source)
            survey = store.create_survey(
                slug=new_slug,
                version_id=version["id"],
                title=title or new_slug,
                audience="imported",
            )
        count = importing.import_rows(store, survey, questionnaire, table, chosen)
    partial = f" ({count.partial} of them partial: not submitted)" if count.partial else ""
    click.echo(f"{count.total} responses imported into '{survey['slug']}'{partial}")


# --- exports -------------------------------------------------------------------------


@main.group()
def export() -> None:
    """Export data from a survey."""


def _write_table(
    table: exports.Table,
    fmt: str,
    out_path: Path | None,
    noun: str,
    lang: str | None,
    sheet: str | None = None,
) -> None:
    """A table as CSV, JSON (to a file or the terminal) or XLSX (to a file only). CSV is for
    tools (ids, commas) unless `lang` asks for one for people; XLSX is always for people."""
    if fmt == "xlsx":
        if out_path is None:
            raise click.ClickException("give --out FILE.xlsx: a workbook cannot go to the terminal")
        exports.table_xlsx(out_path, table, lang or "sv", sheet)
        click.echo(f"{len(table.rows)} {noun} → {out_path}", err=True)
        return
    if fmt == "csv":
        style = style_for(lang) if lang else TOOLS
        header, rows = table.header(style), list(table.cells(style))
        if out_path is not None:
            exports.write_csv(out_path, header, rows, style.delimiter)
        else:
            exports.write_csv(sys.stdout, header, rows, style.delimiter)
    elif out_path is not None:
        exports.write_json(out_path, table.ids, table.rows)
    else:
        exports.write_json(sys.stdout, table.ids, table.rows)
    if out_path is not None:
        click.echo(f"{len(table.rows)} {noun} → {out_path}", err=True)


def table_options(command: F) -> F:
    """--format, --out and --lang, as every table export takes them."""
    command = click.option(
        "--lang",
        type=click.Choice(["sv", "en"]),
        help="Headings and times for people in this language: a CSV for Excel (Swedish: "
        "separated by semicolons) rather than for tools, and the XLSX's headings "
        "(default sv). JSON always has the ids.",
    )(command)
    command = click.option(
        "--out",
        "out_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="File to write (default: standard output).",
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["csv", "xlsx", "json"]),
        default="csv",
        show_default=True,
    )(command)


def original_text_option(command: F) -> F:
    return click.option(
        "--original-text",
        is_flag=True,
        help="Keep names, personnummer, phone numbers, e-mail and addresses in the answers; "
        "by default they become placeholders.",
    )(command)


@export.command("responses")
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@table_options
@click.option(
    "--attributes/--no-attributes",
    default=True,
    show_default=True,
    help="Include respondent attributes.",
)
@click.option("--complete-only", is_flag=True, help="Only completed responses.")
@original_text_option
@friendly_errors
def export_responses(
    db_path: Path | None,
    survey_ref: str,
    fmt: str,
    out_path: Path | None,
    lang: str | None,
    attributes: bool,
    complete_only: bool,
    original_text: bool,
) -> None:
    """One row per response, one column per question (CSV in UTF-8 with BOM, XLSX or JSON).

    The CSV has ids as headings and commas for tools; with --lang it is for people in
    Excel. The XLSX has question texts as headings, real date cells and the ids on a
    second sheet."""
    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        cleaner = None if original_text else privacy.pseudonymiser(store, survey["id"]).apply
        table = exports.responses(
            store,
            survey,
            lang or "sv",
            attributes=attributes,
            status="complete" if complete_only else None,
            pseudonymise=cleaner,
        )
        privacy.audit(
            store,
            "export",
            target=f"survey:{survey['id']}",
            detail={"what": "responses", "format": fmt, "original_text": original_text},
        )
    _write_table(table, fmt, out_path, "responses", lang)


@export.command("codings")
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@table_options
@click.option("--memos", "what", flag_value="memos", help="Export the memos instead of codings.")
@original_text_option
@friendly_errors
def export_codings(
    db_path: Path | None,
    survey_ref: str,
    fmt: str,
    out_path: Path | None,
    lang: str | None,
    what: str | None,
    original_text: bool,
) -> None:
    """One row per coded segment (respondent, attributes, question, span, code, stance,
    coder, source, memo), or with --memos one row per memo."""
    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        build = coding_exports.memo_table if what == "memos" else coding_exports.coding_table
        masker = None if original_text else privacy.pseudonymiser(store, survey["id"])
        header, rows = build(store, survey["id"], masker)
        privacy.audit(
            store,
            "export",
            target=f"survey:{survey['id']}",
            detail={"what": what or "codings", "format": fmt, "original_text": original_text},
        )
    kind = "memos" if what == "memos" else "codings"
    table = coding_exports.as_table(header, rows, lang or "sv")
    _write_table(table, fmt, out_path, kind, lang, coding_exports.SHEETS[lang or "sv"][kind])


@export.command("qdpx")
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .qdpx file to write.",
)
@click.option(
    "--original-text",
    is_flag=True,
    help="Keep names, personnummer, phone numbers and e-mail in the answers (for a round "
    "trip back into this tool); by default they become placeholders.",
)
@friendly_errors
def export_qdpx(db_path: Path | None, survey_ref: str, out_path: Path, original_text: bool) -> None:
    """A REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or QualCoder: coders, codebook,
    one case per respondent with their attributes, answers as sources, codings, memos."""
    from survey.exchange import qdpx

    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        cleaner = None if original_text else privacy.pseudonymiser(store, survey["id"]).apply
        qdpx.export_project(store, survey["id"], out_path, pseudonymise=cleaner)
        privacy.audit(
            store,
            "export",
            target=f"survey:{survey['id']}",
            detail={"what": "qdpx", "original_text": original_text},
        )
    click.echo(f"project → {out_path}", err=True)


@import_group.command("qdpx")
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as",
    "as_email",
    help="Account that codings naming no coder at all are attributed to (default: skip "
    "them). The project's coders are matched to accounts by e-mail or name, or added as "
    "disabled accounts, so each keeps their own codings.",
)
@friendly_errors
def import_qdpx(db_path: Path | None, survey_ref: str, path: Path, as_email: str | None) -> None:
    """Codes, codings and memos from a REFI-QDA project back onto this survey's answers
    (all or nothing; a source whose text differs from the stored answer is skipped)."""
    from survey.exchange import qdpx
    from survey.exchange.refi_qda import RefiQdaError

    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        user_id = None
        if as_email:
            account = store.user_by_email(as_email)
            if account is None:
                raise click.ClickException(f"no active account {as_email}")
            user_id = account["id"]
        try:
            result = qdpx.import_project(store, survey["id"], path, user_id=user_id)
        except RefiQdaError as exc:
            raise click.ClickException(f"{path}: {exc}") from None
        for email in result.coders_added:
            privacy.audit(
                store,
                "user_change",
                target=f"user:{email}",
                detail={"created": "disabled coder from a .qdpx", "survey": survey["id"]},
            )
    click.echo(
        f"codes: {result.codes_added} added, {result.codes_matched} matched; "
        f"codings: {result.codings_added} added, {result.codings_skipped} skipped; "
        f"memos: {result.memos_added} added"
    )
    if result.coders_added:
        click.echo(
            f"coders without an account here, added as disabled accounts: "
            f"{', '.join(result.coders_added)}"
        )
    for problem in result.problems:
        click.echo(f"  {problem}", err=True)


# --- reports ---------------------------------------------------------------------------

REPORT_FORMATS = ("md", "html", "docx", "zip")


@main.command()
@db_option
@click.argument("survey_refs", metavar="SURVEY [SURVEY…]", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True)
@click.option(
    "--format",
    "formats",
    default="md,html,docx",
    show_default=True,
    help="Comma-separated: md (with figures/ beside it), html, docx, zip (all of them).",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the report into (created if missing).",
)
@click.option(
    "--sample",
    help="Double-coding sample whose agreement the method reports, by name "
    "(default: the latest one its coders have finished).",
)
@click.option(
    "--group-by",
    help="Respondent attribute, or a closed question's id, to split themes and closed "
    "questions by (default: the first attribute).",
)
@friendly_errors
def report(
    db_path: Path | None,
    survey_refs: tuple[str, ...],
    lang: str,
    formats: str,
    out_dir: Path,
    sample: str | None,
    group_by: str | None,
) -> None:
    """The evaluation report: summary, method (response rates, coding, agreement), every
    question in questionnaire order (closed questions as tables and stacked bars, open
    ones as themes with short anonymous quotes), and appendices. Several surveys (managers,
    parents, pupils; a baseline and a follow-up) make one report with a section each and a
    comparison of what they share."""
    from survey.reports import render as report_render
    from survey.reports.build import UnknownSample, build_report

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in REPORT_FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from "
            + ", ".join(REPORT_FORMATS),
            param_hint="--format",
        )
    with open_store(db_path) as store:
        surveys = [survey_or_fail(store, ref) for ref in dict.fromkeys(survey_refs)]
        try:
            built = build_report(
                store, [s["id"] for s in surveys], lang, group_by=group_by, sample=sample
            )
        except UnknownSample:
            raise click.ClickException(
                f"no double-coding sample named '{sample}' in "
                + ", ".join(s["slug"] for s in surveys)
            ) from None
        for survey in surveys:
            privacy.audit(
                store,
                "report",
                target=f"survey:{survey['id']}",
                detail={"formats": chosen, "lang": lang},
            )
    slug = "-".join(s["slug"] for s in surveys)[:80]
    written = report_render.write_formats(built, out_dir, chosen, f"report-{slug}.zip")
    for fmt in REPORT_FORMATS:
        if fmt in written.paths:
            click.echo(str(written.paths[fmt]))


@main.command()
@db_option
@click.argument("survey_ref", metavar="SURVEY")
@click.option(
    "--instance",
    "instance_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder where trained models are kept. Default: $SURVEY_INSTANCE, then instance/.",
)
@click.option("--run", "run_id", type=int, hidden=True, help="A run the web app already opened.")
@friendly_errors
def train(
    db_path: Path | None, survey_ref: str, instance_dir: Path | None, run_id: int | None
) -> None:
    """Retrain the engine from the evaluators' decisions on a survey (accepted codes,
    rejected suggestions) and refresh its suggestions."""
    from survey.store import now
    from survey.workbench import training

    with open_store(db_path) as store:
        survey = survey_or_fail(store, survey_ref)
        if run_id is None:
            run_id = store.start_training(survey["id"], None, now())
            if run_id is None:
                raise click.ClickException("a training run is already under way for this survey")
        result = training.run_training(
            store, survey, instance_dir or config.instance_path(), run_id
        )
    model = "model trained" if result["model"] else "too few coded answers for a model: rules only"
    click.echo(f"{result['examples']} coded answers; {model}; {result['suggestions']} suggestions")
