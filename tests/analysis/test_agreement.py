"""Inter-coder agreement on double-coded answers: every expected figure below is worked
out by hand next to its case, so a wrong formula cannot hide behind a matching wrong
expectation.

Notation: p_o observed agreement, p_e chance agreement, N pairable values, n_c values in
category c, and for nominal α = 1 − (N − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, where
Σ_{c≠k} n_c·n_k = N² − Σ_c n_c².
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence

import pytest

from analysis.agreement import (
    agreement,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
    reading,
)


def two_coders(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[dict[str, Hashable]]:
    """Units as the α and percent functions take them, from two complete coders."""
    return [{"A": x, "B": y} for x, y in zip(a, b, strict=True)]


def test_perfect_agreement_gives_one_on_every_measure() -> None:
    """4 units, both coders a, a, b, b.

    p_o = 4/4 = 1; p_e = ½·½ + ½·½ = ½; κ = (1 − ½)/(1 − ½) = 1.
    Coincidences: o_aa = 4, o_bb = 4, nothing off the diagonal, so D_o = 0 and α = 1.
    """
    a = b = ["a", "a", "b", "b"]
    assert cohen_kappa(a, b) == 1.0
    assert krippendorff_alpha(two_coders(a, b)) == 1.0
    assert percent_agreement(two_coders(a, b)) == 1.0


def test_kappa_on_ten_answers_matches_the_hand_computed_value() -> None:
    """10 units, yes/no:   B yes  B no
                    A yes     5     1     (A yes 6)
                    A no      2     2     (A no 4)
                             (B yes 7, B no 3)

    p_o = (5 + 2)/10 = 0.70
    p_e = 0.6·0.7 + 0.4·0.3 = 0.42 + 0.12 = 0.54
    κ = (0.70 − 0.54)/(1 − 0.54) = 0.16/0.46 = 8/23 ≈ 0.3478
    """
    a = ["yes"] * 5 + ["yes"] * 1 + ["no"] * 2 + ["no"] * 2
    b = ["yes"] * 5 + ["no"] * 1 + ["yes"] * 2 + ["no"] * 2
    assert cohen_kappa(a, b) == pytest.approx(8 / 23)
    assert percent_agreement(two_coders(a, b)) == pytest.approx(0.7)


def test_high_percent_agreement_can_hide_chance_level_kappa_and_alpha() -> None:
    """The kappa paradox. 20 units, almost all "no": A says yes on unit 1 only, B on unit 2
    only; the other 18 are both no.

    percent = 18/20 = 0.90
    κ: p_e = (1/20)(1/20) + (19/20)(19/20) = (1 + 361)/400 = 0.905
       κ = (0.900 − 0.905)/(1 − 0.905) = −0.005/0.095 = −1/19 ≈ −0.053
    α: N = 40, n_yes = 2, n_no = 38; units 1 and 2 give o_yes,no = o_no,yes = 2, so
       Σ_{c≠k} o = 4 and Σ_{c≠k} n_c·n_k = 2·2·38 = 152
       α = 1 − 39·4/152 = 1 − 156/152 = −1/38 ≈ −0.026
    """
    a = ["yes", "no"] + ["no"] * 18
    b = ["no", "yes"] + ["no"] * 18
    assert percent_agreement(two_coders(a, b)) == pytest.approx(0.9)
    assert cohen_kappa(a, b) == pytest.approx(-1 / 19)
    assert krippendorff_alpha(two_coders(a, b)) == pytest.approx(-1 / 38)


def test_alpha_counts_a_systematic_difference_between_coders_that_kappa_forgives() -> None:
    """10 units. A says yes 8 times, B twice; both yes on 2, both no on 2, A yes/B no on 6.

    κ uses each coder's own marginals:
       p_o = (2 + 2)/10 = 0.4;  p_e = 0.8·0.2 + 0.2·0.8 = 0.32
       κ = (0.4 − 0.32)/(1 − 0.32) = 0.08/0.68 = 2/17 ≈ 0.118
    α pools both coders' values (n_yes = 8 + 2 = 10, n_no = 10, N = 20) and corrects for
    the sample: the 6 disagreements give Σ_{c≠k} o = 12, Σ_{c≠k} n_c·n_k = 2·10·10 = 200
       α = 1 − 19·12/200 = 1 − 228/200 = −0.14
    So κ calls this slightly better than chance and α slightly worse.
    """
    a = ["yes"] * 2 + ["no"] * 2 + ["yes"] * 6
    b = ["yes"] * 2 + ["no"] * 2 + ["no"] * 6
    assert cohen_kappa(a, b) == pytest.approx(2 / 17)
    assert krippendorff_alpha(two_coders(a, b)) == pytest.approx(-0.14)


def test_alpha_with_three_coders_and_missing_values_uses_the_coincidence_matrix() -> None:
    """Coders A, B, C; "-" missing.   u1: x x x   u2: x y -   u3: y y z   u4: z - z   u5: x - -

    Each unit with m values adds 1/(m − 1) per ordered pair of values from different coders:
      u1 (m=3): 6 ordered x–x pairs · ½     → o_xx += 3
      u2 (m=2): x–y, y–x · 1                → o_xy += 1, o_yx += 1
      u3 (m=3): y–y twice · ½               → o_yy += 1
                y–z twice · ½ (and back)    → o_yz += 1, o_zy += 1
      u4 (m=2): z–z twice · 1               → o_zz += 2
      u5: one value, not pairable, dropped

            x  y  z | n_c
        x   3  1  0 |  4
        y   1  1  1 |  3
        z   0  1  2 |  3
                    N = 10

    Σ_{c≠k} o = 4;  Σ_{c≠k} n_c·n_k = 10² − (16 + 9 + 9) = 66
    α = 1 − 9·4/66 = 30/66 = 5/11 ≈ 0.4545
    Percent (pairwise, per unit): u1 1, u2 0, u3 1/3 (one of three pairs), u4 1
    → (1 + 0 + 1/3 + 1)/4 = 7/12
    """
    units = [
        {"A": "x", "B": "x", "C": "x"},
        {"A": "x", "B": "y"},
        {"A": "y", "B": "y", "C": "z"},
        {"A": "z", "C": "z"},
        {"A": "x"},
    ]
    assert krippendorff_alpha(units) == pytest.approx(5 / 11)
    assert percent_agreement(units) == pytest.approx(7 / 12)


def test_when_everyone_always_applies_the_same_code_kappa_and_alpha_are_undefined() -> None:
    """All five units "x" from both coders: p_e = 1·1 = 1, so κ = 0/0; only one category,
    so D_e = 0 and α = 0/0. Agreement itself is perfect."""
    same = ["x"] * 5
    assert cohen_kappa(same, same) is None
    assert krippendorff_alpha(two_coders(same, same)) is None
    assert percent_agreement(two_coders(same, same)) == 1.0


def test_nothing_pairable_gives_none_rather_than_a_made_up_number() -> None:
    assert cohen_kappa([], []) is None
    assert krippendorff_alpha([{"A": "x"}, {"B": "y"}]) is None
    assert percent_agreement([{"A": "x"}, {}]) is None


def test_kappa_refuses_coders_with_different_numbers_of_units() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        cohen_kappa(["x", "y"], ["x"])


# Two coders on six answers; "u6" coded by A only. Codes samverkan (S) and tid (T).
CODINGS: dict[str, dict[str, set[str]]] = {
    "u1": {"A": {"samverkan", "tid"}, "B": {"samverkan"}},
    "u2": {"A": {"tid"}, "B": {"tid"}},
    "u3": {"A": set(), "B": set()},
    "u4": {"A": {"samverkan"}, "B": set()},
    "u5": {"A": {"tid"}, "B": {"tid"}},
    "u6": {"A": {"samverkan"}},
}


def test_agreement_per_code_on_a_multi_label_sample() -> None:
    """u6 has one coder and is left out; u3 and u4's empty sets count as coded "absent".

    samverkan over u1..u5: A = 1 0 0 1 0, B = 1 0 0 0 0
      percent = 4/5; p_e = (2/5)(1/5) + (3/5)(4/5) = 14/25; κ = (20/25 − 14/25)/(11/25) = 6/11
      α: N = 10, n_yes = 3, n_no = 7, Σ_{c≠k} o = 2 → 1 − 9·2/(2·3·7) = 1 − 18/42 = 4/7
    tid over u1..u5:       A = 1 1 0 0 1, B = 0 1 0 0 1
      percent = 4/5; p_e = (3/5)(2/5) + (2/5)(3/5) = 12/25; κ = (8/25)/(13/25) = 8/13
      α: N = 10, n_yes = 5, n_no = 5, Σ_{c≠k} o = 2 → 1 − 9·2/(2·5·5) = 1 − 18/50 = 0.64
    """
    report = agreement(CODINGS)
    assert list(report.per_code) == ["samverkan", "tid"]
    samverkan, tid = report.per_code["samverkan"], report.per_code["tid"]
    assert (samverkan.units, samverkan.coders) == (5, 2)
    assert samverkan.percent == pytest.approx(0.8)
    assert samverkan.kappa == pytest.approx(6 / 11)
    assert samverkan.alpha == pytest.approx(4 / 7)
    assert samverkan.pairs == (("A", "B", pytest.approx(6 / 11), 5),)
    assert tid.percent == pytest.approx(0.8)
    assert tid.kappa == pytest.approx(8 / 13)
    assert tid.alpha == pytest.approx(0.64)


def test_agreement_pooled_and_on_whole_code_sets() -> None:
    """Pooled: 5 answers × 2 codes = 10 yes/no decisions; A says yes 5 times, B 3 times;
    they differ on (u1, tid) and (u4, samverkan).
      percent = 8/10; p_e = (5/10)(3/10) + (5/10)(7/10) = 0.5; κ = (0.8 − 0.5)/0.5 = 0.6
      α: N = 20, n_yes = 8, n_no = 12, Σ_{c≠k} o = 4 → 1 − 19·4/(2·8·12) = 1 − 76/192 = 29/48
    Exact sets: u1 {S,T} ≠ {S}, u2 same, u3 {} = {}, u4 {S} ≠ {}, u5 same → 3/5.
    `units` still counts answers (5), not decisions.
    """
    report = agreement(CODINGS)
    assert report.overall.units == 5 and report.overall.coders == 2
    assert report.overall.percent == pytest.approx(0.8)
    assert report.overall.kappa == pytest.approx(0.6)
    assert report.overall.alpha == pytest.approx(29 / 48)
    assert report.overall.pairs == (("A", "B", pytest.approx(0.6), 5),)
    assert report.exact == pytest.approx(0.6)


def test_a_code_nobody_used_still_gets_a_row_when_asked_for() -> None:
    """hemmaplan is absent for everyone: always agreed (percent 1), κ and α are 0/0."""
    report = agreement(CODINGS, codes=["samverkan", "tid", "hemmaplan"])
    unused = report.per_code["hemmaplan"]
    assert (unused.percent, unused.kappa, unused.alpha) == (1.0, None, None)
    assert unused.units == 5
    assert report.per_code["tid"].kappa == pytest.approx(8 / 13)


def test_asking_for_some_codes_judges_exact_sets_on_those_codes_only() -> None:
    """Only tid: sets become u1 {T} vs {}, the rest equal → exact = 4/5."""
    report = agreement(CODINGS, codes=["tid"])
    assert list(report.per_code) == ["tid"]
    assert report.exact == pytest.approx(0.8)
    assert report.overall.kappa == pytest.approx(8 / 13)


def test_three_coders_get_mean_pairwise_kappa_and_per_pair_figures() -> None:
    """Code x; C did not code u4.   u1: A{x} B{x} C{x}  u2: A{x} B{x} C{}  u3: all {}
    u4: A{} B{x}.

    A–B on u1..u4: A = 1 1 0 0, B = 1 1 0 1: p_o = 3/4, p_e = (2/4)(3/4) + (2/4)(1/4) = 1/2
                   κ = (3/4 − 1/2)/(1/2) = 0.5
    A–C on u1..u3: A = 1 1 0, C = 1 0 0: p_o = 2/3, p_e = (2/3)(1/3) + (1/3)(2/3) = 4/9
                   κ = (2/9)/(5/9) = 0.4
    B–C on u1..u3: same pattern as A–C → 0.4
    mean κ = (0.5 + 0.4 + 0.4)/3 = 13/30
    α: u1 (m=3) o_11 += 3; u2 (m=3: 1,1,0) o_11 += 1, o_10 += 1, o_01 += 1;
       u3 (m=3) o_00 += 3; u4 (m=2) o_01 += 1, o_10 += 1
       o_11 = 4, o_10 = o_01 = 2, o_00 = 3; N = 11, n_1 = 6, n_0 = 5
       α = 1 − 10·4/(2·6·5) = 1 − 40/60 = 1/3
    percent: u1 1, u2 1/3, u3 1, u4 0 → 7/12
    """
    codings = {
        "u1": {"A": {"x"}, "B": {"x"}, "C": {"x"}},
        "u2": {"A": {"x"}, "B": {"x"}, "C": set()},
        "u3": {"A": set(), "B": set(), "C": set()},
        "u4": {"A": set(), "B": {"x"}},
    }
    figures = agreement(codings).per_code["x"]
    assert (figures.units, figures.coders) == (4, 3)
    assert figures.pairs == (
        ("A", "B", pytest.approx(0.5), 4),
        ("A", "C", pytest.approx(0.4), 3),
        ("B", "C", pytest.approx(0.4), 3),
    )
    assert figures.kappa == pytest.approx(13 / 30)
    assert figures.alpha == pytest.approx(1 / 3)
    assert figures.percent == pytest.approx(7 / 12)


def test_a_code_everyone_always_applies_has_no_kappa_or_alpha() -> None:
    codings = {f"u{i}": {"A": {"x"}, "B": {"x"}} for i in range(4)}
    figures = agreement(codings).per_code["x"]
    assert (figures.percent, figures.kappa, figures.alpha) == (1.0, None, None)
    assert agreement(codings).exact == 1.0


def test_a_string_instead_of_a_set_of_codes_is_refused() -> None:
    with pytest.raises(TypeError, match="set of strings"):
        agreement({"u1": {"A": "tid", "B": {"tid"}}})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("value", "measure", "lang", "expected"),
    [
        (0.72, "alpha", "sv", "α = 0,720: godtagbar för preliminära slutsatser"),
        (0.72, "alpha", "en", "α = 0.720: acceptable for tentative conclusions"),
        (0.85, "alpha", "sv", "α = 0,850: tillförlitlig"),
        (0.8, "alpha", "en", "α = 0.800: reliable"),
        (0.5, "alpha", "sv", "α = 0,500: för låg – diskutera kodens definition"),
        (0.5, "alpha", "en", "α = 0.500: too low — discuss the code's definition"),
        (-0.14, "alpha", "sv", "α = −0,140: för låg – diskutera kodens definition"),
        (-0.05, "kappa", "sv", "κ = −0,05: sämre än slumpen"),
        (0.1, "kappa", "sv", "κ = 0,10: obetydlig överensstämmelse"),
        (0.35, "kappa", "sv", "κ = 0,35: svag överensstämmelse"),
        (0.45, "kappa", "sv", "κ = 0,45: måttlig överensstämmelse"),
        (0.7, "kappa", "sv", "κ = 0,70: god överensstämmelse"),
        (0.9, "kappa", "sv", "κ = 0,90: mycket god överensstämmelse"),
        (0.1, "kappa", "en", "κ = 0.10: slight agreement"),
        (0.35, "kappa", "en", "κ = 0.35: fair agreement"),
        (0.45, "kappa", "en", "κ = 0.45: moderate agreement"),
        (0.7, "kappa", "en", "κ = 0.70: substantial agreement"),
        (0.9, "kappa", "en", "κ = 0.90: almost perfect agreement"),
    ],
)
def test_reading_puts_the_figure_into_words(
    value: float, measure: str, lang: str, expected: str
) -> None:
    assert reading(value, measure, lang) == expected


def test_reading_judges_the_number_it_shows_at_the_band_edges() -> None:
    """0.6666 is shown as 0,667 and so read as acceptable; κ 0.20 is still slight and 0.21
    fair (Landis & Koch's bands end at two decimals); a tiny negative κ shows as 0,00."""
    assert reading(0.6666, "alpha", "sv") == "α = 0,667: godtagbar för preliminära slutsatser"
    assert reading(0.6664, "alpha", "en").startswith("α = 0.666: too low")
    assert reading(0.2, "kappa", "en") == "κ = 0.20: slight agreement"
    assert reading(0.21, "kappa", "en") == "κ = 0.21: fair agreement"
    assert reading(-0.001, "kappa", "sv") == "κ = 0,00: obetydlig överensstämmelse"


def test_reading_warns_when_too_few_answers_were_double_coded() -> None:
    assert reading(0.72, "alpha", "sv", units=6) == (
        "α = 0,720: godtagbar för preliminära slutsatser. Obs: bara 6 svar har kodats av "
        "minst två kodare – för få för en säker bedömning."
    )
    assert reading(0.9, "kappa", "en", units=1) == (
        "κ = 0.90: almost perfect agreement. Caution: only 1 answer was coded by at least "
        "two coders — too few for a firm judgement."
    )
    assert "only 9 answers were" in reading(0.9, "kappa", "en", units=9)
    assert "Caution" not in reading(0.9, "kappa", "en", units=10)
    assert "Obs" not in reading(0.9, "kappa", "sv", units=40)


def test_reading_explains_a_figure_that_could_not_be_computed_in_both_languages() -> None:
    sv = reading(None, "alpha", "sv")
    en = reading(None, "kappa", "en")
    assert sv.startswith("α kunde inte beräknas")
    assert "koden användes aldrig, eller i varje svar" in sv
    assert en.startswith("κ could not be computed")
    assert "the code was never used, or used on every answer" in en
    assert reading(None, "alpha", "sv", units=3).endswith("för få för en säker bedömning.")


def test_reading_refuses_unknown_measures_and_languages() -> None:
    with pytest.raises(ValueError, match="measure"):
        reading(0.5, "pi", "sv")
    with pytest.raises(ValueError, match="language"):
        reading(0.5, "alpha", "de")


# --- Property-style cross-checks on random small data --------------------------------


def brute_force_alpha(units: Sequence[Mapping[str, str]]) -> float | None:
    """α = 1 − D_o/D_e straight from the definition, without a coincidence matrix.

    D_o: within each unit with m ≥ 2 values, every ordered pair of different coders'
    values that disagree, weighted 1/(m − 1), summed and divided by N.
    D_e: every ordered pair of distinct pairable values anywhere that disagree, divided
    by N(N − 1).
    """
    pairable = [list(unit.values()) for unit in units if len(unit) >= 2]
    pooled = [value for unit in pairable for value in unit]
    n = len(pooled)
    observed = 0.0
    for unit in pairable:
        m = len(unit)
        for i in range(m):
            for j in range(m):
                if i != j and unit[i] != unit[j]:
                    observed += 1 / (m - 1)
    expected = 0.0
    for i in range(n):
        for j in range(n):
            if i != j and pooled[i] != pooled[j]:
                expected += 1
    if n == 0 or expected == 0:
        return None
    return 1 - (observed / n) / (expected / (n * (n - 1)))


def test_alpha_matches_the_brute_force_definition_on_random_data() -> None:
    rng = random.Random(20240611)
    checked = 0
    for _ in range(300):
        coders = ["A", "B", "C", "D"][: rng.randint(2, 4)]
        categories = ["x", "y", "z"][: rng.randint(1, 3)]
        units = [
            {c: rng.choice(categories) for c in coders if rng.random() < 0.7}
            for _ in range(rng.randint(1, 12))
        ]
        expected = brute_force_alpha(units)
        if expected is None:
            assert krippendorff_alpha(units) is None
        else:
            assert krippendorff_alpha(units) == pytest.approx(expected, abs=1e-12)
            checked += 1
    assert checked > 150


def test_alpha_for_two_complete_coders_is_scotts_pi_corrected_for_sample_size() -> None:
    """With two coders and no missing values on n units, N = 2n. The disagreeing ordered
    pairs are Σ_{c≠k} o = 2n(1 − p_o), and with pooled shares p_c = n_c/N,
    Σ_{c≠k} n_c·n_k = N²(1 − Σ p_c²) = 4n²(1 − p_π), p_π being Scott's chance agreement.
    So α = 1 − (2n − 1)·2n(1 − p_o)/(4n²(1 − p_π)) = 1 − (1 − π)·(2n − 1)/(2n),
    with π = (p_o − p_π)/(1 − p_π); equivalently α = π + (1 − π)/(2n).
    """
    rng = random.Random(7)
    checked = 0
    for _ in range(300):
        n = rng.randint(1, 15)
        categories = ["x", "y", "z"][: rng.randint(1, 3)]
        a = [rng.choice(categories) for _ in range(n)]
        b = [rng.choice(categories) for _ in range(n)]
        p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
        pooled = a + b
        p_pi = sum((pooled.count(c) / (2 * n)) ** 2 for c in set(pooled))
        alpha = krippendorff_alpha(two_coders(a, b))
        if p_pi == 1:
            assert alpha is None
            continue
        pi = (p_o - p_pi) / (1 - p_pi)
        assert alpha == pytest.approx(1 - (1 - pi) * (2 * n - 1) / (2 * n), abs=1e-12)
        checked += 1
    assert checked > 150
