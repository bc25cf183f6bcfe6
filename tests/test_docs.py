"""The documentation stays true: README commands, translations, the questionnaire format."""

from __future__ import annotations

import re
from pathlib import Path

from survey.fielding.questionnaire import QUESTION_TYPES
from survey.i18n import catalog

PROJECT_ROOT = Path(__file__).resolve().parents[1]

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (PROJECT_ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
FORMAT = (PROJECT_ROOT / "questionnaires" / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_purpose_then_the_two_commands() -> None:
    run, test = README.index("make run"), README.index("make test")
    assert README.index("questionnaires") < run < test
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_swedish_and_english_interface_strings_have_the_same_keys() -> None:
    assert set(catalog("sv")) == set(catalog("en"))
    assert all(value.strip() for value in catalog("sv").values())
    assert all(value.strip() for value in catalog("en").values())


def test_every_translation_key_used_in_templates_and_code_exists() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""\bt(?:ranslate)?\(\s*['"]([a-z_]+(?:\.[a-z_]+)+)['"]""")
    for path in [*PROJECT_ROOT.glob("templates/**/*.html"), *PROJECT_ROOT.glob("survey/**/*.py")]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the pattern found no keys"
    assert used - set(catalog("sv")) == set()


def test_questionnaire_format_documents_every_question_type() -> None:
    for qtype in QUESTION_TYPES:
        assert f"| `{qtype}` |" in FORMAT


def _documented_modules() -> set[str]:
    rows = [line for line in ARCHITECTURE.splitlines() if line.startswith("| `")]
    return {m for line in rows for m in re.findall(r"`((?:survey|analysis)/[\w/]+\.py)`", line)}


def test_architecture_names_only_modules_that_exist() -> None:
    documented = _documented_modules()
    assert len(documented) >= 60
    assert [m for m in sorted(documented) if not (PROJECT_ROOT / m).is_file()] == []


def test_architecture_documents_every_module() -> None:
    modules = {
        str(p.relative_to(PROJECT_ROOT))
        for package in ("survey", "analysis")
        for p in (PROJECT_ROOT / package).rglob("*.py")
    }
    assert sorted(modules - _documented_modules()) == []
