"""The search index: every entry's words and facets as a script file the search page loads.

It is a script (`window.JOURNAL_INDEX = [...]`) rather than JSON to fetch, so search works from
file:// too. The JSON is written with sorted keys and ASCII escapes: the same journal gives the
same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from journalgen.model import Journal

INDEX_PATH = "assets/search-index.js"


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


def plain_text(html: str) -> str:
    """The words of an HTML fragment, whitespace collapsed."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def index_records(journal: Journal, bodies: Mapping[str, str]) -> list[dict[str, Any]]:
    """One record per entry, newest first: what the search page matches and filters on."""
    return records(journal, {source: plain_text(html) for source, html in bodies.items()})


def records(journal: Journal, texts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The same from each entry's plain text (or an object standing for it, made text by str())."""
    found = []
    for entry in reversed(journal.entries):
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


def index_script(records: list[dict[str, Any]]) -> bytes:
    """The records as a deterministic script that sets window.JOURNAL_INDEX."""
    data = json.dumps(records, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return f"window.JOURNAL_INDEX = {data};\n".encode("ascii")
