"""Dates as people and other tools write them, in front matter and in file names."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
"""A file name that starts with its entry's date: `2026-11-20-third-infusion.md`."""
LAST_YEAR = 2999
"""Later dates are typing mistakes or placeholders (`9999-12-31`), and near the end of the calendar
the days after a session (follow-ups, a calendar week) could not be counted."""


def parse_date(text: str) -> tuple[dt.date, dt.time | None, str | None]:
    """Read `2026-11-20`, `2026-11-20 21:14`, `2026-11-20T21:14:00+01:00` and the like."""
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, optionally with HH:MM")
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None
    if day.year > LAST_YEAR:
        raise ValueError(
            f"{text!r} is too far in the future for a journal; check the year (at most {LAST_YEAR})"
        )
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
