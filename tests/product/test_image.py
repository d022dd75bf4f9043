"""The image, checked without a Docker engine: the build context that .dockerignore leaves
(no data, no secrets), the Dockerfile's stages (no Node at run time, a numeric non-root user,
a health check, pg_dump) and the hashed lock file the image installs from."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What must never be sent to the builder: the embedded database and uploads (var/), the
# secret key (secrets/, .env), local installs and the history.
FORBIDDEN = [
    "var/pgdata/base/1/1259",
    "var/media/receipts/2026/kvittering.pdf",
    "var/backup/alisvest-20261203.tar",
    "media/statement.pdf",
    "secrets/secret_key",
    ".env",
    ".venv/bin/python",
    "node_modules/htmx.org/dist/htmx.min.js",
    ".git/config",
    "alisvest/__pycache__/models.cpython-311.pyc",
]
NEEDED = [
    "manage.py",
    "pyproject.toml",
    "requirements.txt",
    "package.json",
    "package-lock.json",
    "alisvest/settings/production.py",
    "static/css/app.css",
    "templates/base.html",
    "locale/en/LC_MESSAGES/django.mo",
    "deploy/backup.sh",  # the backup service runs it from the image
]


def dockerignore_patterns(text):
    """(regex, excluded) per line, as Docker reads .dockerignore: comments and blank lines
    dropped, a leading "/" ignored, "!" re-includes, ** spans directories."""
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        excluded = not line.startswith("!")
        line = line.lstrip("!").strip().strip("/")
        patterns.append((re.compile(glob_to_regex(line)), excluded))
    return patterns


def glob_to_regex(pattern):
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out, i = out + pattern[i : end + 1].replace("[!", "[^"), end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return out + "$"


def is_excluded(path, patterns):
    """Docker's rule: a pattern that matches the path or one of its parent directories
    applies; the last one that applies wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    excluded = False
    for regex, excludes in patterns:
        if any(regex.match(candidate) for candidate in candidates):
            excluded = excludes
    return excluded


def build_context(root, patterns):
    """Every file the builder would receive from root."""
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not is_excluded(path.relative_to(root).as_posix(), patterns)
    }


@pytest.fixture
def patterns():
    return dockerignore_patterns((ROOT / ".dockerignore").read_text())


def test_the_matcher_reads_patterns_as_docker_does():
    rules = dockerignore_patterns("# comment\n/var\n**/*.pyc\ndocs\n!docs/keep.md\n")
    assert is_excluded("var/media/a.pdf", rules)
    assert is_excluded("deep/down/x.pyc", rules) and is_excluded("x.pyc", rules)
    assert is_excluded("docs/install.md", rules)
    assert not is_excluded("docs/keep.md", rules)
    assert not is_excluded("variables.py", rules)
    assert not is_excluded("alisvest/var/x.py", rules)


def test_build_context_has_no_data_secrets_or_local_installs(tmp_path, patterns):
    for name in FORBIDDEN + NEEDED:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    context = build_context(tmp_path, patterns)
    assert not context & set(FORBIDDEN)
    assert set(NEEDED) <= context


def test_this_checkouts_context_has_none_of_it(patterns):
    """The worktree as it is, var/ with the embedded database and uploads included when
    present. Directories already excluded are not walked (node_modules is large)."""
    context = set()
    for path in ROOT.iterdir():
        name = path.name
        if is_excluded(name, patterns):
            continue
        files = path.rglob("*") if path.is_dir() else [path]
        context |= {
            rel
            for f in files
            if f.is_file() and not is_excluded(rel := f.relative_to(ROOT).as_posix(), patterns)
        }
    top = {rel.split("/")[0] for rel in context}
    assert not top & {"var", ".venv", "node_modules", ".git", "secrets", ".env", "media"}
    assert {"manage.py", "requirements.txt", "alisvest/settings/production.py"} <= context


# --- The Dockerfile ---------------------------------------------------------------------


def dockerfile_stages():
    """[(FROM line, [(instruction, arguments)])], continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    stages = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            stages.append((arguments, []))
        elif stages:
            stages[-1][1].append((instruction, arguments))
    return stages


def test_runtime_stage_has_no_node_or_npm():
    stages = dockerfile_stages()
    assert any("node" in from_line for from_line, _ in stages[:-1]), "assets built with Node"
    from_line, instructions = stages[-1]
    assert "node" not in from_line
    for instruction, arguments in instructions:
        if instruction == "COPY" and "--from=" in arguments:
            assert "node_modules" not in arguments or "/dist" in arguments
        assert not re.search(r"\b(npm|nodejs|npx)\b", arguments), (instruction, arguments)


def test_base_stage_has_no_node_either():
    """The runtime stage builds on `base`: Node must not come in through it."""
    stages = dict(dockerfile_stages())
    base = next(instructions for line, instructions in stages.items() if "AS base" in line)
    assert not any(re.search(r"\b(npm|nodejs)\b", args) for _, args in base)
    assert any("postgresql-client" in args for _, args in base), "pg_dump for manage.py backup"


def test_runtime_runs_as_a_numeric_non_root_user_that_owns_var():
    _, instructions = dockerfile_stages()[-1]
    users = [arguments for instruction, arguments in instructions if instruction == "USER"]
    assert users, "USER in the final stage"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) >= 1000
    runs = " ".join(arguments for instruction, arguments in instructions if instruction == "RUN")
    assert f"chown -R {uid}:" in runs and "/app/var" in runs
    assert "/app/var/media" in runs and "/app/var/backup" in runs


def test_runtime_has_a_health_check_on_healthz():
    _, instructions = dockerfile_stages()[-1]
    checks = [arguments for instruction, arguments in instructions if instruction == "HEALTHCHECK"]
    assert len(checks) == 1 and "/healthz" in checks[0] and "127.0.0.1" in checks[0]


def test_image_installs_the_hashed_lock_only():
    runs = [args for _, instructions in dockerfile_stages() for i, args in instructions]
    installs = [args for args in runs if "pip install" in args]
    assert installs and all(
        "--require-hashes" in args and "requirements.txt" in args for args in installs
    )


# --- The lock file ----------------------------------------------------------------------


def locked():
    text = (ROOT / "requirements.txt").read_text()
    entries = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)((?:\s*\\\n\s*--hash=sha256:\w+)+)", text, re.M)
    return {name.lower().replace("_", "-"): (version, hashes) for name, version, hashes in entries}


def test_every_dependency_is_pinned_with_a_hash():
    pins = locked()
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for requirement in declared:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower().replace("_", "-")
        assert name in pins, f"{name} is in pyproject.toml but not in requirements.txt"
    text = (ROOT / "requirements.txt").read_text()
    requirement_lines = [ln for ln in text.splitlines() if re.match(r"^[A-Za-z0-9]", ln)]
    assert len(requirement_lines) == len(pins), "every line pinned with == and a hash"
