"""The `workbench` command: the DESIGN contract, --help everywhere, one-line errors with exit 2."""

import json

import pytest

from workbench.cli import main
from workbench.config import sample_report


def test_segment_json_on_the_sample(cli):
    result = cli("segment", sample_report(), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 78
    assert set(rows[0]) >= {"id", "text", "kind", "paragraph"}
    assert [r["id"] for r in rows] == list(range(1, 79))
    assert {r["kind"] for r in rows} == {"title", "heading", "item", "body"}


def test_segment_english_plain(cli, tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("Mr. Li met Dr. Wang. They talked about No. 1 Middle School.\n\nII. Results\n", "utf-8")
    result = cli("segment", path, "--lang", "en")
    assert result.stdout.splitlines() == [
        "Mr. Li met Dr. Wang.",
        "They talked about No. 1 Middle School.",
        "II. Results",
    ]


def test_import_then_show_and_restore(cli, tmp_path):
    db = tmp_path / "p.db"
    first = cli("import", sample_report(), "--project", db)
    assert first.returncode == 0, first.stderr
    assert "78 segments" in first.stdout and "21 lines of page clutter removed" in first.stdout
    again = cli("import", sample_report(), "--project", db, "--json")
    assert json.loads(again.stdout)["status"] == "unchanged"
    removed = cli("show", "--project", db, "-d", "1", "--removed")
    assert "5\tsite boilerplate" in removed.stdout
    restored = cli("restore", "--project", db, "-d", "1", "5")
    assert restored.returncode == 0 and "79 segments" in restored.stdout
    docs = cli("documents", "--project", db)
    assert "79 segments" in docs.stdout


def _file(name, data):
    def make(folder):
        (folder / name).write_bytes(data)
        return folder / name

    return make


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (_file("empty.txt", b""), "file is empty"),
        (_file("pic.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "PNG image"),
        (_file("doc.pdf", b"%PDF-1.4\n" + bytes(range(256))), "PDF file"),
        (lambda d: d, "is a folder"),
    ],
)
@pytest.mark.parametrize("command", ["segment", "import"])
def test_bad_input_gives_one_line_and_exit_2(cli, tmp_path, make, message, command):
    """In process, through the real entry point (the exit-status contract is the same as in a
    process of its own; test_bad_input_in_a_process_of_its_own checks one case that way)."""
    path = make(tmp_path)
    result = cli(command, path, *(["--project", tmp_path / "p.db"] if command == "import" else []))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path.name) in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_input_in_a_process_of_its_own(cli_subprocess, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = cli_subprocess("segment", path)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "empty.txt" in result.stderr and "Traceback" not in result.stderr


def test_bad_project_path_is_one_line(cli, tmp_path):
    result = cli("import", sample_report(), "--project", tmp_path / "nope" / "p.db")
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("documents",),
        ("alignment", "-d", "1"),
        ("metrics",),
        ("glossary", "list"),
        ("tm", "list"),
        ("tm", "lookup", "社区"),
        ("analyze",),
    ],
)
def test_reading_a_mistyped_project_refuses_and_creates_nothing(cli, tmp_path, command):
    """`alignment -p nope.db` made an empty nope.db and then said the document did not exist."""
    typo = tmp_path / "nope.db"
    result = cli(*command, "--project", typo)
    assert result.returncode == 2 and f"{typo}: no such project" in result.stderr, result.stderr
    assert not typo.exists()


def test_importing_makes_the_project_file(cli, tmp_path):
    assert cli("import", sample_report(), "--project", tmp_path / "new.db").returncode == 0
    assert cli("documents", "--project", tmp_path / "new.db").returncode == 0


def _all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,)
        if hasattr(command, "commands"):
            yield from _all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [()] + list(_all_commands(main)))
def test_help_on_every_command(cli, path):
    result = cli(*path, "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout
