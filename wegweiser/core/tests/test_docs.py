"""GLOSSARY.md and ARCHITECTURE.md name only what exists: every code name in backticks is defined somewhere in
the tree (a class, function, field, constant or choice value), unless it belongs to an app that is still
planned (named in ARCHITECTURE's map, not yet a package). A rename that forgets the documents fails here."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "wegweiser"
CODE_NAME = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(\(\))?$")


@cache
def defined_names() -> frozenset[str]:
    names: set[str] = set()
    # Production code only: a test that mentions a name does not make it exist.
    for path in (path for path in PACKAGE.rglob("*.py") if "tests" not in path.parts):
        names.add(path.stem)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_NAME.match(node.value):
                names.add(node.value)
            elif isinstance(node, ast.arg) or isinstance(node, ast.keyword) and node.arg:
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                # What the code imports is what it uses by that name (`Decimal`, `transaction.atomic`).
                names.add((node.asname or node.name).split(".")[0])
    names |= {path.name for path in PACKAGE.iterdir() if path.is_dir()}
    return frozenset(names)


@cache
def file_names() -> frozenset[str]:
    return frozenset(
        path.name for folder in ("wegweiser", "bench", "scripts") for path in (ROOT / folder).rglob("*.py")
    ) | {path.name for path in ROOT.glob("*.py")}


def exists(token: str, known: frozenset[str]) -> bool:
    if token.endswith(".py"):
        return token in file_names()
    first, *rest = token.removesuffix("()").split(".")
    # An imported module's attribute (`csv.writer`) is the library's to define.
    return first in known and (all(part in known for part in rest) or first not in file_names_stems())


@cache
def file_names_stems() -> frozenset[str]:
    return frozenset(name.removesuffix(".py") for name in file_names()) | {
        path.name for path in PACKAGE.iterdir() if path.is_dir()
    }


def planned_apps() -> set[str]:
    rows = re.findall(r"^\| `(\w+)` \|", (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"), flags=re.M)
    return {app for app in rows if not (PACKAGE / app).is_dir()}


def code_names(document: str) -> list[str]:
    text = (ROOT / document).read_text(encoding="utf-8")
    return sorted({token for token in re.findall(r"`([^`\n]+)`", text) if CODE_NAME.match(token)})


@pytest.mark.parametrize("document", ["GLOSSARY.md", "ARCHITECTURE.md"])
def test_every_code_name_in_the_documents_exists(document):
    known, planned = defined_names(), planned_apps()
    missing = [
        token for token in code_names(document) if token.split(".")[0] not in planned and not exists(token, known)
    ]
    assert not missing, f"{document} names what the code does not define: {missing}"


def test_a_name_that_does_not_exist_is_found():
    known = defined_names()
    assert not exists("case_timeline", known)
    assert not exists("casework.suppress_small_counts", known)
    assert not exists("travel_matrices.py", known)
    assert exists("person_merge", known)
    assert exists("casework.person_merge", known)
