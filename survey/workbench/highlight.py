"""An answer's text cut into pieces at the edges of coded spans and evidence, so a
template can wrap each piece in a highlight without changing the text itself (the
page's text stays exactly the stored answer, which span offsets are counted in).

Identifiers found by the pseudonymiser come out as one piece each, shown as a
placeholder (`[NAMN]`) that carries the length of the text it hides, so the page's
script still counts offsets in the stored text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from survey.privacy.pseudonymise import Finding


@dataclass(frozen=True)
class Piece:
    text: str
    start: int
    labels: tuple[str, ...]  # what covers this piece; empty when nothing does
    color: str | None = None
    redacted: str | None = None  # the kind of identifier this piece hides
    length: int = 0  # characters of the stored text the piece stands for


def pieces(
    text: str,
    spans: Iterable[tuple[int, int, str, str | None]],
    hidden: Iterable[Finding] = (),
) -> list[Piece]:
    """`spans` are (start, end, label, colour) in characters; overlaps are allowed and
    out-of-range or empty spans are ignored. `hidden` identifiers become placeholders."""
    usable = [
        (max(0, s), min(len(text), e), label, color)
        for s, e, label, color in spans
        if s is not None and e is not None and min(len(text), e) > max(0, s)
    ]
    findings = sorted(hidden, key=lambda f: f.start)
    cuts = sorted(
        {
            0,
            len(text),
            *(s for s, *_ in usable),
            *(e for _, e, *_ in usable),
            *(f.start for f in findings),
            *(f.end for f in findings),
        }
    )
    out: list[Piece] = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        finding = next((f for f in findings if f.start <= begin and end <= f.end), None)
        covering = [(label, color) for s, e, label, color in usable if s < end and begin < e]
        if finding is not None:
            if out and out[-1].redacted and out[-1].start == finding.start:
                continue  # one placeholder per identifier
            inside = [
                (label, color)
                for s, e, label, color in usable
                if s < finding.end and finding.start < e
            ]
            out.append(
                Piece(
                    f"[{finding.kind}]",
                    finding.start,
                    tuple(label for label, _ in inside),
                    inside[0][1] if inside else None,
                    finding.kind,
                    finding.end - finding.start,
                )
            )
            continue
        out.append(
            Piece(
                text[begin:end],
                begin,
                tuple(label for label, _ in covering),
                covering[0][1] if covering else None,
                None,
                end - begin,
            )
        )
    return out


def shown(text: str, start: int, end: int, hidden: Iterable[Finding]) -> str:
    """What the page shows for text[start:end]: identifiers inside it as placeholders."""
    out, position = [], start
    for f in sorted(hidden, key=lambda f: f.start):
        if f.start >= start and f.end <= end:
            out.append(text[position : f.start])
            out.append(f"[{f.kind}]")
            position = f.end
    out.append(text[position:end])
    return "".join(out)
