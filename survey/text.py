"""Text that people type or upload, made safe to store and to write into files: no NUL
or other control characters (which corrupt exports and can hide text), line breaks as
\\n. Used for respondents' answers, staff input and uploaded files alike."""

from __future__ import annotations

import re
from typing import Any

CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(value: Any) -> Any:
    """Strip edges and drop control characters other than newline and tab."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_RE.sub("", value).strip()
