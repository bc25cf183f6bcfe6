"""Response monitoring for administrators: how many were invited, started and
completed, the response rate overall and per respondent group, responses per day, the
median time to complete, and where unfinished responses stopped."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from survey.fielding.questionnaire import Questionnaire
from survey.store import Store, parse_attributes


@dataclass
class Monitoring:
    invited: int
    started: int
    completed: int
    rate: float | None  # completed / invited, for invitation-based surveys
    by_group: dict[str, list[tuple[str, int, int, int, float | None]]] = field(default_factory=dict)
    per_day: list[tuple[str, int]] = field(default_factory=list)
    median_minutes: float | None = None
    stopped_at: list[tuple[str, int]] = field(default_factory=list)  # page title, partial count


def monitor(
    store: Store, survey: dict, questionnaire: Questionnaire, lang: str = "sv"
) -> Monitoring:
    invitations, responses = store.monitoring_rows(survey["id"])
    completed = [r for r in responses if r["status"] == "complete"]
    invited = len(invitations)
    result = Monitoring(
        invited=invited,
        started=len(responses),
        completed=len(completed),
        rate=(len(completed) / invited) if invited else None,
    )
    # Groups: an invitation's attributes, or the response's own for anonymous surveys.
    invitation_attrs = {i["id"]: parse_attributes(i["attributes"]) for i in invitations}
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for attrs in invitation_attrs.values():
        for key, value in attrs.items():
            counts[key][value][0] += 1
    for r in responses:
        attrs = invitation_attrs.get(r["invitation_id"]) or parse_attributes(r["attributes"])
        for key, value in attrs.items():
            counts[key][value][1] += 1
            if r["status"] == "complete":
                counts[key][value][2] += 1
    for key, values in sorted(counts.items()):
        result.by_group[key] = [
            (value, inv, st, done, (done / inv) if inv else None)
            for value, (inv, st, done) in sorted(values.items())
        ]
    days = Counter(r["completed_at"][:10] for r in completed if r["completed_at"])
    result.per_day = sorted(days.items())
    durations = []
    for r in completed:
        try:
            start = datetime.fromisoformat(r["started_at"])
            end = datetime.fromisoformat(r["completed_at"])
        except (TypeError, ValueError):
            continue
        durations.append((end - start).total_seconds() / 60)
    result.median_minutes = round(median(durations), 1) if durations else None
    titles = [
        (page.title[lang] if page.title else f"{number}")
        for number, page in enumerate(questionnaire.pages, start=1)
    ]
    stops = Counter(r["last_page"] for r in responses if r["status"] == "partial")
    result.stopped_at = [
        (titles[n] if n < len(titles) else str(n + 1), stops[n]) for n in sorted(stops)
    ]
    return result
