"""The layout's rules, measured on the code itself: the import contracts (floors, rooms, no
cycles) hold, imports inside functions are few and say why, and files and functions stay
small enough to read."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("alisvest", "placements", "supervision", "funding", "research", "demo", "bench")
MAX_INNER_IMPORTS = 5
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 50


def python_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def parsed():
    for path in python_files():
        source = path.read_text(encoding="utf-8")
        yield path.relative_to(ROOT), source.splitlines(), ast.parse(source)


def names_project_module(node):
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in PACKAGES
    return any(alias.name.split(".")[0] in PACKAGES for alias in node.names)


def inner_imports():
    """(path, line, text, has_comment) for each import inside a function."""
    for path, lines, tree in parsed():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom) and names_project_module(node):
                    line = lines[node.lineno - 1]
                    above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                    yield path, node.lineno, line.strip(), "#" in line or above.startswith("#")


def test_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is a dev dependency"
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_imports_inside_functions_are_few_and_say_why():
    found = list(inner_imports())
    assert len(found) <= MAX_INNER_IMPORTS, "\n".join(f"{p}:{n} {t}" for p, n, t, _ in found)
    silent = [f"{p}:{n} {t}" for p, n, t, commented in found if not commented]
    assert silent == [], "an import inside a function carries a comment saying why"


def test_files_are_short():
    long = [
        f"{path}: {len(lines)} lines" for path, lines, _ in parsed() if len(lines) > MAX_FILE_LINES
    ]
    assert long == []


def test_functions_are_short():
    long = []
    for path, _, tree in parsed():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path}:{node.lineno} {node.name} {length} lines")
    assert long == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def f():\n    from placements import models  # reason\n", 1),
        ("def f():\n    import json\n", 0),
        ("import placements\n", 0),
    ],
)
def test_inner_import_counter_sees_project_imports_in_functions(source, expected):
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    count = sum(
        1
        for function in functions
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom) and names_project_module(node)
    )
    assert count == expected
