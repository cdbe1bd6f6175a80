"""Find the journal root and read `journal.toml` into one frozen Config: the one place for defaults."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journalgen.errors import JournalError, Problem
from journalgen.scales import BUILTIN_SCALES, Scale, read_scale

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

DEFAULT_FOLLOW_UP_DAYS = (1, 3, 7, 28)


DEFAULT_PASSWORD_ENV = "JOURNALGEN_PASSWORD"

CACHE_DIR = ".journalgen-cache"
"""Folder below the root for what builds keep between runs (git-ignored; safe to delete)."""

_ROUTE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
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

    follow_up_days: tuple[int, ...] = DEFAULT_FOLLOW_UP_DAYS
    """The days after a session on which a follow-up is expected, in increasing order."""

    scales: Mapping[str, Scale] = field(default_factory=lambda: MappingProxyType(dict(BUILTIN_SCALES)))
    """Every scale `scores:` may name, by folded key: PHQ-9 and GAD-7 plus `[scales]` from journal.toml."""

    drafts: bool = False
    """Include entries marked `draft: true` (set by `build --drafts`, not by journal.toml)."""

    encrypt: bool = False
    """Build a password-locked site (`encrypt = true` in journal.toml, or `build --encrypt`)."""

    password_env: str = DEFAULT_PASSWORD_ENV
    """The environment variable holding the password for locked builds and exports; when it is
    not set, journalgen asks on the terminal. Never a command-line option or a file."""

    cache: Path = Path(CACHE_DIR)
    """Where builds keep what they learned (parsed entries, rendered HTML, the site's manifest, the
    lock's salt) so the next build redoes only what changed; relative to the root unless absolute.
    Safe to delete; keep it out of git (it holds your words)."""

    @property
    def entries_dir(self) -> Path:
        return self.root / "entries"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def cache_dir(self) -> Path:
        return (self.root / self.cache).resolve()

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


_STRING_KEYS = ("title", "author", "output", "language", "timezone", "crisis_text", "password_env")
_BOOL_KEYS = ("encrypt",)
_KNOWN_KEYS = (*_STRING_KEYS, *_BOOL_KEYS, "routes", "follow_up_days", "scales")


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
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                bad(key, f"{key} must be true or false (without quotes)")
            else:
                values[key] = value

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
    if "password_env" in values and not _ENV_NAME.match(values["password_env"]):
        bad(
            "password_env",
            f"password_env {values['password_env']!r} is not an environment variable name like "
            f"{DEFAULT_PASSWORD_ENV}",
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
    if "follow_up_days" in data:
        days = data["follow_up_days"]
        if (
            not isinstance(days, list)
            or not days
            or not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in days)
            or days != sorted(set(days))
        ):
            bad("follow_up_days", "follow_up_days must be whole days after a session, rising: [1, 3, 7, 28]")
        else:
            values["follow_up_days"] = tuple(days)

    scales = dict(BUILTIN_SCALES)
    extra_scales = data.get("scales", {})
    if not isinstance(extra_scales, dict):
        bad("scales", "scales must be tables: [scales.who5] then label, min, max and bands")
    else:
        for name, table in extra_scales.items():
            scale = read_scale(name, table, lambda message, n=name: bad(f"scales.{n}", message))
            if scale is not None:
                scales[scale.key] = scale

    if problems:
        raise JournalError(problems)
    return Config(root=root, routes=MappingProxyType(routes), scales=MappingProxyType(scales), **values)


def today(config: Config, environ: Mapping[str, str] | None = None) -> dt.date:
    """Today in the journal's timezone (the computer's when unset), or $JOURNALGEN_TODAY for tests."""
    env = os.environ if environ is None else environ
    fixed = env.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise JournalError.at(
                TODAY_ENV, None, f"{fixed!r} is not a date; set it to YYYY-MM-DD or unset it"
            ) from None
    return dt.datetime.now(config.tzinfo).date()


def resolve_today(config: Config, environ: Mapping[str, str] | None = None) -> dt.date:
    """The date a build treats as today: SOURCE_DATE_EPOCH, else JOURNALGEN_TODAY, else the clock.

    SOURCE_DATE_EPOCH (seconds since 1970, set for reproducible builds) is read in the journal's
    timezone, or UTC when none is set, so the same input builds the same site anywhere. `new` uses
    `today()`, which ignores it: a new entry is dated by the calendar, not by a pinned build date.
    """
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=config.tzinfo or dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise JournalError.at(
                "SOURCE_DATE_EPOCH", None, f"{epoch!r} is not a number of seconds since 1970"
            ) from None
        return moment.date()
    return today(config, env)
