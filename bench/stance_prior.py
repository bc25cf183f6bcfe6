"""The shipped stance prior (`analysis/stance_prior.py`): how well a prior trained on
all the other sets reads each set's coded clauses, against the rules alone, and, with
`--write`, the prior trained on all of them written to `analysis/data/stance_prior.json`.

Trained only on the dev and tune sets; the held-out sets (gold_sv, gold_en, the other
registers, the second codebook's held-out files and the third codebook's) are never read
here. Each set is
by another writer, so leaving one out at a time says how the prior reads a writer it
has not seen. The prior reads the clauses no cue word judges and whose question gives
no leaning; elsewhere the rules' reading stands, as in the engine.

    python -m bench.stance_prior [--write]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.engine import table

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "analysis" / "data" / "gold"
SECOND = GOLD / "second_codebook"
FOURTH = GOLD / "fourth_codebook"
SIXTH = GOLD / "sixth_codebook"
SEVENTH = GOLD / "seventh_codebook"
EIGHTH = GOLD / "eighth_codebook"
TRAINING = (
    ("dev_sv", None, GOLD / "dev_sv.csv"),
    ("dev2_sv", None, GOLD / "dev2_sv.csv"),
    ("dev3_sv", None, GOLD / "dev3_sv.csv"),
    ("dev4_sv", None, GOLD / "dev4_sv.csv"),
    ("dev5_sv", None, GOLD / "dev5_sv.csv"),
    ("dev_en", None, GOLD / "dev_en.csv"),
    ("dev2_en", None, GOLD / "dev2_en.csv"),
    ("tune_registers_sv", None, GOLD / "registers" / "tune_registers_sv.csv"),
    ("tune2_registers_sv", None, GOLD / "registers" / "tune2_registers_sv.csv"),
    ("tune3_registers_sv", None, GOLD / "registers" / "tune3_registers_sv.csv"),
    ("tune5_registers_sv", None, GOLD / "registers" / "tune5_registers_sv.csv"),
    ("tune6_parents_sv", None, GOLD / "registers" / "tune6_parents_sv.csv"),
    ("tune6_parents_en", None, GOLD / "registers" / "tune6_parents_en.csv"),
    ("tune7_parents_sv", None, GOLD / "registers" / "tune7_parents_sv.csv"),
    ("tune7_parents_en", None, GOLD / "registers" / "tune7_parents_en.csv"),
    ("second codebook tune_sv", SECOND / "codebook.toml", SECOND / "tune_sv.csv"),
    ("second codebook tune2_sv", SECOND / "codebook.toml", SECOND / "tune2_sv.csv"),
    ("fourth codebook tune_en", FOURTH / "codebook.toml", FOURTH / "tune_en.csv"),
    ("sixth codebook tune_sv", SIXTH / "codebook.toml", SIXTH / "tune_sv.csv"),
    ("seventh codebook tune_sv", SEVENTH / "codebook.toml", SEVENTH / "tune_sv.csv"),
    ("eighth codebook tune_sv", EIGHTH / "codebook.toml", EIGHTH / "tune_sv.csv"),
)

Example = tuple[dict[str, float], str, str, bool]


def examples() -> dict[str, list[Example]]:
    """Each training set's coded clauses as the prior sees them."""
    from analysis.codebook import bundled, load
    from analysis.engine import Engine
    from analysis.files import read_coded
    from survey.cli.engine import stance_hints

    hints = stance_hints(())
    out: dict[str, list[Example]] = {}
    for label, codebook_path, path in TRAINING:
        codebook = load(codebook_path or bundled())
        engine = Engine(codebook, stance_prior=False)
        gold = read_coded(path, codebook.ids, hints)
        rows = engine.prior_examples([(g.answer, g.themes) for g in gold])
        out[label] = [(dict(f), rule, stance, hinted) for f, rule, stance, hinted in rows]
    return out


def train(rows: list[Example], names: list[str]):  # type: ignore[no-untyped-def]
    from analysis.stance_prior import StancePrior

    return StancePrior.train(
        [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], trained_on=names
    )


def leave_one_out(sets: dict[str, list[Example]]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    total_rules = total_prior = 0.0
    for held in sets:
        prior = train([r for name in sets if name != held for r in sets[name]], [])
        test = sets[held]
        free = [r for r in test if r[3]]
        read = dict(
            zip(
                map(id, free),
                prior.predict([r[0] for r in free], [r[1] for r in free]),
                strict=True,
            )
        )
        rules = sum(r[1] == r[2] for r in test) / len(test)
        with_prior = sum(read.get(id(r), r[1]) == r[2] for r in test) / len(test)
        total_rules, total_prior = total_rules + rules, total_prior + with_prior
        rows.append((held, len(test), len(free), f"{rules:.3f}", f"{with_prior:.3f}"))
    n = len(sets)
    rows.append(("mean", "", "", f"{total_rules / n:.3f}", f"{total_prior / n:.3f}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the prior trained on all")
    args = parser.parse_args()
    sets = examples()
    print("\nStance prior: each set read by a prior trained on all the others")
    print("(stance accuracy on the coded themes' clauses)\n")
    table(
        ("left out", "clauses", "read by the prior", "rules", "rules + prior"),
        leave_one_out(sets),
    )
    if args.write:
        from analysis.stance_prior import FILE

        prior = train([r for rows in sets.values() for r in rows], list(sets))
        prior.to_file(FILE)
        print(f"\nwrote {FILE.relative_to(ROOT)} ({prior.examples} clauses)")


if __name__ == "__main__":
    main()
