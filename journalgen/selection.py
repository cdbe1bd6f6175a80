"""Which entries an export holds: the filters (`--from`, `--tag`, `--session` ...) and `share: false`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journalgen.errors import JournalError, Problem
from journalgen.model import KINDS, Entry, Journal
from journalgen.slugs import fold


@dataclass(frozen=True)
class Selection:
    """Which entries to export. Within one filter any value matches; all filters must match."""

    start: dt.date | None = None
    end: dt.date | None = None
    tags: tuple[str, ...] = ()
    emotions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sessions: tuple[int, ...] = ()

    def describe(self) -> list[str]:
        """The filters in words, for the export's header."""
        said = []
        if self.tags:
            said.append("tagged " + " or ".join(self.tags))
        if self.emotions:
            said.append("with the emotion " + " or ".join(self.emotions))
        if self.kinds:
            said.append("of kind " + " or ".join(self.kinds))
        if self.sessions:
            said.append("about session " + " or ".join(f"#{n}" for n in self.sessions))
        return said


def shareable(entry: Entry) -> bool:
    """False for an entry that says `share: false` (or no, or anything but a clear yes)."""
    if "share" not in entry.extra:
        return True
    value = entry.extra["share"]
    return value is True or (isinstance(value, str) and value.strip().casefold() in ("true", "yes"))


def select(journal: Journal, selection: Selection) -> list[Entry]:
    """The entries to export, in date order; a filter naming nothing in the journal is an error."""
    problems: list[Problem] = []
    tags = tuple(fold(t) for t in selection.tags)
    emotions = tuple(fold(e) for e in selection.emotions)
    known_tags = {t.name for t in journal.tags}
    known_emotions = {e.name for e in journal.emotions}
    for name in tags:
        if name not in known_tags:
            problems.append(
                Problem(
                    "--tag", None, f"no entry has the tag {name!r}; tags: {', '.join(sorted(known_tags))}"
                )
            )
    for name in emotions:
        if name not in known_emotions:
            problems.append(
                Problem(
                    "--emotion",
                    None,
                    f"no entry names {name!r}; emotions: {', '.join(sorted(known_emotions))}",
                )
            )
    for kind in selection.kinds:
        if kind not in KINDS:
            problems.append(Problem("--kind", None, f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}"))
    sessions: list[Entry] = []
    for number in selection.sessions:
        if not 1 <= number <= len(journal.sessions):
            problems.append(
                Problem(
                    "--session",
                    None,
                    f"there is no session #{number}; the journal has {len(journal.sessions)}",
                )
            )
        else:
            sessions.append(journal.sessions[number - 1])
    if selection.start and selection.end and selection.start > selection.end:
        problems.append(Problem("--from", None, "the start date is after the --to date"))
    if problems:
        raise JournalError(problems)

    def wanted(entry: Entry) -> bool:
        return (
            shareable(entry)
            and (selection.start is None or entry.date >= selection.start)
            and (selection.end is None or entry.date <= selection.end)
            and (not tags or any(t in entry.tags for t in tags))
            and (not emotions or any(e in entry.emotions for e in emotions))
            and (not selection.kinds or entry.kind in selection.kinds)
            and (not sessions or any(journal.session_of(entry) is s for s in sessions))
        )

    return [e for e in journal.entries if wanted(e)]
