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


@dataclass(frozen=True)
class Band:
    """One named range of a scale's scores, both ends included: 5-9 "mild"."""

    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Scale:
    """A questionnaire whose scores entries may carry under `scores:`."""

    key: str
    """The folded name entries use: `phq9` (also written PHQ-9, phq-9, phq_9)."""
    label: str
    """The name shown on pages: "PHQ-9"."""
    minimum: int
    maximum: int
    bands: tuple[Band, ...] = ()
    """From the lowest scores to the highest, covering minimum..maximum without gaps."""
    about: str = ""
    """What it measures, in a few words: "depression"."""
    higher_is_worse: bool = True
    """Whether the highest band is the most severe one (else the lowest is)."""

    def band_of(self, value: int) -> Band | None:
        """The band a score falls in, if the scale has bands."""
        return next((b for b in self.bands if b.low <= value <= b.high), None)

    @property
    def most_severe(self) -> Band | None:
        if not self.bands:
            return None
        return self.bands[-1] if self.higher_is_worse else self.bands[0]


def scale_key(name: str) -> str:
    """The one spelling of a scale's name: `PHQ-9`, `phq-9` and `phq_9` are all `phq9`."""
    return re.sub(r"[\s_\-]+", "", name.casefold())


BUILTIN_SCALES: dict[str, Scale] = {
    "phq9": Scale(
        "phq9",
        "PHQ-9",
        0,
        27,
        (
            Band(0, 4, "minimal"),
            Band(5, 9, "mild"),
            Band(10, 14, "moderate"),
            Band(15, 19, "moderately severe"),
            Band(20, 27, "severe"),
        ),
        about="depression",
    ),
    "gad7": Scale(
        "gad7",
        "GAD-7",
        0,
        21,
        (Band(0, 4, "minimal"), Band(5, 9, "mild"), Band(10, 14, "moderate"), Band(15, 21, "severe")),
        about="anxiety",
    ),
}

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
            scale = _read_scale(name, table, lambda message, n=name: bad(f"scales.{n}", message))
            if scale is not None:
                scales[scale.key] = scale

    if problems:
        raise JournalError(problems)
    return Config(root=root, routes=MappingProxyType(routes), scales=MappingProxyType(scales), **values)


_SCALE_KEYS = ("label", "min", "max", "bands", "about", "higher_is_worse")


def _read_scale(name: str, table: Any, bad: Any) -> Scale | None:
    """Check one `[scales.NAME]` table; report each problem through `bad(message)`."""
    where = f"[scales.{name}]"
    key = scale_key(name)
    if not isinstance(table, dict):
        bad(f"{where} must be a table with label, min, max and bands")
        return None
    ok = True
    for unknown in sorted(set(table) - set(_SCALE_KEYS)):
        bad(f"{where}: unknown setting {unknown!r}; a scale has: {', '.join(_SCALE_KEYS)}")
        ok = False
    if not key or not re.fullmatch(r"[a-z0-9]+", key):
        bad(f"{where}: a scale's name must be letters and digits, like who5")
        ok = False

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    label = table.get("label", name)
    about = table.get("about", "")
    low, high = table.get("min"), table.get("max")
    if not isinstance(label, str) or not label.strip() or not isinstance(about, str):
        bad(f'{where}: label and about must be text in quotes, like label = "WHO-5"')
        ok = False
    if not whole(low) or not whole(high) or low >= high:
        bad(f"{where}: min and max must be whole numbers with min below max, like min = 0 and max = 25")
        return None
    worse = table.get("higher_is_worse", True)
    if not isinstance(worse, bool):
        bad(f"{where}: higher_is_worse must be true or false")
        ok = False
    bands: list[Band] = []
    raw_bands = table.get("bands", [])
    shape = f'{where}: bands must be a list like [[{low}, 4, "minimal"], [5, 9, "mild"]]'
    if not isinstance(raw_bands, list):
        bad(shape)
        return None
    expected = low
    for raw in raw_bands:
        if (
            not isinstance(raw, list)
            or len(raw) != 3
            or not whole(raw[0])
            or not whole(raw[1])
            or not isinstance(raw[2], str)
            or not raw[2].strip()
        ):
            bad(shape)
            return None
        if raw[0] != expected or raw[1] < raw[0]:
            bad(
                f"{where}: the band {raw[2]!r} should start at {expected}; bands must run from min "
                "to max in order, each starting one above where the last ended"
            )
            return None
        bands.append(Band(raw[0], raw[1], raw[2].strip()))
        expected = raw[1] + 1
    if bands and expected != high + 1:
        bad(f"{where}: the last band ends at {expected - 1}, but max is {high}; make them meet")
        return None
    if not ok:
        return None
    return Scale(key, label.strip(), low, high, tuple(bands), about.strip(), worse)


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
