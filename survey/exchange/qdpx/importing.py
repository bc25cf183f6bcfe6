"""Applying a read .qdpx to a survey in one transaction: codes matched by guid or added,
sources matched to answers by name and identical text, codings and memos added once, and
`ImportResult` telling what was left out and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from survey.exchange.qdpx.common import (
    SOURCE_NAME_RE,
    DerivedIds,
    exported_code_guid,
    parse_moment,
    survey_or_error,
)
from survey.exchange.qdpx.reading import Project, Selection, Source, read_project
from survey.exchange.refi_qda import RefiQdaError, read_limited
from survey.fielding.forms import is_plausible_email
from survey.kinds import SOURCES, STANCES
from survey.store import Store, now
from survey.workbench.actions import MAX_QUOTE
from survey.workbench.codebook_editor import MAX_LABEL, PALETTE, slug, unique_key


@dataclass
class ImportResult:
    """What an import did; `problems` are sentences for the evaluator about what was left out."""

    codes_added: int = 0
    codes_matched: int = 0  # codes of the file that the survey already had (by guid)
    codings_added: int = 0
    codings_skipped: int = 0  # already there, or left out for a reason given in `problems`
    memos_added: int = 0
    coders_added: list[str] = field(default_factory=list)  # disabled accounts made for coders
    problems: list[str] = field(default_factory=list)


def import_project(
    store: Store, survey_id: int, src: Path | BinaryIO | bytes, *, user_id: int | None
) -> ImportResult:
    """Bring codes, codings and memos of a .qdpx back onto the survey's own answers.

    Codes are matched by guid (else added); a source by its name "Respondent N – qid" (or
    the guid this tool gave it) and then by identical text; codings and memos by who made
    them (a known user by guid, e-mail or name, else `user_id`, the importer). Nothing that
    exists already is added again. All in one transaction: a file that cannot be used raises
    RefiQdaError and leaves the database as it was.
    """
    project = read_project(read_limited(src))
    survey = survey_or_error(store, survey_id)
    existing = store.codes(survey_id, inactive=True)
    known = {exported_code_guid(c["guid"]) for c in existing} | {r.guid for r in project.codes}
    problems = list(project.unknown_codes)
    for source in project.sources:
        for selection in source.selections:
            for code, _, _ in selection.codings:
                if code is not None and code not in known:
                    problems.append(
                        f"The coding in source {source.name!r} ({selection.where}) refers to "
                        f"code {code}, which neither the project's codebook nor the survey has."
                    )
    if problems:
        raise RefiQdaError(*problems)
    with store.transaction():
        return _Import(store, survey, project, user_id, existing).run()


@dataclass
class _Import:
    store: Store
    survey: dict[str, Any]
    project: Project
    importer: int | None
    existing: list[dict[str, Any]]
    result: ImportResult = field(default_factory=ImportResult)
    stamp: str = field(default_factory=now)

    def run(self) -> ImportResult:
        codes = self._codes()
        users = self._users()
        memos: list[tuple[str, int, str]] = []
        for guid, notes in self.project.code_notes.items():
            code_id = codes.get(guid)
            if code_id is not None:
                memos.extend(("code", code_id, n) for n in notes)
        answers = self._answers()
        seen = {
            _key(c): c["id"]
            for c in self.store.exchange_codings(self.survey["id"], active_codes_only=False)
        }
        about = set(self.project.project_notes)
        about.update(n for notes in self.project.code_notes.values() for n in notes)
        for source in self.project.sources:
            answer = self._answer(source, answers)
            about.update(source.notes)
            for selection in source.selections:
                about.update(selection.notes)
            if answer is None:
                self.result.codings_skipped += sum(len(s.codings) for s in source.selections)
                continue
            memos.extend(("answer", answer["id"], n) for n in source.notes)
            for selection in source.selections:
                memos.extend(self._selection(selection, source, answer, codes, users, seen))
        if self.project.other_sources:
            self.result.problems.append(
                f"{self.project.other_sources} picture, PDF, audio or video source(s) were "
                "left out: only text sources can be matched to answers."
            )
        memos.extend(("survey", self.survey["id"], n) for n in self.project.project_notes)
        memos.extend(("survey", self.survey["id"], n) for n in self.project.notes if n not in about)
        self._memos(memos, users)
        if self.result.codes_added:
            self.store.log_codebook(
                self.survey["id"],
                self.importer,
                "import",
                {
                    "qdpx": True,
                    "added": self.result.codes_added,
                    "matched": self.result.codes_matched,
                },
                self.stamp,
            )
        return self.result

    def _codes(self) -> dict[str, int | None]:
        """Code id by guid for every code the file or the survey knows; None for a retired
        code that was not merged into another (its codings have nowhere to go)."""
        by_id = {c["id"]: c for c in self.existing}
        ids: dict[str, int | None] = {
            exported_code_guid(c["guid"]): _live(c, by_id) for c in self.existing
        }
        keys = {c["key"] for c in self.existing}
        count = len(self.existing)
        for record in self.project.codes:
            if record.guid in ids:
                self.result.codes_matched += 1
                continue
            key = unique_key(record.name, keys.__contains__)
            keys.add(key)
            ids[record.guid] = self.store.add_code(
                self.survey["id"],
                {
                    "key": key,
                    "guid": record.guid,
                    "label": record.name.strip()[:MAX_LABEL],
                    "description": record.description,
                    "color": record.color or PALETTE[count % len(PALETTE)],
                    "parent_id": ids.get(record.parent) if record.parent else None,
                },
                self.stamp,
            )
            count += 1
            self.result.codes_added += 1
        return ids

    def _users(self) -> Callable[[str | None], int | None]:
        """Who a file's user guid is here: this tool's own guid for the user, else the
        e-mail or (unambiguous) name the file gives; a coder of the project who is none of
        these becomes a disabled account of their own, so two coders' codings stay two.
        Codings that name no one at all go to the importer."""
        ids = DerivedIds.of(self.survey)
        people = self.store.users()
        by_guid = {ids.user(p["email"]): p["id"] for p in people}
        by_email = {p["email"].lower(): p["id"] for p in people}
        names: dict[str, list[int]] = {}
        for p in people:
            if name := (p["name"] or "").strip():
                names.setdefault(name.casefold(), []).append(p["id"])

        def resolve(guid: str | None) -> int | None:
            if guid is None:
                return self.importer
            if guid in by_guid:
                return by_guid[guid]
            name, ident = self.project.users.get(guid, ("", ""))
            for given in (ident, name):
                if given.strip().lower() in by_email:
                    return by_email[given.strip().lower()]
            same = names.get(name.strip().casefold(), [])
            if len(same) == 1:
                return same[0]
            email = coder_email(guid, name, ident)
            if email in by_email:
                return by_email[email]
            shown = name.strip() or ident.strip() or f"Kodare {guid[:8]}"
            by_email[email] = self.store.add_imported_coder(email, shown[:120], self.stamp)
            by_guid[guid] = by_email[email]
            self.result.coders_added.append(email)
            return by_email[email]

        return resolve

    def _answers(self) -> dict[tuple[int, str] | str, dict[str, Any]]:
        ids = DerivedIds.of(self.survey)
        found: dict[tuple[int, str] | str, dict[str, Any]] = {}
        for answer in self.store.exchange_answers(self.survey["id"]):
            found[(answer["response_id"], answer["qid"])] = answer
            found[ids("answer", answer["id"])] = answer
        return found

    def _answer(
        self, source: Source, answers: Mapping[tuple[int, str] | str, dict[str, Any]]
    ) -> dict[str, Any] | None:
        """The answer a source is, if its text is exactly the stored answer."""
        named = SOURCE_NAME_RE.fullmatch(source.name)
        answer = answers.get((int(named.group(1)), named.group(2))) if named else None
        if answer is None and source.guid:
            answer = answers.get(source.guid)
        codings = sum(len(s.codings) for s in source.selections)
        notes = len(source.notes) + sum(len(s.notes) for s in source.selections)
        left_out = (
            f"; its {codings} coding(s) and {notes} note(s) were not imported"
            if codings or notes
            else ""
        )
        if answer is None:
            self.result.problems.append(
                f"Source {source.name!r} matches no answer of this survey{left_out}."
            )
            return None
        if source.text is None:
            self.result.problems.append(
                f"Source {source.name!r} was not read: {source.missing}{left_out}."
            )
            return None
        if source.text != answer["value"]:
            self.result.problems.append(
                f"Source {source.name!r} no longer has the answer's stored text (edited, "
                f"pseudonymised or re-encoded in the other tool){left_out}, since its "
                "positions would point at different words."
            )
            return None
        return answer

    def _selection(
        self,
        selection: Selection,
        source: Source,
        answer: dict[str, Any],
        codes: Mapping[str, int | None],
        users: Callable[[str | None], int | None],
        seen: dict[tuple[Any, ...], int],
    ) -> list[tuple[str, int, str]]:
        """Add the selection's codings; return its notes with what they are about."""
        text = answer["value"]
        start, end = selection.start, selection.end
        if selection.codings and (start, end) != (None, None):
            if start is None or end is None or not 0 <= start < end <= len(text):
                self.result.problems.append(
                    f"A selection in source {source.name!r} ({selection.where}) has positions "
                    f"{start}..{end} outside its text of {len(text)} characters; skipped."
                )
                self.result.codings_skipped += len(selection.codings)
                return []
            if start == 0 and end == len(text):
                start = end = None
        coding_ids = []
        for code_guid, user_guid, created in selection.codings:
            code_id = codes.get(code_guid) if code_guid else None
            coder = users(user_guid)
            if code_id is None or coder is None:
                if code_guid is None:
                    why = "has no code"
                elif code_id is None:
                    why = "has a code that is retired here"
                else:
                    why = "is by someone who is not a user here, and no importer was given"
                self.result.problems.append(
                    f"A coding in source {source.name!r} ({selection.where}) {why}; skipped."
                )
                self.result.codings_skipped += 1
                continue
            key = (answer["id"], code_id, coder, start, end, int(selection.consensus))
            if key in seen:
                self.result.codings_skipped += 1
                coding_ids.append(seen[key])
                continue
            seen[key] = self.store.add_coding(
                {
                    "answer_id": answer["id"],
                    "code_id": code_id,
                    "coder_id": coder,
                    "start": start,
                    "end": end,
                    "quote": (text if start is None else text[start:end])[:MAX_QUOTE],
                    "stance": selection.stance if selection.stance in STANCES else "",
                    "source": selection.source if selection.source in SOURCES else "human",
                    "consensus": selection.consensus,
                },
                _stamp(created, self.stamp),
            )
            self.store.log_imported_coding(
                self.survey["id"], answer["id"], self.importer or coder, seen[key], self.stamp
            )
            self.result.codings_added += 1
            coding_ids.append(seen[key])
        target = ("coding", coding_ids[0]) if coding_ids else ("answer", answer["id"])
        return [(*target, note) for note in selection.notes]

    def _memos(
        self, memos: Sequence[tuple[str, int, str]], users: Callable[[str | None], int | None]
    ) -> None:
        """Each note about something imported becomes a memo, once per target and text."""
        have = {
            (m["target"], m["target_id"], m["body"]) for m in self.store.memos(self.survey["id"])
        }
        for target, target_id, guid in memos:
            note = self.project.notes.get(guid)
            if note is None or (target, target_id, note.text) in have:
                continue
            author = users(note.user)
            if author is None:
                self.result.problems.append(
                    f"A note ({guid}) has an author who is not a user here, and no importer "
                    "was given; skipped."
                )
                continue
            self.store.add_memo(
                self.survey["id"],
                target,
                target_id,
                author,
                note.text,
                _stamp(note.created, self.stamp),
            )
            have.add((target, target_id, note.text))
            self.result.memos_added += 1


def coder_email(guid: str, name: str, ident: str) -> str:
    """The e-mail of a coder's account: the project's own, else one made from their name and
    guid under the reserved .invalid domain (it can receive nothing)."""
    for given in (ident, name):
        if is_plausible_email(given.strip().lower()):
            return given.strip().lower()
    return f"{slug(name or ident or 'kodare')}.{guid[:8]}@kodare.invalid"


def _live(code: Mapping[str, Any], by_id: Mapping[int, Mapping[str, Any]]) -> int | None:
    """The active code a code is or was merged into; None if it was retired outright."""
    seen: set[int] = set()
    current: Mapping[str, Any] | None = code
    while current is not None and not current["active"] and current["id"] not in seen:
        seen.add(current["id"])
        current = by_id.get(current["merged_into"]) if current["merged_into"] else None
    return current["id"] if current is not None and current["active"] else None


def _key(coding: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        coding["answer_id"],
        coding["code_id"],
        coding["coder_id"],
        coding["start"],
        coding["end"],
        int(coding["consensus"]),
    )


def _stamp(value: str | None, fallback: str) -> str:
    """A file's timestamp in this database's format (UTC ISO, seconds), else `fallback`."""
    moment = parse_moment(value)
    return moment.isoformat() if moment else fallback
