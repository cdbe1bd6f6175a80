"""The search index: every entry's words and facets as a script file the search page loads.

It is a script (`window.JOURNAL_INDEX = [...]`) rather than JSON to fetch, so search works from
file:// too. The JSON is written with sorted keys and ASCII escapes: the same journal gives the
same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from html import unescape
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
