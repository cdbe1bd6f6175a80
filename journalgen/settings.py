"""The vocabulary of Config's table of settings: a row (`Setting`), the fields made from rows, and
the checks that read a journal.toml value, each telling of a problem at its TOML line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

Report = Callable[..., None]
"""How a check tells of a problem: `bad(message)` at the setting's line, `bad(message, key)` at key's."""

Check = Callable[[str, Any, Report], Any]
"""Check one journal.toml value (name, value as TOML read it, report); return the field's value."""


@dataclass(frozen=True)
class Setting:
    """One row of the table: a field's docstring; for a journal.toml setting, its check and example."""

    doc: str
    check: Check | None = None
    example: str = ""
    """The TOML init's journal.toml shows for it, commented out: a line, or a table and its lines."""


def setting(default: Any, doc: str, *, check: Check, example: str, factory: Any = None) -> Any:
    """A Config field that journal.toml sets: its default (MISSING with a `factory` making it) and row."""
    row = {"setting": Setting(doc, check, example)}
    if factory is not None:
        return field(default_factory=factory, metadata=row)
    return field(default=default, metadata=row)


def internal(default: Any, doc: str) -> Any:
    """A Config field journal.toml cannot set: journalgen or the command line does."""
    return field(default=default, metadata={"setting": Setting(doc)})


def known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only a journal.toml that sets a zone asks

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def text(*, empty: bool = False, valid: Callable[[str], object] | None = None, problem: str = "") -> Check:
    """Check a text in quotes, stripped: non-empty unless `empty`; else `problem` when not `valid`."""

    def check(name: str, value: Any, bad: Report) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            bad(f"{name} must be a non-empty text in quotes")
            return ""
        if valid is not None and not valid(value.strip()):
            bad(problem.format(name=name, value=value.strip()))
        return value.strip()

    return check


def path(name: str, value: Any, bad: Report) -> Path:
    found = text()(name, value, bad)
    if "\0" in found:
        bad(f"{name} must be a folder name without a NUL character (\\u0000)")
        return Path(found.replace("\0", ""))
    return Path(found)


def flag(name: str, value: Any, bad: Report) -> bool:
    if not isinstance(value, bool):
        bad(f"{name} must be true or false (without quotes)")
    return value is True


MOST_DAYS = 3660
"""The latest follow-up day after a session: ten years."""


def days(name: str, value: Any, bad: Report) -> tuple[int, ...]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(d, int) and not isinstance(d, bool) and 0 < d <= MOST_DAYS for d in value)
        or value != sorted(set(value))
    ):
        bad(f"{name} must be whole days after a session, rising, up to {MOST_DAYS}: [1, 3, 7, 28]")
        return ()
    return tuple(value)


def crisis(name: str, value: Any, bad: Report) -> str:
    """Check the crisis text: never empty, since it is the line that points to help on every page."""
    if isinstance(value, str) and not value.strip():
        bad(
            f"{name} cannot be empty: it is the line that points to help on every page and on the "
            "unlock page; write your clinic's or local helpline's number in it, or remove the line "
            "to keep the default"
        )
        return ""
    return text()(name, value, bad)
