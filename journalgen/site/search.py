"""The search index: every entry's words and facets, in one script file per year.

Each file is a script (`(window.JOURNAL_SEARCH = ...)["2026"] = [...]`) rather than JSON to fetch,
so search works from file:// too; the search page loads every year's file and search.js joins
them, newest year first. One file per year keeps an edit cheap: it rewrites only the file of the
entry's year. The JSON is written with sorted keys and ASCII escapes: the same journal gives the
same bytes, and `read_script` can read a file back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from journalgen.model import Entry, Journal

FOLDER = "assets/search"
"""Where the year files go: `assets/search/2026.js`."""
NOTES = "notes"
"""The part of the index (and its file) for notes, which have no year."""
_PREFIX = "(window.JOURNAL_SEARCH = window.JOURNAL_SEARCH || {})"
_SCRIPT = re.compile(re.escape(_PREFIX) + r'\["(\d+|notes)"\] = (.*);\n\Z', re.S)


def year_path(year: int | str) -> str:
    """The site path of one year's search file (or of the notes')."""
    return f"{FOLDER}/{year}.js"


def by_year(journal: Journal) -> dict[int, list[Entry]]:
    """The journal's entries by year, newest year and newest entry first: one search file each."""
    years: dict[int, list[Entry]] = {}
    for entry in reversed(journal.entries):
        years.setdefault(entry.date.year, []).append(entry)
    return years


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


def year_script(year: int | str, records: list[dict[str, Any]]) -> bytes:
    """One year's records as a deterministic script that adds them to window.JOURNAL_SEARCH."""
    data = json.dumps(records, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return f'{_PREFIX}["{year}"] = {data};\n'.encode("ascii")


def read_script(data: bytes) -> list[dict[str, Any]] | None:
    """The records of a script year_script() wrote (a year's or the notes'), else None."""
    match = _SCRIPT.match(data.decode("ascii", "replace"))
    if match is None:
        return None
    try:
        found = json.loads(match.group(2))
    except ValueError:
        return None
    return found if isinstance(found, list) else None
