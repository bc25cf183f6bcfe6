"""The layering rules ARCHITECTURE.md states, checked on the code itself.

Import directions are import-linter contracts (pyproject.toml, run by `make test`); what
an import graph cannot show is checked here: where SQL is written, that no module uses
another's private names, and that the areas keep the size and shape the docs promise.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("survey", "analysis")
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(TABLE|INDEX|TRIGGER|VIRTUAL)|PRAGMA\s+\w+)",
    re.DOTALL,
)


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_only_the_store_writes_sql() -> None:
    offenders = []
    for path in _modules():
        if path.is_relative_to(ROOT / "survey" / "store"):
            continue
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if SQL.search(text):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}")
    assert offenders == []


def test_the_sql_check_recognises_a_query() -> None:
    """Positive control: the pattern above does find the statements the store writes."""
    store = (ROOT / "survey" / "store" / "database.py").read_text(encoding="utf-8")
    found = [t for _, t in _strings(ast.parse(store)) if SQL.search(t)]
    assert len(found) > 20
    assert not SQL.search("Select the answers you want to export from the list")


def _private_uses(path: Path) -> list[str]:
    """Names starting with one underscore taken from another module, by import or as an
    attribute of an imported module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.module}.{alias.name}")
                else:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    modules.add((alias.asname or alias.name).split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in modules:
                found.append(f"{ast.unparse(node)}")
    return [f"{path.name}: {name}" for name in found]


def test_no_module_uses_another_modules_private_names() -> None:
    offenders = [use for path in _modules() for use in _private_uses(path)]
    offenders += [
        use for path in sorted((ROOT / "tests").rglob("*.py")) for use in _private_uses(path)
    ]
    assert offenders == []


def test_the_private_name_check_finds_one(tmp_path: Path) -> None:
    """Positive control for the check above."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from survey.store.database import _parse_version\n"
        "from survey.exchange import refi_qda\n"
        "refi_qda._secret()\n"
    )
    assert len(_private_uses(sample)) == 2


def test_survey_has_at_most_fifteen_top_level_modules() -> None:
    top = sorted(p.name for p in (ROOT / "survey").glob("*.py"))
    assert len(top) <= 15, top


def test_every_area_package_says_what_it_owns() -> None:
    for package in sorted((ROOT / "survey").iterdir()):
        init = package / "__init__.py"
        if package.is_dir() and init.exists():
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
            assert doc and len(doc.split()) >= 20, f"{init}: needs a paragraph on what it owns"


def test_no_test_module_imports_another() -> None:
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            assert not any(n.split(".")[-1].startswith("test_") for n in names), path


@pytest.mark.skipif(
    not (Path(sys.executable).parent / "lint-imports").exists(), reason="import-linter missing"
)
def test_the_import_contracts_hold() -> None:
    run = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert "broken" in run.stdout and ", 0 broken" in run.stdout
