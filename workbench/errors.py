"""User-facing errors.

Every problem a user can cause (a bad file, a missing model, a malformed glossary) is raised
as a :class:`WorkbenchError` whose message is one plain sentence. The CLI prints it and exits
with status 2; the UI shows it as a notice. Anything else is a bug.
"""


class WorkbenchError(Exception):
    """A problem the user can fix; ``str(error)`` is the one-line message shown to them."""


class InputError(WorkbenchError):
    """An input file (report, translation, glossary, bilingual file) cannot be used."""


class ConflictError(WorkbenchError):
    """A save was based on a revision that is no longer the current one."""

    def __init__(self, message: str, current_text: str = "", current_revision: int = 0, current_author: str = ""):
        super().__init__(message)
        self.current_text = current_text
        self.current_revision = current_revision
        self.current_author = current_author  # who saved the current revision (an account, with accounts)
