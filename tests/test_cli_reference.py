"""docs/cli.md is the commands' own help: regenerated here, any difference fails."""

from workbench.cli.reference import REFERENCE, reference


def test_the_cli_reference_is_the_commands_help():
    written = REFERENCE.read_text(encoding="utf-8")
    assert written == reference(), (
        "docs/cli.md differs from the commands: run `python -m workbench.cli.reference --write`"
    )


def test_the_reference_lists_every_command_with_its_options():
    text = reference()
    for command in ("workbench import", "workbench tm import", "workbench export", "workbench undo"):
        assert f"## `{command}`" in text
    assert "Usage: workbench tm import [OPTIONS] FILE" in text
    assert "-h, --help" in text


def test_the_command_tree_is_the_committed_one():
    """Commands, options, their types and defaults as committed in docs/cli-tree.json: a
    restructuring of the CLI keeps them (a new command or option is added there on purpose)."""
    from workbench.cli.reference import TREE, tree_text

    assert TREE.read_text(encoding="utf-8") == tree_text(), (
        "the command tree differs from docs/cli-tree.json: if that is intended, run "
        "`python -m workbench.cli.reference --write` and commit the difference"
    )


def test_the_tree_names_types_and_defaults():
    from workbench.cli.reference import tree

    export = {p["name"]: p for p in tree()["workbench export"]["params"]}
    assert export["fmt"]["opts"] == ["--format", "-f"] and export["fmt"]["type"].startswith("choice")
    assert export["output"]["required"] is True
