"""WTForms classes built at run time from a questionnaire page.

One class per (page, language): the definition decides the fields, the language
decides labels and messages. Choice validation is our own, so that an optional
question left empty is valid and a forged value is refused with a message in the
respondent's language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField
from wtforms.fields import (  # type: ignore[attr-defined]  # SelectChoice: in WTForms 3.2, not in its stubs
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from survey.fielding.questionnaire import Page, Question
from survey.formatting import number, plural
from survey.i18n import translate
from survey.text import clean as clean_text

# The hidden field that says which questions the respondent had in front of them when
# the page was sent (respond.js keeps it up to date as follow-ups appear).
SHOWN_FIELD = "shown_questions"


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes, which is what `multi` questions look like."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ValidChoice:
    """Accept only values the definition offers; empty passes (required is checked apart)."""

    def __init__(self, values: tuple[str, ...], message: str):
        self.values = set(values)
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        data = field.data
        if data in (None, "", []):
            return
        chosen = data if isinstance(data, list) else [data]
        if any(value not in self.values for value in chosen):
            raise ValidationError(self.message)


class AnswerForm(FlaskForm):
    """Base of every page form: the idempotency key travels with each submit.

    CSRF is checked once per request for the whole app (CSRFProtect), before the view
    runs; templates render the token with `csrf_token()`.
    """

    submit_key = HiddenField()

    class Meta:
        csrf = False
        locales = ["sv"]


class MaxChars:
    """At most `limit` characters, and when over, say by how much: a long paste is never
    cut silently (the page sets no `maxlength`), so the respondent learns what to shorten."""

    def __init__(self, limit: int, lang: str):
        self.limit = limit
        self.lang = lang

    def __call__(self, form: FlaskForm, field: Field) -> None:
        length = len(field.data or "")
        if length <= self.limit:
            return
        over = length - self.limit
        raise ValidationError(
            translate(
                "error.too_long_by",
                self.lang,
                count=number(length, self.lang),
                max=number(self.limit, self.lang),
                over=plural(
                    over,
                    self.lang,
                    translate("unit.characters.one", self.lang),
                    translate("unit.characters.other", self.lang),
                ),
            )
        )


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def is_plausible_email(value: str) -> bool:
    """One @, a dotted domain, no spaces: enough to catch typos without refusing real
    addresses (delivery is what proves an address)."""
    return bool(_EMAIL_RE.match(value.strip())) and len(value) <= 254


class PlausibleEmail:
    def __init__(self, message: str):
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and not is_plausible_email(field.data):
            raise ValidationError(self.message)


def _field(q: Question, lang: str) -> Field:
    label = q.text[lang]
    description = q.help[lang] if q.help else ""
    required = InputRequired(message=translate("error.required", lang))
    presence: list[Any] = [required] if q.required else [Optional()]
    render_kw: dict[str, Any] = {}
    if q.required:
        render_kw["aria-required"] = "true"
    if q.type in ("text", "textarea"):
        length = MaxChars(q.max_length, lang)
        if q.required:
            # Whitespace alone is no answer: check the stripped data, not the raw input.
            presence = [DataRequired(message=translate("error.required", lang))]
        cls = TextAreaField if q.type == "textarea" else StringField
        if q.type == "textarea":
            render_kw["rows"] = 5
        return cls(
            label,
            validators=[*presence, length],
            description=description,
            filters=[clean_text],
            render_kw=render_kw,
        )
    if q.type == "number":
        bounds = NumberRange(
            min=q.min,
            max=q.max,
            message=translate(
                "error.number_range",
                lang,
                min=q.min if q.min is not None else "…",
                max=q.max if q.max is not None else "…",
            ),
        )
        render_kw["inputmode"] = "numeric"
        if q.min is not None:
            render_kw["min"] = q.min
        if q.max is not None:
            render_kw["max"] = q.max
        return IntegerField(
            label, validators=[*presence, bounds], description=description, render_kw=render_kw
        )
    choice = ValidChoice(q.choice_values(), translate("error.invalid_choice", lang))
    choices = [SelectChoice(value, label) for value, label in q.choice_labels(lang)]
    if q.type == "multi":
        return MultiCheckboxField(
            label,
            choices=choices,
            validate_choice=False,
            validators=[*presence, choice],
            description=description,
        )
    if q.type == "consent":
        choices = [SelectChoice("yes", translate("consent.agree", lang))]
        required = InputRequired(message=translate("error.consent_required", lang))
        return RadioField(
            label,
            choices=choices,
            validate_choice=False,
            validators=[required, choice],
            description=description,
        )
    return RadioField(
        label,
        choices=choices,
        validate_choice=False,
        validators=[*presence, choice],
        description=description,
    )


_CLASSES: dict[tuple[str, str, str], type[AnswerForm]] = {}


def page_form_class(page: Page, lang: str, cache_key: str | None = None) -> type[AnswerForm]:
    """A form class with every question of the page, built once per version and language.

    `cache_key` identifies the definition (its content hash); without it nothing is cached.
    """
    key = (cache_key or "", page.id, lang)
    if cache_key and key in _CLASSES:
        return _CLASSES[key]
    attrs: dict[str, Any] = {q.id: _field(q, lang) for q in page.questions}
    attrs["Meta"] = type("Meta", (), {"csrf": False, "locales": [lang]})
    cls = type(f"Page_{page.id}_{lang}", (AnswerForm,), attrs)
    if cache_key:
        _CLASSES[key] = cls
    return cls


def check_page(form: AnswerForm, page: Page, visible: set[str], *, lenient: bool = False) -> bool:
    """Validate only the questions shown; hidden ones never block or show errors.

    `lenient` (going back a page) lets unanswered required questions pass, since going
    back must never be blocked or lose what was typed; wrong answers still stop it.
    """
    form.validate()
    ok = True
    for q in page.questions:
        field = form[q.id]
        if q.id not in visible or (lenient and field.data in (None, "", [])):
            field.errors = []
        ok = ok and not field.errors
    return ok


def stored_value(q: Question, data: Any) -> str | None:
    """The text stored for a field's validated data; None means no answer."""
    if data is None or data == "" or data == []:
        return None
    if q.type == "multi":
        return json.dumps(list(data), ensure_ascii=False)
    return str(data)


def form_value(q: Question, stored: str | None) -> Any:
    """The field data for a stored answer, so a page shows what was saved."""
    if stored is None:
        return None
    if q.type == "multi":
        try:
            value = json.loads(stored)
        except ValueError:
            return []
        return value if isinstance(value, list) else []
    if q.type == "number":
        try:
            return int(stored)
        except ValueError:
            return None
    return stored


def display_answer(q: Question, stored: str | None, lang: str) -> str | list[str]:
    """A stored answer as the respondent saw it: choice labels ("Årskurs 4", "Ja, jag
    samtycker"), never the stored values ("4", "yes"); free text as it is."""
    value = form_value(q, stored)
    if value is None or value == "" or value == []:
        return ""
    if q.type == "consent":
        return translate("consent.agree", lang)
    labels = dict(q.choice_labels(lang))
    if isinstance(value, list):
        return [labels.get(str(v)) or str(v) for v in value]
    return labels.get(str(value), str(value))


def visible_questions(questions: list[Question], answers: Mapping[str, Any]) -> set[str]:
    """Question ids shown given the answers so far; a question hidden by an earlier
    hidden question is hidden too, because its condition cannot be met."""
    shown: set[str] = set()
    for q in questions:
        if q.show_if is None:
            shown.add(q.id)
            continue
        if q.show_if.question in shown and q.show_if.matches(answers.get(q.show_if.question)):
            shown.add(q.id)
    return shown
