"""The errors a user sees: always `path:line: message`, never a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as known."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class JournalError(Exception):
    """The one exception a user ever sees: one or more problems, printed one per line."""

    def __init__(self, problems: Iterable[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str, line: int | None, message: str) -> JournalError:
        """Build an error for a single problem."""
        return cls(Problem(path, line, message))


class PartlyWrittenError(JournalError):
    """A change of the site that started and could not end: the next build finishes it first."""


class UsageError(ValueError):
    """The command line asks for something that cannot be (an unknown template, a bad date): exit 2."""


def did_you_mean(word: str, names: Iterable[str]) -> str:
    """ " (did you mean NAME?)" for the name closest to a mistyped word, or nothing."""
    import difflib  # (only for a mistyped name: not imported by every command)

    close = difflib.get_close_matches(word, list(names), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
