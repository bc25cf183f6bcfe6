"""Respondents in a real browser: whole questionnaires, resuming, consent, errors,
double submits, language, keyboard-only use and a narrow phone screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from survey.store import Store

from ..conftest import invite, new_survey

pytestmark = pytest.mark.browser

ROLE = "Vilken är din arbetsplats och roll/funktion inom SST plus?"


def fill_manager_pages(page: Any) -> None:
    page.get_by_label(ROLE).fill("Rektor, grundskola i Järva")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_label("Vad anser du är den största framgångsfaktorn").fill(
        "Att teamet kunde träffa familjerna hemma."
    )
    page.get_by_label("Vad anser du är den största utmaningen").fill(
        "Samordningen mellan förvaltningarna."
    )
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_label("Vilka lärdomar").fill("Kartläggningen först.")
    page.get_by_role("button", name="Spara och granska svaren").click()


def test_manager_completes_the_questionnaire_through_an_invitation_link(
    live_server: str, new_page: Any, db: Store
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    token = invite(db, survey, attributes={"district": "Järva"})
    page = new_page()
    page.goto(f"{live_server}/i/{token}")
    expect(page.get_by_text("Sida 1 av 3")).to_be_visible()
    fill_manager_pages(page)
    expect(page.get_by_role("heading", name="Granska dina svar")).to_be_visible()
    expect(page.get_by_text("Samordningen mellan förvaltningarna.")).to_be_visible()
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    assert db.count_responses(survey["id"], "complete") == 1


def test_stopping_halfway_and_resuming_in_a_fresh_browser(
    live_server: str, new_page: Any, db: Store
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer", anonymous=False)
    token = invite(db, survey)
    phone = new_page()
    phone.goto(f"{live_server}/i/{token}")
    phone.get_by_label(ROLE).fill("Enhetschef socialtjänst")
    phone.get_by_role("button", name="Spara och fortsätt").click()
    expect(phone.get_by_text("Sida 2 av 3")).to_be_visible()
    laptop = new_page()
    laptop.goto(f"{live_server}/i/{token}")
    expect(laptop.get_by_text("Sida 2 av 3")).to_be_visible()
    laptop.get_by_role("button", name="Tillbaka").click()
    assert laptop.get_by_label(ROLE).input_value() == "Enhetschef socialtjänst"

    # The anonymous link resumes on another device with the code it shows.
    first = new_page()
    first.goto(f"{live_server}/s/demo")
    first.get_by_label(ROLE).fill("Styrgruppsledamot")
    first.get_by_role("button", name="Spara och fortsätt").click()
    code = first.locator("strong.code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    other = new_page()
    other.goto(f"{live_server}/s/demo/resume")
    other.get_by_label("Din kod").fill(code.lower())
    other.get_by_role("button", name="Fortsätt").click()
    expect(other.get_by_text("Sida 2 av 3")).to_be_visible()


def test_parent_completes_anonymously_with_consent_and_a_live_follow_up(
    live_server: str, new_page: Any, db: Store
) -> None:
    survey = new_survey(db, "vardnadshavare", "foraldrar")
    page = new_page()
    page.goto(f"{live_server}/s/foraldrar")
    expect(page.get_by_role("heading", name="Innan du börjar").first).to_be_visible()
    page.get_by_role("button", name="Spara och fortsätt").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert db.count_responses(survey["id"]) == 0, "nothing stored before consent"
    page.get_by_label("Ja, jag samtycker").check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("group", name=re.compile("Vilken årskurs")).get_by_label("Årskurs 5").check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    follow_up = page.locator("#v_narvaro_samre-question")
    assert follow_up.is_hidden()
    attendance = page.get_by_role("group", name=re.compile("närvaro|skolan", re.I)).first
    attendance.get_by_role("radio").nth(3).check()
    expect(follow_up, "the follow-up appears as soon as 'decreased' is chosen").to_be_visible()
    follow_up.locator("textarea").fill("Hon blev sjuk en period.")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("button", name="Spara och granska svaren").click()
    expect(page.get_by_text("Hon blev sjuk en period.")).to_be_visible()
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    response = next(db.db.query("SELECT * FROM responses WHERE survey_id = ?", (survey["id"],)))
    assert response["status"] == "complete" and response["consent_version"] == "2026-1"
    assert response["invitation_id"] is None


ERRORS_FORM = """
id = "fel"
languages = ["sv", "en"]
title = { sv = "Felprov", en = "Error test" }
[[pages]]
id = "a"
  [[pages.questions]]
  id = "skola"
  type = "text"
  required = true
  text = { sv = "Vilken skola?", en = "Which school?" }
  [[pages.questions]]
  id = "antal"
  type = "number"
  min = 0
  max = 40
  text = { sv = "Hur många elever?", en = "How many pupils?" }
  [[pages.questions]]
  id = "tankar"
  type = "textarea"
  max_length = 300
  text = { sv = "Egna tankar", en = "Your thoughts" }
"""


def test_validation_error_shows_a_focused_summary_and_keeps_answers(
    live_server: str, new_page: Any, db: Store
) -> None:
    from survey.fielding.questionnaire import loads

    db.import_questionnaire(loads(ERRORS_FORM), ERRORS_FORM)
    new_survey(db, "fel", "fel")
    page = new_page()
    page.goto(f"{live_server}/s/fel")
    page.get_by_label("Hur många elever?").fill("55")
    page.get_by_label("Egna tankar").fill("Familjebehandlarna gjorde skillnad.")
    assert page.locator(".counter").first.inner_text() == "35 av 300 tecken"
    page.get_by_role("button", name="Spara och granska svaren").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # waits for the page's own focus call, not a race
    assert summary.get_by_role("link").count() == 2
    summary.get_by_role("link", name="Svara på frågan för att gå vidare.").click()
    expect(page.locator("#skola")).to_be_focused()
    assert page.get_by_label("Hur många elever?").input_value() == "55"
    assert page.get_by_label("Egna tankar").input_value() == "Familjebehandlarna gjorde skillnad."
    expect(page.get_by_text("Skriv ett heltal mellan 0 och 40.").first).to_be_visible()


def test_double_clicking_send_stores_one_response(
    live_server: str, new_page: Any, db: Store
) -> None:
    survey = new_survey(db, "chefsenkat", "chefer")
    page = new_page()
    page.goto(f"{live_server}/s/chefer")
    fill_manager_pages(page)
    send = page.get_by_role("button", name="Skicka in svaren")
    send.wait_for()  # the review page has loaded: its form is there to submit twice
    page.evaluate(
        "() => { const f = document.querySelector('main form'); f.requestSubmit(); f.requestSubmit(); }"
    )
    send.wait_for(state="detached")
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    assert db.count_responses(survey["id"]) == 1
    assert db.count_responses(survey["id"], "complete") == 1


def test_switching_to_english(live_server: str, new_page: Any) -> None:
    page = new_page()
    page.goto(f"{live_server}/s/demo")
    page.get_by_role("link", name="In English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(
        page.get_by_label("What is your workplace and your role/function in SST plus?")
    ).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Please answer this question to go on.").first).to_be_visible()


def test_a_page_can_be_answered_with_the_keyboard_only(
    live_server: str, new_page: Any, db: Store
) -> None:
    new_survey(db, "vardnadshavare", "foraldrar")
    page = new_page()
    page.goto(f"{live_server}/s/foraldrar")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    # Tab to the consent box, tick it with Space, then Tab to the button and press Enter.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "v_samtycke":
            break
    page.keyboard.press("Space")
    assert page.get_by_label("Ja, jag samtycker").is_checked()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/s/foraldrar/2(#.*)?$"))
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    checked = page.locator("input[name=v_arskurs]:checked")
    assert checked.count() == 1 and checked.get_attribute("value") == "1"


def test_narrow_phone_screen_has_no_sideways_scrolling(live_server: str, new_page: Any) -> None:
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{live_server}/s/demo")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "first page"
    page.get_by_label(ROLE).fill("Rektor")
    page.get_by_role("button", name="Spara och fortsätt").click()
    # Measured once the next page has loaded, not while the browser is between the two.
    page.wait_for_url(re.compile(r"/s/demo/2$"))
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "second page"


def test_the_parent_form_works_without_javascript(
    live_server: str, new_page: Any, db: Store
) -> None:
    survey = new_survey(db, "vardnadshavare", "foraldrar")
    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server}/s/foraldrar")
    page.get_by_label("Ja, jag samtycker").check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("button", name="Spara och fortsätt").click()
    follow_up = page.locator("#v_narvaro_samre-question")
    assert follow_up.is_hidden()
    page.get_by_role("group", name=re.compile("närvaro|skolan", re.I)).first.get_by_role(
        "radio"
    ).nth(3).check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    # Without scripts the server shows the revealed follow-up on the same page.
    expect(follow_up).to_be_visible()
    follow_up.locator("textarea").fill("Mer frånvaro under hösten.")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("button", name="Spara och granska svaren").click()
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    assert db.count_responses(survey["id"], "complete") == 1


CONTRAST_JS = """
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && !bg.startsWith("rgba(0, 0, 0, 0)") && bg !== "transparent") return bg;
    }
    return "rgb(255, 255, 255)";
  };
  const worst = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!el.offsetParent || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const a = lum(getComputedStyle(el).color), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push([el.tagName, el.textContent.trim().slice(0, 30), ratio.toFixed(2)]);
  }
  return worst;
}
"""

LABELS_JS = """
() => [...document.querySelectorAll("input:not([type=hidden]), textarea, select")]
  .filter((el) => el.labels.length === 0 && !el.getAttribute("aria-label"))
  .map((el) => el.name)
"""


@pytest.mark.parametrize("slug", ["demo", "foraldrar"])
def test_every_control_is_labelled_and_text_contrast_is_at_least_4_5(
    live_server: str, new_page: Any, db: Store, slug: str
) -> None:
    if slug == "foraldrar":
        new_survey(db, "vardnadshavare", "foraldrar")
    page = new_page()
    page.goto(f"{live_server}/s/{slug}")
    page.get_by_role("button", name="Spara och fortsätt").click()  # an error state too
    expect(page.locator("#error-summary")).to_be_visible()  # the page it leads to, loaded
    assert page.evaluate(LABELS_JS) == []
    assert page.evaluate(CONTRAST_JS) == []
    groups = page.locator("fieldset")
    for index in range(groups.count()):
        assert groups.nth(index).locator("legend").count() == 1


def test_a_parent_who_leaves_the_revealed_follow_up_empty_goes_on(
    live_server: str, new_page: Any, db: Store
) -> None:
    """ "Mer sällan" reveals an optional follow-up; pressing "Spara och fortsätt" with it
    empty goes to the next page, not back to the same one without a word."""
    survey = new_survey(db, "vardnadshavare", "foraldrar")
    page = new_page()
    page.goto(f"{live_server}/s/foraldrar")
    page.get_by_label("Ja, jag samtycker").check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_role("button", name="Spara och fortsätt").click()
    expect(page.get_by_text("Sida 3 av 4")).to_be_visible()
    page.get_by_role("group", name=re.compile("oftare eller mer sällan")).get_by_label(
        "Mer sällan"
    ).check()
    expect(page.locator("#v_narvaro_samre-question")).to_be_visible()
    page.get_by_role("button", name="Spara och fortsätt").click()
    expect(page.get_by_text("Sida 4 av 4")).to_be_visible()
    response = next(db.db.query("SELECT id FROM responses WHERE survey_id = ?", (survey["id"],)))
    assert db.answers(response["id"])["v_narvaro"] == "minskat"


def test_back_after_an_error_returns_to_the_form_with_the_answers_kept(
    live_server: str, new_page: Any, db: Store
) -> None:
    """An error is shown by a GET (redirect-after-post): going on and then Back returns
    to the form, never to the browser's "Confirm form resubmission" page."""
    from survey.fielding.questionnaire import loads

    db.import_questionnaire(loads(ERRORS_FORM), ERRORS_FORM)
    new_survey(db, "fel", "fel")
    page = new_page()
    page.goto(f"{live_server}/s/fel")
    page.get_by_label("Hur många elever?").fill("55")
    page.get_by_label("Egna tankar").fill("Familjebehandlarna gjorde skillnad.")
    page.get_by_role("button", name="Spara och granska svaren").click()
    expect(page.locator("#error-summary")).to_be_visible()
    page.reload()  # a reload after the error asks nothing and keeps the typing
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.get_by_label("Egna tankar").input_value() == "Familjebehandlarna gjorde skillnad."
    page.get_by_label("Vilken skola?").fill("Rinkebyskolan")
    page.get_by_label("Hur många elever?").fill("12")
    page.get_by_role("button", name="Spara och granska svaren").click()
    expect(page.get_by_role("heading", name="Granska dina svar")).to_be_visible()
    page.go_back()
    expect(page.get_by_label("Vilken skola?")).to_have_value("Rinkebyskolan")
    assert page.get_by_label("Hur många elever?").input_value() == "12"
    assert page.get_by_label("Egna tankar").input_value() == "Familjebehandlarna gjorde skillnad."


def test_switching_language_keeps_what_was_typed(live_server: str, new_page: Any) -> None:
    page = new_page()
    page.goto(f"{live_server}/s/demo")
    page.get_by_label(ROLE).fill("Skolkurator i Järva")
    page.get_by_role("navigation").get_by_role("link", name="In English").click()
    expect(
        page.get_by_label("What is your workplace and your role/function in SST plus?")
    ).to_have_value("Skolkurator i Järva")
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_long_paste_is_kept_whole_and_the_page_says_it_is_too_long(
    live_server: str, new_page: Any, db: Store
) -> None:
    from survey.fielding.questionnaire import loads

    db.import_questionnaire(loads(ERRORS_FORM), ERRORS_FORM)
    new_survey(db, "fel", "fel")
    page = new_page()
    page.goto(f"{live_server}/s/fel")
    pasted = "Samverkan mellan skola och socialtjänst fungerade bra. " * 7  # 385 characters
    page.get_by_label("Egna tankar").fill(pasted)
    assert page.get_by_label("Egna tankar").input_value() == pasted, "not cut by the browser"
    expect(page.locator(".counter").first).to_contain_text("tecken för mycket")
    page.get_by_label("Vilken skola?").fill("Husbyskolan")
    page.get_by_role("button", name="Spara och granska svaren").click()
    expect(page.get_by_text("Korta det med 84 tecken").first).to_be_visible()
    assert page.get_by_label("Egna tankar").input_value() == pasted.strip()
