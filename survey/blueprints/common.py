"""What several blueprints show alike: the codebook as an indented tree and a survey's
open questions (the ones that are coded). One module, so no blueprint imports another."""

from __future__ import annotations

from typing import Any

from survey.fielding.questionnaire import Question
from survey.formatting import number
from survey.i18n import Message, current_language, say, translate
from survey.web import get_store


def open_questions(survey: dict[str, Any]) -> list[Question]:
    """The survey's free-text questions, in questionnaire order: what evaluators code."""
    questionnaire = get_store().load_version(survey["version_id"])
    return [q for q in questionnaire.questions() if q.type in ("text", "textarea")]


def code_tree(codes: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Codes in hierarchy order with their depth, for lists and pickers."""
    children: dict[int | None, list[dict[str, Any]]] = {}
    ids = {c["id"] for c in codes}
    for code in codes:
        parent = code["parent_id"] if code["parent_id"] in ids else None
        children.setdefault(parent, []).append(code)
    out: list[tuple[dict[str, Any], int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get(parent, []):
            out.append((code, depth))
            walk(code["id"], depth + 1)

    walk(None, 0)
    return out


def refusal_text(error: Exception) -> str:
    """Why a file was refused, in the user's language when the refusal has a translation
    key (a `FileRefused`, or a `WorkbenchError`), with its numbers formatted for the
    language; else as the error says it."""
    key = getattr(error, "key", None)
    lang = current_language()
    if not key:
        first = error.args[0] if error.args else ""
        return say(first, lang) if isinstance(first, Message) else str(error)
    params = getattr(error, "params", {}) or {}
    shown = {k: number(v, lang) if isinstance(v, int) else v for k, v in params.items()}
    return translate(key, lang, **shown)
