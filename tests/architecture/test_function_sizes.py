"""The engine and the mechanisms stay readable: no function over 80 lines, no module
over 700 (counted from the ``def`` line to the function's last line, docstring
included; nested functions count within their parent)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ccsim

ROOT = Path(ccsim.__file__).parent
PACKAGES = ("engine", "mechanisms")
MAX_FUNCTION = 80
MAX_MODULE = 700


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).glob("*.py"))


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            n = (node.end_lineno or node.lineno) - first + 1
            if n > MAX_FUNCTION:
                out.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({n} lines)")
    return out


def test_the_packages_are_found():
    names = {p.name for p in _modules()}
    assert {"month.py", "fixed.py", "workforce.py", "routing.py", "costs.py"} <= names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_long_function_or_module(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE, f"{path.relative_to(ROOT)} has {lines} lines (max {MAX_MODULE})"
    assert _long_functions(path) == [], f"functions over {MAX_FUNCTION} lines"


def test_the_check_sees_a_long_function(tmp_path):
    """The counter itself: a 90-line function is caught, an 80-line one is not."""
    body = "\n".join(f"    x{i} = {i}" for i in range(79))
    (tmp_path / "ok.py").write_text(f"def f():\n{body}\n", encoding="utf-8")
    body = "\n".join(f"    x{i} = {i}" for i in range(89))
    (tmp_path / "long.py").write_text(f"@staticmethod\ndef g():\n{body}\n", encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert _long_functions(tmp_path / "ok.py") == []
        assert _long_functions(tmp_path / "long.py") == ["long.py:2 g (91 lines)"]
    finally:
        ROOT = saved
