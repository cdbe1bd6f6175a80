"""Where a warning points: the line of a front-matter key, or of a link, in an entry's file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from urllib.parse import unquote

from journalgen.model import Entry
from journalgen.source.frontmatter import FrontMatterError, normalise_text, split


def field_lines(raw: bytes) -> dict[str, int]:
    """The line of each front-matter key of a (valid) entry file, for pointing warnings at it."""
    try:
        return {key: field.line for key, field in split(normalise_text(raw.decode("utf-8"))).fields.items()}
    except (UnicodeDecodeError, FrontMatterError):
        return {}


class Lines(Mapping[str, dict[str, int]]):
    """The lines of the front-matter keys of each entry by source, read when a warning first points
    at one (most entries have none)."""

    def __init__(self, sources: Iterable[str], read: Callable[[str], bytes]) -> None:
        self._sources = dict.fromkeys(sources)
        self._read = read
        self._known: dict[str, dict[str, int]] = {}

    def __getitem__(self, source: str) -> dict[str, int]:
        found = self._known.get(source)
        if found is None:
            if source not in self._sources:
                raise KeyError(source)
            try:
                found = field_lines(self._read(source))
            except OSError:
                found = {}
            self._known[source] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def where(entry: Entry, lines: Mapping[str, dict[str, int]], *keys: str) -> tuple[str, int]:
    """The entry's path and the line of the first of these keys it has (else line 1)."""
    found = lines.get(entry.source, {})
    return f"entries/{entry.source}", next((found[k] for k in keys if k in found), 1)


def line_of(entry: Entry, url: str) -> int:
    lines = entry.body.split("\n")
    for needle in (url, unquote(url)):
        for index, text in enumerate(lines):
            if needle in text:
                return entry.body_line + index
    return entry.body_line
