"""The operator documentation stays true: docs/configuration.md lists every environment
variable the settings read (parsed, not imported, so every mode's file counts)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = sorted((ROOT / "alisvest" / "settings").glob("*.py"))
ENV_METHODS = {"str", "int", "bool", "list", "float", "path", "url", "json", "dict", "tuple"}
ENV_METHODS |= {"db_url", "email_url", "cache_url", "search_url", "parse_value"}
READERS = {"env", "os.environ.get", "os.getenv"} | {f"env.{method}" for method in ENV_METHODS}


def literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def names_read(source):
    """Variables read through django-environ (env.str("X"), env("X")), the settings' own
    secret("X"), which also reads X_FILE, and os.environ / os.getenv."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            found.add(literal(node.slice))
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name, function = literal(node.args[0]), ast.unparse(node.func)
        if function in READERS:
            found.add(name)
        elif function == "secret" and name:
            found |= {name, f"{name}_FILE"}
    return found - {None}


def documented():
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs/configuration.md").read_text()))


def test_the_reader_finds_every_kind_of_read():
    source = (
        'import os\nA = env.str("A")\nB = env("B", default=1)\nsecret("C")\n'
        'os.environ.get("D")\nos.environ["E"]\nos.getenv("F")\nenv.email_url("G")\n'
        'env.db_url_config(url)\nprint("H")\n'
    )
    assert names_read(source) == {"A", "B", "C", "C_FILE", "D", "E", "F", "G"}


def test_configuration_page_lists_every_variable_the_settings_read():
    read = set().union(*(names_read(path.read_text()) for path in SETTINGS))
    assert {"SECRET_KEY", "DATABASE_URL_FILE", "EMAIL_URL"} <= read  # the reader works
    missing = read - documented()
    assert not missing, f"docs/configuration.md does not list {sorted(missing)}"
