"""``python -m workbench``: the same as the ``workbench`` command."""

from .cli import run

if __name__ == "__main__":
    run()
