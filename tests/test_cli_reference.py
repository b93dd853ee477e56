"""docs/cli.md is the commands' own help: regenerated here, any difference fails."""

from workbench.cli_reference import REFERENCE, reference


def test_the_cli_reference_is_the_commands_help():
    written = REFERENCE.read_text(encoding="utf-8")
    assert written == reference(), (
        "docs/cli.md differs from the commands: run `python -m workbench.cli_reference --write`"
    )


def test_the_reference_lists_every_command_with_its_options():
    text = reference()
    for command in ("workbench import", "workbench tm import", "workbench export", "workbench undo"):
        assert f"## `{command}`" in text
    assert "Usage: workbench tm import [OPTIONS] FILE" in text
    assert "-h, --help" in text
