"""Warnings about entries themselves: a date in the future, a follow-up that follows no session,
a scale not scored for a while, a file without a date, one left as its template wrote it, and a
`[[wikilink]]` that names nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping

from journalgen.check.lines import line_of, where
from journalgen.config import Config
from journalgen.errors import Problem
from journalgen.insight.care import stale_scales
from journalgen.model import Entry, Journal, long_date
from journalgen.source.safety import SAFETY_PLAN


def future_dates(
    entries: list[Entry], today: dt.date, lines: Mapping[str, dict[str, int]]
) -> Iterator[Problem]:
    for entry in entries:
        if entry.date > today:
            path, line = where(entry, lines, "date")
            yield Problem(
                path,
                line,
                f"warning: dated {entry.date}, which is in the future (today is {today}); check the date",
            )


def session_problems(journal: Journal, lines: Mapping[str, dict[str, int]]) -> Iterator[Problem]:
    """Follow-ups that follow no session, or come before the session they name."""
    for entry in journal.entries:
        if entry.kind != "follow-up":
            continue
        session = journal.session_of(entry)
        if session is None and entry.session_date is None:
            path, line = where(entry, lines, "date", "kind")
            yield Problem(
                path,
                line,
                f"warning: a follow-up dated before any session: no session entry on or before {entry.date} "
                "for it to follow; check the date, or make it `kind: reflection` or `kind: intention`",
            )
        elif session is None:
            path, line = where(entry, lines, "session")
            yield Problem(
                path,
                line,
                f"warning: session: {entry.session_date} names no session entry (no entry with "
                "`kind: session` on that date), so this follow-up belongs to no session; check the date",
            )
        elif entry.date < session.date:
            path, line = where(entry, lines, "date")
            yield Problem(
                path,
                line,
                f"warning: a follow-up dated {entry.date}, before its session on {session.date}; "
                "check both dates, or make it `kind: intention`",
            )


def score_reminders(
    config: Config, journal: Journal, today: dt.date, lines: Mapping[str, dict[str, int]]
) -> Iterator[Problem]:
    """A gentle hint, at the latest score, for each scale not scored for six weeks while sessions go on."""
    for stale in stale_scales(journal, config.scales, today):
        path, line = where(stale.latest, lines, "scores")
        weeks = stale.days // 7
        sessions = f"{stale.sessions} session{'s' if stale.sessions != 1 else ''}"
        yield Problem(
            path,
            line,
            f"warning: the latest {stale.scale.label} score is from {long_date(stale.latest.date)}, "
            f"{weeks} weeks ago, and {sessions} came since; if your clinic asks again, a line like "
            f"`scores: {{{stale.scale.key}: N}}` in your next entry keeps the measures page current "
            "(score_reminder = false in journal.toml turns this hint off)",
        )


def notes_and_blanks(
    entries: list[Entry], missing: Callable[[Entry], list[str]], lines: Mapping[str, dict[str, int]]
) -> Iterator[Problem]:
    """A file without a date (built as a note), an entry left as its template wrote it (not
    published), a `[[wikilink]]` that names nothing in the journal (`missing`: of an entry's
    wikilinks, those site.links.Targets finds nothing for), and what reading the file let pass
    with a word of caution (a date read only in part)."""
    for entry in entries:
        path = f"entries/{entry.source}"
        for line, message in entry.cautions:
            yield Problem(path, line, message)
        if entry.date is None and entry.source != SAFETY_PLAN:  # the plan has no date on purpose
            line = lines.get(entry.source, {}).get("created", 1)
            yield Problem(path, line, "warning: no date: built as a note; add `date:` to make it an entry")
        if entry.unanswered:
            yield Problem(
                path,
                entry.body_line,
                "warning: nothing written yet, only the template's questions: it is not published "
                "until you answer one",
            )
        for name in missing(entry):
            yield Problem(
                path,
                line_of(entry, f"[[{name}"),
                f"warning: [[{name}]] names no entry, note or file in entries/ (no file or title "
                "of that name), so it shows as plain text; check the spelling",
            )
