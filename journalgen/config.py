"""Find the journal root and read `journal.toml` into one frozen Config, described once.

Each field of Config carries its row of the table in its metadata (`setting()`): its docstring
and, for a journal.toml setting, the check that reads it and the example `init` shows. So
`dataclasses.fields(Config)` is the one table that `load_config` and init's journal.toml follow.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from journalgen import settings
from journalgen.errors import JournalError, Problem
from journalgen.routes import BUILTIN_ROUTES as BUILTIN_ROUTES  # the built-in routes, as before
from journalgen.routes import Routes, builtin_routes, read_routes
from journalgen.scales import BUILTIN_SCALES, Scale, read_scales

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

CONFIG_NAME = "journal.toml"

TODAY_ENV = "JOURNALGEN_TODAY"
"""A testing aid: set it to YYYY-MM-DD and journalgen takes that day as today."""

DEFAULT_CRISIS_TEXT = (
    "If you are in crisis or thinking about ending your life, you deserve support right now. "
    "In the US, call or text 988 (Suicide & Crisis Lifeline). Elsewhere, call your local "
    "emergency number or go to the nearest emergency department."
)

DEFAULT_FOLLOW_UP_DAYS = (1, 3, 7, 28)

DEFAULT_PASSWORD_ENV = "JOURNALGEN_PASSWORD"

CACHE_DIR = ".journalgen-cache"
"""Folder below the root for what builds keep between runs (git-ignored; safe to delete)."""


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know about one journal; its fields are the table of settings."""

    root: Path = settings.internal(  # noqa: RUF009 (internal() and setting() return a dataclasses.field)
        MISSING, "The journal folder: journal.toml (optional), entries/, templates/ and the output."
    )
    title: str = settings.setting(
        "My KAP journal",
        "The journal's name, in every page's header and title.",
        check=settings.text(),
        example='title = "My journal"',
    )
    author: str = settings.setting(
        "",
        "Your name or initials, in the footer of every page (none by default).",
        check=settings.text(empty=True),
        example='author = "Sam"',
    )
    output: Path = settings.setting(  # noqa: RUF009
        Path("site"),
        "Where `journalgen build` writes the site, relative to this folder. Keep it in .gitignore.",
        check=settings.path,
        example='output = "site"',
    )
    language: str = settings.setting(
        "en",
        "The language of the pages: a tag like en, de or pt-BR.",
        check=settings.text(
            valid=settings.LANGUAGE.match, problem="{name} {value!r} is not a language tag like en or de-CH"
        ),
        example='language = "en"',
    )
    timezone: str | None = settings.setting(
        None,
        'Your timezone, for "today" in `journalgen new` and `journalgen check`; by default the '
        "computer's own. An IANA name such as Europe/Berlin or America/New_York.",
        check=settings.text(
            valid=settings.known_zone, problem="unknown timezone {value!r}; use a name like Europe/Berlin"
        ),
        example='timezone = "Europe/Berlin"',
    )
    crisis_text: str = settings.setting(
        DEFAULT_CRISIS_TEXT,
        "The calm line at the foot of every page, beside an entry that marks a very hard time and "
        "on the unlock page. Put your clinic's or your country's helpline here. Without it, the "
        "line names the US 988 Lifeline and your local emergency number.",
        check=settings.crisis,
        example='crisis_text = "If you are in crisis, call the clinic on 555 0100 or your local '
        'emergency number."',
    )
    follow_up_days: tuple[int, ...] = settings.setting(
        DEFAULT_FOLLOW_UP_DAYS,
        "The days after a session when a follow-up entry is due, rising (by default 1, 3, 7 and 28).",
        check=settings.days,
        example="follow_up_days = [1, 3, 7, 14, 28]",
    )
    score_reminder: bool = settings.setting(
        True,
        "Whether `journalgen check` mentions a questionnaire whose latest score is more than six "
        "weeks old while sessions go on (a hint, never an error).",
        check=settings.flag,
        example="score_reminder = false",
    )
    encrypt: bool = settings.setting(
        False,
        "Lock the site with a password on every build, as `journalgen build --encrypt` does. "
        "The password itself never goes in this file.",
        check=settings.flag,
        example="encrypt = true",
    )
    password_env: str = settings.setting(
        DEFAULT_PASSWORD_ENV,
        f"The environment variable that holds the lock's password ({DEFAULT_PASSWORD_ENV} by "
        "default). When it is not set, journalgen asks for the password instead.",
        check=settings.text(
            valid=settings.ENV_NAME.match,
            problem="{name} {value!r} is not an environment variable name like " + DEFAULT_PASSWORD_ENV,
        ),
        example='password_env = "MY_JOURNAL_PASSWORD"',
    )
    routes: Routes = settings.setting(  # noqa: RUF009
        MISSING,
        "Routes beyond the built-in iv, nasal, im and oral: a lower-case name, then its label. "
        'More names for a route, as entries may write it: iv = {aliases = ["drip"]}.',
        factory=builtin_routes,
        check=read_routes,
        example='[routes]\nrectal = "Rectal"',
    )
    scales: Mapping[str, Scale] = settings.setting(
        MISSING,
        "Questionnaires beyond the built-in PHQ-9 and GAD-7, for `scores:` in entries, one table "
        "each: its label, what it measures, its lowest and highest score, whether a higher score "
        "is worse, bands naming the scores from min to max, each starting one above the last, and "
        "remission_below: the score under which it counts as remission (PHQ-9 and GAD-7: 5).",
        factory=lambda: MappingProxyType(dict(BUILTIN_SCALES)),
        check=read_scales,
        example="[scales.who5]\n"
        '  label = "WHO-5"\n'
        '  about = "wellbeing"\n'
        "  min = 0\n"
        "  max = 25\n"
        "  higher_is_worse = false\n"
        '  bands = [[0, 7, "very low"], [8, 12, "low"], [13, 25, "adequate"]]',
    )
    drafts: bool = settings.internal(False, "Include entries marked `draft: true` (set by `build --drafts`).")
    cache: Path = settings.internal(  # noqa: RUF009
        Path(CACHE_DIR),
        "Where builds keep what they learned (parsed entries, rendered HTML, the site's manifest, the "
        "lock's salt) so the next build redoes only what changed; relative to the root unless "
        "absolute. Safe to delete; keep it out of git (it holds your words).",
    )

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
        if not self.timezone:
            return None
        from zoneinfo import ZoneInfo  # only a journal.toml that sets a zone needs it

        return ZoneInfo(self.timezone)


TABLE: dict[str, settings.Setting] = {f.name: f.metadata["setting"] for f in fields(Config)}
"""Every field of Config with its row, in order."""

SETTINGS = {name: row for name, row in TABLE.items() if row.check is not None}
"""The settings journal.toml may hold, in the order init's journal.toml lists them."""


def load_config(root: Path, overrides: Mapping[str, Any] | None = None) -> Config:
    """Read root/journal.toml (if any) through the table, reporting every problem at once.

    `overrides` are settings from the command line, by field name, as Config values (a Path, not
    text); they win over journal.toml. A name that is not a field of Config raises ValueError.
    """
    path = root / CONFIG_NAME
    values = _read_settings(path.read_bytes()) if path.is_file() else {}
    for name, value in (overrides or {}).items():
        if name not in TABLE or name == "root":
            raise ValueError(f"cannot override {name!r}; the fields are: {', '.join(list(TABLE)[1:])}")
        values[name] = value
    return Config(root=root, **values)


def _read_settings(raw: bytes) -> dict[str, Any]:
    """Check the text of journal.toml; return its settings as Config values by field name."""
    shown = CONFIG_NAME
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JournalError.at(shown, None, "not UTF-8 text; save it as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise JournalError.at(shown, line, f"not valid TOML: {message}") from None

    def line_of(key: str) -> int | None:
        found = re.search(rf"^[ \t]*(\[[ \t]*)?{re.escape(key)}[ \t]*(=|\])", text, re.MULTILINE)
        return text.count("\n", 0, found.start()) + 1 if found else None

    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        row = SETTINGS.get(key)

        def bad(message: str, at: str | None = None, key: str = key) -> None:
            problems.append(Problem(shown, line_of(at or key), message))

        if row is None or row.check is None:
            bad(f"unknown setting {key!r}; the settings are: {', '.join(SETTINGS)}")
        else:
            values[key] = row.check(key, value, bad)
    if problems:
        raise JournalError(problems)
    return values


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
