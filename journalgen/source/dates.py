"""Dates as people and other tools write them, in front matter and in file names."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

_DATE = re.compile(
    r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_WORDS_DATE = re.compile(
    r"^(?:[A-Za-z]+,?\s+)?(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]+)\.?,?"
    r"|(?P<m2>[A-Za-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)\s+(?P<y>\d{4})$"
)
"""`17 June 2023`, `June 17, 2023`, `Jun 17th, 2023` (Logseq), `Saturday, 17 June 2023`."""
_FILE_DATE = re.compile(r"^(\d{4})([-_])(\d{1,2})\2(\d{1,2})(?=$|[-_ .])[-_ .]*(.*)$")
LAST_YEAR = 2999
"""Later dates are typing mistakes or placeholders (`9999-12-31`), and near the end of the calendar
the days after a session (follow-ups, a calendar week) could not be counted."""


def parse_date(text: str) -> tuple[dt.date, dt.time | None, str | None]:
    """Read `2026-11-20`, `2026-11-20 21:14`, `2026-11-20T21:14:00+01:00`, `2026/11/20`,
    `20 November 2026`, `Nov 20th, 2026` and the like."""
    stripped = text.strip()
    match = _DATE.match(stripped)
    if not match:
        return _in_range(_words_date(stripped), text), None, None
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None
    _in_range(day, text)
    when = None
    if parts["H"] is not None:
        try:
            when = dt.time(int(parts["H"]), int(parts["M"]), int(parts["S"] or 0))
        except ValueError:
            raise ValueError(f"{text!r} has a time that does not exist") from None
    tz = parts["tz"]
    if tz and tz != "Z" and ":" not in tz:
        tz = f"{tz[:3]}:{tz[3:]}"
    return day, when, tz


_LEADING = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)\s+(\S.*?)\s*$")


def leading_date(text: str) -> tuple[dt.date, dt.time | None, str] | None:
    """The date (and time) a text starts with when the rest cannot be read, as Jekyll and Ruby read
    `2023-01-29 18:30:22 2023 -0800`: (date, time, the rest), or None."""
    match = _LEADING.match(text)
    if match is None:
        return None
    try:
        day, when, _ = parse_date(match.group(1))
    except ValueError:
        return None
    return day, when, match.group(2)


def _in_range(day: dt.date, text: str) -> dt.date:
    if day.year > LAST_YEAR:
        raise ValueError(
            f"{text!r} is too far in the future for a journal; check the year (at most {LAST_YEAR})"
        )
    return day


def _words_date(text: str) -> dt.date:
    match = _WORDS_DATE.match(text)
    month = None
    if match:
        month = _MONTHS.get((match.group("m1") or match.group("m2")).casefold())
    if match is None or month is None:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, optionally with HH:MM")
    try:
        return dt.date(int(match.group("y")), month, int(match.group("d1") or match.group("d2")))
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None


def from_epoch(value: int, zone: dt.tzinfo | None) -> tuple[dt.date, dt.time, str]:
    """A timestamp in milliseconds (or seconds) since 1970, as a date and time in `zone` (UTC
    when None), with its offset: how Obsidian and Logseq plugins write `created:`."""
    seconds = value / 1000 if abs(value) >= 100_000_000_000 else value
    when = dt.datetime.fromtimestamp(seconds, zone or dt.UTC)
    _in_range(when.date(), str(value))
    offset = when.strftime("%z")
    return when.date(), when.time().replace(microsecond=0), f"{offset[:3]}:{offset[3:]}"


class FileDate(NamedTuple):
    """The date a file name starts with, and the words after it."""

    text: str
    """`2026-11-20`, as read from the name (`2023_06_17` and `2017-2-5` written as ISO)."""
    words: str
    """What follows the date, without the suffix: `third-infusion`, `Meeting with Steph`."""


def file_date(name: str) -> FileDate | None:
    """The date at the start of a file name: `2026-11-20-x.md`, Logseq's `2023_06_17.md`,
    Jekyll's `2017-2-5-title.md`, `2023-09-12 Meeting with Steph.md`."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    match = _FILE_DATE.match(stem)
    if match is None:
        return None
    year, _, month, day, words = match.groups()
    return FileDate(f"{year}-{int(month):02d}-{int(day):02d}", words.strip())
