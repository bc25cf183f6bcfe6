"""The suggestion queue in two orders: most confident first (quick to confirm) and most
uncertain first (the decisions that teach the model most), chosen on the page and kept
when a suggestion is skipped."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import Auth, Suggest


def _queue_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-suggestion="(\d+)"', html)]


def test_the_queue_lists_the_most_uncertain_suggestions_first_when_asked(
    client: FlaskClient, db: Store, team: dict, suggest: Suggest
) -> None:
    found = suggest()
    assert len(found) >= 3, "the demo answers give suggestions to order"
    user = Auth(client, db).sign_in("evaluator")
    sid = team["survey"]["id"]
    db.assign(user["id"], sid)
    # Scores spread from sure to unsure: 0.5 is the engine's threshold.
    scores = {s["id"]: 0.5 + 0.49 * (i / (len(found) - 1)) for i, s in enumerate(found)}
    for suggestion, score in scores.items():
        db.db.execute("UPDATE suggestions SET score = ? WHERE id = ?", (score, suggestion))
    url = f"/coding/surveys/{sid}/queue"

    confident = _queue_ids(client.get(url).get_data(as_text=True))
    assert confident[0] == max(scores, key=scores.__getitem__)
    assert [scores[i] for i in confident] == sorted((scores[i] for i in confident), reverse=True)

    page = client.get(f"{url}?order=uncertain").get_data(as_text=True)
    uncertain = _queue_ids(page)
    assert uncertain[0] == min(scores, key=scores.__getitem__)
    assert [scores[i] for i in uncertain] == sorted(scores[i] for i in uncertain)
    assert 'value="uncertain" selected' in page and "Osäkrast först" in page
    assert f"?order=uncertain&amp;skip={uncertain[0]}" in page, "skipping keeps the order"

    unknown = _queue_ids(client.get(f"{url}?order=nonsense").get_data(as_text=True))
    assert unknown == confident, "an unknown order falls back to most confident first"
