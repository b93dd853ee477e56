"""Open the workbench in the browser with the bundled sample report (same as `workbench serve`)."""

from workbench.cli import run

if __name__ == "__main__":
    import sys

    sys.argv = [sys.argv[0], "serve", *sys.argv[1:]]
    run()
