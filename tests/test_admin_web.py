"""Administration in the web app: surveys, invitations with a preview, monitoring, and a
walk over every staff page as each role."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.store import Store
from tests.conftest import Auth

from .conftest import form_tokens, invite, new_survey, post_form


def test_admin_creates_a_survey_from_a_questionnaire(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    version = db.latest_version("chefsenkat")
    form = {
        "questionnaire": str(version["id"]),
        "title": "Chefer Järva 2026",
        "slug": "chefer-jarva",
        "audience": "managers",
        "anonymous": "0",
        "opens": "2026-12-01",
        "closes": "2027-01-15",
        "attributes": "stadsdel, roll",
    }
    reply = post_form(client, "/admin/surveys/new", form)
    assert reply.status_code == 302
    survey = db.survey("chefer-jarva")
    assert survey["anonymous"] == 0 and survey["attributes"] == '["stadsdel", "roll"]'
    assert survey["opens_at"].startswith("2026-12-01T00:00:00+01:00")
    assert survey["closes_at"].startswith("2027-01-15T23:59:59+01:00")
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Enkätomgången är skapad." in page and "Personliga inbjudningar" in page


def test_survey_form_errors_are_clear_and_keep_the_input(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    version = db.latest_version("elev")
    reply = post_form(
        client,
        "/admin/surveys/new",
        {
            "questionnaire": str(version["id"]),
            "title": "Elever",
            "slug": "demo",
            "anonymous": "1",
            "opens": "2026-12-10",
            "closes": "2026-12-01",
        },
    )
    html = reply.get_data(as_text=True)
    assert "Det kortnamnet används redan." in html
    assert "Stängningsdagen måste komma efter öppningsdagen." in html
    assert 'value="Elever"' in html


def test_close_reopen_and_duplicate(client: FlaskClient, db: Store, auth: Auth) -> None:
    auth.sign_in("admin")
    survey = db.survey("demo")
    tokens = form_tokens(client, f"/admin/surveys/{survey['id']}")
    asked = client.post(f"/admin/surveys/{survey['id']}/close", data=tokens)
    assert "Stänga enkätomgången?" in asked.get_data(as_text=True)
    assert db.survey("demo")["status"] == "open", "closing asks first"
    client.post(f"/admin/surveys/{survey['id']}/close", data={**tokens, "confirm": "yes"})
    assert db.survey("demo")["status"] == "closed"
    assert client.application.test_client().get("/s/demo/1").status_code == 410
    client.post(f"/admin/surveys/{survey['id']}/reopen", data=tokens)
    assert db.survey("demo")["status"] == "open"
    copy = client.post(f"/admin/surveys/{survey['id']}/duplicate", data=tokens)
    copied = db.survey("demo-kopia")
    assert copy.headers["Location"].endswith(f"/admin/surveys/{copied['id']}")
    assert (
        copied["version_id"] == survey["version_id"] and copied["anonymous"] == survey["anonymous"]
    )
    assert db.count_responses(copied["id"]) == 0


def test_closing_asks_for_confirmation_and_says_who_is_halfway(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = db.survey("demo")
    partial = db.count_responses(survey["id"], "partial")
    assert partial > 0
    page = client.get(f"/admin/surveys/{survey['id']}").get_data(as_text=True)
    assert f'action="/admin/surveys/{survey["id"]}/close"' in page
    ask = client.get(f"/admin/surveys/{survey['id']}/close").get_data(as_text=True)
    assert "Ja, stäng enkätomgången" in ask and "har börjat svara men inte skickat in" in ask
    assert db.survey("demo")["status"] == "open"


def test_a_lost_personal_link_is_reissued_and_the_old_one_stops_working(
    app: Flask, client: FlaskClient, db: Store, auth: Auth
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    old = invite(db, survey, email="maria@example.org", name="Maria")
    respondent = app.test_client()
    post_form(respondent, f"/i/{old}/1", {"q1_roll": "Rektor i Järva"})
    auth.sign_in("admin")
    page = f"/admin/surveys/{survey['id']}"
    reply = client.post(
        f"{page}/reissue", data={**form_tokens(client, page), "email": "Maria@example.org"}
    )
    html = client.get(reply.headers["Location"]).get_data(as_text=True)
    link = re.search(r'id="reissued-link" readonly value="http://localhost(/i/[^"]+)"', html)
    assert link, html
    assert app.test_client().get(f"/i/{old}").status_code == 404
    resumed = app.test_client().get(link.group(1), follow_redirects=True)
    assert "Sida 2 av 3" in resumed.get_data(as_text=True), "the answers so far stay"
    unknown = client.post(
        f"{page}/reissue",
        data={**form_tokens(client, page), "email": "ingen@example.org"},
        follow_redirects=True,
    )
    assert "Ingen inbjudan i den här enkätomgången har e-postadressen" in unknown.get_data(
        as_text=True
    )


def test_invitation_upload_previews_then_creates_and_downloads_links(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    tokens = form_tokens(client, f"/admin/surveys/{survey['id']}")
    content = "Namn;E-post;Stadsdel\nÅsa Öberg;asa@example.org;Järva\nBo Ek;bo@example.org;Kungsholmen\n".encode(
        "utf-8-sig"
    )
    preview = client.post(
        f"/admin/surveys/{survey['id']}/invitations",
        data={**tokens, "people": (io.BytesIO(content), "personer.csv")},
        content_type="multipart/form-data",
    )
    html = preview.get_data(as_text=True)
    assert "2 inbjudningar kommer att skapas." in html and "Åsa Öberg" in html
    assert db.invitation_emails(survey["id"]) == set(), "nothing before confirming"
    hidden = re.search(r'name="content" value="([^"]+)"', html).group(1)
    created = client.post(
        f"/admin/surveys/{survey['id']}/invitations", data={**tokens, "content": hidden}
    )
    assert created.headers["Content-Disposition"].startswith("attachment;")
    text = created.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["Namn"] for r in rows] == ["Åsa Öberg", "Bo Ek"] and all(
        "/i/" in r["länk"] for r in rows
    )
    assert db.invitation_emails(survey["id"]) == {"asa@example.org", "bo@example.org"}


def test_invitation_file_with_problems_creates_nothing(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    tokens = form_tokens(client, f"/admin/surveys/{survey['id']}")
    content = b"name,email\nAnna,anna@example.org\nBo,inte-epost\n"
    html = client.post(
        f"/admin/surveys/{survey['id']}/invitations",
        data={**tokens, "people": (io.BytesIO(content), "p.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Rad 3: ”inte-epost” är ingen e-postadress." in html
    assert "Inget har skapats." in html
    assert db.invitation_emails(survey["id"]) == set()


def test_monitoring_counts_match_the_database(
    client: FlaskClient, db: Store, app: Flask, auth: Auth
) -> None:
    auth.sign_in("admin")
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    tokens = [
        invite(db, survey, attributes={"stadsdel": d}) for d in ("Järva", "Järva", "Kungsholmen")
    ]
    respondent = app.test_client()
    post_form(respondent, f"/i/{tokens[0]}/1", {"q1_roll": "Rektor"})
    for n in (2, 3):
        post_form(respondent, f"/i/{tokens[0]}/{n}", {})
    post_form(respondent, f"/i/{tokens[0]}/review", {})
    post_form(app.test_client(), f"/i/{tokens[2]}/1", {"q1_roll": "Chef"})
    html = client.get(f"/admin/surveys/{survey['id']}").get_data(as_text=True)
    assert re.search(r'id="invited">3<', html) and re.search(r'id="started">2<', html)
    assert re.search(r'id="completed">1<', html) and re.search(r'id="rate">33\u00a0%<', html)
    järva = re.search(r"<th scope=\"row\">Järva</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'class="num">([^<]+)<', järva) == ["2", "1", "1", "50\u00a0%"]
    assert "Erfarenheter av arbetssättet" in html, "where the unfinished response stopped"


# Who may open each staff area; every GET and POST route of these blueprints is walked.
POLICY = {
    "admin": {"admin"},
    "users": {"admin"},
    "coding": {"admin", "evaluator"},
    "reports": {"admin", "evaluator", "viewer"},
    "responses": {"admin", "evaluator"},
    "codebook": {"admin", "evaluator"},
    "agreement": {"admin", "evaluator"},
    "agreement.new_sample": {"admin"},
    "coding.code_colors": {"admin", "evaluator", "viewer"},
    "auth.change_password": {"admin", "evaluator", "viewer"},
}


# Route values that differ per endpoint (a format the route exists for).
OVERRIDES = {"reports.download": {"fmt": "docx"}}


def _allowed(endpoint: str) -> set[str] | None:
    if endpoint in POLICY:
        return POLICY[endpoint]
    return POLICY.get(endpoint.split(".")[0])


def _staff_routes(app: Flask, values: dict) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if _allowed(rule.endpoint) is None:
            continue
        args = {a: OVERRIDES.get(rule.endpoint, {}).get(a, values[a]) for a in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **args)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            routes.append((rule.endpoint, method, url))
    return routes


@pytest.mark.parametrize("role", ["admin", "evaluator", "viewer", None])
def test_every_staff_route_checks_the_role_on_the_server(
    app: Flask, client: FlaskClient, db: Store, role: str | None
) -> None:
    survey = db.survey("demo")
    response = next(db.db.query("SELECT id FROM responses WHERE survey_id = ?", (survey["id"],)))[
        "id"
    ]
    values = {
        "survey_id": survey["id"],
        "response_id": response,
        "fmt": "csv",
        "change": "close",
        "kind": "remind",
        # Ids that exist, so a refusal can only come from the role check.
        "answer_id": db.open_answers(survey["id"])[0]["id"],
        "sample_id": db.create_sample(survey["id"], "prov", 0.2, None, [], [], "2026-01-01"),
        "coding_id": 1,
        "suggestion_id": 1,
        "code_id": 1,
        "entry_id": 1,
        "memo_id": 1,
        "decision": "undo",
        "what": "codings",
        "lang": "sv",
        "name": "figur.png",
        "report_lang": "sv",
        "user_id": Auth(client, db).user("viewer", "kollega@example.org")["id"],
    }
    figures = Path(app.instance_path) / "reports" / str(survey["id"]) / "sv" / "figures"
    routes = _staff_routes(app, values)
    assert len(routes) >= 15, "the walk covers the staff routes"
    token = None
    if role:
        user = Auth(client, db).sign_in(role)
        db.assign(user["id"], survey["id"])
        token = form_tokens(client, "/account/password")["csrf_token"]
    for endpoint, method, url in routes:
        allowed = _allowed(endpoint)
        if endpoint == "reports.figure":  # a figure the report page drew earlier
            figures.mkdir(parents=True, exist_ok=True)
            (figures / "figur.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        if method == "GET":
            reply = client.get(url)
        else:
            reply = client.post(url, data={"csrf_token": token} if token else {})
        status = reply.status_code
        to_login = status == 302 and "/login" in reply.headers.get("Location", "")
        if role is None:
            assert to_login or (method == "POST" and status == 400), (endpoint, method, status)
        elif role in allowed:
            assert status not in (401, 403, 404) and not to_login, (role, endpoint, method, status)
        else:
            assert status == 403, (role, endpoint, method, status)
    if role != "admin":
        assert db.survey("demo")["status"] == "open", "no one but an admin changed the survey"


def test_evaluators_see_only_the_surveys_they_are_assigned(
    client: FlaskClient, db: Store, app: Flask, auth: Auth
) -> None:
    admin = app.test_client()
    Auth(admin, db).sign_in("admin")
    evaluator = auth.sign_in("evaluator")
    other = new_survey(db, "elev", "elever-hemlig")
    assert "Demo: chefsenkät SST plus" not in client.get("/coding/").get_data(as_text=True)
    tokens = form_tokens(admin, f"/admin/surveys/{db.survey('demo')['id']}")
    admin.post(
        f"/admin/surveys/{db.survey('demo')['id']}/assign",
        data={**tokens, "user_id": evaluator["id"]},
    )
    listing = client.get("/coding/").get_data(as_text=True)
    assert "Demo: chefsenkät SST plus" in listing and other["title"] not in listing
    admin.post(
        f"/admin/surveys/{db.survey('demo')['id']}/assign",
        data={**tokens, "user_id": evaluator["id"], "remove": "1"},
    )
    assert "Demo: chefsenkät SST plus" not in client.get("/reports/").get_data(as_text=True)


def test_responses_download_from_the_survey_page(
    client: FlaskClient, db: Store, auth: Auth
) -> None:
    from openpyxl import load_workbook

    auth.sign_in("admin")
    survey = db.survey("demo")
    reply = client.get(f"/admin/surveys/{survey['id']}/export.csv")
    assert reply.headers["Content-Disposition"] == 'attachment; filename="demo-svar.csv"'
    text = reply.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows) == db.count_responses(survey["id"]) and "Svar nr" in rows[0]
    book = client.get(f"/admin/surveys/{survey['id']}/export.xlsx").get_data()
    assert load_workbook(io.BytesIO(book)).active.max_row == len(rows) + 1
