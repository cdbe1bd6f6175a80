"""Find the journal root and read `journal.toml` into one frozen Config: the one place for defaults."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journalgen.errors import JournalError, Problem

CONFIG_NAME = "journal.toml"

TODAY_ENV = "JOURNALGEN_TODAY"
"""A testing aid: set it to YYYY-MM-DD and journalgen takes that day as today."""

BUILTIN_ROUTES: dict[str, str] = {
    "iv": "IV infusion",
    "nasal": "Nasal spray",
    "im": "IM injection",
    "oral": "Oral lozenge",
}

DEFAULT_CRISIS_TEXT = (
    "If you are in crisis or thinking about ending your life, you deserve support right now. "
    "In the US, call or text 988 (Suicide & Crisis Lifeline). Elsewhere, call your local "
    "emergency number or go to the nearest emergency department."
)

_ROUTE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know about one journal."""

    root: Path
    """The journal folder: holds journal.toml (optional), entries/, templates/ and the output."""

    title: str = "My KAP journal"
    """Shown in every page's header and title."""

    author: str = ""
    """Shown in the footer and the page metadata when set."""

    output: Path = Path("site")
    """Where the site is written; relative to the root unless absolute."""

    language: str = "en"
    """The `lang` of every page."""

    timezone: str | None = None
    """IANA name (e.g. Europe/Berlin) used for "today"; None means the computer's own zone."""

    routes: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType(dict(BUILTIN_ROUTES)))
    """Every valid route and its label: the four built in plus `[routes]` from journal.toml."""

    crisis_text: str = DEFAULT_CRISIS_TEXT
    """The calm line in every page's footer."""

    drafts: bool = False
    """Include entries marked `draft: true` (set by `build --drafts`, not by journal.toml)."""

    @property
    def entries_dir(self) -> Path:
        return self.root / "entries"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        return (self.root / self.output).resolve()

    @property
    def tzinfo(self) -> ZoneInfo | None:
        return ZoneInfo(self.timezone) if self.timezone else None


def find_root(explicit: Path | None, start: Path | None = None) -> Path:
    """Return the journal root: --root, else the nearest folder with journal.toml, else cwd/entries."""
    if explicit is not None:
        root = explicit.expanduser().resolve()
        if not root.is_dir():
            raise JournalError.at(str(explicit), None, "no such folder; check the --root path")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    if (here / "entries").is_dir():
        return here
    raise JournalError.at(
        str(here),
        None,
        "no journal here: no journal.toml in this folder or above, and no entries/ folder; "
        "run `journalgen init` or pass --root DIR",
    )


_STRING_KEYS = ("title", "author", "output", "language", "timezone", "crisis_text")
_KNOWN_KEYS = (*_STRING_KEYS, "routes")


def load_config(root: Path) -> Config:
    """Read root/journal.toml (if any) into a Config, reporting every problem at once."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config(root=root)
    shown = CONFIG_NAME
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JournalError.at(shown, None, "not UTF-8 text; save it as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise JournalError.at(shown, line, f"not valid TOML: {message}") from None

    problems: list[Problem] = []

    def where(key: str) -> int | None:
        found = re.search(rf"^[ \t]*(\[[ \t]*)?{re.escape(key)}[ \t]*(=|\])", text, re.MULTILINE)
        return text.count("\n", 0, found.start()) + 1 if found else None

    def bad(key: str, message: str) -> None:
        problems.append(Problem(shown, where(key), message))

    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KNOWN_KEYS:
            bad(key, f"unknown setting {key!r}; the settings are: {', '.join(_KNOWN_KEYS)}")
        elif key in _STRING_KEYS:
            if not isinstance(value, str) or (key != "author" and not value.strip()):
                bad(key, f"{key} must be a non-empty text in quotes")
            else:
                values[key] = value.strip()

    if "language" in values and not _LANGUAGE.match(values["language"]):
        bad("language", f"language {values['language']!r} is not a language tag like en or de-CH")
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            bad(
                "timezone",
                f"unknown timezone {values['timezone']!r}; use a name like Europe/Berlin",
            )
    if "output" in values:
        values["output"] = Path(values["output"])

    routes = dict(BUILTIN_ROUTES)
    extra = data.get("routes", {})
    if not isinstance(extra, dict):
        bad("routes", 'routes must be a table: [routes] then lines like rectal = "Rectal"')
    else:
        for key, label in extra.items():
            if not _ROUTE_KEY.match(key) or not isinstance(label, str) or not label.strip():
                bad(key, f"route {key!r} needs a lower-case name and a label in quotes")
            else:
                routes[key] = label.strip()
    if problems:
        raise JournalError(problems)
    return Config(root=root, routes=MappingProxyType(routes), **values)


def today(config: Config) -> dt.date:
    """Today in the journal's timezone (the computer's when unset), or $JOURNALGEN_TODAY for tests."""
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise JournalError.at(
                TODAY_ENV, None, f"{fixed!r} is not a date; set it to YYYY-MM-DD or unset it"
            ) from None
    return dt.datetime.now(config.tzinfo).date()
