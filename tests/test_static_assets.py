"""The app's browser code lives in real files (workbench/ui/static), checked here: every .js file
parses (``node --check``, Debian's nodejs, which run-tests.sh installs), every .css file has
balanced braces and comments, and no UI module keeps a block of JavaScript or CSS in a string."""

import ast
import re
import shutil
import subprocess

import pytest

from workbench.ui.assets import STATIC, asset

UI = STATIC.parent
SCRIPTS = sorted(STATIC.glob("*.js"))
STYLES = sorted(STATIC.glob("*.css"))


def test_the_files_are_there_and_used():
    assert {p.name for p in SCRIPTS} >= {"shortcuts.js", "grid.js", "preferences.js", "tm-keys.js"}
    assert {p.name for p in STYLES} >= {"document.css", "review.css", "grid.css", "tm.css"}
    used = "\n".join(p.read_text(encoding="utf-8") for p in UI.glob("*.py"))
    for path in SCRIPTS + STYLES:
        assert f'asset("{path.name}")' in used, f"{path.name} is not loaded by any UI module"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_javascript_parses(path, tmp_path):
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed (Debian package nodejs; run-tests.sh installs it)")
    # placeholders filled at load (preferences.js) are plain identifiers, so the file parses as it is
    result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_syntax_error_is_caught(tmp_path):
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed")
    broken = tmp_path / "broken.js"
    broken.write_text("() => { if (x) { return 1; }\n", encoding="utf-8")
    assert subprocess.run([node, "--check", str(broken)], capture_output=True, timeout=60).returncode != 0


def css_problems(text: str) -> list[str]:
    if text.count("/*") != text.count("*/"):
        return ["an unclosed comment"]
    depth = 0
    for n, ch in enumerate(re.sub(r"/\*.*?\*/", "", text, flags=re.S)):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return [f"a '}}' without its '{{' at character {n}"]
    return [] if depth == 0 else [f"{depth} '{{' never closed"]


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.name)
def test_css_is_balanced(path):
    assert css_problems(asset(path.name)) == []


def test_the_css_check_catches_a_missing_brace():
    assert css_problems("a { color: red; ") and css_problems("a { } }") and css_problems("/* a { }")


def test_no_ui_module_holds_javascript_or_css_in_a_string():
    looks_like_code = re.compile(r"(=>|addEventListener|querySelector|\{\s*[a-z-]+\s*:[^}]*;)")
    found = []
    for path in sorted(UI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if node.value.count("\n") >= 3 and looks_like_code.search(node.value):
                    found.append(f"{path.name}:{node.lineno}")
    assert found == [], f"JavaScript or CSS in Python strings (move it to workbench/ui/static): {found}"
