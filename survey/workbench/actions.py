"""What an evaluator does to one answer: code it whole or a span of it, remove or
re-stance a code, accept or reject a suggestion, mark it done, undo — each in one
transaction, each logged, each checked against the revision the evaluator's page was
built from so that two people coding the same answer never silently overwrite each
other. Returns the answer's fresh state (a "cell") for the page to redraw."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from survey import privacy
from survey.kinds import STANCES, SUGGESTION_SOURCES, Decision
from survey.store import Store, now
from survey.workbench.highlight import shown
from survey.workbench.suggestions import stance_hint

MAX_QUOTE = 20_000


@dataclass
class WorkbenchError(Exception):
    """A refused action; `key` is a translation key for the message the user sees."""

    key: str
    status: int = 400
    params: dict[str, Any] = field(default_factory=dict)
    cell: dict[str, Any] | None = None


def default_stance(answer: dict[str, Any]) -> str:
    """A hand-added code's first stance: what its question asks for, by the
    questionnaire's hint or, for an imported survey, by the question's own words."""
    hint = stance_hint(answer) or ""
    return hint if hint in STANCES else ""


def _over(item: dict[str, Any], hidden: Sequence[Any]) -> bool:
    """Whether an evidence item's words overlap one of the answer's identifying details."""
    start, end = item.get("start"), item.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or end <= start:
        return False
    return any(f.start < end and start < f.end for f in hidden)


# Evidence that is words of the answer: keywords, and words matching a code's description.
EVIDENCE_WORDS = ("keyword", "part", "phrase", "description")


def evidence_summary(raw: str | None, hidden: Sequence[Any] = ()) -> dict[str, Any]:
    """What the evaluator needs to judge a suggestion: the matched words with their
    offsets, the negation or hedging near them, and the model's confidence. Evidence
    over an identifying detail of the answer (`hidden`: the pseudonymiser's findings,
    with `start` and `end`) is left out: the text shows its placeholder instead."""
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        items = []
    items = [e for e in items if isinstance(e, dict) and not _over(e, hidden)]
    return {
        "words": list(
            dict.fromkeys(
                e["text"] for e in items if e.get("kind") in EVIDENCE_WORDS and e.get("text")
            )
        ),
        "cues": [
            f"{e['text']} ({e['kind']})" for e in items if e.get("kind") in ("negation", "hedge")
        ],
        "confidence": next((e.get("confidence") for e in items if e.get("kind") == "model"), None),
        # Found by the code's description, no keyword: named so, not "keywords".
        "described": any(e.get("kind") == "description" for e in items)
        and not any(e.get("kind") in ("keyword", "part", "phrase") for e in items),
        "marks": [
            (e["start"], e["end"])
            for e in items
            if e.get("kind") in EVIDENCE_WORDS and e.get("text") and isinstance(e.get("start"), int)
        ],
    }


def load_answer(store: Store, survey_id: int, answer_id: int) -> dict[str, Any]:
    """An open answer of this survey, or 404 — also for another survey's answer."""
    answer = store.answer_for_coding(answer_id)
    if answer is None or answer["survey_id"] != survey_id:
        raise WorkbenchError("workbench.error.no_answer", 404)
    if answer["type"] not in ("text", "textarea"):
        raise WorkbenchError("workbench.error.not_open", 400)
    return answer


def cells(
    store: Store,
    survey_id: int,
    answers: list[dict[str, Any]],
    me: int,
    codebook_id: int | None,
) -> dict[int, dict[str, Any]]:
    """The coding state of many answers in a few queries: codes (flagged stale when the
    answer text changed under a span), open suggestions, revision, memo count."""
    ids = [a["id"] for a in answers]
    codes = {c["id"]: c for c in store.codes(survey_id, inactive=True)}
    cleaner = privacy.pseudonymiser(store, survey_id)
    out: dict[int, dict[str, Any]] = {
        a["id"]: {
            "id": a["id"],
            "text": a["value"],
            "qid": a["qid"],
            "response_id": a["response_id"],
            "codings": [],
            "suggestions": [],
            "hidden": cleaner.find(a["value"]),
            "rev": 0,
            "memos": 0,
            "done": False,
        }
        for a in answers
    }
    for c in store.visible_codings(ids, me):
        code = codes.get(c["code_id"])
        text = out[c["answer_id"]]["text"]
        stale = c["start"] is not None and text[c["start"] : c["end"]] != c["quote"]
        out[c["answer_id"]]["codings"].append(
            {
                "id": c["id"],
                "code_id": c["code_id"],
                "label": code["label"] if code else "?",
                "color": (code or {}).get("color") or "#5b6770",
                "start": c["start"],
                "end": c["end"],
                "quote": privacy.shown_quote(cleaner, c["quote"], text, c["start"], c["end"]),
                "stance": c["stance"],
                "source": c["source"],
                "coder": c["coder"],
                "mine": c["coder_id"] == me,
                "consensus": bool(c["consensus"]),
                "stale": stale,
            }
        )
    blind = store.blind_answer_ids(survey_id, me)
    for s in store.open_suggestions(survey_id, codebook_id, ids):
        if s["answer_id"] in blind:
            continue
        out[s["answer_id"]]["suggestions"].append(
            {
                "id": s["id"],
                "code_id": s["code_id"],
                "label": s["label"],
                "color": s["color"] or "#5b6770",
                "start": s["start"],
                "end": s["end"],
                "stance": s["stance"],
                "score": round(s["score"], 2),
                "source": s["source"],
                **evidence_summary(s["evidence"], out[s["answer_id"]]["hidden"]),
            }
        )
    for answer_id, rev in store.answer_revs(ids, me).items():
        out[answer_id]["rev"] = rev
    for memo in store.memos(survey_id, "answer", ids, viewer=me):
        out[memo["target_id"]]["memos"] += 1
    for answer_id in store.done_answer_ids(ids, me):
        out[answer_id]["done"] = True
    for answer_id in ids:
        out[answer_id]["blind"] = answer_id in blind
    return out


def cell(store: Store, survey_id: int, answer_id: int, me: int) -> dict[str, Any]:
    answer = store.answer_for_coding(answer_id)
    assert answer is not None
    survey = store.survey_by_id(survey_id) or {}
    return cells(store, survey_id, [answer], me, survey.get("suggestion_codebook_id"))[answer_id]


def _check_rev(store: Store, survey_id: int, answer_id: int, me: int, rev: int | None) -> None:
    if rev is not None and store.answer_rev(answer_id, me) != rev:
        raise WorkbenchError(
            "workbench.error.conflict", 409, cell=cell(store, survey_id, answer_id, me)
        )


def _active_code(store: Store, survey_id: int, code_id: int) -> dict[str, Any]:
    code = store.code(code_id)
    if code is None or code["survey_id"] != survey_id:
        raise WorkbenchError("workbench.error.no_code", 404)
    if not code["active"]:
        target = store.code(code["merged_into"]) if code["merged_into"] else None
        raise WorkbenchError(
            "workbench.error.code_gone",
            409,
            {"code": code["label"], "into": (target or {}).get("label", "–")},
        )
    return code


def add_coding(
    store: Store,
    survey_id: int,
    user_id: int,
    answer_id: int,
    code_id: int,
    *,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    rev: int | None = None,
    stance: str | None = None,
) -> dict[str, Any]:
    """Code the whole answer (no offsets) or the span [start, end) whose text the page
    showed as `quote`; the same code twice by the same coder is stored once."""
    with store.transaction():
        answer = load_answer(store, survey_id, answer_id)
        _check_rev(store, survey_id, answer_id, user_id, rev)
        _active_code(store, survey_id, code_id)
        text = answer["value"]
        if start is None and end is None:
            quote = text
        else:
            in_range = start is not None and end is not None and 0 <= start < end <= len(text)
            hidden = privacy.pseudonymiser(store, survey_id).find(text) if in_range else []
            # The page shows identifiers as placeholders: the quote it sends may be that.
            if (
                start is None
                or end is None
                or not in_range
                or quote not in (text[start:end], shown(text, start, end, hidden))
            ):
                raise WorkbenchError(
                    "workbench.error.offsets", 409, cell=cell(store, survey_id, answer_id, user_id)
                )
            quote = text[start:end]  # stored as written; shown pseudonymised
        if stance is not None and stance not in (*STANCES, ""):
            raise WorkbenchError("workbench.error.stance", 400)
        existing = store.same_coding(answer_id, code_id, user_id, start, end)
        if existing is None:
            stamp = now()
            coding_id = store.add_coding(
                {
                    "answer_id": answer_id,
                    "code_id": code_id,
                    "coder_id": user_id,
                    "start": start,
                    "end": end,
                    "quote": (quote or "")[:MAX_QUOTE],
                    "stance": default_stance(answer) if stance is None else stance,
                    "source": "human",
                },
                stamp,
            )
            store.log_action(survey_id, answer_id, user_id, "add", stamp, coding_id=coding_id)
            store.unmark_done(answer_id, user_id)
        return cell(store, survey_id, answer_id, user_id)


def _own_coding(store: Store, survey_id: int, user_id: int, coding_id: int) -> dict[str, Any]:
    coding = store.coding(coding_id)
    answer = store.answer_for_coding(coding["answer_id"]) if coding else None
    if coding is None or answer is None or answer["survey_id"] != survey_id:
        raise WorkbenchError("workbench.error.no_coding", 404)
    if coding["deleted_at"] is not None:
        raise WorkbenchError(
            "workbench.error.conflict", 409, cell=cell(store, survey_id, answer["id"], user_id)
        )
    blind = store.blind_answer_ids(survey_id, user_id)
    if coding["answer_id"] in blind and coding["coder_id"] != user_id:
        raise WorkbenchError("workbench.error.no_coding", 404)
    return coding


def remove_coding(
    store: Store, survey_id: int, user_id: int, coding_id: int, rev: int | None = None
) -> dict[str, Any]:
    with store.transaction():
        coding = _own_coding(store, survey_id, user_id, coding_id)
        _check_rev(store, survey_id, coding["answer_id"], user_id, rev)
        stamp = now()
        store.set_deleted([coding_id], stamp)
        store.log_action(
            survey_id, coding["answer_id"], user_id, "remove", stamp, coding_id=coding_id
        )
        return cell(store, survey_id, coding["answer_id"], user_id)


def set_stance(
    store: Store, survey_id: int, user_id: int, coding_id: int, stance: str, rev: int | None = None
) -> dict[str, Any]:
    if stance not in (*STANCES, ""):
        raise WorkbenchError("workbench.error.stance", 400)
    with store.transaction():
        coding = _own_coding(store, survey_id, user_id, coding_id)
        _check_rev(store, survey_id, coding["answer_id"], user_id, rev)
        store.set_stance(coding_id, stance)
        store.log_action(
            survey_id,
            coding["answer_id"],
            user_id,
            "stance",
            now(),
            coding_id=coding_id,
            detail=coding["stance"],
        )
        return cell(store, survey_id, coding["answer_id"], user_id)


def _open_suggestion(
    store: Store, survey_id: int, suggestion_id: int, user_id: int, answer_id: int | None
) -> dict[str, Any]:
    suggestion = store.suggestion(suggestion_id)
    if suggestion is None or suggestion["survey_id"] != survey_id:
        answer = store.answer_for_coding(answer_id) if answer_id else None
        if answer_id is not None and answer is not None and answer["survey_id"] == survey_id:
            # Replaced by a newer coding run since the page was built: show what is there now.
            raise WorkbenchError(
                "workbench.error.suggestion_gone",
                409,
                cell=cell(store, survey_id, answer_id, user_id),
            )
        raise WorkbenchError("workbench.error.no_suggestion", 404)
    return suggestion


def accept_suggestion(
    store: Store,
    survey_id: int,
    user_id: int,
    suggestion_id: int,
    rev: int | None = None,
    answer_id: int | None = None,
) -> dict[str, Any]:
    """A coding by this evaluator with the suggestion's code, span and stance, whose
    source stays rule or model, so agreement and training know where it came from."""
    return _decide(store, survey_id, user_id, suggestion_id, "accepted", rev, answer_id)


def reject_suggestion(
    store: Store,
    survey_id: int,
    user_id: int,
    suggestion_id: int,
    rev: int | None = None,
    answer_id: int | None = None,
) -> dict[str, Any]:
    """Remembered (never suggested again to this evaluator) and fed to the next training
    as a negative example."""
    return _decide(store, survey_id, user_id, suggestion_id, "rejected", rev, answer_id)


def _decide(
    store: Store,
    survey_id: int,
    user_id: int,
    suggestion_id: int,
    decision: Decision,
    rev: int | None,
    answer_id: int | None,
) -> dict[str, Any]:
    with store.transaction():
        s = _open_suggestion(store, survey_id, suggestion_id, user_id, answer_id)
        answer = load_answer(store, survey_id, s["answer_id"])
        _check_rev(store, survey_id, answer["id"], user_id, rev)
        if s["decision"] is not None:
            raise WorkbenchError(
                "workbench.error.reviewed", 409, cell=cell(store, survey_id, answer["id"], user_id)
            )
        stamp = now()
        coding_id = None
        if decision == "accepted":
            code = store.code_by_key(survey_id, s["theme"])
            if code is None:
                raise WorkbenchError("workbench.error.no_code", 404)
            code = _active_code(store, survey_id, code["id"])
            text = answer["value"]
            whole = s["start"] == 0 and s["end"] >= len(text)
            start, end = (None, None) if whole else (s["start"], min(s["end"], len(text)))
            coding_id = store.add_coding(
                {
                    "answer_id": answer["id"],
                    "code_id": code["id"],
                    "coder_id": user_id,
                    "start": start,
                    "end": end,
                    "quote": text if whole else text[start:end],
                    "stance": s["stance"] if s["stance"] in STANCES else "",
                    "source": s["source"] if s["source"] in SUGGESTION_SOURCES else "rule",
                    "suggestion_id": suggestion_id,
                },
                stamp,
            )
        store.review_suggestion(suggestion_id, user_id, decision, coding_id, stamp)
        store.log_action(
            survey_id,
            answer["id"],
            user_id,
            "accept" if decision == "accepted" else "reject",
            stamp,
            coding_id=coding_id,
            suggestion_id=suggestion_id,
        )
        return cell(store, survey_id, answer["id"], user_id)


def mark_done(
    store: Store, survey_id: int, user_id: int, answer_id: int, rev: int | None = None
) -> dict[str, Any]:
    """ "Looked at, nothing applies": counts as coded (with no code) for agreement."""
    with store.transaction():
        load_answer(store, survey_id, answer_id)
        _check_rev(store, survey_id, answer_id, user_id, rev)
        stamp = now()
        store.mark_done(answer_id, user_id, stamp)
        store.log_action(survey_id, answer_id, user_id, "done", stamp)
        return cell(store, survey_id, answer_id, user_id)


def undo(store: Store, survey_id: int, user_id: int) -> dict[str, Any]:
    """Reverse this evaluator's last action in the survey (repeatable, further back)."""
    with store.transaction():
        last = store.last_action(survey_id, user_id)
        if last is None:
            raise WorkbenchError("workbench.error.nothing_to_undo", 409)
        action, coding_id = last["action"], last["coding_id"]
        if action == "add" and coding_id:
            store.set_deleted([coding_id], now())
        elif action == "remove" and coding_id:
            store.set_deleted([coding_id], None)
        elif action == "stance" and coding_id:
            store.set_stance(coding_id, last["detail"] or "")
        elif action in ("accept", "reject") and last["suggestion_id"]:
            if coding_id:
                store.set_deleted([coding_id], now())
            store.unreview_suggestion(last["suggestion_id"])
        elif action == "done":
            store.unmark_done(last["answer_id"], user_id)
        store.mark_undone(last["id"])
        store.log_action(survey_id, last["answer_id"], user_id, "undo", now())
        result = cell(store, survey_id, last["answer_id"], user_id)
        result["undone"] = action
        return result
