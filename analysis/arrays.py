"""Per-token hashes of a parsed answer, read once per doc: the components compare
hashes and slice the text instead of building a Token object for every look."""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH, LOWER, NORM
from spacy.tokens import Doc

from .normalize import ARRAYS_KEY


def token_arrays(doc: Doc) -> dict[str, list[int]]:
    """Per-token hashes of base and lower-case forms (kept by the base-form component,
    or read here) and, on first need, character offsets."""
    arrays = doc.user_data.get(ARRAYS_KEY)
    if arrays is None:
        rows = doc.to_array([NORM, LOWER]).tolist()
        arrays = {"norm": [r[0] for r in rows], "lower": [r[1] for r in rows]}
        doc.user_data[ARRAYS_KEY] = arrays
    return arrays


def char_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character of every token, read once per doc when evidence needs it."""
    arrays = token_arrays(doc)
    if "start" not in arrays:
        rows = doc.to_array([IDX, LENGTH]).tolist()
        arrays["start"] = [r[0] for r in rows]
        arrays["end"] = [r[0] + r[1] for r in rows]
    return arrays["start"], arrays["end"]
