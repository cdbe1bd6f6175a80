"""What a build did, as its one-line summary says it and serve reads it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildReport:
    """What a build did: for the one-line summary, and for serve to know what changed."""

    entries: int
    pages: int
    files: int
    """Files in the site: pages, copied files and the marker."""
    output: Path
    written: tuple[str, ...] = ()
    """Site paths written by this build (all of them when the site was built whole)."""
    removed: tuple[str, ...] = ()
    """Site paths deleted (pages of deleted or renamed entries, files gone from entries/)."""
    unchanged: int = 0
    """Files of the site left exactly as they were (same bytes, same modification time)."""
    parsed: int = 0
    """Entry files read and parsed (the rest came from the cache)."""
    converted: int = 0
    """Entry bodies turned from Markdown into HTML (the rest came from the cache)."""
    rendered: int = 0
    """Pages rendered through their template (the rest had the same inputs as last time)."""
    locked: bool = False
    """The site was locked with a password (`build --encrypt`)."""
    mode: str = "full"
    """"full": a new site swapped in; "incremental": changed files replaced in place; "none": no change."""
    seconds: float = 0.0
    notes: tuple[str, ...] = ()
    """What this build found of a stopped build and finished, undid or removed before it began."""
    note_pages: int = 0
    """Pages of files without a date."""
    unanswered: tuple[str, ...] = ()
    """Entries left exactly as their prompt template wrote them: not published."""

    @classmethod
    def nothing(cls, entries: int, pages: int, files: int, output: Path, started: float) -> BuildReport:
        """The report of a build that found nothing changed."""
        seconds = time.perf_counter() - started
        return cls(entries, pages, files, output, unchanged=files, mode="none", seconds=seconds)

    def summary(self) -> str:
        """The line printed after a build (and one naming the entries left out as unanswered)."""
        count = self.note_pages
        notes = f" and {count} note{'' if count == 1 else 's'}" if count else ""
        line = (
            f"Built {self.entries} entr{'y' if self.entries == 1 else 'ies'}{notes} into {self.output} "
            f"({len(self.written)} files written, {self.unchanged} unchanged, {len(self.removed)} removed"
            f"{', locked with a password' if self.locked else ''}) in {self.seconds:.2f} s."
        )
        if self.unanswered:
            line += "\nNot published yet, nothing written but the template's questions: " + ", ".join(
                self.unanswered
            )
        return line
