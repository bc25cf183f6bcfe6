"""Inter-coder agreement for evaluators who double-code a sample of open answers.

Coding is multi-label at answer level: each coder applies a set of codes to each answer.
A coder who has not coded an answer is *missing* there (no key), which is not the same
as coding it with an empty set (coded, no code applies). Each code is judged as its own
present/absent decision, because a codebook is only as reliable as its weakest code;
the pooled and exact-set figures summarise the whole codebook.

Arithmetic is done in exact fractions and converted to float at the end, so "undefined"
(a zero denominator) is detected exactly instead of through rounding noise.

    codings = {"svar-1": {"anna": {"samverkan", "tid"}, "bo": {"samverkan"}}, ...}
    report = agreement(codings)
    reading(report.per_code["tid"].alpha, "alpha", "sv", report.per_code["tid"].units)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from types import MappingProxyType

Coder = Hashable
Unit = Hashable
Codings = Mapping[Unit, Mapping[Coder, frozenset[str] | set[str]]]

SMALL_SAMPLE = 10  # double-coded answers below which a reading warns against firm judgements
ALPHA_RELIABLE = 0.800  # Krippendorff's thresholds
ALPHA_TENTATIVE = 0.667


def _pairable(values: Sequence[Mapping[Coder, Hashable]]) -> list[Mapping[Coder, Hashable]]:
    """Units with at least two values: a lone value cannot agree or disagree with anyone."""
    return [unit for unit in values if len(unit) >= 2]


def percent_agreement(values: Sequence[Mapping[Coder, Hashable]]) -> float | None:
    """Mean over units with two or more coders of the share of coder pairs that agree.

    Pairwise rather than "all coders agree", so one dissenter among three coders counts as
    one third agreement, not zero; each unit weighs the same however many coded it.
    None when no unit has two coders.
    """
    units = _pairable(values)
    if not units:
        return None
    total = Fraction(0)
    for unit in units:
        m = len(unit)
        agreeing = sum(k * (k - 1) for k in Counter(unit.values()).values())
        total += Fraction(agreeing, m * (m - 1))
    return float(total / len(units))


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's κ for two coders who coded the same units (same order), nominal categories.

    κ = (p_o − p_e) / (1 − p_e), p_e from each coder's own marginals. None when there are
    no units, or when p_e = 1: then both coders put every unit in one and the same
    category, κ is 0/0, and neither 1 (proven reliable) nor 0 (chance level) is supported
    — the data show no variation the coders could have told apart.
    """
    if len(a) != len(b):
        raise ValueError(f"the two coders' sequences differ in length: {len(a)} and {len(b)}")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True))  # p_o · n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[c] * count_b[c] for c in count_a)  # p_e · n²
    if expected == n * n:
        return None
    return float(Fraction(n * observed - expected, n * n - expected))


def krippendorff_alpha(values: Sequence[Mapping[Coder, Hashable]]) -> float | None:
    """Krippendorff's α for nominal data: any number of coders, missing values allowed.

    Built on the coincidence matrix: a unit with m values adds 1/(m − 1) to o[c][k] for
    every ordered pair of its values (c, k) from different coders, so every pairable
    value counts once. α = 1 − D_o/D_e with n pairable values, n_c = Σ_k o[c][k],
    D_o = Σ_{c≠k} o[c][k] / n and D_e = Σ_{c≠k} n_c·n_k / (n(n − 1)). Units with fewer
    than two values are dropped. None when D_e = 0: only one category occurs, so there is
    no disagreement to expect and α is 0/0.
    """
    diagonal = Fraction(0)  # Σ_c o[c][c]; for nominal data D_o only needs n − this
    marginals: Counter[Hashable] = Counter()
    for unit in _pairable(values):
        counts = Counter(unit.values())
        diagonal += Fraction(sum(k * (k - 1) for k in counts.values()), len(unit) - 1)
        marginals.update(counts)
    n = sum(marginals.values())
    expected = n * n - sum(k * k for k in marginals.values())  # Σ_{c≠k} n_c·n_k
    if n == 0 or expected == 0:
        return None
    return float(1 - (n - 1) * (n - diagonal) / expected)


@dataclass(frozen=True)
class Figures:
    """Agreement on one decision (one code, or all codes pooled).

    `units` counts answers coded by at least two coders, also for pooled figures: the
    decisions within one answer are not independent, so the answers are the sample size.
    `coders` counts coders who coded at least one of those answers. `kappa` is Cohen's κ
    with exactly two coders; with more it is the mean of the pairwise κ (Light's κ) over
    the pairs where κ is defined. `pairs` gives (coder, coder, κ, shared answers) for each
    pair, in the order coders first appear.
    """

    units: int
    coders: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    pairs: tuple[tuple[Coder, Coder, float | None, int], ...]


@dataclass(frozen=True)
class AgreementReport:
    """Agreement per code, pooled over codes, and on whole code sets.

    `overall` treats every (answer, code) as one present/absent decision, so it leans on
    frequent decisions — mostly "absent" in a large codebook; read it with `per_code`.
    `exact` is pairwise percent agreement with each coder's whole code set as the value.
    """

    per_code: Mapping[str, Figures]
    overall: Figures
    exact: float | None


def _coders(answers: Sequence[Mapping[Coder, object]]) -> list[Coder]:
    """Coders of pairable answers, in the order they first appear (stable for reports)."""
    seen: dict[Coder, None] = {}
    for answer in answers:
        seen.update(dict.fromkeys(answer))
    return list(seen)


def _figures(answers: Sequence[Mapping[Coder, frozenset[str]]], codes: Sequence[str]) -> Figures:
    """Figures for the present/absent decisions on `codes` in answers with two or more coders."""
    decisions = [
        {coder: code in applied for coder, applied in answer.items()}
        for answer in answers
        for code in codes
    ]
    coders = _coders(answers)
    pairs: list[tuple[Coder, Coder, float | None, int]] = []
    for first, second in combinations(coders, 2):
        shared = [answer for answer in answers if first in answer and second in answer]
        a = [code in answer[first] for answer in shared for code in codes]
        b = [code in answer[second] for answer in shared for code in codes]
        pairs.append((first, second, cohen_kappa(a, b), len(shared)))
    defined = [k for _, _, k, _ in pairs if k is not None]
    return Figures(
        units=len(answers),
        coders=len(coders),
        percent=percent_agreement(decisions),
        kappa=math.fsum(defined) / len(defined) if defined else None,
        alpha=krippendorff_alpha(decisions),
        pairs=tuple(pairs),
    )


def _code_set(applied: frozenset[str] | set[str]) -> frozenset[str]:
    # A bare string would be read as a set of letters and "agree" on nonsense.
    if isinstance(applied, str | bytes):
        raise TypeError(f"codes must be a set of strings, not a string: {applied!r}")
    return frozenset(applied)


def agreement(codings: Codings, codes: Iterable[str] | None = None) -> AgreementReport:
    """Agreement per code, pooled, and on exact code sets, over answers with two or more coders.

    `codes` defaults to every code anyone applied. Passing codes restricts every figure
    to them, and a code nobody used still gets a row (percent 1.0, κ and α None), so an
    unused code shows up in the report instead of silently vanishing.
    """
    everything = [
        {coder: _code_set(applied) for coder, applied in by_coder.items()}
        for by_coder in codings.values()
    ]
    answers = [answer for answer in everything if len(answer) >= 2]
    if codes is None:
        chosen = sorted({code for answer in everything for s in answer.values() for code in s})
    else:
        chosen = list(dict.fromkeys(codes))
    allowed = frozenset(chosen)
    exact_sets = [{coder: applied & allowed for coder, applied in a.items()} for a in answers]
    return AgreementReport(
        per_code=MappingProxyType({code: _figures(answers, [code]) for code in chosen}),
        overall=_figures(answers, chosen),
        exact=percent_agreement(exact_sets),
    )


_SYMBOL = {"alpha": "α", "kappa": "κ"}
_DECIMALS = {"alpha": 3, "kappa": 2}  # α's thresholds need three; Landis & Koch use two

_ALPHA_BANDS = {
    "sv": (
        "tillförlitlig",
        "godtagbar för preliminära slutsatser",
        "för låg – diskutera kodens definition",
    ),
    "en": (
        "reliable",
        "acceptable for tentative conclusions",
        "too low — discuss the code's definition",
    ),
}
_KAPPA_BANDS = {  # Landis & Koch (1977): < 0, ≤ .20, ≤ .40, ≤ .60, ≤ .80, above
    "sv": (
        "sämre än slumpen",
        "obetydlig överensstämmelse",
        "svag överensstämmelse",
        "måttlig överensstämmelse",
        "god överensstämmelse",
        "mycket god överensstämmelse",
    ),
    "en": (
        "poor agreement, below chance",
        "slight agreement",
        "fair agreement",
        "moderate agreement",
        "substantial agreement",
        "almost perfect agreement",
    ),
}
_UNDEFINED = {
    "sv": (
        "{symbol} kunde inte beräknas: antingen var alla bedömningar likadana (koden användes "
        "aldrig, eller i varje svar), eller så har inget svar kodats av minst två kodare. "
        "Se andelen överensstämmelse i stället."
    ),
    "en": (
        "{symbol} could not be computed: either every decision was the same (the code was "
        "never used, or used on every answer), or no answer was coded by at least two "
        "coders. See percent agreement instead."
    ),
}


def _number(value: float, decimals: int, lang: str) -> str:
    text = f"{value:.{decimals}f}".replace("-", "−")
    return text.replace(".", ",") if lang == "sv" else text


def _band(rounded: float, measure: str, lang: str) -> str:
    bands: tuple[str, ...]
    if measure == "alpha":
        bands = _ALPHA_BANDS[lang]
        if rounded >= ALPHA_RELIABLE:
            return bands[0]
        return bands[1] if rounded >= ALPHA_TENTATIVE else bands[2]
    bands = _KAPPA_BANDS[lang]
    if rounded < 0:
        return bands[0]
    return bands[1 + sum(rounded > limit for limit in (0.20, 0.40, 0.60, 0.80))]


def _caution(units: int, lang: str) -> str:
    if lang == "sv":
        if units == 0:
            return "Obs: inget svar har kodats av minst två kodare."
        return (
            f"Obs: bara {units} svar har kodats av minst två kodare – för få för en säker "
            "bedömning."
        )
    if units == 0:
        return "Caution: no answer was coded by at least two coders."
    answers = "answer was" if units == 1 else "answers were"
    return (
        f"Caution: only {units} {answers} coded by at least two coders — too few for a firm "
        "judgement."
    )


def reading(value: float | None, measure: str, lang: str = "sv", units: int | None = None) -> str:
    """A plain-language reading of α or κ for evaluators, in Swedish or English.

    The value is judged as displayed (α to three decimals, κ to two), so the words never
    contradict the number next to them. With fewer than ten double-coded answers a
    caution follows: a few answers can swing either figure a long way.
    """
    if measure not in _SYMBOL:
        raise ValueError(f"unknown measure {measure!r}; use 'alpha' or 'kappa'")
    if lang not in _UNDEFINED:
        raise ValueError(f"unknown language {lang!r}; use 'sv' or 'en'")
    symbol = _SYMBOL[measure]
    if value is None or math.isnan(value):
        text = _UNDEFINED[lang].format(symbol=symbol)
    else:
        decimals = _DECIMALS[measure]
        rounded = round(value, decimals) + 0.0  # + 0.0 turns −0.0 into 0.0
        text = f"{symbol} = {_number(rounded, decimals, lang)}: {_band(rounded, measure, lang)}"
    if units is not None and units < SMALL_SAMPLE:
        text = f"{text.rstrip('.')}. {_caution(units, lang)}"
    return text
