"""The one exception family of costcalc, and the exit codes it maps to.

The CLI turns any ``CostcalcError`` into a one-line message and its
``exit_code`` in a single place (``costcalc.cli.CostcalcGroup.invoke``);
library users catch them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'eu-west-1'?)`` for the closest of ``choices``, or nothing when none is close."""
    import difflib  # only an error pays for it

    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.66)
    return f" (did you mean {close[0]!r}?)" if close else ""


MAX_MESSAGE = 400
"""Characters of one error message at most: what a person reads, whatever the input was."""


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` with every control character written as an escape, cut to ``limit`` characters.

    Keys, paths and values in messages come from users' files and flags; a
    newline or an ESC sequence there must not split the line or drive the
    terminal, and a value of 5,000 digits must not fill the screen.
    """
    line = _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)
    return line if len(line) <= limit else line[: limit - 3] + "..."


class CostcalcError(Exception):
    """Base class of every error costcalc raises on purpose."""

    exit_code = EXIT_BAD_INPUT


class CheckFailed(CostcalcError):
    """A check ran and failed: over budget, or a cost rose too much (exit code 1)."""

    exit_code = EXIT_CHECK_FAILED


class InputError(CostcalcError):
    """A workload value or option is out of range or inconsistent."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class PricingError(CostcalcError):
    """A price table is missing, malformed, or lacks a price the workload needs."""


class FileFormatError(CostcalcError):
    """A YAML file is malformed or breaks its schema; names the file, line and key."""

    def __init__(self, path: str, line: int | None, key: str, message: str) -> None:
        self.path = path
        self.line = line
        self.key = key
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")

    @classmethod
    def unreadable(cls, path: str, exc: OSError) -> FileFormatError:
        """The one-line error for a file that cannot be opened or read."""
        if isinstance(exc, FileNotFoundError):
            return cls(path, None, "", "no such file")
        if isinstance(exc, IsADirectoryError):
            return cls(path, None, "", "is a directory, not a file")
        return cls(path, None, "", f"cannot read: {exc.strerror or exc}")


class MissingExtra(CostcalcError):
    """An optional library the command needs is not installed (plotting, DataFrames, JSON offers)."""


class FetchError(CostcalcError):
    """A download of a price list that did not complete within its tries."""
