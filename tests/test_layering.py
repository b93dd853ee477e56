"""The CLI and the UI call the service layer and nothing below it (see workbench/service/__init__.py).

Every import in workbench/cli*.py and workbench/ui/*.py is parsed (relative or absolute, at the top
of the module or inside a function) and resolved to a module of the package. Allowed: the service
layer, errors, config, the UI's own modules and, for the CLI, the UI (``serve``) and the benchmarks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "workbench"
ALLOWED = ("workbench", "workbench.service", "workbench.errors", "workbench.config")
CLI_FILES = sorted((ROOT / PACKAGE / "cli").glob("*.py"))
UI_FILES = sorted((ROOT / PACKAGE / "ui").glob("*.py"))
# the CLI's own package (workbench/cli/: one module per command group), the UI for serve, benchmarks
ALLOWED_CLI = ALLOWED + ("workbench.cli", "workbench.ui", "workbench.bench")
ALLOWED_UI = ALLOWED + ("workbench.ui",)

# The UI is being rebuilt: these are its imports from below the service layer today, exactly
# (module file -> the package modules it imports). A violation that disappears must leave this
# list too, and a new one fails; empty it once the UI calls only the service layer.


def module_name(path: Path) -> str:
    """``workbench/ui/app.py`` -> ``workbench.ui.app``."""
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def is_module(name: str) -> bool:
    """Whether the dotted name is a module or package of the source tree (not a name defined in one)."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(source: str, module: str) -> set[str]:
    """Every module of the package that the code of ``module`` imports, anywhere in it (in functions
    too), as an absolute dotted name.

    ``from . import service`` counts as importing ``workbench.service`` (the names imported from a
    package may be its modules); ``from .ingest import x`` as ``workbench.ingest``."""
    tree = ast.parse(source, module)
    package = module.rsplit(".", 1)[0]  # cli/x.py and ui/x.py are modules (cli/__init__.py: the package)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base_parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                assert base_parts, f"{module}: relative import beyond the package"
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if node.module is None:  # from . import a, b: a and b are modules, or names defined in base
                found.update(
                    f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base for alias in node.names
                )
            else:
                found.add(base)
    return {name for name in found if name == PACKAGE or name.startswith(PACKAGE + ".")}


def violations_in(source: str, module: str, allowed: tuple[str, ...]) -> set[str]:
    """The package modules imported that are neither allowed nor inside an allowed package."""
    return {
        name
        for name in imported_modules(source, module)
        if not any(name == ok or (ok != PACKAGE and name.startswith(ok + ".")) for ok in allowed)
    }


def violations(path: Path, allowed: tuple[str, ...]) -> set[str]:
    return violations_in(path.read_text(encoding="utf-8"), module_name(path), allowed)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_files_are_there():
    expected = {"workbench/cli/__init__.py", "workbench/cli/tm.py", "workbench/cli/cluster.py"}
    assert {relative(p) for p in CLI_FILES} >= expected
    assert "workbench/ui/app.py" in {relative(p) for p in UI_FILES}


@pytest.mark.parametrize("path", CLI_FILES, ids=relative)
def test_the_cli_imports_only_the_service_layer(path):
    assert violations(path, ALLOWED_CLI) == set(), f"{relative(path)} imports from below the service layer"


@pytest.mark.parametrize("path", UI_FILES, ids=relative)
def test_the_ui_imports_only_the_service_layer(path):
    assert violations(path, ALLOWED_UI) == set(), f"{relative(path)} imports from below the service layer"


@pytest.mark.parametrize(
    "module, source, expected",
    [
        ("workbench.ui.app", "from ..store import Store", {"workbench.store"}),
        ("workbench.cli.documents", "from ..ingest import load_rules", {"workbench.ingest"}),
        ("workbench.cli.documents", "from workbench.store import Store", {"workbench.store"}),
        ("workbench.cli.documents", "import workbench.mt.models", {"workbench.mt.models"}),
        ("workbench.cli.documents", "from .. import service, store", {"workbench.store"}),
        ("workbench.cli.documents", "from .. import __version__\nfrom .tm import tm_group", set()),
        ("workbench.ui.app", "from .. import glossary", {"workbench.glossary"}),
        (
            "workbench.cli.documents",
            "def cmd():\n    if True:\n        from ..align.documents import sentences_of\n",
            {"workbench.align.documents"},
        ),
        (
            "workbench.cli.documents",
            "class C:\n    def m(self):\n        from ..glossary import read_glossary\n",
            {"workbench.glossary"},
        ),
        (
            "workbench.cli.documents",
            "from .. import service\nfrom ..service.database import open_store\nfrom ..errors import E\n"
            "from ..config import x\nfrom ..ui import launch\nfrom ..bench.mt import run\nimport json\n",
            set(),
        ),
        ("workbench.ui.app", "from .render import CSS\nfrom . import api\nfrom ..service import x\n", set()),
        ("workbench.ui.app", "from ..bench.ui import run", {"workbench.bench.ui"}),  # the UI may not run benchmarks
        (
            "workbench.cli.documents",
            "from ..storehouse import x\nfrom ..services import y",
            {"workbench.storehouse", "workbench.services"},
        ),
    ],
)
def test_the_check_catches_every_kind_of_import(module, source, expected):
    allowed = ALLOWED_UI if module.startswith("workbench.ui.") else ALLOWED_CLI
    assert violations_in(source, module, allowed) == expected


@pytest.mark.parametrize("package", ["service", "ingest", "formats", "glossary", "align", "mt", "tm", "bench"])
def test_no_name_of_a_package_hides_one_of_its_modules(package):
    """``import workbench.service.alignment`` (or ``workbench.ingest.layout``) must give the
    module, not a function of the same name."""
    import importlib
    import pkgutil
    import types

    parent = importlib.import_module(f"workbench.{package}")
    names = [m.name for m in pkgutil.iter_modules(parent.__path__)]
    assert names
    for name in names:
        importlib.import_module(f"workbench.{package}.{name}")
        assert isinstance(getattr(parent, name), types.ModuleType), f"workbench.{package}.{name} is not the module"
