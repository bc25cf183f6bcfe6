"""Building a survey's project.qde (users, codebook, variables, cases, sources with their
coded selections, notes), validating it against Project.xsd and writing it with its
Sources/<guid>.txt as a .qdpx. Only reads the database."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from survey.exchange.qdpx.common import (
    DerivedIds,
    OffsetMap,
    exported_code_guid,
    parse_moment,
    source_name,
    survey_or_error,
)
from survey.exchange.refi_qda import (
    NOT_XML_RE,
    PROJECT_NS,
    CodeRecord,
    RefiQdaError,
    canonical_guid,
    check_records,
    children_by_parent,
    color_or_none,
    replace_file,
    schema,
)
from survey.store import Store, now, parse_attributes
from survey.workbench.codebook_editor import grouping_only


def export_project(
    store: Store,
    survey_id: int,
    out: Path | BinaryIO,
    *,
    pseudonymise: Callable[[str], str] | None = None,
) -> None:
    """Write the survey's project as a .qdpx. The project.qde is validated against
    Project.xsd first, and a path is written through a temporary file renamed into place, so
    a failed export leaves nothing half-written.

    `pseudonymise` rewrites answer texts and memo bodies before they leave; coding offsets
    are carried through the change (see `OffsetMap`). Such a project is for reading
    elsewhere: its texts no longer equal the stored answers, so it cannot be imported back.
    """
    data = project_bytes(store, survey_id, pseudonymise=pseudonymise)
    if isinstance(out, str | Path):
        replace_file(Path(out), data)
    else:
        out.write(data)


def project_bytes(
    store: Store, survey_id: int, *, pseudonymise: Callable[[str], str] | None = None
) -> bytes:
    """The validated .qdpx as bytes, for callers that send it rather than save it."""
    survey = survey_or_error(store, survey_id)
    export = _Export.gather(store, survey, pseudonymise)
    root = export.project()
    validator = schema("Project")
    if not validator.validate(root):
        raise RefiQdaError(
            *(f"The export does not match Project.xsd: {e.message}" for e in validator.error_log)
        )
    qde = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for guid, text in export.files:
            archive.writestr(f"Sources/{guid}.txt", text.encode("utf-8"))
    return buffer.getvalue()


@dataclass
class _Text:
    """An answer as exported: its text (maybe pseudonymised) and how offsets move into it."""

    answer: dict[str, Any]
    text: str
    moved: OffsetMap | None

    def span(self, start: int | None, end: int | None) -> tuple[int, int] | None:
        """A coding's span in the exported text; None if nothing of it is left."""
        if start is None or end is None:
            return (0, len(self.text)) if self.text else None
        size = len(self.answer["value"])
        start, end = max(0, min(start, size)), max(0, min(end, size))
        if self.moved is not None:
            start, end = self.moved.start(start), self.moved.end(end)
        return (start, end) if start < end else None


@dataclass
class _Export:
    """Everything one export needs, gathered up front, and the builders of its elements."""

    survey: dict[str, Any]
    ids: DerivedIds
    texts: dict[int, _Text]  # by answer id, only answers with text
    respondents: list[dict[str, Any]]
    codes: list[dict[str, Any]]  # active
    grouping: set[int]  # codes that only group others: not codable elsewhere
    codings: dict[int, list[tuple[dict[str, Any], tuple[int, int]]]]  # by answer id
    people: dict[int, dict[str, Any]]
    memos: list[dict[str, Any]]  # only those about something exported
    clean: Callable[[str], str]

    @property
    def files(self) -> list[tuple[str, str]]:
        """(source guid, text) of every Sources/<guid>.txt."""
        return [(self.ids("answer", answer_id), t.text) for answer_id, t in self.texts.items()]

    @classmethod
    def gather(
        cls,
        store: Store,
        survey: dict[str, Any],
        pseudonymise: Callable[[str], str] | None,
    ) -> _Export:
        survey_id = survey["id"]
        texts: dict[int, _Text] = {}
        for answer in store.exchange_answers(survey_id):
            if not answer["value"]:
                continue
            if pseudonymise is None:
                texts[answer["id"]] = _Text(answer, answer["value"], None)
            else:
                new = pseudonymise(answer["value"])
                texts[answer["id"]] = _Text(answer, new, OffsetMap.between(answer["value"], new))
        codings: dict[int, list[tuple[dict[str, Any], tuple[int, int]]]] = {}
        for coding in store.exchange_codings(survey_id, active_codes_only=True):
            text = texts.get(coding["answer_id"])
            span = text.span(coding["start"], coding["end"]) if text else None
            if span is not None:
                codings.setdefault(coding["answer_id"], []).append((coding, span))
        codes = store.codes(survey_id)
        exported = {
            "survey": {survey_id},
            "answer": set(texts),
            "code": {c["id"] for c in codes},
            "coding": {c["id"] for pairs in codings.values() for c, _ in pairs},
        }
        memos = [
            m for m in store.memos(survey_id) if m["target_id"] in exported.get(m["target"], ())
        ]
        return cls(
            survey=survey,
            ids=DerivedIds.of(survey),
            texts=texts,
            respondents=store.response_rows(survey_id),
            codes=codes,
            grouping=grouping_only(store, survey_id),
            codings=codings,
            people={p["id"]: p for p in store.exchange_people(survey_id)},
            memos=memos,
            clean=pseudonymise or (lambda text: text),
        )

    def project(self) -> etree._Element:
        ns = f"{{{PROJECT_NS}}}"
        root = etree.Element(f"{ns}Project", nsmap={None: PROJECT_NS})
        root.set("name", _xml(self.survey["title"]) or self.survey["slug"])
        root.set("origin", "survey")
        root.set("creationDateTime", _xsd_datetime(now()) or "")
        notes = self._notes_about()
        if self.people:
            users = etree.SubElement(root, f"{ns}Users")
            for person in self.people.values():
                etree.SubElement(
                    users,
                    f"{ns}User",
                    guid=self.ids.user(person["email"]),
                    name=_xml(person["name"] or person["email"]),
                    id=_xml(person["email"]),
                )
        if self.codes:
            self._codebook(etree.SubElement(root, f"{ns}CodeBook"), notes)
        keys = list(
            dict.fromkeys(k for r in self.respondents for k in parse_attributes(r["attributes"]))
        )
        if keys:
            variables = etree.SubElement(root, f"{ns}Variables")
            for key in keys:
                etree.SubElement(
                    variables,
                    f"{ns}Variable",
                    guid=self.ids("variable", key),
                    name=_xml(key),
                    typeOfVariable="Text",
                )
        if self.respondents:
            self._cases(etree.SubElement(root, f"{ns}Cases"))
        if self.texts:
            self._sources(etree.SubElement(root, f"{ns}Sources"), notes)
        if self.memos:
            self._notes(etree.SubElement(root, f"{ns}Notes"))
        for guid in notes.get(("survey", self.survey["id"]), []):
            etree.SubElement(root, f"{ns}NoteRef", targetGUID=guid)
        return root

    def _notes_about(self) -> dict[tuple[str, int], list[str]]:
        """Note guids by what they are about."""
        about: dict[tuple[str, int], list[str]] = {}
        for memo in self.memos:
            about.setdefault((memo["target"], memo["target_id"]), []).append(
                self.ids("memo", memo["id"])
            )
        return about

    def _codebook(self, codebook: etree._Element, notes: dict[tuple[str, int], list[str]]) -> None:
        ns = f"{{{PROJECT_NS}}}"
        by_guid = {exported_code_guid(c["guid"]): c for c in self.codes}
        guids = {c["id"]: c["guid"] for c in self.codes}
        records = [
            CodeRecord(
                guid=c["guid"],
                name=c["label"],
                description=c["description"] or "",
                color=color_or_none(c["color"]),
                parent=guids.get(c["parent_id"]),
            )
            for c in self.codes
        ]
        check_records(records)
        children = children_by_parent(records)
        top = etree.SubElement(codebook, f"{ns}Codes")
        stack = [(top, record) for record in reversed(children[None])]
        while stack:
            container, record = stack.pop()
            guid = canonical_guid(record.guid) or record.guid
            element = etree.SubElement(container, f"{ns}Code", guid=guid, name=record.name)
            codable = by_guid[guid]["id"] not in self.grouping
            element.set("isCodable", "true" if codable else "false")
            if record.color:
                element.set("color", record.color)
            if record.description:
                etree.SubElement(element, f"{ns}Description").text = record.description
            for note in notes.get(("code", by_guid[guid]["id"]), []):
                etree.SubElement(element, f"{ns}NoteRef", targetGUID=note)
            stack.extend((element, kid) for kid in reversed(children.get(guid, [])))

    def _cases(self, cases: etree._Element) -> None:
        ns = f"{{{PROJECT_NS}}}"
        answers: dict[int, list[int]] = {}
        for answer_id, text in self.texts.items():
            answers.setdefault(text.answer["response_id"], []).append(answer_id)
        for respondent in self.respondents:
            case = etree.SubElement(
                cases,
                f"{ns}Case",
                guid=self.ids("case", respondent["id"]),
                name=f"Respondent {respondent['id']}",
            )
            for key, value in parse_attributes(respondent["attributes"]).items():
                holder = etree.SubElement(case, f"{ns}VariableValue")
                etree.SubElement(holder, f"{ns}VariableRef", targetGUID=self.ids("variable", key))
                etree.SubElement(holder, f"{ns}TextValue").text = _xml(value)
            for answer_id in answers.get(respondent["id"], []):
                etree.SubElement(case, f"{ns}SourceRef", targetGUID=self.ids("answer", answer_id))

    def _sources(self, sources: etree._Element, notes: dict[tuple[str, int], list[str]]) -> None:
        ns = f"{{{PROJECT_NS}}}"
        for answer_id, text in self.texts.items():
            guid = self.ids("answer", answer_id)
            source = etree.SubElement(
                sources,
                f"{ns}TextSource",
                guid=guid,
                name=_xml(source_name(text.answer["response_id"], text.answer["qid"])),
                plainTextPath=f"internal://{guid}.txt",
            )
            for coding, (start, end) in self.codings.get(answer_id, []):
                self._selection(source, coding, start, end, notes.get(("coding", coding["id"])))
            for note in notes.get(("answer", answer_id), []):
                etree.SubElement(source, f"{ns}NoteRef", targetGUID=note)

    def _selection(
        self,
        source: etree._Element,
        coding: dict[str, Any],
        start: int,
        end: int,
        notes: list[str] | None,
    ) -> None:
        """One selection per coding, so each keeps its coder, stance and memos."""
        ns = f"{{{PROJECT_NS}}}"
        user = self.ids.user(self.people[coding["coder_id"]]["email"])
        created = _xsd_datetime(coding["created_at"])
        selection = etree.SubElement(
            source,
            f"{ns}PlainTextSelection",
            guid=self.ids("selection", coding["id"]),
            startPosition=str(start),
            endPosition=str(end),
            creatingUser=user,
        )
        described = [f"stance: {coding['stance']}"] if coding["stance"] else []
        if coding["source"] in ("rule", "model"):  # an accepted suggestion keeps its source
            described.append(f"source: {coding['source']}")
        if coding["consensus"]:
            described.append("consensus")
        if described:
            etree.SubElement(selection, f"{ns}Description").text = ", ".join(described)
        element = etree.SubElement(
            selection, f"{ns}Coding", guid=self.ids("coding", coding["id"]), creatingUser=user
        )
        etree.SubElement(
            element, f"{ns}CodeRef", targetGUID=exported_code_guid(coding["code_guid"])
        )
        for node in (selection, element):
            if created:
                node.set("creationDateTime", created)
        for note in notes or []:
            etree.SubElement(selection, f"{ns}NoteRef", targetGUID=note)

    def _notes(self, holder: etree._Element) -> None:
        ns = f"{{{PROJECT_NS}}}"
        for memo in self.memos:
            body = _xml(self.clean(memo["body"]))
            note = etree.SubElement(
                holder,
                f"{ns}Note",
                guid=self.ids("memo", memo["id"]),
                name=_xml(body.strip().splitlines()[0][:60] if body.strip() else "Memo"),
                creatingUser=self.ids.user(memo["author"]),
            )
            created = _xsd_datetime(memo["created_at"])
            if created:
                note.set("creationDateTime", created)
            etree.SubElement(note, f"{ns}PlainTextContent").text = body


def _xml(text: str | None) -> str:
    """Text without the few characters XML 1.0 cannot hold at all."""
    return NOT_XML_RE.sub("", text or "")


def _xsd_datetime(stamp: str | None) -> str | None:
    """An ISO timestamp as xsd:dateTime in UTC; None if it cannot be read."""
    moment = parse_moment(stamp)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None
