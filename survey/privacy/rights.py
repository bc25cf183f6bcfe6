"""Respondents' rights and the survey's retention: purge after the delete-after date,
erase one respondent's data, export it for an access request. Each is audited."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from survey.privacy.audit import audit
from survey.privacy.masking import keep_names_hidden
from survey.store import Store, now, parse_attributes
from survey.tokens import hash_code, hash_token


class PrivacyError(ValueError):
    """A request that cannot be carried out; the message says why."""


# --- retention -----------------------------------------------------------------------


def parse_date(value: str) -> str:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise PrivacyError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def purge(
    store: Store, *, today: str | None = None, actor: str | None = None
) -> list[dict[str, Any]]:
    """Delete the responses (with codings, suggestions, memos on them) and invitations
    of every survey whose delete-after date has passed. The survey, its questionnaire
    and codebook stay. Each purge is audited. As after an erasure, the caller retires
    the purged surveys' trained models (`workbench.training.retire_models`, given each
    entry's `survey_id`), whose vocabulary holds the purged answers' words."""
    today = today or datetime.now(UTC).date().isoformat()
    done = []
    for survey in store.expired_surveys(today):
        responses = store.delete_responses(store.response_ids(survey["id"]))
        invitations = store.delete_invitations(store.invitation_ids(survey["id"]))
        entry = {
            "survey_id": survey["id"],
            "survey": survey["slug"],
            "delete_after": survey["delete_after"],
            "responses": responses,
            "invitations": invitations,
        }
        audit(
            store, "purge", target=f"survey:{survey['id']}", detail=entry, actor=actor or "system"
        )
        done.append(entry)
    if done:
        store.forget_deleted_text()
    return done


# --- one respondent --------------------------------------------------------------------


def find_responses(
    store: Store,
    survey: Mapping[str, Any],
    *,
    email: str | None = None,
    resume_code: str | None = None,
    token: str | None = None,
) -> tuple[list[dict[str, Any]], list[int]]:
    """A respondent's responses and invitations, found by invitation e-mail or link
    token, or by the resume code of an anonymous response."""
    if sum(bool(x) for x in (email, resume_code, token)) != 1:
        raise PrivacyError("give exactly one of: invitation e-mail, invitation token, resume code")
    if resume_code:
        response = store.response_by_resume_hash(survey["id"], hash_code(survey["id"], resume_code))
        if response is None:
            raise PrivacyError("no response of this survey has that resume code")
        return [response], []
    if token:
        invitation = store.invitation_by_token_hash(hash_token(token.strip()))
        invitations = [invitation] if invitation and invitation["survey_id"] == survey["id"] else []
    else:
        invitations = store.invitations_by_email(survey["id"], email or "")
    if not invitations:
        raise PrivacyError("no invitation of this survey matches")
    responses = [r for i in invitations for r in store.responses_of_invitation(i["id"])]
    return responses, [i["id"] for i in invitations]


def erase(
    store: Store,
    survey: Mapping[str, Any],
    *,
    user: Mapping[str, Any] | None = None,
    email: str | None = None,
    resume_code: str | None = None,
    token: str | None = None,
) -> dict[str, int]:
    """Delete one respondent's data: responses with answers, codings, suggestions, memos
    and search index entries, and their invitation (name, e-mail, attributes); the
    search indexes are rewritten so no trace stays in the file. Their name stays hidden
    in others' answers, kept only as salted hashes. The caller retires trained models
    (`workbench.training.retire_models`)."""
    which = {"email": email, "resume_code": resume_code, "token": token}
    responses, invitations = find_responses(store, survey, **which)
    with store.transaction():
        keep_names_hidden(store, survey["id"], invitations)
        deleted = {
            "responses": store.delete_responses([r["id"] for r in responses]),
            "invitations": store.delete_invitations(invitations),
        }
    store.forget_deleted_text()
    how = next(k for k, v in which.items() if v)
    audit(
        store, "erasure", user=user, target=f"survey:{survey['id']}", detail={"by": how, **deleted}
    )
    return deleted


def access(
    store: Store,
    survey: Mapping[str, Any],
    *,
    user: Mapping[str, Any] | None = None,
    email: str | None = None,
    resume_code: str | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    """Everything stored about one respondent, for an access request (as JSON)."""
    which = {"email": email, "resume_code": resume_code, "token": token}
    responses, invitations = find_responses(store, survey, **which)
    data = {
        "survey": survey["title"],
        "exported_at": now(),
        "responses": [
            {
                "status": r["status"],
                "language": r["lang"],
                "started_at": r["started_at"],
                "completed_at": r["completed_at"],
                "consent_version": r["consent_version"],
                "consent_at": r["consent_at"],
                "attributes": parse_attributes(r["attributes"]),
                "answers": [
                    {"question": a["text_sv"] or a["qid"], "answer": a["value"]}
                    for a in store.respondent_answers(r["id"])
                ],
                "codes": [
                    {
                        "question": c["qid"],
                        "code": c["label"],
                        "start": c["start"],
                        "end": c["end"],
                        "stance": c["stance"],
                    }
                    for c in store.respondent_codings(r["id"])
                ],
            }
            for r in responses
        ],
        "invitations": len(invitations),
    }
    how = next(k for k, v in which.items() if v)
    audit(store, "access_export", user=user, target=f"survey:{survey['id']}", detail={"by": how})
    return data
