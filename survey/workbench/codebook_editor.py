"""A survey's own codebook, edited while coding: add, rename, describe, recolour, move
in the hierarchy, edit keywords, merge two codes (reversible until confirmed), reassign
codings to split a code, and import/export TOML, REFI-QDA QDC and Taguette's CSV.

Codings point at a code's row, never at its name, so renaming or moving a code never
rewrites a coding; only a merge or a reassignment moves codings, and each is logged
with the codings it moved so that it can be taken back.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from analysis import codebook as cb
from survey.exchange import refi_qda, taguette
from survey.i18n import Messages
from survey.store import Store, now
from survey.text import clean
from survey.workbench.actions import WorkbenchError

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_LABEL = 120
MAX_DESCRIPTION = 4000
# A palette that stays apart in grayscale too (alternating light and dark).
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip


def slug(label: str) -> str:
    text = unicodedata.normalize("NFKD", label.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:40] or "kod"


def unique_key(label: str, taken: Callable[[str], bool]) -> str:
    """A code key made from its label, numbered (`_2`, `_3` …) past the keys `taken`."""
    base = key = slug(label)
    n = 2
    while taken(key):
        key, n = f"{base}_{n}", n + 1
    return key


def _unique_key(store: Store, survey_id: int, label: str) -> str:
    return unique_key(label, lambda key: store.code_by_key(survey_id, key) is not None)


LANGS = cb.LANGUAGES


def _stored(row: Mapping[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(row.get("keywords") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def keywords_of(row: Mapping[str, Any]) -> dict[str, list[str]]:
    """A code's plain keywords per language."""
    value = _stored(row)
    return {k: [str(w) for w in value[k]] for k in LANGS if isinstance(value.get(k), list)}


def weak_keywords_of(row: Mapping[str, Any]) -> dict[str, list[str]]:
    """Keywords that count only beside another of the code's in the same sentence."""
    value = _stored(row)
    return {
        lang: [str(w) for w in value[f"weak_{lang}"]]
        for lang in LANGS
        if isinstance(value.get(f"weak_{lang}"), list) and value[f"weak_{lang}"]
    }


def question_keywords_of(row: Mapping[str, Any]) -> dict[str, dict[str, list[str]]]:
    """Keywords that count only in answers to some questions: language → question → words."""
    value = _stored(row)
    result: dict[str, dict[str, list[str]]] = {}
    for lang in LANGS:
        table = value.get(f"questions_{lang}")
        if isinstance(table, dict):
            words = {str(q): [str(w) for w in v] for q, v in table.items() if isinstance(v, list)}
            if words:
                result[lang] = words
    return result


def stored_keywords(
    keywords: Mapping[str, list[str]],
    weak: Mapping[str, list[str]] | None = None,
    questions: Mapping[str, Mapping[str, list[str]]] | None = None,
) -> dict[str, Any]:
    """What the `keywords` column holds: plain keywords per language, and the weak and
    per-question ones under `weak_<lang>` and `questions_<lang>`."""
    value: dict[str, Any] = {k: list(v) for k, v in keywords.items() if k in LANGS}
    for lang, words in (weak or {}).items():
        if words:
            value[f"weak_{lang}"] = list(words)
    for lang, table in (questions or {}).items():
        if table:
            value[f"questions_{lang}"] = {q: list(w) for q, w in table.items()}
    return value


def parse_keywords(text: str) -> list[str]:
    """Keywords as an evaluator types them: one per line or separated by commas."""
    parts = re.split(r"[,\n;]", clean(text or ""))
    seen: dict[str, None] = {}
    for part in parts:
        word = " ".join(part.split())
        if word:
            seen[word[:80]] = None
    return list(seen)[:200]


def _check_fields(label: str, description: str, color: str | None) -> None:
    if not label.strip():
        raise WorkbenchError("codebook.error.label")
    if len(label) > MAX_LABEL or len(description) > MAX_DESCRIPTION:
        raise WorkbenchError("codebook.error.too_long")
    if color and not COLOR_RE.match(color):
        raise WorkbenchError("codebook.error.color")


def _check_keywords(*lists: Mapping[str, list[str]] | None) -> None:
    """A * anywhere but at the end of a word of a few letters would match nothing (or
    half the language): refused with the keyword named, before anything is stored."""
    for keywords in lists:
        for words in (keywords or {}).values():
            for word in words:
                if not cb.wildcard_ok(word):
                    raise WorkbenchError(
                        "codebook.error.wildcard", 400, {"keyword": word, "letters": cb.MIN_PREFIX}
                    )


def _check_unique(store: Store, survey_id: int, label: str, code_id: int | None) -> None:
    """Two active codes with one name cannot be told apart in the grid, the reports or
    an export: a name already used (case and spacing aside) is refused."""
    wanted = " ".join(label.split()).casefold()
    for other in store.codes(survey_id):
        if other["id"] != code_id and " ".join(other["label"].split()).casefold() == wanted:
            raise WorkbenchError("codebook.error.duplicate", 409, {"label": other["label"]})


def _ancestors(store: Store, code_id: int | None) -> list[int]:
    chain: list[int] = []
    while code_id is not None and code_id not in chain:
        chain.append(code_id)
        row = store.code(code_id)
        code_id = row["parent_id"] if row else None
    return chain


def _parent(store: Store, survey_id: int, parent_id: int | None, code_id: int | None) -> int | None:
    if parent_id is None:
        return None
    parent = store.code(parent_id)
    if parent is None or parent["survey_id"] != survey_id or not parent["active"]:
        raise WorkbenchError("codebook.error.parent")
    if code_id is not None and code_id in _ancestors(store, parent_id):
        raise WorkbenchError("codebook.error.cycle")
    return parent_id


def add_code(
    store: Store,
    survey_id: int,
    user_id: int | None,
    label: str,
    *,
    description: str = "",
    color: str | None = None,
    parent_id: int | None = None,
    keywords: Mapping[str, list[str]] | None = None,
    weak: Mapping[str, list[str]] | None = None,
) -> int:
    label, description = clean(label), clean(description)
    _check_fields(label, description, color)
    _check_keywords(keywords, weak)
    with store.transaction():
        _check_unique(store, survey_id, label, None)
        parent_id = _parent(store, survey_id, parent_id, None)
        count = len(store.codes(survey_id, inactive=True))
        code_id = store.add_code(
            survey_id,
            {
                "key": _unique_key(store, survey_id, label),
                "guid": refi_qda.new_guid(),
                "label": label,
                "description": description,
                "color": color or PALETTE[count % len(PALETTE)],
                "parent_id": parent_id,
                "keywords": stored_keywords(keywords or {}, weak),
            },
            now(),
        )
        store.log_codebook(survey_id, user_id, "add", {"code": code_id, "label": label}, now())
    return code_id


def _code(store: Store, survey_id: int, code_id: int) -> dict[str, Any]:
    code = store.code(code_id)
    if code is None or code["survey_id"] != survey_id:
        raise WorkbenchError("workbench.error.no_code", 404)
    if not code["active"]:
        raise WorkbenchError("codebook.error.inactive", 409, {"code": code["label"]})
    return code


def update_code(
    store: Store,
    survey_id: int,
    user_id: int | None,
    code_id: int,
    *,
    label: str | None = None,
    description: str | None = None,
    color: str | None = None,
    parent_id: int | None | str = "keep",
    keywords: Mapping[str, list[str]] | None = None,
    weak: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """Change what is given; the old values go to the log. Keywords given replace those
    languages' lists and keep the rest (per-question keywords come from imports)."""
    _check_keywords(keywords, weak)
    with store.transaction():
        code = _code(store, survey_id, code_id)
        new = dict(code)
        if label is not None:
            new["label"] = clean(label)
        if description is not None:
            new["description"] = clean(description)
        if color is not None:
            new["color"] = color or None
        if parent_id != "keep":
            new["parent_id"] = _parent(store, survey_id, parent_id, code_id)  # type: ignore[arg-type]
        if keywords is not None or weak is not None:
            stored = _stored(code)
            stored.update({k: v for k, v in (keywords or {}).items() if k in LANGS})
            for lang, words in (weak or {}).items():
                stored.pop(f"weak_{lang}", None)
                if words:
                    stored[f"weak_{lang}"] = list(words)
            new["keywords"] = json.dumps(stored, ensure_ascii=False)
        _check_fields(new["label"], new["description"], new["color"])
        if new["label"] != code["label"]:
            _check_unique(store, survey_id, new["label"], code_id)
        changed = {
            k: code[k]
            for k in ("label", "description", "color", "parent_id", "keywords")
            if code[k] != new[k]
        }
        if changed:
            store.update_code(code_id, new, now())
            store.log_codebook(survey_id, user_id, "edit", {"code": code_id, "was": changed}, now())
        return store.code(code_id) or new


def merge(store: Store, survey_id: int, user_id: int | None, source_id: int, target_id: int) -> int:
    """Move every coding of `source` to `target` and retire `source`; its sub-codes move
    under `target`. Logged as pending: `undo_merge` restores all of it until confirmed."""
    with store.transaction():
        source = _code(store, survey_id, source_id)
        target = _code(store, survey_id, target_id)
        if source_id == target_id:
            raise WorkbenchError("codebook.error.merge_self")
        if source_id in _ancestors(store, target_id):
            raise WorkbenchError(
                "codebook.error.merge_descendant",
                params={"source": source["label"], "target": target["label"]},
            )
        moved = store.coding_ids_of_code(source_id)
        store.move_codings(moved, target_id)
        duplicates = _folded(store.live_codings_of_code(target_id), set(moved))
        store.set_deleted(duplicates, now())
        children = store.child_code_ids(source_id)
        store.set_parents(children, target_id)
        store.set_code_active(source_id, False, target_id)
        return store.log_codebook(
            survey_id,
            user_id,
            "merge",
            {
                "source": source_id,
                "target": target_id,
                "source_label": source["label"],
                "target_label": target["label"],
                "moved": moved,
                "duplicates": duplicates,
                "children": children,
            },
            now(),
            status="pending",
        )


def _folded(codings: list[dict[str, Any]], moved: set[int]) -> list[int]:
    """Moved codings that now repeat another (same answer, coder and span): the one that
    was already there stays."""
    kept: dict[tuple[Any, ...], int] = {}
    for c in sorted(codings, key=lambda c: (c["id"] in moved, c["id"])):
        key = (c["answer_id"], c["coder_id"], c["start"], c["end"], c["consensus"])
        kept.setdefault(key, c["id"])
    return sorted(
        c["id"]
        for c in codings
        if c["id"] in moved
        and kept[(c["answer_id"], c["coder_id"], c["start"], c["end"], c["consensus"])] != c["id"]
    )


def _pending_merge(store: Store, survey_id: int, entry_id: int) -> dict[str, Any]:
    entry = store.codebook_log_entry(entry_id)
    if entry is None or entry["survey_id"] != survey_id or entry["action"] != "merge":
        raise WorkbenchError("workbench.error.bad_request", 404)
    if entry["status"] != "pending":
        raise WorkbenchError("codebook.error.merge_settled", 409)
    return entry


def undo_merge(store: Store, survey_id: int, user_id: int | None, entry_id: int) -> None:
    with store.transaction():
        entry = _pending_merge(store, survey_id, entry_id)
        detail = json.loads(entry["detail"])
        store.move_codings(detail["moved"], detail["source"])
        store.set_deleted(detail["duplicates"], None)
        store.set_parents(detail["children"], detail["source"])
        store.set_code_active(detail["source"], True, None)
        store.set_codebook_log_status(entry_id, "undone")
        store.log_codebook(survey_id, user_id, "unmerge", {"merge": entry_id}, now())


def confirm_merge(store: Store, survey_id: int, user_id: int | None, entry_id: int) -> None:
    with store.transaction():
        _pending_merge(store, survey_id, entry_id)
        store.set_codebook_log_status(entry_id, "confirmed")
        store.log_codebook(survey_id, user_id, "confirm", {"merge": entry_id}, now())


def reassign(
    store: Store, survey_id: int, user_id: int | None, coding_ids: Iterable[int], target_id: int
) -> int:
    """Split a code by moving chosen codings to another (often new) code."""
    with store.transaction():
        _code(store, survey_id, target_id)
        ids = []
        for coding_id in coding_ids:
            coding = store.coding(coding_id)
            code = store.code(coding["code_id"]) if coding else None
            if coding is None or code is None or code["survey_id"] != survey_id:
                raise WorkbenchError("workbench.error.no_coding", 404)
            ids.append(coding_id)
        if not ids:
            raise WorkbenchError("codebook.error.none_chosen")
        store.move_codings(ids, target_id)
        store.log_codebook(
            survey_id, user_id, "reassign", {"codings": ids, "target": target_id}, now()
        )
        return len(ids)


# --- exchange ------------------------------------------------------------------------


def _codes_by_id(store: Store, survey_id: int) -> dict[int, dict[str, Any]]:
    return {c["id"]: c for c in store.codes(survey_id)}


def to_codebook(store: Store, survey: Mapping[str, Any], language: str) -> cb.Codebook:
    """The engine's view of the survey's codebook (its content hash names the version
    that suggestions and trained models belong to)."""
    return cb.loads(to_toml(store, survey, language), f"survey {survey['id']} codebook")


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def to_toml(store: Store, survey: Mapping[str, Any], language: str) -> str:
    codes = _codes_by_id(store, survey["id"])
    other = "en" if language == "sv" else "sv"
    lines = [
        "[codebook]",
        f"name = {toml_string(survey['title'])}",
        f'language = "{language}"',
        f'version = "{store.codebook_rev(survey["id"])}"',
    ]
    for code in codes.values():
        keywords = keywords_of(code)
        lines += [
            "",
            "[[themes]]",
            f'id = "{code["key"]}"',
            f"label = {toml_string(code['label'])}",
        ]
        if language == "sv" and code.get("label_en"):
            lines.append(f"label_en = {toml_string(code['label_en'])}")
        if code["description"]:
            lines.append(f"description = {toml_string(code['description'])}")
        weak, by_question = weak_keywords_of(code), question_keywords_of(code)
        for lang, suffix in ((language, ""), (other, f"_{other}")):
            words = ", ".join(toml_string(w) for w in keywords.get(lang, []))
            lines.append(f"keywords{suffix} = [{words}]")
            if weak.get(lang):
                words = ", ".join(toml_string(w) for w in weak[lang])
                lines.append(f"weak_keywords{suffix} = [{words}]")
        parent = codes.get(code["parent_id"]) if code["parent_id"] else None
        if parent:
            lines.append(f'parent = "{parent["key"]}"')
        if code["color"]:
            lines.append(f'color = "{code["color"]}"')
        lines.append(f'guid = "{code["guid"]}"')
        for lang, suffix in ((language, ""), (other, f"_{other}")):
            if by_question.get(lang):
                lines.append(f"[themes.question_keywords{suffix}]")
                for question, question_words in by_question[lang].items():
                    listed = ", ".join(toml_string(w) for w in question_words)
                    lines.append(f"{toml_string(question)} = [{listed}]")
    return "\n".join(lines) + "\n"


def to_json(store: Store, survey: Mapping[str, Any]) -> str:
    """The codebook as JSON for scripts: every code with its parent's key."""
    codes = _codes_by_id(store, survey["id"])
    items = [
        {
            "key": c["key"],
            "guid": c["guid"],
            "label": c["label"],
            "description": c["description"] or "",
            "color": c["color"],
            "parent": codes[c["parent_id"]]["key"] if c["parent_id"] in codes else None,
            "keywords": keywords_of(c),
            "weak_keywords": weak_keywords_of(c),
            "question_keywords": question_keywords_of(c),
        }
        for c in codes.values()
    ]
    return json.dumps(
        {"codebook": survey["title"], "version": store.codebook_rev(survey["id"]), "codes": items},
        ensure_ascii=False,
        indent=2,
    )


def import_codebook(
    store: Store,
    survey_id: int,
    user_id: int | None,
    codebook: cb.Codebook,
    guids: Mapping[str, str] | None = None,
) -> tuple[int, int]:
    """Add the codebook's themes to the survey's codebook: a theme whose id is already
    there updates that code, a new one is added. Nothing is deleted. (added, updated)"""
    added = updated = 0
    with store.transaction():
        by_key: dict[str, int] = {}
        for theme in codebook.themes:
            keywords = stored_keywords(
                {lang: list(words) for lang, words in theme.keywords.items() if words},
                {lang: list(words) for lang, words in theme.weak.items()},
                {lang: {q: list(w) for q, w in t.items()} for lang, t in theme.by_question.items()},
            )
            existing = store.code_by_key(survey_id, theme.id)
            if existing is not None:
                row = dict(existing)
                row.update(label=theme.label, description=theme.description, keywords=keywords)
                row["color"] = theme.color or existing["color"]
                store.update_code(existing["id"], row, now())
                if not existing["active"]:
                    store.set_code_active(existing["id"], True, None)
                by_key[theme.id] = existing["id"]
                updated += 1
            else:
                count = len(store.codes(survey_id, inactive=True))
                by_key[theme.id] = store.add_code(
                    survey_id,
                    {
                        "key": theme.id,
                        "guid": (guids or {}).get(theme.id) or refi_qda.new_guid(),
                        "label": theme.label,
                        "description": theme.description,
                        "color": theme.color or PALETTE[count % len(PALETTE)],
                        "keywords": keywords,
                    },
                    now(),
                )
                added += 1
        for theme in codebook.themes:
            if theme.parent and theme.parent in by_key:
                store.set_parents([by_key[theme.id]], by_key[theme.parent])
        store.log_codebook(
            survey_id,
            user_id,
            "import",
            {"name": codebook.name, "added": added, "updated": updated},
            now(),
        )
    return added, updated


def import_toml(
    store: Store, survey_id: int, user_id: int | None, raw: bytes, name: str
) -> tuple[int, int]:
    try:
        codebook = cb.loads(raw, name)
    except cb.CodebookError as exc:
        raise WorkbenchError(
            "codebook.error.file", 400, {"problems": "; ".join(exc.problems)}
        ) from None
    try:
        data = __import__("tomllib").loads(raw.decode("utf-8"))
        guids = {
            t["id"]: t["guid"] for t in data.get("themes", []) if isinstance(t.get("guid"), str)
        }
        english = {
            t["id"]: t["label_en"].strip()
            for t in data.get("themes", [])
            if isinstance(t.get("label_en"), str)
        }
    except (ValueError, TypeError, KeyError):
        guids, english = {}, {}
    counts = import_codebook(store, survey_id, user_id, codebook, guids)
    if codebook.language == "sv" and english:
        with store.transaction():
            store.set_english_labels(survey_id, english)
    return counts


def import_qdc(
    store: Store, survey_id: int, user_id: int | None, src: bytes | BinaryIO | Path
) -> tuple[int, int]:
    """A REFI-QDA codebook (or project, or Taguette's flat QDC): codes matched to existing
    ones by GUID."""
    try:
        records = refi_qda.read_codebook(src)
    except refi_qda.RefiQdaError as exc:
        raise _file_error(exc) from None
    return _import_records(store, survey_id, user_id, records, "qdc")


def import_csv(
    store: Store, survey_id: int, user_id: int | None, raw: bytes, filename: str = "codebook.csv"
) -> tuple[int, int]:
    """A codebook CSV as Taguette writes and reads it (`tag,description`, paths for the
    hierarchy), or as a spreadsheet keeps it (CSV or .xlsx, `Kod;Beskrivning`): codes
    matched to existing ones by their path of labels, else added."""
    try:
        records = taguette.read_codebook_csv(raw, filename)
    except refi_qda.RefiQdaError as exc:
        raise _file_error(exc) from None
    return _import_records(store, survey_id, user_id, records, "csv")


# At most this many problems of a file are shown; the rest are counted.
MAX_PROBLEMS = 20


def _file_error(exc: refi_qda.RefiQdaError) -> WorkbenchError:
    """A file's problems for the page: its translated refusal, or the first few problems."""
    if exc.key:
        return WorkbenchError(exc.key, 400, dict(exc.params))
    shown = exc.problems[:MAX_PROBLEMS]
    more = len(exc.problems) - len(shown)
    return WorkbenchError("codebook.error.file", 400, {"problems": Messages(shown, more)})


def _label_paths(codes: Mapping[int, Mapping[str, Any]]) -> dict[str, int]:
    """Code id by its path of labels, folded ("samverkan.skola och socialtjänst")."""
    found: dict[str, int] = {}
    for code in codes.values():
        parts: list[str] = []
        seen: set[int] = set()
        current: Mapping[str, Any] | None = code
        while current is not None and current["id"] not in seen:
            seen.add(current["id"])
            parts.append(taguette.label_part(current["label"]).casefold())
            current = codes.get(current["parent_id"]) if current["parent_id"] else None
        found.setdefault(taguette.SEPARATOR.join(reversed(parts)), code["id"])
    return found


def _import_records(
    store: Store,
    survey_id: int,
    user_id: int | None,
    records: list[refi_qda.CodeRecord],
    kind: str,
) -> tuple[int, int]:
    """Add or update the codes of a read codebook (parents come first), in one transaction:
    matched by guid, and for a CSV (which has no guids) by path of labels."""
    added = updated = 0
    with store.transaction():
        existing = {c["id"]: c for c in store.codes(survey_id, inactive=True)}
        by_guid = {c["guid"].lower(): c for c in existing.values()}
        by_path = _label_paths(existing) if kind == "csv" else {}
        record_paths = (
            {r.guid: p.casefold() for r, p in zip(records, _paths_of(records), strict=True)}
            if kind == "csv"
            else {}
        )
        ids: dict[str, int] = {}
        for record in records:
            found = by_guid.get(record.guid.lower())
            if found is None and record.guid in record_paths:
                match = by_path.get(record_paths[record.guid])
                found = existing.get(match) if match is not None else None
            if found is not None:
                row = dict(found)
                if record.codable or record.description:
                    row.update(label=record.name[:MAX_LABEL], description=record.description)
                row["color"] = record.color or found["color"]
                store.update_code(found["id"], row, now())
                store.set_code_active(found["id"], True, None)
                ids[record.guid] = found["id"]
                updated += 1
            else:
                count = len(store.codes(survey_id, inactive=True))
                ids[record.guid] = store.add_code(
                    survey_id,
                    {
                        "key": _unique_key(store, survey_id, record.name),
                        "guid": record.guid.lower(),
                        "label": record.name[:MAX_LABEL],
                        "description": record.description,
                        "color": record.color or PALETTE[count % len(PALETTE)],
                    },
                    now(),
                )
                added += 1
        for record in records:
            if record.parent and record.parent in ids:
                store.set_parents([ids[record.guid]], ids[record.parent])
        store.log_codebook(
            survey_id, user_id, "import", {kind: True, "added": added, "updated": updated}, now()
        )
    return added, updated


def _paths_of(records: list[refi_qda.CodeRecord]) -> list[str]:
    found = taguette.paths(records)
    return [found[refi_qda.canonical_guid(r.guid) or r.guid] for r in records]


def grouping_only(store: Store, survey_id: int) -> set[int]:
    """Codes that only group others: they have sub-codes, no coding of their own and no
    keywords (so the engine never suggests them). Other tools get them as not codable."""
    codes = store.codes(survey_id)
    parents = {c["parent_id"] for c in codes if c["parent_id"]}
    used = store.code_counts(survey_id)
    return {
        c["id"]
        for c in codes
        if c["id"] in parents
        and not used.get(c["id"])
        and not any(keywords_of(c).values())
        and not any(weak_keywords_of(c).values())
    }


def code_records(store: Store, survey_id: int) -> list[refi_qda.CodeRecord]:
    """The survey's active codes as exchange records, grouping-only parents not codable."""
    codes = _codes_by_id(store, survey_id)
    grouping = grouping_only(store, survey_id)
    return [
        refi_qda.CodeRecord(
            guid=c["guid"],
            name=c["label"],
            description=c["description"] or "",
            color=c["color"],
            parent=codes[c["parent_id"]]["guid"] if c["parent_id"] in codes else None,
            codable=c["id"] not in grouping,
        )
        for c in codes.values()
    ]


def export_qdc(store: Store, survey_id: int, out: str | Path | BinaryIO) -> None:
    refi_qda.write_codebook(code_records(store, survey_id), out)


def export_csv(store: Store, survey_id: int) -> str:
    """The codebook as the CSV Taguette imports (`tag,description`, paths for levels)."""
    return taguette.codebook_csv(code_records(store, survey_id))


def import_starter(store: Store, survey_id: int, user_id: int | None) -> tuple[int, int]:
    """Start the survey's codebook from the bundled one for school-social teams."""
    path = cb.bundled()
    return import_toml(store, survey_id, user_id, path.read_bytes(), path.name)
