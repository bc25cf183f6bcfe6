"""An answer's text cut into pieces at the edges of coded spans and evidence, so a
template can wrap each piece in a highlight without changing the text itself (the
page's text stays exactly the stored answer, which span offsets are counted in)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    text: str
    start: int
    labels: tuple[str, ...]  # what covers this piece; empty when nothing does
    color: str | None = None


def pieces(text: str, spans: Iterable[tuple[int, int, str, str | None]]) -> list[Piece]:
    """`spans` are (start, end, label, colour) in characters; overlaps are allowed and
    out-of-range or empty spans are ignored."""
    usable = [
        (max(0, s), min(len(text), e), label, color)
        for s, e, label, color in spans
        if s is not None and e is not None and min(len(text), e) > max(0, s)
    ]
    cuts = sorted({0, len(text), *(s for s, *_ in usable), *(e for _, e, *_ in usable)})
    out: list[Piece] = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        covering = [(label, color) for s, e, label, color in usable if s <= begin and end <= e]
        out.append(
            Piece(
                text[begin:end],
                begin,
                tuple(label for label, _ in covering),
                covering[0][1] if covering else None,
            )
        )
    return out
