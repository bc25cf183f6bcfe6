"""Invitations from a CSV of people: checked whole before anything is created, then one
personal link each, written out for a mail merge (the tokens are stored only as hashes,
so the links exist only in that output).

The CSV may come from Swedish Excel or anywhere else: the shared reader
(`exchange.csv_files`) finds the encoding and the separator.
Columns `name` and `email` are required (also `namn`, `e-post`); every other column is a
respondent attribute (district, school, role, gender…).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from survey.exchange.csv_files import TOOLS, CsvStyle, read_csv, write_csv_file, write_rows
from survey.fielding.forms import is_plausible_email
from survey.i18n import Message
from survey.store import Store
from survey.text import clean
from survey.tokens import derived_token, hash_token, new_nonce

ALIASES = {"namn": "name", "e-post": "email", "epost": "email", "e-mail": "email", "mejl": "email"}


@dataclass(frozen=True)
class Person:
    line: int
    name: str
    email: str
    attributes: dict[str, str]
    raw: dict[str, str]


@dataclass
class Preview:
    """What a CSV would create, and every row that would not work, before creating."""

    columns: list[str]
    delimiter: str = ","  # the uploaded file's, so the links file can answer in kind
    people: list[Person] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read(raw: bytes, existing: set[str] | None = None) -> Preview:
    """Parse and check an invitation CSV; `existing` holds e-mails already invited. The
    file is read by the shared reader (any encoding and separator Excel writes)."""
    table = read_csv(raw)
    header = [clean(h or "") for h in table.header]
    normal = [ALIASES.get(h.lower(), h.lower()) for h in header]
    preview = Preview(columns=header, delimiter=table.delimiter)
    missing = [c for c in ("name", "email") if c not in normal]
    if missing:
        if header:
            preview.problems.append(
                Message(
                    "invitations.missing_columns",
                    missing=", ".join(missing),
                    found=", ".join(header),
                )
            )
        else:
            preview.problems.append(Message("invitations.no_header"))
        return preview
    seen: dict[str, int] = {}
    existing = existing or set()
    for line, cells in table.rows:
        if len(cells) > len(normal):
            preview.problems.append(Message("invitations.extra_fields", line=line))
            continue
        values = {k: clean(v or "") for k, v in zip(normal, cells, strict=False)}
        values.update({k: "" for k in normal if k not in values})
        email = values["email"].lower()
        if not is_plausible_email(email):
            preview.problems.append(
                Message("invitations.not_email", line=line, value=values["email"])
            )
            continue
        if email in seen:
            preview.problems.append(
                Message("invitations.duplicate", line=line, email=email, first=seen[email])
            )
            continue
        if email in existing:
            preview.problems.append(Message("invitations.already_invited", line=line, email=email))
            continue
        seen[email] = line
        attributes = {k: v for k, v in values.items() if k not in ("name", "email") and v}
        raw_row = dict(zip(header, [values[n] for n in normal], strict=True))
        preview.people.append(Person(line, values["name"], email, attributes, raw_row))
    if not preview.people and not preview.problems:
        preview.problems.append(Message("invitations.no_rows"))
    return preview


def create(
    store: Store, survey_id: int, people: Sequence[Person], base_url: str, secret: str
) -> list[tuple[Person, str]]:
    """One invitation per person, all in one transaction; returns each person's link."""
    issued = []
    for person in people:
        nonce = new_nonce()
        issued.append((person, derived_token(secret, nonce), nonce))
    store.create_invitations(
        survey_id,
        [
            (
                hash_token(token),
                p.name,
                p.email,
                json.dumps(p.attributes, ensure_ascii=False),
                nonce,
            )
            for p, token, nonce in issued
        ],
    )
    base = base_url.rstrip("/")
    return [(person, f"{base}/i/{token}") for person, token, _ in issued]


LINK_HEADING = {"sv": "länk", "en": "link"}


def people_of(rows: Sequence[Mapping[str, Any]]) -> list[tuple[Person, str]]:
    """Stored invitations as the people of a links file, each with its nonce."""
    people = []
    for row in rows:
        attributes = json.loads(row["attributes"] or "{}")
        raw = {"name": row["name"] or "", "email": row["email"] or "", **attributes}
        people.append((Person(0, raw["name"], raw["email"], attributes, raw), row["nonce"]))
    return people


def columns_of(people: Sequence[tuple[Person, str]]) -> list[str]:
    """name, email, then every attribute any of the people has, in first-seen order."""
    columns = {"name": None, "email": None}
    for person, _ in people:
        columns.update(dict.fromkeys(person.attributes))
    return list(columns)


def links_again(
    people: Sequence[tuple[Person, str]], base_url: str, secret: str
) -> list[tuple[Person, str]]:
    """The same links as when the invitations were made (HMAC of each nonce)."""
    base = base_url.rstrip("/")
    return [(person, f"{base}/i/{derived_token(secret, nonce)}") for person, nonce in people]


def reissue(store: Store, invitation_id: int, base_url: str, secret: str) -> str:
    """A new personal link for a lost one: a fresh nonce, so the old link stops working;
    what the person already answered stays theirs."""
    nonce = new_nonce()
    token = derived_token(secret, nonce)
    store.reissue_invitation(invitation_id, hash_token(token), nonce)
    return f"{base_url.rstrip('/')}/i/{token}"


def write_links(
    target: Path, columns: list[str], links: Sequence[tuple[Person, str]], style: CsvStyle = TOOLS
) -> None:
    """The input columns plus the link, UTF-8 with BOM so Excel shows å, ä and ö."""
    write_csv_file(target, *links_table(columns, links, style), style.delimiter)


def write_links_to(
    handle: IO[str],
    columns: list[str],
    links: Sequence[tuple[Person, str]],
    style: CsvStyle = TOOLS,
) -> None:
    write_rows(handle, *links_table(columns, links, style), style.delimiter)


def links_table(
    columns: list[str], links: Sequence[tuple[Person, str]], style: CsvStyle
) -> tuple[list[str], list[list[str]]]:
    """The people as they came, with their link in a last column headed in the user's
    language ("länk") for a file meant for people, "link" for tools."""
    heading = LINK_HEADING.get(style.lang or "", "link")
    rows = [[person.raw.get(c, "") for c in columns] + [link] for person, link in links]
    return [*columns, heading], rows
