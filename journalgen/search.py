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
from html import unescape
from html.parser import HTMLParser
from typing import Any

from journalgen.model import Entry, Journal

FOLDER = "assets/search"
"""Where the year files go: `assets/search/2026.js`."""
_PREFIX = "(window.JOURNAL_SEARCH = window.JOURNAL_SEARCH || {})"
_SCRIPT = re.compile(re.escape(_PREFIX) + r'\["(\d+)"\] = (.*);\n\Z', re.S)


def year_path(year: int) -> str:
    """The site path of one year's search file."""
    return f"{FOLDER}/{year}.js"


class _TextOf(HTMLParser):
    """Collects the visible text of an HTML fragment (block ends become spaces)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input"):
            self.parts.append(" ")


_TAG = re.compile(
    r"<(?:/[a-zA-Z][-.a-zA-Z0-9:_]*"
    r"|([a-zA-Z][a-zA-Z0-9]*)(?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"<>]*\")?)*[ \t\n\r\f]*(/?))>"
)
"""A plain tag as Python-Markdown writes them: an end tag, or a start tag with double-quoted
attribute values, no `<` or `>` inside them; group 1 is a start tag's name, group 2 its `/`."""

_SPACED = frozenset(("br", "img", "input"))
_RAW = frozenset(
    ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext")
)
"""Elements whose content some Python version's HTMLParser reads as raw text: left to it."""


def plain_text(html: str) -> str:
    """The words of an HTML fragment, whitespace collapsed.

    HTML of nothing but text and plain tags (what Markdown makes) is read with one regular
    expression, exactly as _TextOf reads it; anything else (comments, raw HTML with odd quoting,
    script, a stray `<`) goes to _TextOf itself.
    """
    parts = _TAG.split(html)
    out = []
    for i in range(0, len(parts) - 1, 3):
        text = parts[i]
        name = parts[i + 1]
        if "<" in text:
            return _parsed_text(html)
        out.append(unescape(text) if "&" in text else text)
        if name is None:
            out.append(" ")  # an end tag
        else:
            name = name.lower()
            if name in _RAW:
                return _parsed_text(html)
            if name in _SPACED:
                out.append(" ")
            if parts[i + 2]:
                out.append(" ")  # <x/> is a start and an end tag
    text = parts[-1]
    if "<" in text:
        return _parsed_text(html)
    out.append(unescape(text) if "&" in text else text)
    return " ".join("".join(out).split())


def _parsed_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def index_records(journal: Journal, bodies: Mapping[str, str]) -> list[dict[str, Any]]:
    """One record per entry, newest first: what the search page matches and filters on."""
    texts = {source: plain_text(html) for source, html in bodies.items()}
    return records(journal, reversed(journal.entries), texts)


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
                "date": entry.date.isoformat(),
                "kind": entry.kind,
                "route": journal.route_of(entry) or "",
                "tags": list(entry.tags),
                "emotions": list(entry.emotions),
                "text": texts.get(entry.source, ""),
            }
        )
    return found


def year_script(year: int, records: list[dict[str, Any]]) -> bytes:
    """One year's records as a deterministic script that adds them to window.JOURNAL_SEARCH."""
    data = json.dumps(records, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return f'{_PREFIX}["{year}"] = {data};\n'.encode("ascii")


def read_script(data: bytes) -> list[dict[str, Any]] | None:
    """The records of a script year_script() wrote, or None when it is not one."""
    match = _SCRIPT.match(data.decode("ascii", "replace"))
    if match is None:
        return None
    try:
        found = json.loads(match.group(2))
    except ValueError:
        return None
    return found if isinstance(found, list) else None
