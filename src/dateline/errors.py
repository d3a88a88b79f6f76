"""Errors a reader or the pipeline raises, each with the CLI exit code it maps to.

Exit codes of the ``dateline`` command (README, "Exit codes"):
0 every input read (records may still carry warnings); 1 every input failed;
2 usage error; 3 some inputs failed and the rest went through.
"""


class DatelineError(Exception):
    """Base class; ``reason`` is a short machine-readable tag, str(exc) a one-line message."""

    reason = "error"


class InputError(DatelineError):
    """The input cannot become an article: empty, binary, too large, no article text."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
