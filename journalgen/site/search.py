"""The search index: every entry's words and facets, in one script file per month.

Each file is a script (`(window.JOURNAL_SEARCH = ...)["2026-11"] = [...]`) rather than JSON to
fetch, so search works from file:// too; the search page loads every month's file and search.js
joins them, newest month first, the notes' file last. One file per month keeps an edit cheap: it
reads back and rewrites only the file of the entry's month (a year of daily entries would make a
file of megabytes). The JSON is written with sorted keys and ASCII escapes: the same journal
gives the same bytes, and `read_script` can read a file back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from journalgen.model import Entry, Journal

FOLDER = "assets/search"
"""Where the month files go: `assets/search/2026-11.js`."""
NOTES = "notes"
"""The part of the index (and its file) for notes, which have no year."""
_PREFIX = "(window.JOURNAL_SEARCH = window.JOURNAL_SEARCH || {})"
_SCRIPT = re.compile(re.escape(_PREFIX) + r'\["(\d{4}-\d{2}|notes)"\] = (.*);\n\Z', re.S)


def part_of(entry: Entry) -> str:
    """The part of the index an entry is in: its month (`2026-11`), or NOTES."""
    return _month(entry.date.year, entry.date.month) if entry.date else NOTES


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def part_path(part: str) -> str:
    """The site path of one part's search file: a month's, or the notes'."""
    return f"{FOLDER}/{part}.js"


def by_month(journal: Journal) -> dict[str, list[Entry]]:
    """The journal's entries by month, newest month and newest entry first: one search file each."""
    months: dict[tuple[int, int], list[Entry]] = {}
    for entry in reversed(journal.entries):
        months.setdefault((entry.date.year, entry.date.month), []).append(entry)
    return {_month(*month): entries for month, entries in months.items()}


def records(journal: Journal, entries: Iterable[Entry], texts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The records of these entries from their plain text (or an object standing for it, made
    text by str())."""
    found = []
    for entry in entries:
        found.append(
            {
                "url": entry.url,
                "title": entry.title,
                "date": entry.date.isoformat() if entry.date else "",
                "kind": entry.kind if entry.date else "note",
                "route": journal.route_of(entry) or "",
                "tags": list(entry.tags),
                "emotions": list(entry.emotions),
                "text": texts.get(entry.source, ""),
            }
        )
    return found


def part_script(part: str, records: list[dict[str, Any]]) -> bytes:
    """One part's records as a deterministic script that adds them to window.JOURNAL_SEARCH."""
    data = json.dumps(records, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return f'{_PREFIX}["{part}"] = {data};\n'.encode("ascii")


def read_script(data: bytes) -> list[dict[str, Any]] | None:
    """The records of a script part_script() wrote (a month's or the notes'), else None."""
    match = _SCRIPT.match(data.decode("ascii", "replace"))
    if match is None:
        return None
    try:
        found = json.loads(match.group(2))
    except ValueError:
        return None
    return found if isinstance(found, list) else None
