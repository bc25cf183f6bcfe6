"""Invitations from a CSV of people: checked whole before anything is created, then one
personal link each, written out for a mail merge (the tokens are stored only as hashes,
so the links exist only in that output).

The CSV may come from Swedish Excel: UTF-8 with or without BOM, comma or semicolon.
Columns `name` and `email` are required (also `namn`, `e-post`); every other column is a
respondent attribute (district, school, role, gender…).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from survey.exchange.exports import safe_cell
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
    people: list[Person] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValueError(Message("invitations.not_utf8", line=line)) from None


def read(raw: bytes, existing: set[str] | None = None) -> Preview:
    """Parse and check an invitation CSV; `existing` holds e-mails already invited."""
    text = _decode(raw)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [clean(h or "") for h in reader.fieldnames or []]
    normal = [ALIASES.get(h.lower(), h.lower()) for h in header]
    preview = Preview(columns=header)
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
    reader.fieldnames = normal
    seen: dict[str, int] = {}
    existing = existing or set()
    for record in reader:
        line = reader.line_num
        if None in record:
            preview.problems.append(Message("invitations.extra_fields", line=line))
            continue
        if not any((v or "").strip() for v in record.values()):
            continue
        values = {k: clean(v or "") for k, v in record.items()}
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


def write_links(target: Path, columns: list[str], links: Sequence[tuple[Person, str]]) -> None:
    """The input columns plus `link`, UTF-8 with BOM so Excel shows å, ä and ö."""
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        write_links_to(handle, columns, links)


def write_links_to(
    handle: IO[str], columns: list[str], links: Sequence[tuple[Person, str]]
) -> None:
    writer = csv.writer(handle)
    writer.writerow([safe_cell(c) for c in [*columns, "link"]])
    for person, link in links:
        writer.writerow([safe_cell(person.raw.get(c, "")) for c in columns] + [link])
